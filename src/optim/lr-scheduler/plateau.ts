// ReduceLROnPlateau (torch.optim.lr_scheduler.ReduceLROnPlateau): multiplies the lr by `factor`
// when a metric has not improved for more than `patience` epochs, then waits `cooldown` epochs.
import { ValueError } from '../../errors.js';
import { loadPlainState, perGroup, plainState, type SchedulableOptimizer } from './scheduler.js';

/** Options (torch defaults: min, 0.1, patience 10, threshold 1e-4 rel, cooldown 0, minLr 0, eps 1e-8). */
export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
}

/**
 * Reduces the lr when a metric stops improving. An lr changes only if old − new > eps.
 * `best`, `numBadEpochs` and `cooldownCounter` are torch's internal counters.
 * @example const s = new ReduceLROnPlateau(opt, { mode: 'min', factor: 0.5, patience: 5 }); s.step(valLoss);
 */
export class ReduceLROnPlateau {
  readonly optimizer: SchedulableOptimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLrs: number[];
  eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  protected lastLr: number[];

  constructor(optimizer: SchedulableOptimizer, options: ReduceLROnPlateauOptions = {}) {
    this.optimizer = optimizer;
    this.mode = options.mode ?? 'min';
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    if (!(this.factor < 1)) throw new ValueError(`ReduceLROnPlateau: factor should be < 1.0, got ${this.factor}`);
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(`ReduceLROnPlateau: mode ${String(this.mode)} is unknown (expected 'min' or 'max')`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw new ValueError(`ReduceLROnPlateau: thresholdMode ${String(this.thresholdMode)} is unknown (expected 'rel' or 'abs')`);
    }
    this.minLrs = perGroup('minLr', optimizer, options.minLr ?? 0);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Whether `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    const t = this.threshold;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - t) : a < best - t;
    return this.thresholdMode === 'rel' ? a > best * (t + 1) : a > best + t;
  }

  get inCooldown(): boolean { return this.cooldownCounter > 0; }

  /** Records one epoch's metric and reduces the lr after more than `patience` bad epochs (NaN counts as bad, as in torch). */
  step(metric: number): void {
    if (typeof metric !== 'number') throw new ValueError(`ReduceLROnPlateau.step: expected a numeric metric, got ${String(metric)}`);
    this.lastEpoch += 1;
    if (this.isBetter(metric, this.best)) { this.best = metric; this.numBadEpochs = 0; } else this.numBadEpochs += 1;
    if (this.inCooldown) { this.cooldownCounter -= 1; this.numBadEpochs = 0; }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] { return [...this.lastLr]; }
  stateDict(): Record<string, unknown> { return plainState(this); }
  /** Restores stateDict()'s fields. A `best` of null (JSON writes ±Infinity as null) means "no best yet". */
  loadStateDict(sd: Record<string, unknown>): void {
    const mode = (sd?.mode ?? this.mode) as string;
    const best = sd?.best === null ? (mode === 'max' ? -Infinity : Infinity) : sd?.best;
    if (sd && 'best' in sd && typeof best !== 'number') {
      throw new ValueError(`ReduceLROnPlateau.loadStateDict: best must be a number, got ${JSON.stringify(sd.best)}`);
    }
    loadPlainState(this, sd && 'best' in sd ? { ...sd, best } : sd, 'ReduceLROnPlateau.loadStateDict');
  }
}
