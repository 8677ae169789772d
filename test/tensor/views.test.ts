// Views share storage with their base; broadcasting follows NumPy/PyTorch rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ShapeError, add, broadcastShapes, contiguous, expand, narrow, noGrad, permute, reshape, select, tensor, transpose,
  unsqueeze, view, randn,
} from '../../src/index.js';

test('view, transpose, narrow, select, expand, unsqueeze share storage with the base', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  const v = view(x, [3, 2]), t = transpose(x, 0, 1), n = narrow(x, 1, 1, 2), s = select(x, 0, 1);
  const e = expand(unsqueeze(x, 0), [2, 2, 3]);
  for (const w of [v, t, n, s, e]) assert.equal(w.storage, x.storage);
  noGrad(() => x.mul_(10));
  assert.deepEqual(v.toArray(), [[10, 20], [30, 40], [50, 60]]);
  assert.deepEqual(t.toArray(), [[10, 40], [20, 50], [30, 60]]);
  assert.deepEqual(n.toArray(), [[20, 30], [50, 60]]);
  assert.deepEqual(s.toArray(), [40, 50, 60]);
  assert.deepEqual(e.toArray(), [x.toArray(), x.toArray()]);
  // writing through a view changes the base
  noGrad(() => n.fill_(0));
  assert.deepEqual(x.toArray(), [[10, 0, 0], [40, 0, 0]]);
});

test('non-contiguous views: strides, contiguous() copies, view() refuses, reshape copies', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  const t = transpose(x, 0, 1);
  assert.deepEqual(t.strides, [1, 3]);
  assert.equal(t.isContiguous(), false);
  const c = contiguous(t);
  assert.notEqual(c.storage, x.storage);
  assert.deepEqual(c.strides, [2, 1]);
  assert.throws(() => view(t, [6]), (e: Error) => e instanceof ShapeError && /not contiguous/.test(e.message));
  assert.deepEqual(reshape(t, [6]).toArray(), [1, 4, 2, 5, 3, 6]);
  assert.deepEqual(permute(tensor([[[1, 2]], [[3, 4]]]), [2, 0, 1]).toArray(), [[[1], [3]], [[2], [4]]]);
});

test('broadcasting: shapes align from the right, size-1 dims stretch', () => {
  assert.deepEqual(broadcastShapes([2, 1, 4], [3, 1], 'op'), [2, 3, 4]);
  assert.deepEqual(broadcastShapes([], [5], 'op'), [5]);
  assert.throws(() => broadcastShapes([2, 3], [4, 3], 'add'), (e: Error) => e instanceof ShapeError && /size 2 vs 4 at dimension -2/.test(e.message));
  // column [3,1] + row [1,2] → every pair a_i + b_j
  assert.deepEqual(add(tensor([[0], [10], [20]]), tensor([[1, 2]])).toArray(), [[1, 2], [11, 12], [21, 22]]);
});

test('shape methods take a list or separate sizes, as torch does (both type-check)', () => {
  const x = randn([8]);
  assert.deepEqual(x.view([4, 2]).shape, [4, 2]);
  assert.deepEqual(x.view(2, 4).shape, [2, 4]);
  assert.deepEqual(x.reshape([2, -1]).shape, [2, 4]);
  assert.deepEqual(x.view(4, 2).permute([1, 0]).shape, [2, 4]);
  assert.deepEqual(x.view(8, 1).expand([8, 3]).shape, [8, 3]);
});
