// analyzeFit verdicts on hand-built curves, including the seed's own synthetic curves and the case
// the seed's reversed sign gets wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFit, slope } from '../../src/train/fit-analysis.js';
import { Generator } from '../../src/tensor/random.js';

test('slope is the least-squares slope', () => {
  // y = 3 + 2x exactly → slope 2
  assert.equal(slope([3, 5, 7, 9]), 2);
  assert.equal(slope([1]), 0);
});

test("the seed's synthetic curves (train 1/(e+1), val 1.2/(e+1), noise) are a good fit", () => {
  const g = new Generator(1);
  const tr: number[] = [], va: number[] = [];
  for (let e = 0; e < 50; e++) {
    tr.push(1 / (e + 1) + 0.01 * g.normal());
    va.push(1.2 / (e + 1) + 0.02 * g.normal());
  }
  const r = analyzeFit(tr, va);
  assert.equal(r.verdict, 'good', r.reasons.join('; '));
  // without the noise, val − train = 0.2/(e+1): over epochs 40..49 its mean is 0.2·mean(1/41..1/50)
  const clean = analyzeFit(tr.map((_, e) => 1 / (e + 1)), va.map((_, e) => 1.2 / (e + 1)));
  let expected = 0;
  for (let e = 40; e < 50; e++) expected += 0.2 / (e + 1) / 10;
  assert.ok(Math.abs(clean.metrics.gap - expected) < 1e-12);
  assert.equal(clean.verdict, 'good');
});

test('validation rising while training falls is over-fitting', () => {
  const tr = [1.0, 0.7, 0.5, 0.35, 0.25, 0.18, 0.12, 0.08, 0.05, 0.03];
  const va = [1.05, 0.8, 0.65, 0.6, 0.62, 0.68, 0.75, 0.83, 0.9, 0.98];
  const r = analyzeFit(tr, va);
  assert.equal(r.verdict, 'overfitting');
  assert.equal(r.metrics.bestValEpoch, 3);
  assert.match(r.reasons[0], /rose from 0.6000 \(epoch 4\) to 0.9800/);
});

test('a large and growing val − train gap is over-fitting (the seed would call it under-fitting)', () => {
  const tr = [0.9, 0.7, 0.5, 0.4, 0.3, 0.2];
  const va = [0.95, 0.85, 0.75, 0.7, 0.66, 0.62];
  const r = analyzeFit(tr, va, { valRise: 10 });
  assert.equal(r.verdict, 'overfitting');
  // seed: mean(train − val) over these epochs = −0.2583 < −0.1 → "under-fitting": wrong sign
  const seedGap = tr.reduce((a, t, i) => a + t - va[i], 0) / tr.length;
  assert.ok(seedGap < -0.1);
});

test('training loss above validation loss (e.g. dropout) is not over-fitting (the seed says it is)', () => {
  const tr = [1.2, 0.9, 0.7, 0.6, 0.55, 0.5];
  const va = [1.0, 0.7, 0.5, 0.4, 0.35, 0.3];
  const r = analyzeFit(tr, va);
  assert.notEqual(r.verdict, 'overfitting');
  assert.ok(r.metrics.gap < 0);
});

test('flat training loss is under-fitting; too few epochs or NaN is insufficient data', () => {
  assert.equal(analyzeFit([2.3, 2.29, 2.3, 2.28], [2.31, 2.3, 2.31, 2.3]).verdict, 'underfitting');
  assert.equal(analyzeFit([1, 0.5, 0.2], [1, 0.5, 0.3], { highLoss: 0.1 }).verdict, 'underfitting');
  assert.equal(analyzeFit([1, 0.5], [1, 0.6]).verdict, 'insufficient-data');
  assert.equal(analyzeFit([1, NaN, 0.5], [1, 0.6, 0.5]).verdict, 'insufficient-data');
});

test('negative losses: a falling loss is judged by its relative fall, not by a ratio', () => {
  // −1 → −3 is a fall of 2 = 200% of |−1|: learning, not under-fitting
  const r = analyzeFit([-1, -2, -2.6, -3], [-0.9, -1.9, -2.5, -2.9]);
  assert.equal(r.verdict, 'good');
  assert.ok(Math.abs(r.metrics.trainImprovement - 2) < 1e-12);
  // −1 → −1.05 is a 5% fall: under-fitting
  assert.equal(analyzeFit([-1, -1.02, -1.03, -1.05], [-1, -1.02, -1.03, -1.05]).verdict, 'underfitting');
});
