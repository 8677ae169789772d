// Dataset classes: TensorDataset, Subset, ConcatDataset, TransformDataset and randomSplit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConcatDataset, Subset, TensorDataset, TransformDataset, randomSplit } from '../../src/data/index.js';
import { IndexError, ShapeError, ValueError } from '../../src/errors.js';
import { arange, tensor } from '../../src/tensor/index.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import '../../src/ops/index.js';

test('TensorDataset returns the i-th rows of each tensor', () => {
  const x = tensor([[1, 2], [3, 4], [5, 6]]), y = tensor([7, 8, 9], { dtype: 'int64' });
  const ds = new TensorDataset(x, y);
  assert.equal(ds.length, 3);
  const [xi, yi] = ds.getItem(1);
  assert.deepEqual(xi.toArray(), [3, 4]);
  assert.deepEqual(yi.shape, []);
  assert.equal(yi.item(), 8);
  assert.equal(yi.dtype, 'int64');
  assert.deepEqual(ds.getItem(-1)[0].toArray(), [5, 6]);
  assert.throws(() => ds.getItem(3), IndexError);
  assert.throws(() => ds.getItem(1.5), IndexError);
});

test('TensorDataset rejects tensors with different first dimensions, naming both shapes', () => {
  assert.throws(() => new TensorDataset(tensor([[1, 2], [3, 4]]), tensor([1, 2, 3])),
    (e: Error) => e instanceof ShapeError && /\[2,2\]/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => new TensorDataset(), ValueError);
  assert.throws(() => new TensorDataset(tensor(3)), ShapeError);
});

test('Subset and ConcatDataset map indices', () => {
  const a = new TensorDataset(arange(0, 5)), b = new TensorDataset(arange(10, 13));
  const sub = new Subset(a, [4, 0, 2]);
  assert.deepEqual([...sub].map(([v]) => v.item()), [4, 0, 2]);
  assert.throws(() => new Subset(a, [5]), IndexError);
  const cat = new ConcatDataset([a, b, sub]);
  assert.equal(cat.length, 11);
  // 0..4 from a, 10..12 from b, then 4, 0, 2 from sub
  assert.deepEqual([...cat].map(([v]) => v.item()), [0, 1, 2, 3, 4, 10, 11, 12, 4, 0, 2]);
  assert.throws(() => cat.getItem(11), IndexError);
});

test('TransformDataset applies transform to the input and targetTransform to the target', () => {
  const ds = new TransformDataset(new TensorDataset(tensor([1, 2]), tensor([3, 4])),
    { transform: (x) => x.mul(10), targetTransform: { call: (y: Tensor) => y.add(1) } });
  const [x, y] = ds.getItem(1);
  assert.equal(x.item(), 20);
  assert.equal(y.item(), 5);
});

test('randomSplit: counts, fractions (remainder to the first splits), disjoint, seeded', () => {
  const ds = new TensorDataset(arange(0, 10));
  const parts = randomSplit(ds, [0.5, 0.3, 0.2], { generator: new Generator(1) });
  assert.deepEqual(parts.map((p) => p.length), [5, 3, 2]);
  const all = parts.flatMap((p) => p.indices).sort((a, b) => a - b);
  assert.deepEqual(all, [...Array(10).keys()]);
  // 7 samples at [0.5, 0.5]: floor gives 3 + 3, the remaining one goes to split 0
  assert.deepEqual(randomSplit(new TensorDataset(arange(0, 7)), [0.5, 0.5]).map((p) => p.length), [4, 3]);
  const again = randomSplit(ds, [5, 3, 2], { generator: new Generator(1) });
  assert.deepEqual(again.map((p) => p.indices), parts.map((p) => p.indices));
  const other = randomSplit(ds, [5, 3, 2], { generator: new Generator(2) });
  assert.notDeepEqual(other.map((p) => p.indices), parts.map((p) => p.indices));
  assert.throws(() => randomSplit(ds, [5, 4]), (e: Error) => e instanceof ValueError && /10/.test(e.message));
  assert.throws(() => randomSplit(ds, [-1, 11]), ValueError);
});
