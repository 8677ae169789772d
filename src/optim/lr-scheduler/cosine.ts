// Cosine schedules: CosineAnnealingLR (torch's recursive form, so past tMax the lr rises again with
// period 2·tMax) and CosineAnnealingWarmRestarts (SGDR, periods T0·TMult^i).
import { ValueError } from '../../errors.js';
import { LRScheduler, type SchedulableOptimizer, type SchedulerOptions } from './scheduler.js';

/**
 * Cosine annealing from the base lr to `etaMin` over `tMax` epochs:
 * lr(t) = ηmin + (base − ηmin)·(1 + cos(πt/tMax))/2, stepped recursively as torch does.
 * @example const s = new CosineAnnealingLR(opt, { tMax: 50 });
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;
  constructor(optimizer: SchedulableOptimizer, options: { tMax: number; etaMin?: number } & SchedulerOptions) {
    super(optimizer, options);
    if (!(options.tMax > 0)) throw new ValueError(`CosineAnnealingLR: tMax must be > 0, got ${options.tMax}`);
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this.initialStep();
  }
  protected getLr(): number[] {
    const { tMax: T, etaMin: eta, lastEpoch: e } = this;
    const groups = this.optimizer.paramGroups;
    if (e === 0) return groups.map((g) => g.lr);
    if (this.stepCalls === 1 && e > 0) return this.closedFormLr();
    if ((e - 1 - T) % (2 * T) === 0) {
      return groups.map((g, i) => g.lr + (this.baseLrs[i] - eta) * (1 - Math.cos(Math.PI / T)) / 2);
    }
    return groups.map((g) => (1 + Math.cos(Math.PI * e / T)) / (1 + Math.cos(Math.PI * (e - 1) / T)) * (g.lr - eta) + eta);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + (b - this.etaMin) * (1 + Math.cos(Math.PI * this.lastEpoch / this.tMax)) / 2);
  }
}

/**
 * Cosine annealing with warm restarts: the cosine restarts after T0 epochs, then every
 * T0·TMult^i epochs. lr = ηmin + (base − ηmin)·(1 + cos(π·Tcur/Ti))/2.
 * @example const s = new CosineAnnealingWarmRestarts(opt, { T0: 10, TMult: 2 });
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T0: number;
  TMult: number;
  etaMin: number;
  Ti: number;
  Tcur: number;
  constructor(optimizer: SchedulableOptimizer, options: { T0: number; TMult?: number; etaMin?: number } & SchedulerOptions) {
    super(optimizer, options);
    if (!Number.isInteger(options.T0) || options.T0 <= 0) throw new ValueError(`CosineAnnealingWarmRestarts: expected a positive integer T0, got ${options.T0}`);
    const TMult = options.TMult ?? 1;
    if (!Number.isInteger(TMult) || TMult < 1) throw new ValueError(`CosineAnnealingWarmRestarts: expected an integer TMult >= 1, got ${TMult}`);
    this.T0 = options.T0;
    this.TMult = TMult;
    this.etaMin = options.etaMin ?? 0;
    this.Ti = this.T0;
    this.Tcur = this.lastEpoch;
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + (b - this.etaMin) * (1 + Math.cos(Math.PI * this.Tcur / this.Ti)) / 2);
  }
  /** Advances one epoch, or jumps to a (possibly fractional) `epoch` (e.g. epoch + batch/batches). */
  override step(epoch?: number): void {
    this.checkCallOrder();
    this.stepCalls++;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.Tcur += 1;
      if (this.Tcur >= this.Ti) { this.Tcur -= this.Ti; this.Ti *= this.TMult; }
    } else {
      if (epoch < 0) throw new ValueError(`CosineAnnealingWarmRestarts.step: expected a non-negative epoch, got ${epoch}`);
      if (epoch >= this.T0) {
        if (this.TMult === 1) this.Tcur = epoch % this.T0;
        else {
          const n = Math.floor(Math.log(epoch / this.T0 * (this.TMult - 1) + 1) / Math.log(this.TMult));
          this.Tcur = epoch - this.T0 * (this.TMult ** n - 1) / (this.TMult - 1);
          this.Ti = this.T0 * this.TMult ** n;
        }
      } else { this.Ti = this.T0; this.Tcur = epoch; }
    }
    this.lastEpoch = Math.floor(epoch);
    this.applyLrs(this.getLr());
  }
}
