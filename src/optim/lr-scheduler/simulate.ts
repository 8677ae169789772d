// simulateSchedule: the lr sequence a scheduler produces, without training (for plots and tests).
import { ValueError } from '../../errors.js';
import { zeros } from '../../tensor/creation.js';
import type { Optimizer } from '../optimizer.js';
import { SGD } from '../sgd.js';
import { ReduceLROnPlateau } from './plateau.js';

/** Anything with step(): an LRScheduler or a ReduceLROnPlateau. */
export type AnyScheduler = { step(metric?: number): void } | ReduceLROnPlateau;

export interface SimulateOptions {
  /** Initial lr of the SGD optimizer built for the simulation (default 0.1). */
  lr?: number;
  /** Optimizer options besides lr (e.g. momentum for cycleMomentum). */
  optimizerOptions?: Record<string, unknown>;
  /** One metric per epoch, passed to step() (for ReduceLROnPlateau). */
  metrics?: number[];
}

/**
 * The lr of group 0 in effect during each of `epochs` epochs: builds SGD on a dummy parameter,
 * makes the scheduler, then per epoch records the lr, calls optimizer.step() and scheduler.step().
 * @example simulateSchedule((opt) => new StepLR(opt, { stepSize: 30 }), 100) // [0.1 ×30, 0.01 ×30, ...]
 */
export function simulateSchedule(make: (optimizer: Optimizer) => AnyScheduler, epochs: number, opts: SimulateOptions = {}): number[] {
  if (!Number.isInteger(epochs) || epochs < 0) throw new ValueError(`simulateSchedule: epochs must be a non-negative integer, got ${epochs}`);
  if (opts.metrics && opts.metrics.length < epochs) {
    throw new ValueError(`simulateSchedule: ${opts.metrics.length} metrics given for ${epochs} epochs`);
  }
  const opt = new SGD([zeros([1])], { ...opts.optimizerOptions, lr: opts.lr ?? 0.1 });
  const sched = make(opt as unknown as Optimizer);
  const out: number[] = [];
  for (let e = 0; e < epochs; e++) {
    out.push(opt.paramGroups[0].lr);
    opt.step();
    if (opts.metrics) sched.step(opts.metrics[e]);
    else if (sched instanceof ReduceLROnPlateau) throw new ValueError('simulateSchedule: ReduceLROnPlateau needs opts.metrics');
    else sched.step();
  }
  return out;
}
