// Tensor.uninit (outputs a kernel overwrites) and the fast paths that use it: dtype, length, own
// buffer and allocation accounting; relu's backward and linear's bias at the edges (values by hand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, linear, measureAllocations, relu, tensor } from '../../src/index.js';

test('Tensor.uninit: dtype, shape, own buffer (small and large), counted once', () => {
  for (const dtype of ['float32', 'float64', 'int32', 'int64', 'bool'] as const) {
    for (const shape of [[3, 2], [256, 64]]) {
      const { result: t, bytes, count } = measureAllocations(() => Tensor.uninit(shape, dtype));
      assert.equal(t.dtype, dtype);
      assert.deepEqual(t.shape, shape);
      assert.equal(t.storage.data.length, shape[0] * shape[1]);
      assert.equal(t.storage.data.byteOffset, 0);
      assert.equal(t.storage.data.buffer.byteLength, t.storage.data.byteLength);
      assert.equal(count, 1);
      assert.equal(bytes, t.storage.data.byteLength);
      assert.equal(Tensor.empty(shape, dtype).storage.data.every((v) => v === 0), true);
    }
  }
});

test('relu backward: g where y > 0, else g·0 (so NaN stays NaN and −g·0 is −0)', () => {
  const x = tensor([-1, 0, 2, 3, -4], { requiresGrad: true });
  relu(x).backward(tensor([5, 6, 7, Number.NaN, -8]));
  const gx = x.grad!.toArray() as number[];
  // y = [0, 0, 2, 3, 0]: mask [0, 0, 1, 1, 0]; 5·0 = 0, 6·0 = 0, 7·1 = 7, NaN·1 = NaN, −8·0 = −0
  assert.ok(Object.is(gx[0], 0) && Object.is(gx[1], 0) && gx[2] === 7 && Number.isNaN(gx[3]) && Object.is(gx[4], -0));
});

test('relu backward through a non-contiguous gradient (a transposed view)', () => {
  const x = tensor([[1, -1], [-2, 2]], { requiresGrad: true });
  relu(x).backward(tensor([[1, 2], [3, 4]]).transpose(0, 1));
  // g = [[1, 3], [2, 4]], mask = [[1, 0], [0, 1]]
  assert.deepEqual(x.grad!.toArray(), [[1, 0], [0, 4]]);
});

test('linear bias: added to every row, its gradient is the column sum of G (by hand)', () => {
  const x = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
  const w = tensor([[1, 0], [0, 1]], { requiresGrad: true }), b = tensor([10, 20], { requiresGrad: true });
  const y = linear(x, w, b);
  assert.deepEqual(y.toArray(), [[11, 22], [13, 24], [15, 26]]);
  y.backward(tensor([[1, 2], [3, 4], [5, 6]]).transpose(0, 1).contiguous().transpose(0, 1));
  assert.deepEqual(b.grad!.toArray(), [9, 12]);
});
