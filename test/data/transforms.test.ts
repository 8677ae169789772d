// Transforms on hand-made images: flips reverse columns/rows, crops land on the padded windows,
// normalize/rotate/scale match hand-computed values, random ones are seeded and per-sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transforms as T } from '../../src/data/index.js';
import { ShapeError, ValueError, DTypeError } from '../../src/errors.js';
import { tensor, zeros } from '../../src/tensor/index.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import '../../src/ops/index.js';

const g = (s = 0): { generator: Generator } => ({ generator: new Generator(s) });
/** Runs a transform and checks it left its input untouched. */
function run(t: T.TransformLike, x: Tensor): Tensor {
  const before = Array.from(x.contiguousData());
  const out = T.applyTransform(t, x);
  assert.deepEqual(Array.from(x.contiguousData()), before, 'input was modified');
  return out;
}

test('horizontal flip reverses the columns of every channel; p=0 copies', () => {
  const x = tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]); // [2,2,3]
  assert.deepEqual(run(new T.RandomHorizontalFlip(1), x).toArray(), [[[3, 2, 1], [6, 5, 4]], [[9, 8, 7], [12, 11, 10]]]);
  const same = run(new T.RandomHorizontalFlip(0), x);
  assert.deepEqual(same.toArray(), x.toArray());
  assert.notEqual(same.storage, x.storage);
  assert.deepEqual(run(new T.RandomVerticalFlip(1), x).toArray(), [[[4, 5, 6], [1, 2, 3]], [[10, 11, 12], [7, 8, 9]]]);
});

test('flips on a batch draw per image; same seed, same result', () => {
  const x = tensor(Array.from({ length: 200 }, () => [[[0, 1]]])); // [200,1,1,2]
  const out = run(new T.RandomHorizontalFlip(0.5, g(4)), x).toArray() as number[][][][];
  const flipped = out.filter((s) => s[0][0][0] === 1).length;
  assert.ok(out.every((s) => s[0][0][0] + s[0][0][1] === 1));
  // Binomial(200, 0.5): mean 100, sd 7.1; 60..140 is > 5 sd either way
  assert.ok(flipped > 60 && flipped < 140, `${flipped}`);
  assert.deepEqual(run(new T.RandomHorizontalFlip(0.5, g(4)), x).toArray(), out);
  manualSeed(9);
  const a = run(new T.RandomHorizontalFlip(), x).toArray();
  manualSeed(9);
  assert.deepEqual(run(new T.RandomHorizontalFlip(), x).toArray(), a);
});

test('RandomCrop with padding 1 of a 2×2 image yields exactly the 9 windows of the padded image', () => {
  // padded 4×4:   0 0 0 0 / 0 1 2 0 / 0 3 4 0 / 0 0 0 0 ; 2×2 windows at top,left ∈ {0,1,2}²
  const windows = [
    [[0, 0], [0, 1]], [[0, 0], [1, 2]], [[0, 0], [2, 0]],
    [[0, 1], [0, 3]], [[1, 2], [3, 4]], [[2, 0], [4, 0]],
    [[0, 3], [0, 0]], [[3, 4], [0, 0]], [[4, 0], [0, 0]],
  ].map((w) => JSON.stringify([w]));
  const x = tensor([[[1, 2], [3, 4]]]);
  const crop = new T.RandomCrop(2, { padding: 1, ...g(1) });
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(JSON.stringify(run(crop, x).toArray()));
  assert.deepEqual([...seen].sort(), [...windows].sort());
  // fill, asymmetric padding [left, top, right, bottom] = [1, 0, 0, 0] and a 2×3 crop: only one position
  assert.deepEqual(run(new T.RandomCrop([2, 3], { padding: [1, 0, 0, 0], fill: -1 }), x).toArray(), [[[-1, 1, 2], [-1, 3, 4]]]);
});

test('RandomCrop: padIfNeeded, batches, errors', () => {
  const x = tensor([[[1, 2], [3, 4]]]);
  // padIfNeeded pads the deficit (2) on both sides → 6×6 with the image at rows/cols 2..3; every 4×4
  // window (top, left ∈ {0,1,2}) covers rows and cols 2..3, so it holds the whole image: sum 1+2+3+4 = 10
  const crop = new T.RandomCrop(4, { padIfNeeded: true, ...g(0) });
  for (let i = 0; i < 10; i++) {
    const out = run(crop, x);
    assert.deepEqual(out.shape, [1, 4, 4]);
    assert.equal(Array.from(out.contiguousData()).reduce((a, b) => a + b, 0), 10);
  }
  assert.throws(() => new T.RandomCrop(3).call(x), (e: Error) => e instanceof ShapeError && /\[3,3\]/.test(e.message));
  assert.deepEqual(run(new T.RandomCrop(1, g(0)), zeros([5, 3, 4, 4])).shape, [5, 3, 1, 1]);
  assert.throws(() => new T.RandomCrop(0), ValueError);
  assert.throws(() => new T.RandomCrop(2, { padding: [1, 2, 3] }), ValueError);
});

test('Normalize subtracts the channel mean and divides by the channel std', () => {
  // c0: (1−1)/2 = 0, (3−1)/2 = 1 ; c1: (2−2)/4 = 0, (6−2)/4 = 1
  const x = tensor([[[1, 3]], [[2, 6]]]);
  assert.deepEqual(run(new T.Normalize([1, 2], [2, 4]), x).toArray(), [[[0, 1]], [[0, 1]]]);
  // batch [2,2,1,2]: the same per channel
  const b = tensor([[[[1, 3]], [[2, 6]]], [[[3, 5]], [[6, 10]]]]);
  assert.deepEqual(run(new T.Normalize([1, 2], [2, 4]), b).toArray(), [[[[0, 1]], [[0, 1]]], [[[1, 2]], [[1, 2]]]]);
  assert.throws(() => new T.Normalize([1, 2, 3], [1, 1, 1]).call(x), (e: Error) => e instanceof ShapeError && /2 channels/.test(e.message));
  assert.throws(() => new T.Normalize([0], [0]), ValueError);
  assert.throws(() => new T.Normalize(0, 1).call(tensor([[1]], { dtype: 'int64' })), DTypeError);
});

test('RandomRotation by exactly 90° turns the picture counter-clockwise (nearest and bilinear)', () => {
  const x = tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]);
  // np.rot90 of the grid: [[3,6,9],[2,5,8],[1,4,7]]
  const expected = [[[3, 6, 9], [2, 5, 8], [1, 4, 7]]];
  assert.deepEqual(run(new T.RandomRotation([90, 90]), x).toArray(), expected);
  const bl = (run(new T.RandomRotation([90, 90], { interpolation: 'bilinear' }), x).toArray() as number[][][])[0].flat();
  expected[0].flat().forEach((v, i) => assert.ok(Math.abs(bl[i] - v) < 1e-5, `${bl[i]} vs ${v}`));
});

test('RandomAffine scale 2 about the centre: bilinear interpolates, nearest rounds', () => {
  // row [0, 10, 20], centre x = 1: output x maps to source 1 + (x − 1)/2 = 0.5, 1, 1.5
  const x = tensor([[[0, 10, 20]]]);
  const bil = run(new T.RandomAffine(0, { scale: [2, 2], interpolation: 'bilinear' }), x).toArray() as number[][][];
  assert.deepEqual(bil[0][0], [5, 10, 15]);
  // nearest: round(0.5) = 1 → 10, round(1.5) = 2 → 20
  assert.deepEqual((run(new T.RandomAffine(0, { scale: [2, 2] }), x).toArray() as number[][][])[0][0], [10, 10, 20]);
  // translate by up to 1/3 of 3 pixels = 1 pixel: each output is the row shifted by −1, 0 or 1 with fill 0
  const shifts = new Set<string>();
  const aff = new T.RandomAffine(0, { translate: [1 / 3, 0], ...g(2) });
  for (let i = 0; i < 60; i++) shifts.add(JSON.stringify((run(aff, x).toArray() as number[][][])[0][0]));
  assert.deepEqual([...shifts].sort(), ['[0,0,10]', '[0,10,20]', '[10,20,0]'].sort());
  assert.throws(() => new T.RandomAffine(-5), ValueError);
  assert.throws(() => new T.RandomAffine(5, { scale: [0, 1] }), ValueError);
});

test('GaussianNoise: std 0 is the identity; otherwise N(mean, std²) noise, seeded', () => {
  const x = tensor([[[1, 2]]]);
  assert.deepEqual(run(new T.GaussianNoise(0), x).toArray(), x.toArray());
  const z = zeros([1, 100, 200]);
  const d = Array.from(run(new T.GaussianNoise(0.5, { mean: 1, ...g(3) }), z).contiguousData());
  const m = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / d.length);
  // 20000 draws: the sample mean has sd 0.5/√20000 ≈ 0.0035, the sample sd about 0.0025
  assert.ok(Math.abs(m - 1) < 0.02 && Math.abs(sd - 0.5) < 0.015, `${m} ${sd}`);
  assert.deepEqual(Array.from(run(new T.GaussianNoise(0.5, { mean: 1, ...g(3) }), z).contiguousData()), d);
});

test('RandomErasing fills one rectangle of the image with the value (per channel)', () => {
  const x = zeros([2, 10, 10]);
  for (let s = 0; s < 20; s++) {
    const out = run(new T.RandomErasing({ p: 1, value: [7, 8], ...g(s) }), x).toArray() as number[][][];
    for (const [c, v] of [[0, 7], [1, 8]]) {
      const cells: [number, number][] = [];
      out[c].forEach((row, i) => row.forEach((val, j) => { if (val !== 0) { assert.equal(val, v); cells.push([i, j]); } }));
      const is = cells.map((p) => p[0]), js = cells.map((p) => p[1]);
      const h = Math.max(...is) - Math.min(...is) + 1, w = Math.max(...js) - Math.min(...js) + 1;
      // a full h×w rectangle, smaller than the image, of area ≈ scale·100 ∈ [2, 33] (up to rounding of h and w)
      assert.equal(cells.length, h * w);
      assert.ok(h < 10 && w < 10 && h * w >= 1 && h * w <= 45, `${h}x${w}`);
    }
  }
  assert.deepEqual(run(new T.RandomErasing({ p: 0 }), x).toArray(), x.toArray());
  assert.throws(() => new T.RandomErasing({ scale: [0.5, 0.1] }), ValueError);
});

test('Compose applies in order, Lambda wraps a function, toTensor converts HWC pixels', () => {
  const c = new T.Compose([(x: Tensor) => x.add(1), new T.Lambda((x) => x.mul(2))]);
  assert.deepEqual(run(c, tensor([[[1]]])).toArray(), [[[4]]]); // (1 + 1)·2, not 1·2 + 1
  assert.throws(() => new T.Compose([3 as unknown as T.TransformLike]), ValueError);
  // 1×2 image, 2 channels, HWC [[a0,a1],[b0,b1]] = [[0,255],[51,102]] → CHW /255
  const t = T.toTensor([0, 255, 51, 102], [1, 2, 2]);
  assert.deepEqual(t.shape, [2, 1, 2]);
  assert.deepEqual(Array.from(t.contiguousData()), [0, 0.2, 1, 0.4].map(Math.fround));
  assert.throws(() => T.toTensor([1, 2, 3], [2, 2]), ShapeError);
});

test('transforms reject inputs that are not images', () => {
  assert.throws(() => new T.RandomHorizontalFlip(1).call(tensor([1, 2])), (e: Error) => e instanceof ShapeError && /\[2\]/.test(e.message));
  assert.throws(() => new T.RandomHorizontalFlip(1.5), ValueError);
  assert.throws(() => new T.RandomErasing().call(zeros([1, 2, 3, 4, 5])), ShapeError);
});
