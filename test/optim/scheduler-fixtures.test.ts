// Runs every case of schedulers.json (or the file named by TRAINLAB_SCHEDULERS_FIXTURE): lr (and
// momentum) sequences per epoch, multi-group lrs, nested SequentialLR/ChainedScheduler, ReduceLROnPlateau.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { loadFixture } from '../helpers/fixtures.js';

// The fixtures are float64 Python arithmetic and so is ours, in the same order: hold them to
// float64 rounding, far tighter than the README's float32 tolerance.
const RTOL = 1e-9;
const ATOL = 1e-14;

interface Spec { fn: string; options: Record<string, unknown> }
interface SchedCase {
  id: string; fn: string; options: Record<string, unknown>;
  optimizer: Spec & { groupLrs?: number[] };
  epochs?: number; lrs?: number[]; momentums?: number[]; groupLrs?: number[][];
  metrics?: number[]; lrsBefore?: number[]; lrsAfter?: number[];
  trace?: { best: (number | string)[]; numBadEpochs: number[]; cooldownCounter: number[] };
}
type Sched = { step(metric?: number): void; getLastLr(): number[] };

const num = (v: number | string): number => (typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN);
function close(actual: number, expected: number | string, what: string): void {
  const e = num(expected);
  const ok = Number.isFinite(e) ? Math.abs(actual - e) <= ATOL + RTOL * Math.abs(e) : Object.is(actual, e);
  assert.ok(ok, `${what}: got ${actual}, expected ${e}`);
}

/** The optimizer a case describes: one dummy parameter, or one per entry of groupLrs in its own group. */
export function buildOptimizer(spec: SchedCase['optimizer']): optim.Optimizer {
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

const momentumOf = (g: optim.ParamGroup): number => (Array.isArray(g.betas) ? g.betas[0] as number : g.momentum as number);

function runEpochs(c: SchedCase): void {
  const opt = buildOptimizer(c.optimizer);
  const s = buildScheduler(c.fn, opt, c.options);
  for (let e = 0; e < c.epochs!; e++) {
    const g0 = opt.paramGroups[0];
    close(g0.lr, c.lrs![e], `${c.id} lr at epoch ${e}`);
    close(s.getLastLr()[0], c.lrs![e], `${c.id} getLastLr at epoch ${e}`);
    if (c.momentums) close(momentumOf(g0), c.momentums[e], `${c.id} momentum at epoch ${e}`);
    c.groupLrs?.[e].forEach((lr, i) => close(opt.paramGroups[i].lr, lr, `${c.id} group ${i} lr at epoch ${e}`));
    opt.step();
    s.step();
  }
}

function runPlateau(c: SchedCase): void {
  const opt = buildOptimizer(c.optimizer);
  const s = buildScheduler(c.fn, opt, c.options) as optim.lrScheduler.ReduceLROnPlateau;
  c.metrics!.forEach((m, e) => {
    close(opt.paramGroups[0].lr, c.lrsBefore![e], `${c.id} lr before epoch ${e}`);
    opt.step();
    s.step(m);
    close(opt.paramGroups[0].lr, c.lrsAfter![e], `${c.id} lr after epoch ${e}`);
    close(s.best, c.trace!.best[e], `${c.id} best after epoch ${e}`);
    assert.equal(s.numBadEpochs, c.trace!.numBadEpochs[e], `${c.id} numBadEpochs after epoch ${e}`);
    assert.equal(s.cooldownCounter, c.trace!.cooldownCounter[e], `${c.id} cooldownCounter after epoch ${e}`);
  });
}

const file = process.env.TRAINLAB_SCHEDULERS_FIXTURE ?? 'schedulers.json';
const cases = loadFixture<{ cases: SchedCase[] }>(file).cases;

test(`${file}: has cases`, () => assert.ok(cases.length > 0));
for (const c of cases) {
  test(c.id, { }, () => {
    const warnings: string[] = [];
    const orig = console.warn;
    console.warn = (m: string) => { warnings.push(m); };
    try {
      if (c.metrics) runPlateau(c); else runEpochs(c);
    } finally { console.warn = orig; }
    // The case steps the optimizer before the scheduler, so no call-order warning may appear.
    assert.deepEqual(warnings, [], `${c.id}: unexpected warnings`);
  });
}
