// In-place ops: PyTorch's rules (shape and dtype kept, operand broadcast, uncastable results refused,
// views see writes, overlapping operands read before they are written) and the same values as the
// out-of-place ops, which the PyTorch fixtures hold. Runs on both backends (scripts/run-tests.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AutogradError, DTypeError, ShapeError, ValueError, add, clone, div, manualSeed, mul, narrow, noGrad, randn,
  sub, tensor, transpose, zeros,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const bits = (t: Tensor): number[] => Array.from(t.contiguousData());

test('add_/sub_/mul_/div_ give the out-of-place result bit for bit, through the native streaming size', () => {
  manualSeed(3);
  // 600,007 float32 = 2.4 MB (past the 2 MiB streaming-store threshold), odd length, and a view at
  // offset 3 so the destination is not 16-byte aligned
  for (const n of [1, 7, 33, 1025, 600_007]) {
    const base = randn([n + 3]), o = randn([n]);
    const cases: Array<[string, (t: Tensor) => Tensor, (t: Tensor) => Tensor]> = [
      ['add_', (t) => t.add_(o), (t) => add(t, o)],
      ['add_ alpha', (t) => t.add_(o, { alpha: -0.5 }), (t) => add(t, o, { alpha: -0.5 })],
      ['sub_', (t) => t.sub_(o), (t) => sub(t, o)],
      ['mul_ scalar', (t) => t.mul_(1.5), (t) => mul(t, 1.5)],
      ['div_', (t) => t.div_(o), (t) => div(t, o)],
    ];
    for (const [name, inPlace, outOfPlace] of cases) {
      const b = clone(base), t = narrow(b, 0, 3, n);
      const want = outOfPlace(narrow(clone(base), 0, 3, n));
      assert.equal(inPlace(t), t, `${name} returns its destination`);
      assert.deepEqual(bits(t), bits(want), `${name} n=${n}`);
      assert.deepEqual(bits(narrow(b, 0, 0, 3)), bits(narrow(base, 0, 0, 3)), `${name} n=${n}: elements outside the view untouched`);
    }
  }
});

test('in-place ops broadcast the operand and write through non-contiguous views', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  noGrad(() => x.add_(tensor([10, 20, 30])));
  assert.deepEqual(x.toArray(), [[11, 22, 33], [14, 25, 36]]);
  const t = transpose(x, 0, 1);  // [3, 2] view, strides [1, 3]
  t.mul_(tensor([[1], [0], [-1]]));
  assert.deepEqual(x.toArray(), [[11, 0, -33], [14, 0, -36]]);
  t.zero_();
  assert.deepEqual(x.toArray(), [[0, 0, 0], [0, 0, 0]]);
  assert.throws(() => tensor([1, 2, 3]).add_(tensor([[1, 2, 3], [4, 5, 6]])), (e: unknown) =>
    e instanceof ShapeError && /add_: a \[2,3\] operand does not broadcast to the destination.s shape \[3\]/.test(e.message));
});

test('operands that overlap the destination are read before it is written (torch semantics)', () => {
  // the same view: element for element
  const a = tensor([1, 2, 3, 4]);
  a.add_(a);
  assert.deepEqual(a.toArray(), [2, 4, 6, 8]);
  // shifted views of one storage: every read sees the old values
  const b = tensor([1, 2, 3, 4, 5]);
  narrow(b, 0, 1, 4).add_(narrow(b, 0, 0, 4));
  assert.deepEqual(b.toArray(), [1, 3, 5, 7, 9]);
  const c = tensor([1, 2, 3, 4, 5]);
  narrow(c, 0, 0, 4).sub_(narrow(c, 0, 1, 4));
  assert.deepEqual(c.toArray(), [-1, -1, -1, -1, 5]);
  const d = tensor([[1, 2], [3, 4]]);
  d.mul_(transpose(d, 0, 1));
  assert.deepEqual(d.toArray(), [[1, 6], [6, 16]]);
  const e = tensor([1, 2, 3, 4, 5]);
  narrow(e, 0, 1, 4).copy_(narrow(e, 0, 0, 4));
  assert.deepEqual(e.toArray(), [1, 1, 2, 3, 4]);
  const f = tensor([[1, 2], [3, 4]]);
  f.copy_(transpose(f, 0, 1));
  assert.deepEqual(f.toArray(), [[1, 3], [2, 4]]);
});

test('dtype rules: the destination keeps its dtype; results it cannot hold are refused', () => {
  const f = tensor([1.5, 2.5]);
  f.add_(tensor([1, 2], { dtype: 'int64' }));
  assert.deepEqual(f.toArray(), [2.5, 4.5]);
  assert.equal(f.dtype, 'float32');
  const f32 = tensor([1, 1]);
  f32.add_(tensor([1e-9, 0.1], { dtype: 'float64' }));  // computed in float64, rounded to float32 once
  assert.deepEqual(Array.from(f32.contiguousData()), [Math.fround(1 + 1e-9), Math.fround(1.1)]);
  const i = tensor([1, 2], { dtype: 'int64' });
  i.mul_(3);
  assert.deepEqual(i.toArray(), [3, 6]);
  const refused = (fn: () => unknown, re: RegExp): void => assert.throws(fn, (e: unknown) => e instanceof DTypeError && re.test(e.message));
  refused(() => i.add_(0.5), /add_: result type float32 can't be cast to the destination's dtype int64/);
  refused(() => i.div_(2), /div_: result type float32 can't be cast/);
  refused(() => i.add_(tensor([0.5, 0.5])), /result type float32 can't be cast/);
  refused(() => tensor([true, false]).add_(1), /result type int64 can't be cast to the destination's dtype bool/);
  assert.deepEqual(i.toArray(), [3, 6], 'a refused op writes nothing');
  const m = tensor([true, false]);
  m.mul_(tensor([false, true]));
  assert.deepEqual(m.toArray(), [0, 0]);
});

test('scalar promotion with bool tensors follows torch: an integer makes int64, a JS boolean keeps bool', () => {
  const m = tensor([true, false]);
  assert.equal(add(m, 1).dtype, 'int64');
  assert.deepEqual(add(m, 1).toArray(), [2, 1]);
  assert.equal(add(m, 0.5).dtype, 'float32');
  assert.equal(mul(m, true as unknown as number).dtype, 'bool');
});

test('fill_ and zero_ store the value as the dtype holds it; copy_ casts and broadcasts', () => {
  const i = zeros([3], { dtype: 'int64' });
  i.fill_(2.7);
  assert.deepEqual(i.toArray(), [2, 2, 2]);
  i.fill_(-2.7);
  assert.deepEqual(i.toArray(), [-2, -2, -2]);
  assert.throws(() => i.fill_(NaN), (e: unknown) => e instanceof ValueError && /fill_: cannot store NaN in a int64 tensor/.test(e.message));
  const b = zeros([2], { dtype: 'bool' });
  b.fill_(2);
  assert.deepEqual(Array.from(b.contiguousData()), [1, 1]);
  const f = zeros([2, 3]);
  narrow(f, 1, 1, 2).fill_(7);
  assert.deepEqual(f.toArray(), [[0, 7, 7], [0, 7, 7]]);
  const dst = zeros([2, 3], { dtype: 'int64' });
  dst.copy_(tensor([1.9, -1.9, 3]));
  assert.deepEqual(dst.toArray(), [[1, -1, 3], [1, -1, 3]]);
  const tb = zeros([2], { dtype: 'bool' });
  tb.copy_(tensor([0.5, 0]));
  assert.deepEqual(Array.from(tb.contiguousData()), [1, 0]);
  assert.throws(() => zeros([3]).copy_(zeros([2])), ShapeError);
});

test('in-place ops refuse tensors that require grad (outside noGrad) and bump the version', () => {
  const w = randn([3]).requiresGrad_();
  assert.throws(() => w.add_(1), (e: unknown) => e instanceof AutogradError && /add_: in-place op on a \[3\] tensor that requires grad/.test(e.message));
  assert.throws(() => w.fill_(0), AutogradError);
  const v0 = w.version;
  noGrad(() => w.sub_(1));
  assert.equal(w.version, v0 + 1);
  // a tensor saved for backward and then modified in place is caught at backward
  const x = randn([3]).requiresGrad_();
  const y = mul(x, x);
  const s = y.sum();
  noGrad(() => x.mul_(2));
  assert.throws(() => s.backward(), /modified by an in-place operation|version/);
});
