// DataLoader (batch counts, dropLast, seeded shuffle, coverage, async iteration) and defaultCollate
// on tensors, numbers and nested arrays / objects, with its errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataLoader, Dataset, SequentialSampler, BatchSampler, TensorDataset, defaultCollate } from '../../src/data/index.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { arange, randn, tensor } from '../../src/tensor/index.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import '../../src/ops/index.js';

const ds10 = (): TensorDataset<[Tensor, Tensor]> => new TensorDataset(arange(0, 20).reshape(10, 2).float(), arange(0, 10));
const firstCol = (x: Tensor): number[] => (x.toArray() as number[][]).map((r) => r[0] / 2);
const epochOrder = (dl: DataLoader<[Tensor, Tensor]>): number[] => [...dl].flatMap(([x]) => firstCol(x));

test('batch count and shapes, with and without dropLast', () => {
  const dl = new DataLoader(ds10(), { batchSize: 4 });
  assert.equal(dl.length, 3); // ceil(10/4)
  const batches = [...dl];
  assert.deepEqual(batches.map(([x, y]) => [x.shape, y.shape]), [[[4, 2], [4]], [[4, 2], [4]], [[2, 2], [2]]]);
  assert.deepEqual(batches[0][0].toArray(), [[0, 1], [2, 3], [4, 5], [6, 7]]);
  assert.equal(batches[0][1].dtype, 'int64');
  const dropped = new DataLoader(ds10(), { batchSize: 4, dropLast: true });
  assert.equal(dropped.length, 2); // floor(10/4)
  assert.equal([...dropped].length, 2);
  assert.equal(new DataLoader(ds10()).length, 10);
});

test('shuffle: every sample once per epoch, reproducible with one seed, different with another', () => {
  const mk = (seed: number): DataLoader<[Tensor, Tensor]> => new DataLoader(ds10(), { batchSize: 3, shuffle: true, generator: new Generator(seed) });
  const a = mk(1), e1 = epochOrder(a), e2 = epochOrder(a);
  assert.deepEqual([...e1].sort((x, y) => x - y), [...Array(10).keys()]);
  assert.deepEqual([...e2].sort((x, y) => x - y), [...Array(10).keys()]);
  assert.notDeepEqual(e1, e2); // a new permutation each epoch
  const b = mk(1);
  assert.deepEqual([epochOrder(b), epochOrder(b)], [e1, e2]);
  assert.notDeepEqual(epochOrder(mk(2)), e1);
  // labels stay paired with their inputs
  for (const [x, y] of mk(3)) assert.deepEqual(firstCol(x), y.toArray());
});

test('without a generator, manualSeed before construction makes the shuffle reproducible', () => {
  manualSeed(123);
  const a = epochOrder(new DataLoader(ds10(), { batchSize: 5, shuffle: true }));
  manualSeed(123);
  const b = epochOrder(new DataLoader(ds10(), { batchSize: 5, shuffle: true }));
  assert.deepEqual(a, b);
  // a loader that does not shuffle draws nothing from the global generator
  manualSeed(7);
  const r1 = randn([3]).toArray();
  manualSeed(7);
  void new DataLoader(ds10(), { batchSize: 5 });
  assert.deepEqual(randn([3]).toArray(), r1);
});

test('custom sampler, batchSampler and collateFn', () => {
  const ds = ds10();
  const bs = new BatchSampler(new SequentialSampler(ds), 5);
  const dl = new DataLoader(ds, { batchSampler: bs, collateFn: (s) => s.length });
  assert.deepEqual([...dl], [5, 5]);
  assert.throws(() => new DataLoader(ds, { batchSampler: bs, batchSize: 2 }), ValueError);
  assert.throws(() => new DataLoader(ds, { sampler: new SequentialSampler(ds), shuffle: true }), ValueError);
  const rev = { length: 3, *[Symbol.iterator]() { yield 9; yield 8; yield 7; } };
  assert.deepEqual(epochOrder(new DataLoader(ds, { sampler: rev, batchSize: 2 })), [9, 8, 7]);
});

test('async iteration yields the same batches', async () => {
  const dl = new DataLoader(ds10(), { batchSize: 4 });
  const got: number[] = [];
  for await (const [x] of dl) got.push(...firstCol(x));
  assert.deepEqual(got, [...Array(10).keys()]);
});

test('bad loader arguments raise clear errors', () => {
  class Empty extends Dataset<number> { readonly length = 0; getItem(): number { return 0; } }
  assert.throws(() => new DataLoader(new Empty()), (e: Error) => e instanceof ValueError && /empty/.test(e.message));
  assert.throws(() => new DataLoader(ds10(), { batchSize: 0 }), (e: Error) => e instanceof ValueError && /batchSize/.test(e.message));
  assert.throws(() => new DataLoader(ds10(), { batchSize: 2.5 }), ValueError);
});

test('numbers collate to float32, or to the dtype the dataset declares', () => {
  class Pairs extends Dataset<[number[], number]> {
    readonly length = 3;
    getItem(i: number): [number[], number] { return [[i, i + 0.5], i]; }
  }
  const ds = new Pairs();
  const [[x, y]] = [...new DataLoader(ds, { batchSize: 3 })];
  assert.equal(y.dtype, 'float32');
  assert.deepEqual(y.toArray(), [0, 1, 2]);
  // the array [i, i + 0.5] collates position by position into two [3] tensors
  assert.deepEqual(x.map((t) => t.toArray()), [[0, 1, 2], [0.5, 1.5, 2.5]]);
  ds.numberDType = 'int64';
  assert.throws(() => [...new DataLoader(ds, { batchSize: 3 })], (e: Error) => e instanceof ValueError && /0\.5/.test(e.message));
  const [[, yi]] = [...new DataLoader(ds, { batchSize: 3, collateFn: (s) => defaultCollate(s.map(([, l]) => [l, l] as const), { numberDType: 'int64' }) })];
  assert.equal(yi.dtype, 'int64');
});

test('defaultCollate stacks tensors and recurses into arrays and objects', () => {
  const samples = [
    { img: tensor([[1, 2]]), meta: { id: 1, ok: true, name: 'a' }, pair: [tensor([1]), 5] },
    { img: tensor([[3, 4]]), meta: { id: 2, ok: false, name: 'b' }, pair: [tensor([2]), 6] },
  ];
  const b = defaultCollate(samples);
  assert.deepEqual(b.img.shape, [2, 1, 2]);
  assert.deepEqual(b.img.toArray(), [[[1, 2]], [[3, 4]]]);
  assert.deepEqual(b.meta.id.toArray(), [1, 2]);
  assert.equal(b.meta.ok.dtype, 'bool');
  assert.deepEqual(b.meta.name, ['a', 'b']);
  assert.deepEqual((b.pair[0] as Tensor).toArray(), [[1], [2]]);
  assert.deepEqual((b.pair[1] as Tensor).toArray(), [5, 6]);
  // a non-contiguous view collates by value
  const t = tensor([[1, 2], [3, 4]]).transpose(0, 1);
  assert.deepEqual(defaultCollate([t, t]).toArray(), [[[1, 3], [2, 4]], [[1, 3], [2, 4]]]);
});

test('defaultCollate errors name the sample index, path and shapes', () => {
  assert.throws(() => defaultCollate([tensor([1, 2]), tensor([1, 2]), tensor([1, 2, 3])]),
    (e: Error) => e instanceof ShapeError && /sample 2/.test(e.message) && /\[2\]/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => defaultCollate([{ x: [tensor([1]), tensor([[1]])] }, { x: [tensor([1]), tensor([1])] }]),
    (e: Error) => e instanceof ShapeError && /\.x\[1\]/.test(e.message) && /sample 1/.test(e.message));
  assert.throws(() => defaultCollate([tensor([1]), tensor([1], { dtype: 'int64' })]), DTypeError);
  assert.throws(() => defaultCollate([[1, 2], [1]]), (e: Error) => e instanceof ShapeError && /sample 1 has 1/.test(e.message));
  assert.throws(() => defaultCollate([{ a: 1 }, { b: 1 }]), ValueError);
  assert.throws(() => defaultCollate([1, 'x']), (e: Error) => e instanceof ValueError && /sample 1/.test(e.message));
  assert.throws(() => defaultCollate([new Map()]), ValueError);
  assert.throws(() => defaultCollate([]), ValueError);
});
