// batchNorm / layerNorm / groupNorm: PyTorch fixtures in float64, gradcheck (training-mode
// gradients through the batch statistics, non-contiguous inputs), hand-derived values, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DTypeError, ShapeError, Tensor, TrainlabError, ValueError, batchNorm, gradcheck, groupNorm, layerNorm, manualSeed, ones, randn, rand, tensor, zeros,
} from '../../src/index.js';
import { casesOf, runCase } from './conv-fixture-runner.js';

const f64 = { dtype: 'float64' as const, requiresGrad: true };
function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], what: string): void {
  const r = gradcheck(fn, inputs);
  assert.ok(r.passed, `${what}: gradcheck mismatch ${JSON.stringify(r.mismatch)}`);
}
function near(actual: Tensor, expected: number[], what: string, tol = 1e-6): void {
  const a = Array.from(actual.contiguousData());
  assert.equal(a.length, expected.length, `${what}: length`);
  a.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${v} vs ${expected[i]}`));
}

test('ops.json batchNorm / layerNorm cases also match in float64 (incl. running stats)', () => {
  const cases = casesOf('F.batchNorm', 'F.layerNorm');
  assert.equal(cases.length, 8);
  for (const c of cases) runCase(c, 'float64');
});

test('batchNorm training: normalises with the biased variance, running stats use the unbiased one (hand-derived)', () => {
  // one channel, x = 1,2,3,4: mean 2.5, biased var 1.25, unbiased var 5/3; momentum 0.1:
  // runningMean 0 → 0.9·0 + 0.1·2.5 = 0.25, runningVar 1 → 0.9·1 + 0.1·5/3
  const rm = zeros([1]), rv = ones([1]);
  const y = batchNorm(tensor([1, 2, 3, 4], { shape: [4, 1], dtype: 'float64' }), rm, rv, null, null, { training: true, momentum: 0.1, eps: 1e-5 });
  near(y, [-1.5, -0.5, 0.5, 1.5].map((d) => d / Math.sqrt(1.25 + 1e-5)), 'y');
  near(rm, [0.25], 'runningMean');
  near(rv, [0.9 + 0.1 * (5 / 3)], 'runningVar');
  assert.equal(rm.version, 1, 'the running mean is written in place (version bumped)');
  // eval: (x − 0.25)/√(rv + eps)·2 + 1
  const e = batchNorm(tensor([1], { shape: [1, 1] }), rm, rv, tensor([2]), tensor([1]), { eps: 1e-5 });
  near(e, [(0.75 / Math.sqrt(0.9 + 0.1 * (5 / 3) + 1e-5)) * 2 + 1], 'eval', 1e-5);
});

test('batchNorm gradcheck: training (through batch stats) on [N,C], [N,C,H,W] and a view; eval mode', () => {
  manualSeed(21);
  const bn = (o: object) => (x: Tensor, w: Tensor, b: Tensor) => batchNorm(x, null, null, w, b, { training: true, ...o });
  check(bn({}), [randn([5, 3], f64), randn([3], f64), randn([3], f64)], 'batchNorm [N,C]');
  check(bn({ eps: 1e-3 }), [randn([3, 2, 2, 3], f64), randn([2], f64), randn([2], f64)], 'batchNorm [N,C,H,W]');
  const v = randn([4, 3, 2], { dtype: 'float64' }).permute(2, 1, 0).requiresGrad_(); // [2,3,4]
  check((x) => batchNorm(x, zeros([3]), ones([3]), null, null, { training: true }), [v], 'batchNorm view, no affine');
  const rm = randn([2], { dtype: 'float64' }), rv = rand([2], { dtype: 'float64' }).add(0.5);
  check((x, w, b) => batchNorm(x, rm, rv, w, b, { training: false }), [randn([3, 2, 4], f64), randn([2], f64), randn([2], f64)], 'batchNorm eval');
});

test('layerNorm: hand-derived value, torch positional form, gradcheck incl. a view', () => {
  // x = 1,2,3,4 over the last dim: (x − 2.5)/√(1.25 + eps)·w + b
  const x = tensor([1, 2, 3, 4], { shape: [1, 4], dtype: 'float64' });
  const w = tensor([1, 2, 3, 4], { dtype: 'float64' }), b = tensor([0, 0, 0, 1], { dtype: 'float64' });
  const expect = [-1.5, -0.5, 0.5, 1.5].map((d, i) => (d / Math.sqrt(1.25 + 1e-5)) * (i + 1) + (i === 3 ? 1 : 0));
  near(layerNorm(x, w, b, { normalizedShape: [4] }), expect, 'options form');
  near(layerNorm(x, [4], w, b, 1e-5), expect, 'positional form');
  near(layerNorm(x, w, b), expect, 'normalizedShape from the weight');
  manualSeed(22);
  check((a, k, c) => layerNorm(a, k, c, { normalizedShape: [3, 4] }), [randn([2, 3, 4], f64), randn([3, 4], f64), randn([3, 4], f64)], 'layerNorm 2 dims');
  const v = randn([5, 2, 3], { dtype: 'float64' }).transpose(0, 2).requiresGrad_(); // [3,2,5]
  check((a) => layerNorm(a, null, null, { normalizedShape: 5 }), [v], 'layerNorm view');
});

test('groupNorm: hand-derived value in both call forms, gradcheck incl. a view', () => {
  // [1, 4, 1] in 2 groups: group 0 = {1, 2}, group 1 = {3, 7}; each normalised by its own
  // mean/biased var: (±0.5)/√(0.25 + eps), (±2)/√(4 + eps); then channel weight 1..4, bias 0,0,0,1
  const x = tensor([1, 2, 3, 7], { shape: [1, 4, 1], dtype: 'float64' });
  const w = tensor([1, 2, 3, 4], { dtype: 'float64' }), b = tensor([0, 0, 0, 1], { dtype: 'float64' });
  const s0 = Math.sqrt(0.25 + 1e-5), s1 = Math.sqrt(4 + 1e-5);
  const expect = [-0.5 / s0, (0.5 / s0) * 2, (-2 / s1) * 3, (2 / s1) * 4 + 1];
  near(groupNorm(x, w, b, { numGroups: 2 }), expect, 'options form');
  near(groupNorm(x, 2, w, b, 1e-5), expect, 'torch positional form');
  manualSeed(23);
  check((a, k, c) => groupNorm(a, k, c, { numGroups: 3, eps: 1e-3 }), [randn([2, 6, 3], f64), randn([6], f64), randn([6], f64)], 'groupNorm');
  const v = randn([3, 2, 4, 2], { dtype: 'float64' }).permute(3, 2, 1, 0).requiresGrad_(); // [2,4,2,3]
  check((a) => groupNorm(a, 2), [v], 'groupNorm view, no affine');
});

test('norm ops reject bad input with messages naming shapes and values', () => {
  const bad = (fn: () => unknown, cls: typeof TrainlabError, re: RegExp) => assert.throws(fn, (e: Error) => e instanceof cls && re.test(e.message), re.source);
  const x = randn([4, 3]);
  bad(() => batchNorm(randn([1, 3]), null, null, { training: true }), ValueError, /batchNorm: expected more than 1 value per channel when training, got input of shape \[1,3\]/);
  bad(() => batchNorm(x, zeros([2]), ones([3]), { training: true }), ShapeError, /batchNorm: runningMean must have shape \[3\] to match input \[4,3\], got \[2\]/);
  bad(() => batchNorm(x, null, null, { training: false }), ValueError, /runningMean and runningVar are required when training is false/);
  bad(() => batchNorm(randn([4]), null, null, { training: true }), ShapeError, /batchNorm: expected an input \[N, C\] or \[N, C, \*\], got \[4\]/);
  bad(() => batchNorm(x, null, null, ones([3]), ones([4]), { training: true }), ShapeError, /bias must have shape \[3\].*got \[4\]/);
  bad(() => layerNorm(x, null, null, { normalizedShape: [4] }), ShapeError, /layerNorm: input \[4,3\] does not end with normalizedShape \[4\]/);
  bad(() => layerNorm(x), ValueError, /layerNorm: normalizedShape is required/);
  bad(() => layerNorm(x, ones([2]), null, { normalizedShape: 3 }), ShapeError, /layerNorm: weight must have shape \[3\].*got \[2\]/);
  bad(() => layerNorm(x, null, null, { normalizedShape: 3, eps: -1 }), ValueError, /eps must be a non-negative number, got -1/);
  bad(() => groupNorm(randn([2, 5, 3]), null, null, { numGroups: 2 }), ValueError, /groupNorm: numGroups must be a positive integer dividing the 5 channels of input \[2,5,3\], got 2/);
  bad(() => groupNorm(randn([2, 4]), ones([3]), null, { numGroups: 2 }), ShapeError, /groupNorm: weight must have shape \[4\]/);
  bad(() => layerNorm(x, ones([3], { dtype: 'float64' }), null), DTypeError, /layerNorm: weight is float64 but the input is float32/);
});
