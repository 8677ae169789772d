// repeat (torch's Tensor.repeat) against hand-written tiles, its gradient (each element's copies
// summed) against finite differences, and its errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, gradcheck, randn, repeat, tensor, transpose } from '../../src/index.js';

test('repeat tiles the tensor, with extra leading sizes adding dims (torch values)', () => {
  // torch: tensor([1, 2]).repeat(2, 2) = [[1, 2, 1, 2], [1, 2, 1, 2]]
  assert.deepEqual(repeat(tensor([1, 2]), [2, 2]).toArray(), [[1, 2, 1, 2], [1, 2, 1, 2]]);
  // torch: tensor([[1, 2], [3, 4]]).repeat(1, 3) = [[1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4]]
  assert.deepEqual(tensor([[1, 2], [3, 4]]).repeat(1, 3).toArray(), [[1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4]]);
  // torch: tensor([[1, 2], [3, 4]]).repeat(2, 1) = [[1, 2], [3, 4], [1, 2], [3, 4]]
  assert.deepEqual(tensor([[1, 2], [3, 4]]).repeat([2, 1]).toArray(), [[1, 2], [3, 4], [1, 2], [3, 4]]);
  // a transposed (non-contiguous) input
  assert.deepEqual(repeat(transpose(tensor([[1, 2], [3, 4]]), 0, 1), [1, 2]).toArray(), [[1, 3, 1, 3], [2, 4, 2, 4]]);
  assert.deepEqual(repeat(tensor([5]), [2, 1, 3]).shape, [2, 1, 3]);
  assert.deepEqual(repeat(tensor([1, 2]), [0]).shape, [0]);
  assert.equal(repeat(tensor([1, 2], { dtype: 'int64' }), [2]).dtype, 'int64');
});

test('repeat gradient: the sum over each element\'s copies (gradcheck and by hand)', () => {
  const x = tensor([1, 2]).requiresGrad_();
  repeat(x, [3, 2]).mul(tensor([1, 10, 100, 1000])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [3 * (1 + 100), 3 * (10 + 1000)]);
  const a = randn([2, 3], { dtype: 'float64' }).requiresGrad_();
  assert.ok(gradcheck((t) => repeat(t, [2, 1, 2]), [a]).passed);
});

test('repeat refuses fewer sizes than dims and negative or fractional sizes', () => {
  assert.throws(() => repeat(tensor([[1]]), [2]), (e: unknown) => e instanceof ShapeError && /repeat: 1 repeat sizes for a 2-d tensor/.test(e.message));
  assert.throws(() => repeat(tensor([1]), [-1]), /repeat: sizes must be non-negative integers/);
  assert.throws(() => repeat(tensor([1]), [1.5]), /repeat: sizes must be non-negative integers/);
});
