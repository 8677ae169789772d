// Runs every case of schedulers.json (or the file named by TRAINLAB_SCHEDULERS_FIXTURE): lr (and
// momentum) sequences per epoch, multi-group lrs, nested SequentialLR/ChainedScheduler, ReduceLROnPlateau.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as optim from '../../src/optim/index.js';
import { loadFixture } from '../helpers/fixtures.js';
import { buildOptimizer, buildScheduler, type Spec } from './fixture-builders.js';

// The fixtures are float64 Python arithmetic and so is ours, in the same order: hold them to
// float64 rounding, far tighter than the README's float32 tolerance.
const RTOL = 1e-9;
const ATOL = 1e-14;

interface SchedCase {
  id: string; fn: string; options: Record<string, unknown>;
  optimizer: Spec & { groupLrs?: number[] };
  epochs?: number; lrs?: number[]; momentums?: number[]; groupLrs?: number[][];
  metrics?: number[]; lrsBefore?: number[]; lrsAfter?: number[];
  trace?: { best: (number | string)[]; numBadEpochs: number[]; cooldownCounter: number[] };
}

const num = (v: number | string): number => (typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN);
function close(actual: number, expected: number | string, what: string): void {
  const e = num(expected);
  const ok = Number.isFinite(e) ? Math.abs(actual - e) <= ATOL + RTOL * Math.abs(e) : Object.is(actual, e);
  assert.ok(ok, `${what}: got ${actual}, expected ${e}`);
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
