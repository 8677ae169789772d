// Result dtypes of binary ops, as torch.result_type gives them (values checked by hand): tensors of
// the same dimensionality promote bool < int32 < int64 < float32 < float64; a 0-d tensor next to one
// with dimensions counts only when it is of a higher category; a JS number lifts only across categories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, clamp, full, logicalAnd, logicalNot, logicalOr, mul, tensor, where, zeros } from '../../src/index.js';

test('tensor ∘ tensor: plain promotion between tensors of the same dimensionality', () => {
  assert.equal(add(tensor([1, 2]), tensor([1, 2], { dtype: 'float64' })).dtype, 'float64');
  assert.equal(add(tensor([1, 2], { dtype: 'int32' }), tensor([1, 2], { dtype: 'int64' })).dtype, 'int64');
  assert.equal(add(tensor(1), tensor(2, { dtype: 'float64' })).dtype, 'float64', 'two 0-d tensors');
});

test('a 0-d tensor next to a tensor with dimensions counts only from a higher category', () => {
  const f32 = tensor([1.5, 2.5]), f64zero = tensor(0.1, { dtype: 'float64' });
  const r = add(f32, f64zero);
  assert.equal(r.dtype, 'float32');
  // the 0-d value is rounded to float32 before the add, as torch computes it
  assert.deepEqual(Array.from(r.contiguousData()), [Math.fround(1.5 + Math.fround(0.1)), Math.fround(2.5 + Math.fround(0.1))]);
  assert.equal(mul(f64zero, f32).dtype, 'float32', 'either side');
  assert.equal(add(tensor([1, 2], { dtype: 'int32' }), tensor(7, { dtype: 'int64' })).dtype, 'int32');
  assert.equal(add(tensor([1, 2], { dtype: 'int64' }), f64zero).dtype, 'float64', 'higher category: its dtype counts');
  assert.equal(add(tensor([true, false]), tensor(3, { dtype: 'int32' })).dtype, 'int32');
  assert.equal(where(tensor([true, false]), f32, f64zero).dtype, 'float32');
});

test('tensor ∘ number: only a number of a higher category lifts the tensor', () => {
  assert.equal(add(tensor([1, 2], { dtype: 'int32' }), 3).dtype, 'int32');
  assert.equal(add(tensor([1, 2], { dtype: 'int64' }), 0.5).dtype, 'float32');
  assert.equal(add(tensor([1, 2], { dtype: 'float64' }), 0.5).dtype, 'float64');
  assert.equal(add(tensor([true]), 1).dtype, 'int64');
});

test('two scalars (numbers or booleans) are refused with an error that says a tensor is needed', () => {
  for (const [a, b] of [[1, 2], [true, 1], [1, false], [true, true]] as [unknown, unknown][]) {
    assert.throws(() => add(a as number, b as number), /add: at least one operand must be a Tensor/);
  }
});

// torch 1.13, printed on this machine: logical_not([nan, 0, -0, 2]) = [F, T, T, F]; logical_and(·, 1) and
// logical_or(·, 0) = [T, F, F, T]; .bool() = [T, F, F, T]; zeros(1, bool).fill_(nan) = [T];
// tensor([2.7, -2.7], dtype=int64) = [2, -2]; tensor([2, 0.5], dtype=bool) = [T, T]
test('conversion to bool and to integers follows torch: NaN is true, fractions truncate toward zero', () => {
  const n = tensor([NaN, 0, -0, 2]);
  const bits = (t: ReturnType<typeof tensor>): number[] => Array.from(t.contiguousData());
  assert.deepEqual(bits(logicalNot(n)), [0, 1, 1, 0]);
  assert.deepEqual(bits(logicalAnd(n, tensor([1, 1, 1, 1]))), [1, 0, 0, 1]);
  assert.deepEqual(bits(logicalOr(n, tensor([0, 0, 0, 0]))), [1, 0, 0, 1]);
  assert.deepEqual(bits(n.to('bool')), [1, 0, 0, 1]);
  assert.deepEqual(bits(zeros([1], { dtype: 'bool' }).fill_(NaN)), [1]);
  assert.deepEqual(bits(tensor([2.7, -2.7], { dtype: 'int64' })), [2, -2]);
  assert.deepEqual(bits(tensor([2, 0.5, NaN], { dtype: 'bool' })), [1, 1, 1]);
  assert.deepEqual(bits(full([2], 2.7, { dtype: 'int64' })), [2, 2]);
  assert.deepEqual(bits(full([2], 2, { dtype: 'bool' })), [1, 1]);
  assert.deepEqual(bits(tensor(Float32Array.of(1.5, -0.5), { dtype: 'int32' })), [1, 0]);
  assert.throws(() => tensor([NaN], { dtype: 'int32' }), /tensor: NaN is not a valid int32 value/);
  assert.throws(() => full([2], Infinity, { dtype: 'int64' }), /full: Infinity is not a valid int64 value/);
});

// torch 1.13: clamp(tensor([1, 5]), min=2.5) = [2.5, 5.0] float32; clamp(tensor([1, 5]), min=2) = [2, 5] int64
test('clamp promotes an integer tensor to float32 for a fractional bound, as torch', () => {
  const i = tensor([1, 5], { dtype: 'int64' });
  const f = clamp(i, { min: 2.5 });
  assert.equal(f.dtype, 'float32');
  assert.deepEqual(f.toArray(), [2.5, 5]);
  const k = clamp(i, { min: 2 });
  assert.equal(k.dtype, 'int64');
  assert.deepEqual(k.toArray(), [2, 5]);
  assert.equal(clamp(tensor([1.5, -3]), -1, 1).dtype, 'float32');
});
