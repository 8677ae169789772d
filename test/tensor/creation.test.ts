// Tensor creation: from nested arrays and typed arrays, constant fills, ranges, dtypes and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, ValueError, arange, eye, full, linspace, ones, onesLike, tensor, zeros, zerosLike } from '../../src/index.js';

test('tensor() infers shape and dtype from nested arrays and typed arrays', () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(tensor([true, false]).dtype, 'bool');
  assert.equal(tensor(new Float64Array([1, 2])).dtype, 'float64');
  assert.equal(tensor(new Int32Array([1, 2])).dtype, 'int32');
  const big = tensor(new BigInt64Array([3n, -4n]));
  assert.equal(big.dtype, 'int64');
  assert.deepEqual(big.toArray(), [3, -4]);
  const s = tensor(2.5);
  assert.deepEqual(s.shape, []);
  assert.equal(s.item(), 2.5);
  assert.deepEqual(tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray(), [[1, 2], [3, 4]]);
  // float32 storage rounds: 0.1 is not exactly representable
  assert.equal(tensor([0.1]).item(), Math.fround(0.1));
  assert.equal(tensor([0.1], { dtype: 'float64' }).item(), 0.1);
});

test('tensor() rejects ragged data, bad shapes and grad on integers', () => {
  assert.throws(() => tensor([[1, 2], [3]]), (e: Error) => e instanceof ValueError && /ragged/.test(e.message));
  assert.throws(() => tensor([1, 2, 3], { shape: [2, 2] }), (e: Error) => e instanceof ValueError && /3 values.*\[2,2\]/.test(e.message));
  assert.throws(() => tensor([1, 2], { dtype: 'int64', requiresGrad: true }), DTypeError);
  assert.throws(() => tensor([1], { dtype: 'complex' as 'float32' }), DTypeError);
  assert.throws(() => tensor([Infinity], { dtype: 'int64' }), ValueError);
});

test('constant fills, ranges and eye', () => {
  assert.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(ones([3], { dtype: 'int32' }).toArray(), [1, 1, 1]);
  assert.deepEqual(full([2], 7).toArray(), [7, 7]);
  const z = zerosLike(tensor([1, 2], { dtype: 'float64' }));
  assert.equal(z.dtype, 'float64');
  assert.equal(onesLike(z, { requiresGrad: true }).requiresGrad, true);
  assert.deepEqual(arange(4).toArray(), [0, 1, 2, 3]);
  assert.equal(arange(4).dtype, 'int64');
  assert.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  assert.equal(arange(1, 2, 0.25).dtype, 'float32');
  assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.throws(() => zeros([2, -1]), /invalid shape \[2,-1\]/);
  assert.throws(() => arange(0, 1, 0), ValueError);
});
