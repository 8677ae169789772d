// maxPool2d / avgPool2d / adaptive pools: PyTorch fixtures in float64, gradcheck (padding,
// dilation, ceilMode, divisors, non-contiguous inputs), hand-derived values and indices, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DTypeError, ShapeError, Tensor, TrainlabError, ValueError, adaptiveAvgPool2d, adaptiveMaxPool2d, arange, avgPool2d,
  gradcheck, manualSeed, maxPool2d, ones, randn, tensor,
} from '../../src/index.js';
import { casesOf, runCase } from './conv-fixture-runner.js';

const f64 = { dtype: 'float64' as const, requiresGrad: true };
function check(fn: (x: Tensor) => Tensor, x: Tensor, what: string): void {
  const r = gradcheck(fn, [x]);
  assert.ok(r.passed, `${what}: gradcheck mismatch ${JSON.stringify(r.mismatch)}`);
}
const values = (t: Tensor) => Array.from(t.contiguousData());

test('ops.json pooling cases also match in float64', () => {
  const cases = casesOf('F.maxPool2d', 'F.avgPool2d', 'F.adaptiveAvgPool2d');
  assert.equal(cases.length, 11);
  for (const c of cases) runCase(c, 'float64');
});

test('maxPool2d gradcheck: stride, padding, dilation, ceilMode, 3-D and non-contiguous input', () => {
  manualSeed(11);
  const settings = [
    { kernelSize: 2 },
    { kernelSize: 3, stride: 2, padding: 1, ceilMode: true },
    { kernelSize: [2, 3], stride: [1, 2], padding: [1, 1], dilation: [2, 1] },
  ];
  for (const o of settings) check((x) => maxPool2d(x, o), randn([2, 2, 7, 6], f64), `maxPool2d ${JSON.stringify(o)}`);
  check((x) => maxPool2d(x, { kernelSize: 2, stride: 1 }), randn([3, 5, 4], f64), 'maxPool2d 3-D');
  const v = randn([2, 6, 5, 3], { dtype: 'float64' }).permute(0, 3, 2, 1).requiresGrad_(); // [2,3,5,6]
  check((x) => maxPool2d(x, { kernelSize: 2, padding: 1 }), v, 'maxPool2d view');
});

test('maxPool2d returnIndices gives the flat index within each plane (hand-derived)', () => {
  // x = 0..15 as a 4x4 plane: each 2x2 window's max is its bottom-right element
  const [out, idx] = maxPool2d(arange(0, 16, 1, { dtype: 'float32' }).reshape(1, 1, 4, 4), { kernelSize: 2, returnIndices: true });
  assert.deepEqual(values(out), [5, 7, 13, 15]);
  assert.equal(idx.dtype, 'int64');
  assert.deepEqual(idx.shape, [1, 1, 2, 2]);
  assert.deepEqual(values(idx), [5, 7, 13, 15]);
});

test('avgPool2d gradcheck: countIncludePad both ways, ceilMode, divisorOverride, non-contiguous', () => {
  manualSeed(12);
  const settings = [
    { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false, ceilMode: true },
    { kernelSize: [3, 2], stride: [2, 1], padding: [1, 0] },
    { kernelSize: 2, divisorOverride: 3 },
  ];
  for (const o of settings) check((x) => avgPool2d(x, o), randn([2, 2, 6, 5], f64), `avgPool2d ${JSON.stringify(o)}`);
  const v = randn([5, 6, 2], { dtype: 'float64' }).permute(2, 1, 0).requiresGrad_(); // [2,6,5]
  check((x) => avgPool2d(x, { kernelSize: 2, padding: 1, countIncludePad: false }), v, 'avgPool2d view');
});

test('avgPool2d divisorOverride divides the window sum by it (hand-derived)', () => {
  // a 2x2 window of ones sums to 4; divided by 1 → 4, by 8 → 0.5
  assert.deepEqual(values(avgPool2d(ones([1, 4, 4]), { kernelSize: 2, divisorOverride: 1 })), [4, 4, 4, 4]);
  assert.deepEqual(values(avgPool2d(ones([1, 4, 4]), { kernelSize: 2, divisorOverride: 8 })), [0.5, 0.5, 0.5, 0.5]);
});

test('adaptive pools: overlapping windows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) (hand-derived) and gradcheck', () => {
  // W = 3 → 2 outputs: windows [0, 2) and [1, 3); x = [1, 2, 4] → means [1.5, 3]
  assert.deepEqual(values(adaptiveAvgPool2d(tensor([1, 2, 4], { shape: [1, 1, 1, 3] }), { outputSize: [1, 2] })), [1.5, 3]);
  // 3x3 plane 0..8 → 2x2: windows rows/cols [0,2), [1,3): maxima 4, 5, 7, 8 at those flat indices
  const [out, idx] = adaptiveMaxPool2d(arange(0, 9, 1, { dtype: 'float32' }).reshape(1, 3, 3), { outputSize: 2, returnIndices: true });
  assert.deepEqual(out.shape, [1, 2, 2]);
  assert.deepEqual(values(out), [4, 5, 7, 8]);
  assert.deepEqual(values(idx), [4, 5, 7, 8]);
  // null keeps the input size along that dim
  assert.deepEqual(adaptiveAvgPool2d(randn([2, 3, 5, 7]), { outputSize: [null, 2] }).shape, [2, 3, 5, 2]);
  manualSeed(13);
  check((x) => adaptiveAvgPool2d(x, { outputSize: [3, 4] }), randn([2, 2, 5, 7], f64), 'adaptiveAvgPool2d 5x7→3x4');
  check((x) => adaptiveMaxPool2d(x, { outputSize: [2, 3] }), randn([2, 2, 5, 7], f64), 'adaptiveMaxPool2d 5x7→2x3');
  const v = randn([7, 5, 2], { dtype: 'float64' }).permute(2, 1, 0).requiresGrad_(); // [2,5,7]
  check((x) => adaptiveAvgPool2d(x, { outputSize: 3 }), v, 'adaptiveAvgPool2d view');
});

test('pooling rejects bad input with messages naming shapes and values', () => {
  const x = randn([1, 2, 5, 5]);
  const bad = (fn: () => unknown, cls: typeof TrainlabError, re: RegExp) => assert.throws(fn, (e: Error) => e instanceof cls && re.test(e.message), re.source);
  bad(() => maxPool2d(x, { kernelSize: 2, padding: 2 }), ValueError, /maxPool2d: padding \[2,2\] must be at most half the kernel size \[2,2\]/);
  bad(() => maxPool2d(x, { kernelSize: 6 }), ShapeError, /maxPool2d: input \[1,2,5,5\] is too small for kernel \[6,6\]/);
  bad(() => maxPool2d(x, { kernelSize: 3, dilation: 3 }), ShapeError, /too small .*dilation \[3,3\]/);
  bad(() => maxPool2d(x, {} as never), ValueError, /maxPool2d: kernelSize is required/);
  bad(() => maxPool2d(x, { kernelSize: 0 }), ValueError, /kernelSize must be an integer ≥ 1/);
  bad(() => avgPool2d(randn([1, 1, 2, 5, 5]), { kernelSize: 2 }), ShapeError, /avgPool2d: expected a 3-D \[C,H,W\] or 4-D \[N,C,H,W\] input, got 5-D input \[1,1,2,5,5\]/);
  bad(() => avgPool2d(x, { kernelSize: 2, divisorOverride: 0 }), ValueError, /divisorOverride must be a non-zero number, got 0/);
  bad(() => avgPool2d(tensor([1, 2, 3, 4], { shape: [1, 2, 2], dtype: 'int32' }), { kernelSize: 2 }), DTypeError, /avgPool2d: input must be a floating point tensor, got int32/);
  bad(() => adaptiveAvgPool2d(x, { outputSize: 0 }), ValueError, /adaptiveAvgPool2d: outputSize must hold positive integers, got 0/);
  bad(() => adaptiveMaxPool2d(x, { outputSize: [1, 2, 3] }), ValueError, /outputSize must be a number or \[h, w\]/);
});
