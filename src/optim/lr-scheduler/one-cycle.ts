// OneCycleLR (torch.optim.lr_scheduler.OneCycleLR): warm up from maxLr/divFactor to maxLr, anneal
// down to maxLr/(divFactor·finalDivFactor), optionally in three phases, cycling momentum inversely.
import { ValueError } from '../../errors.js';
import { LRScheduler, perGroup, setMomentum, usesBeta1, type SchedulableOptimizer, type SchedulerOptions } from './scheduler.js';

/** OneCycleLR options (torch defaults: pctStart 0.3, cos, momentum 0.85–0.95, divFactor 25, finalDivFactor 1e4). */
export interface OneCycleLROptions extends SchedulerOptions {
  maxLr: number | number[];
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

interface Phase { endStep: number; startLr: string; endLr: string; startMomentum: string; endMomentum: string }

const annealCos = (start: number, end: number, pct: number): number => end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
const annealLinear = (start: number, end: number, pct: number): number => (end - start) * pct + start;

/**
 * The 1cycle policy. Starts at maxLr/divFactor; step it after every batch, totalSteps times at most.
 * @example const s = new OneCycleLR(opt, { maxLr: 0.1, epochs: 10, stepsPerEpoch: 100 });
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  phases: Phase[];
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1 = false;

  constructor(optimizer: SchedulableOptimizer, options: OneCycleLROptions) {
    const o = options;
    let total: number;
    if (o.totalSteps !== undefined) {
      if (!Number.isInteger(o.totalSteps) || o.totalSteps <= 0) throw new ValueError(`OneCycleLR: expected a positive integer totalSteps, got ${o.totalSteps}`);
      total = o.totalSteps;
    } else if (o.epochs !== undefined && o.stepsPerEpoch !== undefined) {
      if (!Number.isInteger(o.epochs) || o.epochs <= 0) throw new ValueError(`OneCycleLR: expected a positive integer epochs, got ${o.epochs}`);
      if (!Number.isInteger(o.stepsPerEpoch) || o.stepsPerEpoch <= 0) throw new ValueError(`OneCycleLR: expected a positive integer stepsPerEpoch, got ${o.stepsPerEpoch}`);
      total = o.epochs * o.stepsPerEpoch;
    } else throw new ValueError('OneCycleLR: you must define either totalSteps OR (epochs AND stepsPerEpoch)');
    const pct = o.pctStart ?? 0.3;
    if (!(pct >= 0 && pct <= 1)) throw new ValueError(`OneCycleLR: expected a pctStart between 0 and 1, got ${pct}`);
    const strategy = o.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') throw new ValueError(`OneCycleLR: annealStrategy must be 'cos' or 'linear', got ${String(strategy)}`);
    const maxLrs = perGroup('maxLr', optimizer, o.maxLr);
    const div = o.divFactor ?? 25;
    const finalDiv = o.finalDivFactor ?? 1e4;
    const resuming = (o.lastEpoch ?? -1) !== -1;
    if (!resuming) {
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / div;
        g.maxLr = maxLrs[i];
        g.minLr = (g.initialLr as number) / finalDiv;
      });
    }
    const cycle = o.cycleMomentum ?? true;
    let beta1 = false;
    if (cycle) {
      beta1 = usesBeta1(optimizer, 'OneCycleLR');
      const maxM = perGroup('maxMomentum', optimizer, o.maxMomentum ?? 0.95);
      const baseM = perGroup('baseMomentum', optimizer, o.baseMomentum ?? 0.85);
      if (!resuming) {
        optimizer.paramGroups.forEach((g, i) => {
          setMomentum(g, maxM[i], beta1);
          g.maxMomentum = maxM[i];
          g.baseMomentum = baseM[i];
        });
      }
    }
    super(optimizer, o);
    this.totalSteps = total;
    this.annealStrategy = strategy;
    this.cycleMomentum = cycle;
    this.useBeta1 = beta1;
    this.phases = o.threePhase ? [
      { endStep: pct * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
      { endStep: 2 * pct * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
      { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
    ] : [
      { endStep: pct * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
      { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
    ];
    this.initialStep();
  }

  protected getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new ValueError(`OneCycleLR: tried to step ${step} times; the specified number of total steps is ${this.totalSteps}`);
    }
    const anneal = this.annealStrategy === 'cos' ? annealCos : annealLinear;
    return this.optimizer.paramGroups.map((g) => {
      const v = (k: string): number => g[k] as number;
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const ph = this.phases[i];
        if (step <= ph.endStep || i === this.phases.length - 1) {
          const pct = (step - start) / (ph.endStep - start);
          if (this.cycleMomentum) setMomentum(g, anneal(v(ph.startMomentum), v(ph.endMomentum), pct), this.useBeta1);
          return anneal(v(ph.startLr), v(ph.endLr), pct);
        }
        start = ph.endStep;
      }
      return g.lr;
    });
  }
}
