// Multiplicative schedulers: StepLR, MultiStepLR, ExponentialLR, ConstantLR, LinearLR, PolynomialLR,
// LambdaLR and MultiplicativeLR, each in torch's recursive form plus its closed form.
import { ValueError } from '../../errors.js';
import { LRScheduler, type SchedulableOptimizer, type SchedulerOptions } from './scheduler.js';

const lrs = (s: LRScheduler): number[] => s.optimizer.paramGroups.map((g) => g.lr);

function checkPositiveInt(who: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${who}: ${name} must be a positive integer, got ${v}`);
}

/** Decays the lr by `gamma` every `stepSize` epochs: lr = base·γ^⌊epoch/stepSize⌋. */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;
  constructor(optimizer: SchedulableOptimizer, options: { stepSize: number; gamma?: number } & SchedulerOptions) {
    super(optimizer, options);
    checkPositiveInt('StepLR', 'stepSize', options.stepSize);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs(this);
    return lrs(this).map((lr) => lr * this.gamma);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** Decays the lr by `gamma` at each milestone: lr = base·γ^(milestones passed). */
export class MultiStepLR extends LRScheduler {
  milestones: number[];
  gamma: number;
  constructor(optimizer: SchedulableOptimizer, options: { milestones: number[]; gamma?: number } & SchedulerOptions) {
    super(optimizer, options);
    if (!Array.isArray(options.milestones)) throw new ValueError(`MultiStepLR: milestones must be a list of epochs, got ${String(options.milestones)}`);
    this.milestones = [...options.milestones].sort((a, b) => a - b);
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }
  protected getLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (hits === 0) return lrs(this);
    return lrs(this).map((lr) => lr * this.gamma ** hits);
  }
  protected closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}

/** Multiplies the lr by `gamma` every epoch: lr = base·γ^epoch. */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  constructor(optimizer: SchedulableOptimizer, options: { gamma: number } & SchedulerOptions) {
    super(optimizer, options);
    this.gamma = options.gamma;
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0) return lrs(this);
    return lrs(this).map((lr) => lr * this.gamma);
  }
  protected closedFormLr(): number[] { return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch); }
}

/** lr = base·factor for the first `totalIters` epochs, then base (defaults 1/3, 5). */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;
  constructor(optimizer: SchedulableOptimizer, options: { factor?: number; totalIters?: number } & SchedulerOptions = {}) {
    super(optimizer, options);
    this.factor = options.factor ?? 1 / 3;
    this.totalIters = options.totalIters ?? 5;
    if (!(this.factor >= 0 && this.factor <= 1)) throw new ValueError(`ConstantLR: constant factor expected to be between 0 and 1, got ${this.factor}`);
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0) return lrs(this).map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return lrs(this);
    return lrs(this).map((lr) => lr * (1 / this.factor));
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (this.lastEpoch >= this.totalIters ? 1 - this.factor : 0)));
  }
}

/** Linear ramp of the factor from `startFactor` to `endFactor` over `totalIters` epochs (defaults 1/3, 1, 5). */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;
  constructor(optimizer: SchedulableOptimizer, options: { startFactor?: number; endFactor?: number; totalIters?: number } & SchedulerOptions = {}) {
    super(optimizer, options);
    this.startFactor = options.startFactor ?? 1 / 3;
    this.endFactor = options.endFactor ?? 1;
    this.totalIters = options.totalIters ?? 5;
    if (!(this.startFactor > 0 && this.startFactor <= 1)) throw new ValueError(`LinearLR: starting multiplicative factor expected to be greater than 0 and less or equal to 1, got ${this.startFactor}`);
    if (!(this.endFactor >= 0 && this.endFactor <= 1)) throw new ValueError(`LinearLR: ending multiplicative factor expected to be between 0 and 1, got ${this.endFactor}`);
    this.initialStep();
  }
  protected getLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    if (this.lastEpoch === 0) return lrs(this).map((lr) => lr * s);
    if (this.lastEpoch > n) return lrs(this);
    return lrs(this).map((lr) => lr * (1 + (e - s) / (n * s + (this.lastEpoch - 1) * (e - s))));
  }
  protected closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((b) => b * (s + (e - s) * Math.min(n, this.lastEpoch) / n));
  }
}

/** lr = base·(1 − min(epoch, totalIters)/totalIters)^power (defaults 5, 1). */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;
  constructor(optimizer: SchedulableOptimizer, options: { totalIters?: number; power?: number } & SchedulerOptions = {}) {
    super(optimizer, options);
    this.totalIters = options.totalIters ?? 5;
    this.power = options.power ?? 1;
    this.initialStep();
  }
  protected getLr(): number[] {
    const n = this.totalIters;
    if (this.lastEpoch === 0 || this.lastEpoch > n) return lrs(this);
    const f = ((1 - this.lastEpoch / n) / (1 - (this.lastEpoch - 1) / n)) ** this.power;
    return lrs(this).map((lr) => lr * f);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (1 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power);
  }
}

type EpochFn = (epoch: number) => number;
function lambdas(who: string, optimizer: SchedulableOptimizer, f: EpochFn | EpochFn[]): EpochFn[] {
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(f)) return new Array<EpochFn>(n).fill(f);
  if (f.length !== n) throw new ValueError(`${who}: expected ${n} lrLambdas, got ${f.length}`);
  return [...f];
}

/** lr = base·λ(epoch), with one function or one per group. Functions are not saved in stateDict(). */
export class LambdaLR extends LRScheduler {
  lrLambdas: EpochFn[];
  constructor(optimizer: SchedulableOptimizer, options: { lrLambda: EpochFn | EpochFn[] } & SchedulerOptions) {
    super(optimizer, options);
    this.lrLambdas = lambdas('LambdaLR', optimizer, options.lrLambda);
    this.initialStep();
  }
  protected getLr(): number[] { return this.baseLrs.map((b, i) => b * this.lrLambdas[i](this.lastEpoch)); }
}

/** lr ← lr·λ(epoch) each epoch after the first. */
export class MultiplicativeLR extends LRScheduler {
  lrLambdas: EpochFn[];
  constructor(optimizer: SchedulableOptimizer, options: { lrLambda: EpochFn | EpochFn[] } & SchedulerOptions) {
    super(optimizer, options);
    this.lrLambdas = lambdas('MultiplicativeLR', optimizer, options.lrLambda);
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch <= 0) return lrs(this);
    return lrs(this).map((lr, i) => lr * this.lrLambdas[i](this.lastEpoch));
  }
}
