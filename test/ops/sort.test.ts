// sort / argsort / topk against torch 1.13 (every expected value printed by it on this machine: NaN is
// the largest value, values and indices along any dim) and the gradient through the sorted values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, argsort, sort, tensor, topk } from '../../src/index.js';

const J = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x));

test('sort along the last dim and along dim 0, ascending and descending, NaN last / first', () => {
  const r = sort(tensor([3, 1, 2]));
  assert.deepEqual(r.values.toArray(), [1, 2, 3]);
  assert.deepEqual(r.indices.toArray(), [1, 2, 0]);
  assert.equal(r.indices.dtype, 'int64');
  // torch.sort(tensor([2., nan, 1.])) = values [1, 2, nan], indices [2, 0, 1]; descending: [nan, 2, 1], [1, 0, 2]
  const n = tensor([2, NaN, 1]);
  assert.equal(J(sort(n).values.toArray()), J([1, 2, NaN]));
  assert.deepEqual(sort(n).indices.toArray(), [2, 0, 1]);
  assert.equal(J(sort(n, { descending: true }).values.toArray()), J([NaN, 2, 1]));
  assert.deepEqual(sort(n, { descending: true }).indices.toArray(), [1, 0, 2]);
  const m = tensor([[3, 1], [1, 2], [2, 0]]);
  assert.deepEqual(sort(m, { dim: 0 }).values.toArray(), [[1, 0], [2, 1], [3, 2]]);
  assert.deepEqual(sort(m, { dim: 0 }).indices.toArray(), [[1, 2], [2, 0], [0, 1]]);
  assert.deepEqual(argsort(m, { descending: true }).toArray(), [[0, 1], [1, 0], [0, 1]]);
  // ties keep their order (stable)
  assert.deepEqual(argsort(tensor([1, 0, 1, 0])).toArray(), [1, 3, 0, 2]);
  assert.deepEqual(argsort(tensor([1, 0, 1, 0]), { descending: true }).toArray(), [0, 2, 1, 3]);
});

test('topk: largest or smallest k, in order, along a dim; bad k is refused', () => {
  const t = topk(tensor([1, 5, 3, 4]), 2);
  assert.deepEqual(t.values.toArray(), [5, 4]);
  assert.deepEqual(t.indices.toArray(), [1, 3]);
  assert.deepEqual(topk(tensor([1, 5, 3, 4]), 3, { largest: false }).values.toArray(), [1, 3, 4]);
  assert.deepEqual(topk(tensor([[1, 9], [7, 2]]), 1, { dim: 0 }).indices.toArray(), [[1, 0]]);
  assert.deepEqual(topk(tensor([1, 2]), 0).values.shape, [0]);
  assert.throws(() => topk(tensor([1, 2]), 3), (e: unknown) => e instanceof ValueError && /topk: k must be an integer in \[0, 2\], got 3/.test(e.message));
});

test('gradients reach the elements the sorted values came from', () => {
  const x = tensor([3, 1, 2]).requiresGrad_();
  sort(x).values.mul(tensor([1, 10, 100])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [100, 1, 10]);
  const y = tensor([1, 5, 3, 4]).requiresGrad_();
  topk(y, 2).values.sum().backward();
  assert.deepEqual(y.grad!.toArray(), [0, 1, 0, 1]);
});
