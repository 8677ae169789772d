// Finite-difference checks (float64) of every loss, including the options that change the
// gradient (weight, ignoreIndex, labelSmoothing, posWeight, swap, p), and gradients at the kinks
// derived by hand from torch's backward formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F, Generator, gradcheck, rand, randn, tensor, type Tensor } from '../../src/index.js';
import { contrastiveLoss, diceLoss, focalLoss, sigmoidFocalLoss } from '../../src/nn/losses/index.js';

const g = new Generator(1234);
const f64 = { dtype: 'float64' as const, generator: g };
const x = (shape: number[]) => randn(shape, { ...f64, requiresGrad: true });
/** Uniform in (lo, hi), float64, requiring grad. */
const u = (shape: number[], lo: number, hi: number, grad = true): Tensor => {
  const t = rand(shape, f64);
  const d = t.storage.data;
  for (let i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * d[i];
  t.requiresGrad = grad;
  return t;
};
const idx = (v: number[]) => tensor(v, { dtype: 'int64' });
const signs = (v: number[]) => tensor(v, { dtype: 'float64' });

function check(name: string, fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  test(`gradcheck ${name}`, () => {
    const r = gradcheck(fn, inputs);
    assert.ok(r.passed, `${name}: ${JSON.stringify(r.mismatch)}`);
  });
}

check('mseLoss mean (input and target)', (a, b) => F.mseLoss(a, b), [x([3, 4]), x([3, 4])]);
check('l1Loss none', (a, b) => F.l1Loss(a, b, { reduction: 'none' }), [x([2, 3]), x([2, 3])]);
check('smoothL1Loss beta 0.5 sum', (a, b) => F.smoothL1Loss(a, b, { beta: 0.5, reduction: 'sum' }), [x([3, 4]), x([3, 4])]);
check('huberLoss delta 0.5 none', (a, b) => F.huberLoss(a, b, { delta: 0.5, reduction: 'none' }), [x([2, 4]), x([2, 4])]);

const w4 = u([4], 0.2, 2, false);
check('crossEntropy weight + ignoreIndex + labelSmoothing, mean', (a, t) =>
  F.crossEntropy(a, t, { weight: w4, ignoreIndex: -100, labelSmoothing: 0.1 }), [x([5, 4]), idx([0, -100, 3, 1, 3])]);
check('crossEntropy labelSmoothing none', (a, t) =>
  F.crossEntropy(a, t, { labelSmoothing: 0.2, reduction: 'none' }), [x([3, 4]), idx([2, 0, 1])]);
check('crossEntropy K-dim input [2,3,2,2], sum', (a, t) =>
  F.crossEntropy(a, t, { reduction: 'sum' }), [x([2, 3, 2, 2]), idx([0, 1, 2, 2, 1, 0, 0, 2]).reshape(2, 2, 2)]);
check('crossEntropy probability target (both args) + weight + labelSmoothing', (a, t) =>
  F.crossEntropy(a, t, { weight: w4, labelSmoothing: 0.1 }), [x([3, 4]), u([3, 4], 0.05, 0.5)]);
check('nllLoss weight + ignoreIndex 1', (a, t) =>
  F.nllLoss(a, t, { weight: w4, ignoreIndex: 1 }), [x([5, 4]), idx([0, 1, 3, 2, 1])]);

const w3 = u([3], 0.5, 1.5, false);
const pw3 = u([3], 0.5, 3, false);
check('binaryCrossEntropy weight, soft target (both args)', (p, t) =>
  F.binaryCrossEntropy(p, t, { weight: w3 }), [u([4, 3], 0.05, 0.95), u([4, 3], 0, 1)]);
check('binaryCrossEntropyWithLogits weight + posWeight (both args)', (a, t) =>
  F.binaryCrossEntropyWithLogits(a, t, { weight: w3, posWeight: pw3 }), [x([4, 3]), u([4, 3], 0, 1)]);
check('binaryCrossEntropyWithLogits none', (a, t) =>
  F.binaryCrossEntropyWithLogits(a, t, { reduction: 'none' }), [x([2, 3]), u([2, 3], 0, 1, false)]);
check('klDiv probability target, batchmean (both args)', (a, t) =>
  F.klDiv(a, t, { reduction: 'batchmean' }), [x([3, 4]), u([3, 4], 0.05, 1)]);
check('klDiv logTarget, mean (both args)', (a, t) => F.klDiv(a, t, { logTarget: true }), [x([3, 4]), x([3, 4])]);

check('cosineEmbeddingLoss margin 0.2', (a, b, y) =>
  F.cosineEmbeddingLoss(a, b, y, { margin: 0.2 }), [x([4, 5]), x([4, 5]), signs([1, -1, -1, 1])]);
check('marginRankingLoss margin 0.5', (a, b, y) =>
  F.marginRankingLoss(a, b, y, { margin: 0.5, reduction: 'sum' }), [x([6]), x([6]), signs([1, -1, 1, 1, -1, -1])]);
check('hingeEmbeddingLoss margin 1.5', (a, y) =>
  F.hingeEmbeddingLoss(a, y, { margin: 1.5 }), [x([2, 4]), signs([1, -1, -1, 1, -1, 1, -1, 1]).reshape(2, 4)]);
check('tripletMarginLoss p=2 swap', (a, p, n) =>
  F.tripletMarginLoss(a, p, n, { margin: 2, swap: true }), [x([4, 5]), x([4, 5]), x([4, 5])]);
check('tripletMarginLoss p=1', (a, p, n) =>
  F.tripletMarginLoss(a, p, n, { margin: 3, p: 1, reduction: 'none' }), [x([3, 4]), x([3, 4]), x([3, 4])]);
check('tripletMarginLoss p=3', (a, p, n) => F.tripletMarginLoss(a, p, n, { margin: 2, p: 3 }), [x([3, 4]), x([3, 4]), x([3, 4])]);

check('focalLoss', (a, t) => focalLoss(a, t, { alpha: 0.25, gamma: 2 }), [x([4, 3]), u([4, 3], 0, 1, false)]);
check('sigmoidFocalLoss alpha 0.25, none', (a, t) =>
  sigmoidFocalLoss(a, t, { alpha: 0.25, gamma: 1.5, reduction: 'none' }), [x([2, 3]), u([2, 3], 0, 1, false)]);
check('diceLoss', (a, t) => diceLoss(a, t, { smooth: 1 }), [x([2, 1, 3, 3]), u([2, 1, 3, 3], 0, 1, false)]);
check('contrastiveLoss margin 3', (a, b, l) => contrastiveLoss(a, b, l, { margin: 3 }), [x([6, 4]), x([6, 4]), signs([1, 0, 1, 0, 0, 1])]);

test('binaryCrossEntropy at p = 0 and 1: log clamped at -100, torch gradient (x - t)/max(x(1 - x), 1e-12)', () => {
  const p = tensor([0, 0, 1, 1], { dtype: 'float64', requiresGrad: true });
  const t = tensor([0, 1, 0, 1], { dtype: 'float64' });
  const l = F.binaryCrossEntropy(p, t, { reduction: 'none' });
  // (0,0): -log(1-0) = 0; (0,1): -max(log 0, -100) = 100; (1,0): -max(log 0, -100) = 100; (1,1): 0
  assert.deepEqual(Array.from(l.contiguousData(), (v) => v + 0), [0, 100, 100, 0]); // + 0 turns -0 into 0
  l.sum().backward();
  // (x - t)/1e-12 when x(1 - x) = 0: 0, -1e12, 1e12, 0 (no NaN where a clamped log meets t = 0)
  assert.deepEqual(Array.from(p.grad!.contiguousData(), (v) => v + 0), [0, -1e12, 1e12, 0]);
});

test('binaryCrossEntropyWithLogits: gradient sigmoid(x) - t at x = 0, and no overflow at |x| = 1000', () => {
  const a = tensor([0, 0, 1000, -1000], { dtype: 'float64', requiresGrad: true });
  const t = tensor([0, 1, 0, 1], { dtype: 'float64' });
  const l = F.binaryCrossEntropyWithLogits(a, t, { reduction: 'none' });
  // ln 2, ln 2, then max(x,0) - x·t + log1p(e^-|x|) = 1000 for (1000, 0) and 0 + 1000 + ~0 for (-1000, 1)
  const v = Array.from(l.contiguousData());
  [Math.LN2, Math.LN2, 1000, 1000].forEach((e, i) => assert.ok(Math.abs(v[i] - e) < 1e-12, `loss ${i}: ${v[i]} vs ${e}`));
  l.sum().backward();
  // sigmoid(0) - t = 0.5, -0.5; sigmoid(1000) - 0 = 1; sigmoid(-1000) - 1 = -1
  const gr = Array.from(a.grad!.contiguousData());
  [0.5, -0.5, 1, -1].forEach((e, i) => assert.ok(Math.abs(gr[i] - e) < 1e-12, `grad ${i}: ${gr[i]} vs ${e}`));
});

test('margin losses pass the gradient at the clamp_min tie, as torch', () => {
  // −y·(x1 − x2) + margin = −(1 − 0.5) + 0.5 = 0 exactly: torch's clamp_min passes grad where ≥ 0
  const x1 = tensor([1], { dtype: 'float64', requiresGrad: true });
  const x2 = tensor([0.5], { dtype: 'float64', requiresGrad: true });
  F.marginRankingLoss(x1, x2, signs([1]), { margin: 0.5 }).backward();
  assert.equal(x1.grad!.item(), -1);
  assert.equal(x2.grad!.item(), 1);
});
