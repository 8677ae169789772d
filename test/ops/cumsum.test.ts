// cumsum against hand-computed sums (torch.cumsum's dtype rules), and pow's refusal of negative
// integer powers of integers (torch: "Integers to negative integer powers are not allowed").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, cumsum, pow, tensor } from '../../src/index.js';

test('cumsum along each dim, negative dims, 0-d input, dtypes as torch', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(cumsum(x, 1).toArray(), [[1, 3, 6], [4, 9, 15]]);
  assert.deepEqual(cumsum(x, 0).toArray(), [[1, 2, 3], [5, 7, 9]]);
  assert.deepEqual(x.cumsum(-1).toArray(), [[1, 3, 6], [4, 9, 15]]);
  assert.equal(cumsum(x, 0).dtype, 'float32');
  const i = cumsum(tensor([1, 2, 3], { dtype: 'int32' }), 0);
  assert.equal(i.dtype, 'int64');
  assert.deepEqual(i.toArray(), [1, 3, 6]);
  assert.deepEqual(cumsum(tensor([true, false, true]), 0).toArray(), [1, 1, 2]);
  assert.equal(cumsum(tensor(5), 0).item(), 5);
  // summed in double, rounded once: 1e8 + 1 + 1 − 1e8 stays 2 in float32 only that way
  assert.deepEqual(Array.from(cumsum(tensor([1e8, 1, 1, -1e8]), 0).contiguousData()), [1e8, Math.fround(1e8 + 1), Math.fround(1e8 + 2), 2]);
  assert.throws(() => cumsum(x, 2), /cumsum/);
});

test('cumsum backward is the reversed cumulative sum of the gradient', () => {
  const x = tensor([1, 2, 3]).requiresGrad_();
  cumsum(x, 0).mul(tensor([1, 10, 100])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [111, 110, 100]);
});

test('pow refuses negative integer powers of integers', () => {
  assert.throws(() => pow(tensor([2], { dtype: 'int64' }), -1), (e: unknown) => e instanceof ValueError && /pow: integers to negative integer powers are not allowed/.test(e.message));
  assert.throws(() => pow(tensor([2, 3], { dtype: 'int32' }), tensor([1, -2], { dtype: 'int32' })), ValueError);
  assert.deepEqual(pow(tensor([2], { dtype: 'int64' }), 3).toArray(), [8]);
  assert.deepEqual(pow(tensor([2]), -1).toArray(), [0.5]);
});
