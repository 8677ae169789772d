// LRScheduler base (torch.optim.lr_scheduler.LRScheduler): base lrs from `initialLr`, lastEpoch,
// step()/getLastLr(), the call-order warning, and state dicts; plus helpers shared by schedulers.
import { ValueError } from '../../errors.js';
import type { ParamGroup } from '../optimizer.js';

/** What a scheduler needs of an optimizer: its groups, its step counter and its defaults. */
export interface SchedulableOptimizer {
  paramGroups: ParamGroup[];
  stepCount: number;
  readonly defaults: object;
}

/** Options every scheduler accepts. */
export interface SchedulerOptions {
  /** The index of the last epoch when resuming (groups must then carry `initialLr`); default −1. */
  lastEpoch?: number;
  /** Receives warnings (default: console.warn). */
  onWarning?: (message: string) => void;
}

export const ORDER_WARNING = 'Detected call of `lrScheduler.step()` before `optimizer.step()`. You should call them in '
  + 'this order: `optimizer.step()` before `lrScheduler.step()`. Failure to do this will result in skipping the first '
  + 'value of the learning rate schedule.';

const NOT_STATE = new Set(['optimizer', 'onWarning']);

function hasFunction(v: unknown): boolean {
  return typeof v === 'function' || (Array.isArray(v) && v.some(hasFunction));
}

/** The plain-data fields of a scheduler (functions, the optimizer and the warning hook left out). */
export function plainState(obj: object, skip: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (NOT_STATE.has(k) || skip.includes(k) || hasFunction(v) || v instanceof LRScheduler) continue;
    out[k] = structuredClone(v);
  }
  return out;
}

/** Loads fields saved by plainState, refusing keys the scheduler does not have (nothing changed then). */
export function loadPlainState(obj: object, sd: Record<string, unknown>, what: string): void {
  if (sd === null || typeof sd !== 'object') throw new ValueError(`${what}: expected a state dict object, got ${String(sd)}`);
  const unknown = Object.keys(sd).filter((k) => !(k in obj) || NOT_STATE.has(k));
  if (unknown.length > 0) throw new ValueError(`${what}: unexpected key(s) ${unknown.join(', ')} in the state dict`);
  for (const [k, v] of Object.entries(sd)) (obj as Record<string, unknown>)[k] = structuredClone(v);
}

/** One value per group: a list must have one entry per group, a number is repeated. */
export function perGroup(name: string, optimizer: SchedulableOptimizer, v: number | number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(v)) {
    if (v.length !== n) throw new ValueError(`expected ${n} values for ${name} (one per parameter group), got ${v.length}`);
    return [...v];
  }
  return new Array<number>(n).fill(v);
}

/** Whether the optimizer cycles `betas[0]` (Adam family) rather than `momentum`; throws if neither. */
export function usesBeta1(optimizer: SchedulableOptimizer, who: string): boolean {
  if ('betas' in optimizer.defaults) return true;
  if ('momentum' in optimizer.defaults) return false;
  throw new ValueError(`${who}: optimizer must support momentum or beta1 with \`cycleMomentum\` enabled`);
}

/** Sets a group's momentum, or its `betas[0]` (replacing the pair, as torch replaces the tuple). */
export function setMomentum(group: ParamGroup, value: number, beta1: boolean): void {
  if (beta1) group.betas = [value, ...(group.betas as number[]).slice(1)];
  else group.momentum = value;
}

/**
 * Base of the epoch-driven schedulers. A subclass sets its fields, then calls `initialStep()`
 * at the end of its constructor; `getLr()` is torch's recursive (chainable) form, and
 * `closedFormLr()` (when defined) is used by `step(epoch)`.
 */
export abstract class LRScheduler {
  readonly optimizer: SchedulableOptimizer;
  /** The groups' `initialLr`. */
  baseLrs: number[];
  /** Epochs stepped so far (0 right after construction). */
  lastEpoch: number;
  protected lastLr: number[] = [];
  /** Calls of step(), the constructor's included (torch's `_step_count`). */
  protected stepCalls = 0;
  protected optimizerStepsAtStart = 0;
  protected onWarning: (message: string) => void;

  constructor(optimizer: SchedulableOptimizer, opts: SchedulerOptions = {}) {
    if (optimizer === null || typeof optimizer !== 'object' || !Array.isArray(optimizer.paramGroups)) {
      throw new ValueError(`${new.target.name}: expected an optimizer, got ${String(optimizer)}`);
    }
    this.optimizer = optimizer;
    this.lastEpoch = opts.lastEpoch ?? -1;
    this.onWarning = opts.onWarning ?? ((m) => console.warn(m));
    optimizer.paramGroups.forEach((g, i) => {
      if (this.lastEpoch === -1) { if (g.initialLr === undefined) g.initialLr = g.lr; }
      else if (g.initialLr === undefined) {
        throw new ValueError(`${new.target.name}: param 'initialLr' is not specified in paramGroups[${i}] when resuming (lastEpoch ${this.lastEpoch})`);
      }
    });
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
  }

  /** The lrs of the next epoch from the current ones (torch's get_lr). */
  protected abstract getLr(): number[];
  /** lr(lastEpoch) in closed form, where torch has one (used by step(epoch)). */
  protected closedFormLr?(): number[];

  /** Torch's `_initial_step`: the first step, made by the constructor. */
  protected initialStep(): void {
    this.optimizerStepsAtStart = this.optimizer.stepCount;
    this.stepCalls = 0;
    this.step();
  }

  /** Warns (once) when the first step() of the scheduler comes before any optimizer.step(). */
  protected checkCallOrder(): void {
    if (this.stepCalls === 1 && this.optimizer.stepCount === this.optimizerStepsAtStart) this.onWarning(ORDER_WARNING);
  }

  /** The lr of each group as last set by this scheduler. */
  getLastLr(): number[] { return [...this.lastLr]; }

  /** Advances one epoch (or jumps to `epoch`, using the closed form where there is one). */
  step(epoch?: number): void {
    this.checkCallOrder();
    this.stepCalls++;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr ? this.closedFormLr() : this.getLr();
    }
    this.applyLrs(values);
  }

  protected applyLrs(values: number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => { g.lr = values[i]; });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's fields as plain data (no optimizer, no functions), like torch's state_dict. */
  stateDict(): Record<string, unknown> { return plainState(this); }

  /** Restores fields saved by stateDict(); unknown keys are refused before anything changes. */
  loadStateDict(sd: Record<string, unknown>): void { loadPlainState(this, sd, `${this.constructor.name}.loadStateDict`); }
}
