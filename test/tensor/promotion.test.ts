// Result dtypes of binary ops, as torch.result_type gives them (values checked by hand): tensors of
// the same dimensionality promote bool < int32 < int64 < float32 < float64; a 0-d tensor next to one
// with dimensions counts only when it is of a higher category; a JS number lifts only across categories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, mul, tensor, where } from '../../src/index.js';

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
