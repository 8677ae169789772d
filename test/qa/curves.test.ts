// analyzeCurve and wilsonInterval on hand-built curves: spikes, oscillation and plateaus found at the
// right steps, for losses of either sign; the Wilson interval against its textbook value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks } from '../../src/qa/index.js';

const { analyzeCurve, wilsonInterval } = checks;

test('a steadily falling curve has no spikes, no oscillation and no plateau, whatever its sign', () => {
  const down = Array.from({ length: 40 }, (_, i) => 2 * 0.97 ** i); // 2 → 0.6, −3% a step
  for (const curve of [down, down.map((v) => v - 5)]) {
    const a = analyzeCurve(curve);
    assert.deepEqual(a.spikes, [], `spikes in ${curve[0]}…`);
    assert.equal(a.oscillationRate, 0);
    assert.deepEqual(a.plateaus, []);
  }
});

test('small noise is not a spike, on either side of zero', () => {
  // ±0.01 around 3 or around −3: no step is 2× its running median (nor 1·|median| above it)
  const noisy = Array.from({ length: 30 }, (_, i) => 3 + (i % 3 === 0 ? 0.01 : -0.01));
  assert.deepEqual(analyzeCurve(noisy).spikes, []);
  assert.deepEqual(analyzeCurve(noisy.map((v) => v - 6)).spikes, []);
});

test('a spike is found at its step for positive and negative losses', () => {
  const down = Array.from({ length: 30 }, (_, i) => 2 * 0.97 ** i);
  const pos = down.slice(); pos[19] = 10; // median of steps 10..19 ≈ 1.2: 10 > 2·median
  assert.deepEqual(analyzeCurve(pos).spikes, [20]);
  // shifted by −5: median ≈ −3.8; a jump to +1 is a rise of 4.8 ≥ (2 − 1)·|median| = 3.8
  const neg = down.map((v) => v - 5); neg[19] = 1;
  assert.deepEqual(analyzeCurve(neg).spikes, [20]);
});

test('oscillation: every successive change flips sign; plateau: a flat curve', () => {
  const zigzag = Array.from({ length: 30 }, (_, i) => 1 + (i % 2 ? 0.2 : -0.2));
  const a = analyzeCurve(zigzag);
  assert.equal(a.oscillationRate, 1);
  assert.equal(a.oscillating, true);
  assert.deepEqual(analyzeCurve(Array(30).fill(-0.7)).plateaus, [[1, 30]]);
});

test('wilsonInterval: 8 of 10 at z = 1.96 is [0.4902, 0.9433] (Wilson 1927; centre (p + z²/2n)/(1 + z²/n))', () => {
  const [lo, hi] = wilsonInterval(8, 10);
  assert.ok(Math.abs(lo - 0.4902) < 1e-4 && Math.abs(hi - 0.9433) < 1e-4, `${lo}, ${hi}`);
});
