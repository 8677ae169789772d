// Builds optimizers and schedulers from the {fn, options} specs of the fixture files (shared by the
// optim tests): `optim.X` and `optim.lrScheduler.X` looked up by name, nested schedulers built in order.
import assert from 'node:assert/strict';
import { zeros } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';

export interface Spec { fn: string; options: Record<string, unknown> }
export type Sched = { step(metric?: number): void; getLastLr(): number[] };

/** The optimizer a case describes: one dummy parameter, or one per entry of groupLrs in its own group. */
export function buildOptimizer(spec: Spec & { groupLrs?: number[] }): optim.Optimizer {
  const C = (optim as unknown as Record<string, unknown>)[spec.fn.replace(/^optim\./, '')] as
    new (p: unknown, o: Record<string, unknown>) => optim.Optimizer;
  assert.ok(typeof C === 'function', `no optimizer ${spec.fn}`);
  const params = spec.groupLrs ? spec.groupLrs.map((lr) => ({ params: [zeros([1])], lr })) : [zeros([1])];
  return new C(params, spec.options);
}

/** A scheduler from {fn, options}; nested `schedulers` specs are built first, in order. */
export function buildScheduler(fn: string, opt: optim.Optimizer, options: Record<string, unknown>): Sched {
  const name = fn.replace(/^optim\.lrScheduler\./, '');
  const C = (optim.lrScheduler as unknown as Record<string, unknown>)[name] as new (...a: unknown[]) => Sched;
  assert.ok(typeof C === 'function', `no scheduler ${fn}`);
  const o = { ...options };
  if (Array.isArray(o.schedulers)) o.schedulers = (o.schedulers as Spec[]).map((s) => buildScheduler(s.fn, opt, s.options));
  return name === 'ChainedScheduler' ? new C(o.schedulers) : new C(opt, o);
}

