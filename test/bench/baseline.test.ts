// The regression gate on hand-made results: tolerance parsing, the noise allowance, regressions,
// improvements and missing workloads, and baseline files that are damaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowedSlowdown, compareToBaseline, loadBaseline, parseTolerance } from '../../src/bench/baseline.js';
import { FormatError, ValueError } from '../../src/errors.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('parseTolerance: fractions and percentages', () => {
  close(parseTolerance('10%'), 0.1);
  close(parseTolerance(' 2.5% '), 0.025);
  close(parseTolerance('0.2'), 0.2);
  close(parseTolerance(0), 0);
  for (const bad of ['abc', '-5%', '100%', '1.5', '']) assert.throws(() => parseTolerance(bad), ValueError, bad);
});

test('allowedSlowdown: the tolerance alone without noise, widened multiplicatively by the quartiles', () => {
  close(allowedSlowdown(0.1), 0.1);
  // r_b = 0.2, r_c = 0: 1 − 0.9/1.1 = 0.2/1.1
  close(allowedSlowdown(0.1, 0.2, 0), 0.2 / 1.1);
  // r = 1 on both sides: 1 − 0.9/(1.5·1.5) = 1 − 0.4 = 0.6: still below 1, the gate stays shut to a 5× slowdown
  close(allowedSlowdown(0.1, 1, 1), 0.6);
  assert.ok(allowedSlowdown(0.1, 10, 10) < 1);
});

test('compareToBaseline: regressions beyond the allowance, improvements, missing and null workloads', () => {
  const baseline = { engine: 'x', results: {
    a_samples_s: 1000, // current 850: −15% < −10% → regression
    b_samples_s: { value: 1000, relativeIqr: 0.2 }, // current 850: allowed 1 − 0.9/1.1 = 18.2% → passes
    c_samples_s: 1000, // current 1200: +20% > 10% → improvement
    d_samples_s: 1000, // absent from the current run → missing
    e_samples_s: null, // failed in the baseline: not compared
    f_samples_s: 1000, // current 905: −9.5% → passes
  } };
  const current = { engine: 'x', results: { a_samples_s: 850, b_samples_s: { value: 850, relativeIqr: 0 }, c_samples_s: 1200, f_samples_s: 905, e_samples_s: 5 } };
  const r = compareToBaseline(baseline, current, 0.1);
  assert.deepEqual(r.regressions.map((x) => x.workload), ['a_samples_s']);
  close(r.regressions[0].change, -0.15);
  close(r.regressions[0].allowed, 0.1);
  assert.equal(r.regressions[0].baseline, 1000);
  assert.equal(r.regressions[0].current, 850);
  assert.deepEqual(r.improvements, ['c_samples_s']);
  assert.deepEqual(r.missing, ['d_samples_s']);
  assert.equal(r.compared, 4);
  assert.throws(() => compareToBaseline(baseline, current, 1), /tolerance must be in \[0, 1\), got 1/);
});

test('compareToBaseline: a 5× slowdown trips even when both runs are very noisy; a same-speed rerun does not', () => {
  const base = { engine: 'x', results: { m_samples_s: { value: 1000, relativeIqr: 1 } } };
  assert.equal(compareToBaseline(base, { engine: 'x', results: { m_samples_s: { value: 200, relativeIqr: 1 } } }, 0.1).regressions.length, 1);
  assert.equal(compareToBaseline(base, { engine: 'x', results: { m_samples_s: { value: 700, relativeIqr: 1 } } }, 0.1).regressions.length, 0);
});

test('loadBaseline: reads a saved file, names the problem in a damaged one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainlab-baseline-'));
  const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
  const ok = loadBaseline(file('ok.json', JSON.stringify({ engine: 'trainlab', results: { w: { value: 5, relativeIqr: 0.1 }, v: 3, n: null } })));
  assert.deepEqual(ok.results.w, { value: 5, relativeIqr: 0.1 });
  assert.throws(() => loadBaseline(file('trunc.json', '{"engine": "x", "res')), FormatError);
  assert.throws(() => loadBaseline(join(dir, 'absent.json')), FormatError);
  assert.throws(() => loadBaseline(file('shape.json', '{"engine": "x"}')), /expected \{"engine", "results"/);
  assert.throws(() => loadBaseline(file('neg.json', '{"engine": "x", "results": {"w": -3}}')), /workload 'w' has no positive figure/);
  assert.throws(() => loadBaseline(file('iqr.json', '{"engine": "x", "results": {"w": {"value": 3, "relativeIqr": "big"}}}')), /workload 'w' has relativeIqr big/);
});

test('compareToBaseline refuses to compare figures timed on different clocks', () => {
  const wall = { engine: 'x', results: { w: 100 } }, cpu = { engine: 'x', clock: 'cpu' as const, results: { w: 100 } };
  assert.throws(() => compareToBaseline(cpu, wall, 0.1), /baseline was timed on the cpu clock, this run on the wall clock/);
  assert.equal(compareToBaseline(cpu, cpu, 0.1).compared, 1);
});
