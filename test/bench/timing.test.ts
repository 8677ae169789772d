// Timing statistics against hand-computed values, and blockedAutorange's call structure (counted
// calls, never wall-clock assertions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockedAutorange, quantile, summarize } from '../../src/bench/timing.js';
import { ValueError } from '../../src/errors.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('quantile interpolates linearly at position (n − 1)·q', () => {
  const s = [1, 2, 3, 4];
  close(quantile(s, 0), 1);
  close(quantile(s, 1), 4);
  close(quantile(s, 0.5), 2.5); // pos 1.5: halfway between 2 and 3
  close(quantile(s, 0.25), 1.75); // pos 0.75: 1 + 0.75·(2 − 1)
  close(quantile(s, 0.75), 3.25); // pos 2.25: 3 + 0.25·(4 − 3)
  close(quantile(s, 0.95), 3.85); // pos 2.85: 3 + 0.85
  close(quantile([7], 0.3), 7);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

test('summarize: median, IQR, p95, mean, min and the noise flag from unsorted samples', () => {
  // sorted [1, 2, 3, 4, 10]: median = 3 (pos 2); q25 = 2 (pos 1), q75 = 4 (pos 3), IQR = 2;
  // p95 at pos 3.8 = 4 + 0.8·6 = 8.8; mean = 20/5 = 4; relative IQR = 2/3 → noisy
  const st = summarize([10, 3, 1, 4, 2], 8);
  close(st.medianMs, 3);
  close(st.iqrMs, 2);
  close(st.p95Ms, 8.8);
  close(st.meanMs, 4);
  close(st.minMs, 1);
  close(st.relativeIqr, 2 / 3);
  assert.equal(st.noisy, true);
  assert.equal(st.callsPerBlock, 8);
  assert.deepEqual(st.samples, [10, 3, 1, 4, 2]); // the caller's order is kept
});

test('summarize: the noise flag is IQR/median > 10%', () => {
  // [1.0, 1.0, 1.1, 1.2, 1.2]: median 1.1, q25 1.0, q75 1.2, IQR 0.2 → 18% noisy
  assert.equal(summarize([1.0, 1.0, 1.1, 1.2, 1.2]).noisy, true);
  // [1.00, 1.02, 1.04, 1.06, 1.08]: median 1.04, IQR 1.06 − 1.02 = 0.04 → 3.8% quiet
  const q = summarize([1.0, 1.02, 1.04, 1.06, 1.08]);
  close(q.relativeIqr, 0.04 / 1.04, 1e-12);
  assert.equal(q.noisy, false);
  assert.throws(() => summarize([]), ValueError);
});

test('blockedAutorange: warm-up calls, a calibrated block, then minBlocks blocks when the budget is 0', () => {
  let calls = 0;
  // minBlockMs 0: the first calibration block (1 call) already lasts ≥ 0 ms, so blocks hold 1 call;
  // budget 0: exactly minBlocks blocks. Calls = warmup 3 + calibration 1 + 5 blocks · 1.
  const st = blockedAutorange(() => { calls++; }, { warmup: 3, warmupMs: 0, minBlockMs: 0, minBlocks: 5, budgetMs: 0 });
  assert.equal(st.callsPerBlock, 1);
  assert.equal(st.samples.length, 5);
  assert.equal(calls, 3 + 1 + 5);
});

test('blockedAutorange: rejects bad options', () => {
  assert.throws(() => blockedAutorange(() => {}, { minBlocks: 0 }), /minBlocks must be a positive integer, got 0/);
  assert.throws(() => blockedAutorange(() => {}, { budgetMs: -1 }), /budgetMs must be a finite number ≥ 0, got -1/);
  assert.throws(() => blockedAutorange(() => {}, { warmup: NaN }), ValueError);
});

test('blockedAutorange on the CPU clock: same call structure, the clock recorded; an unknown clock is an error', () => {
  let calls = 0;
  const st = blockedAutorange(() => { calls++; }, { warmup: 1, warmupMs: 0, minBlockMs: 0, minBlocks: 4, budgetMs: 0, clock: 'cpu' });
  assert.equal(st.clock, 'cpu');
  assert.equal(calls, 1 + 1 + 4);
  assert.equal(blockedAutorange(() => {}, { warmupMs: 0, minBlockMs: 0, minBlocks: 1, budgetMs: 0 }).clock, 'wall');
  assert.throws(() => blockedAutorange(() => {}, { clock: 'sundial' as 'cpu' }), /clock must be 'wall' or 'cpu', got sundial/);
});
