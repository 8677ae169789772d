// Schedulers made of schedulers: SequentialLR (one after another, switching at milestones) and
// ChainedScheduler (all of them stepped every epoch, their factors multiplying).
import { ValueError } from '../../errors.js';
import { LRScheduler, loadPlainState, plainState, type SchedulableOptimizer } from './scheduler.js';

function checkSchedulers(who: string, optimizer: SchedulableOptimizer | null, schedulers: LRScheduler[]): void {
  if (!Array.isArray(schedulers) || schedulers.length === 0) throw new ValueError(`${who}: expects at least one scheduler`);
  schedulers.forEach((s, i) => {
    if (!(s instanceof LRScheduler)) throw new ValueError(`${who}: schedulers[${i}] is not an LRScheduler`);
    if (optimizer !== null && s.optimizer !== optimizer) {
      throw new ValueError(`${who}: schedulers[${i}] is bound to a different optimizer than schedulers[0]`);
    }
  });
}

/**
 * Runs `schedulers[i]` from `milestones[i−1]` on; at a milestone the next scheduler restarts with step(0).
 * @example new SequentialLR(opt, { schedulers: [warmup, cosine], milestones: [5] });
 */
export class SequentialLR extends LRScheduler {
  schedulers: LRScheduler[];
  milestones: number[];
  constructor(optimizer: SchedulableOptimizer, options: { schedulers: LRScheduler[]; milestones: number[]; lastEpoch?: number }) {
    checkSchedulers('SequentialLR', optimizer, options.schedulers);
    const ms = options.milestones;
    if (!Array.isArray(ms) || ms.length !== options.schedulers.length - 1) {
      throw new ValueError(`SequentialLR: expected ${options.schedulers.length - 1} milestones (schedulers − 1), got ${Array.isArray(ms) ? ms.length : String(ms)}`);
    }
    super(optimizer, { lastEpoch: -1 });
    this.schedulers = [...options.schedulers];
    this.milestones = [...ms];
    this.lastEpoch = (options.lastEpoch ?? -1) + 1;
    // Undo the steps the schedulers made when they were built, then start the first one again.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr as number;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    (this.schedulers[0] as unknown as { initialStep(): void }).initialStep();
    this.lastLr = this.schedulers[0].getLastLr();
  }
  protected getLr(): number[] { return this.schedulers[0].getLastLr(); }
  override step(): void {
    this.lastEpoch += 1;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.step(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }
  override stateDict(): Record<string, unknown> {
    return { ...plainState(this, ['schedulers']), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }
  override loadStateDict(sd: Record<string, unknown>): void {
    const subs = sd.schedulers as Record<string, unknown>[] | undefined;
    if (!Array.isArray(subs) || subs.length !== this.schedulers.length) {
      throw new ValueError(`SequentialLR.loadStateDict: expected ${this.schedulers.length} scheduler states, got ${Array.isArray(subs) ? subs.length : String(subs)}`);
    }
    const { schedulers: _s, ...rest } = sd;
    loadPlainState(this, rest, 'SequentialLR.loadStateDict');
    subs.forEach((x, i) => this.schedulers[i].loadStateDict(x));
  }
}

/**
 * Steps every scheduler each epoch, so their multiplicative factors combine.
 * @example new ChainedScheduler([new ConstantLR(opt, { factor: 0.1, totalIters: 2 }), new ExponentialLR(opt, { gamma: 0.9 })]);
 */
export class ChainedScheduler extends LRScheduler {
  schedulers: LRScheduler[];
  constructor(schedulers: LRScheduler[] | { schedulers: LRScheduler[] }) {
    const list = Array.isArray(schedulers) ? schedulers : schedulers?.schedulers;
    checkSchedulers('ChainedScheduler', null, list);
    const optimizer = list[0].optimizer;
    checkSchedulers('ChainedScheduler', optimizer, list);
    super(optimizer, { lastEpoch: -1 });
    this.schedulers = [...list];
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }
  protected getLr(): number[] { return this.optimizer.paramGroups.map((g) => g.lr); }
  override step(): void {
    for (const s of this.schedulers) s.step();
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }
  override stateDict(): Record<string, unknown> {
    return { ...plainState(this, ['schedulers']), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }
  override loadStateDict(sd: Record<string, unknown>): void {
    const subs = sd.schedulers as Record<string, unknown>[] | undefined;
    if (!Array.isArray(subs) || subs.length !== this.schedulers.length) {
      throw new ValueError(`ChainedScheduler.loadStateDict: expected ${this.schedulers.length} scheduler states, got ${Array.isArray(subs) ? subs.length : String(subs)}`);
    }
    const { schedulers: _s, ...rest } = sd;
    loadPlainState(this, rest, 'ChainedScheduler.loadStateDict');
    subs.forEach((x, i) => this.schedulers[i].loadStateDict(x));
  }
}
