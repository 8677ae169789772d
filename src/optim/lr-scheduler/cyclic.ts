// CyclicLR (torch.optim.lr_scheduler.CyclicLR): the lr cycles between baseLr and maxLr
// (triangular, triangular2, exp_range or a custom scale), with momentum cycling inversely.
import { ValueError } from '../../errors.js';
import { LRScheduler, perGroup, setMomentum, usesBeta1, type SchedulableOptimizer, type SchedulerOptions } from './scheduler.js';

/** CyclicLR options (torch defaults: stepSizeUp 2000, mode triangular, gamma 1, momentum 0.8–0.9). */
export interface CyclicLROptions extends SchedulerOptions {
  baseLr: number | number[];
  maxLr: number | number[];
  stepSizeUp?: number;
  stepSizeDown?: number;
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  gamma?: number;
  scaleFn?: (x: number) => number;
  scaleMode?: 'cycle' | 'iterations';
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
}

/**
 * Cyclical learning rate: one cycle = stepSizeUp epochs up from baseLr to maxLr, stepSizeDown down.
 * Sets each group's lr to baseLr on construction. Step it after every batch.
 * @example const s = new CyclicLR(opt, { baseLr: 0.001, maxLr: 0.01, stepSizeUp: 5 });
 */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: string;
  gamma: number;
  scaleMode: 'cycle' | 'iterations';
  cycleMomentum: boolean;
  useBeta1 = false;
  baseMomentums: number[] = [];
  maxMomentums: number[] = [];
  private scaleFn: (x: number) => number;

  constructor(optimizer: SchedulableOptimizer, options: CyclicLROptions) {
    const baseLrs = perGroup('baseLr', optimizer, options.baseLr);
    if ((options.lastEpoch ?? -1) === -1) optimizer.paramGroups.forEach((g, i) => { g.lr = baseLrs[i]; });
    super(optimizer, options);
    this.maxLrs = perGroup('maxLr', optimizer, options.maxLr);
    const up = options.stepSizeUp ?? 2000;
    const down = options.stepSizeDown ?? up;
    if (!(up > 0) || !(down > 0)) throw new ValueError(`CyclicLR: stepSizeUp and stepSizeDown must be > 0, got ${up} and ${down}`);
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = options.mode ?? 'triangular';
    this.gamma = options.gamma ?? 1;
    if (options.scaleFn) { this.scaleFn = options.scaleFn; this.scaleMode = options.scaleMode ?? 'cycle'; } else if (this.mode === 'triangular') {
      this.scaleFn = () => 1; this.scaleMode = 'cycle';
    } else if (this.mode === 'triangular2') {
      this.scaleFn = (x) => 1 / 2 ** (x - 1); this.scaleMode = 'cycle';
    } else if (this.mode === 'exp_range') {
      this.scaleFn = (x) => this.gamma ** x; this.scaleMode = 'iterations';
    } else throw new ValueError(`CyclicLR: mode '${this.mode}' is invalid and scaleFn is not given (expected triangular, triangular2 or exp_range)`);
    this.cycleMomentum = options.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      this.useBeta1 = usesBeta1(optimizer, 'CyclicLR');
      this.baseMomentums = perGroup('baseMomentum', optimizer, options.baseMomentum ?? 0.8);
      this.maxMomentums = perGroup('maxMomentum', optimizer, options.maxMomentum ?? 0.9);
      if (this.lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          setMomentum(g, this.maxMomentums[i], this.useBeta1);
          g.maxMomentum = this.maxMomentums[i];
          g.baseMomentum = this.baseMomentums[i];
        });
      }
    }
    this.baseLrs = baseLrs;
    this.initialStep();
  }

  protected getLr(): number[] {
    const e = this.lastEpoch;
    const cycle = Math.floor(1 + e / this.totalSize);
    const x = 1 + e / this.totalSize - cycle;
    const scale = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const s = this.scaleFn(this.scaleMode === 'cycle' ? cycle : e);
    const lrs = this.baseLrs.map((b, i) => b + (this.maxLrs[i] - b) * scale * s);
    if (this.cycleMomentum) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const m = this.maxMomentums[i] - (this.maxMomentums[i] - this.baseMomentums[i]) * scale * s;
        setMomentum(g, m, this.useBeta1);
      });
    }
    return lrs;
  }
}
