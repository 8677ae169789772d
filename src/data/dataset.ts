// Map-style datasets as in torch.utils.data: Dataset, TensorDataset, Subset, ConcatDataset,
// TransformDataset, and randomSplit (seeded).
import type { DType } from '../backend/types.js';
import { IndexError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { Generator, defaultGenerator } from '../tensor/random.js';
import { permutation } from './sampler.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A map-style dataset: `length` samples, read by `getItem(i)` for i in [0, length).
 * `numberDType`, when set, tells the default collate what dtype to give plain numbers in the
 * samples (e.g. 'int64' for integer class labels); float32 otherwise.
 */
export abstract class Dataset<T = unknown> {
  abstract readonly length: number;
  abstract getItem(index: number): T;
  numberDType?: DType;

  /** Every sample in order. */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.getItem(i);
  }
}

/** Normalises an index into [0, n) (negative counts from the end) or throws an IndexError. */
export function checkIndex(index: number, n: number, op: string): number {
  if (!Number.isInteger(index) || index < -n || index >= n) {
    throw new IndexError(`${op}: index ${index} is out of range for a dataset of ${n} samples`);
  }
  return index < 0 ? index + n : index;
}

/** A view of sample `i` along dim 0, sharing storage, outside autograd (data carries no graph). */
export function sampleView(t: Tensor, i: number): Tensor {
  return new Tensor(t.storage, t.shape.slice(1), t.strides.slice(1), t.offset + i * t.strides[0], t.dtype);
}

/**
 * Samples are the i-th rows of each tensor: `getItem(i)` returns `[t0[i], t1[i], ...]` (views).
 * All tensors must have the same size along dim 0.
 * @example const ds = new TensorDataset(x, y); const [xi, yi] = ds.getItem(0);
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<T> {
  readonly tensors: T;
  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new ValueError('TensorDataset: expected at least one tensor');
    tensors.forEach((t, k) => {
      if (!(t instanceof Tensor)) throw new ValueError(`TensorDataset: argument ${k} is not a Tensor`);
      if (t.ndim === 0) throw new ShapeError(`TensorDataset: tensor ${k} is 0-d; every tensor needs a first (sample) dimension`);
    });
    const n = tensors[0].shape[0];
    tensors.forEach((t, k) => {
      if (t.shape[0] !== n) {
        throw new ShapeError(`TensorDataset: size mismatch between tensors: tensor 0 has shape ${fmtShape(tensors[0].shape)} ` +
          `(${n} samples) but tensor ${k} has shape ${fmtShape(t.shape)} (${t.shape[0]} samples)`);
      }
    });
    this.tensors = tensors;
  }
  get length(): number { return this.tensors[0].shape[0]; }
  getItem(index: number): T {
    const i = checkIndex(index, this.length, 'TensorDataset.getItem');
    return this.tensors.map((t) => sampleView(t, i)) as T;
  }
}

/** The samples of `dataset` at `indices`, in that order. */
export class Subset<T = unknown> extends Dataset<T> {
  readonly dataset: Dataset<T>;
  readonly indices: number[];
  constructor(dataset: Dataset<T>, indices: readonly number[]) {
    super();
    const n = dataset.length;
    this.indices = indices.map((i) => checkIndex(i, n, 'Subset'));
    this.dataset = dataset;
    this.numberDType = dataset.numberDType;
  }
  get length(): number { return this.indices.length; }
  getItem(index: number): T {
    return this.dataset.getItem(this.indices[checkIndex(index, this.length, 'Subset.getItem')]);
  }
}

/** Several datasets one after another. */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: Dataset<T>[];
  /** cumulativeSizes[k] = total length of datasets 0..k. */
  readonly cumulativeSizes: number[];
  constructor(datasets: readonly Dataset<T>[]) {
    super();
    if (datasets.length === 0) throw new ValueError('ConcatDataset: expected at least one dataset');
    this.datasets = [...datasets];
    let s = 0;
    this.cumulativeSizes = this.datasets.map((d) => (s += d.length));
    this.numberDType = datasets[0].numberDType;
  }
  get length(): number { return this.cumulativeSizes[this.cumulativeSizes.length - 1]; }
  getItem(index: number): T {
    const i = checkIndex(index, this.length, 'ConcatDataset.getItem');
    let lo = 0, hi = this.cumulativeSizes.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.cumulativeSizes[mid] > i) hi = mid; else lo = mid + 1; }
    return this.datasets[lo].getItem(lo === 0 ? i : i - this.cumulativeSizes[lo - 1]);
  }
}

/** A function applied to a sample (or its input / target). */
export type SampleFn<I, O> = ((x: I) => O) | { call(x: I): O };

function applyFn<I, O>(f: SampleFn<I, O>, x: I): O {
  return typeof f === 'function' ? f(x) : f.call(x);
}

/**
 * Applies `transform` to the input (element 0) and `targetTransform` to the target (element 1)
 * of each `[input, target, ...]` sample, as torchvision datasets' transform arguments do.
 * @example new TransformDataset(train, { transform: new RandomHorizontalFlip() })
 */
export class TransformDataset<T extends unknown[] = Tensor[]> extends Dataset<T> {
  constructor(readonly dataset: Dataset<T>,
    readonly opts: { transform?: SampleFn<T[0], T[0]>; targetTransform?: SampleFn<T[1], T[1]> } = {}) {
    super();
    this.numberDType = dataset.numberDType;
  }
  get length(): number { return this.dataset.length; }
  getItem(index: number): T {
    const item = [...this.dataset.getItem(index)] as T;
    if (this.opts.transform) item[0] = applyFn(this.opts.transform, item[0]);
    if (this.opts.targetTransform) item[1] = applyFn(this.opts.targetTransform, item[1]);
    return item;
  }
}

/**
 * Splits a dataset into non-overlapping random subsets. `lengths` are counts summing to the
 * dataset length, or fractions summing to 1 (floors, then the remainder handed out one by one
 * from the first subset, as PyTorch does). Seeded by `generator` (default: the global one).
 * @example const [train, val] = randomSplit(ds, [0.8, 0.2], { generator: new Generator(42) });
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[],
  opts: { generator?: Generator } = {}): Subset<T>[] {
  const n = dataset.length;
  const counts = splitCounts(n, lengths);
  const g = opts.generator ?? defaultGenerator;
  const perm = permutation(n, g);
  let off = 0;
  return counts.map((c) => new Subset(dataset, perm.slice(off, (off += c))));
}

function splitCounts(n: number, lengths: readonly number[]): number[] {
  if (lengths.length === 0) throw new ValueError('randomSplit: lengths is empty');
  if (lengths.some((l) => !Number.isFinite(l) || l < 0)) {
    throw new ValueError(`randomSplit: lengths must be non-negative numbers, got [${lengths.join(', ')}]`);
  }
  const total = lengths.reduce((a, b) => a + b, 0);
  if (lengths.every((l) => l <= 1) && Math.abs(total - 1) < 1e-9 && !(lengths.every(Number.isInteger) && total === n)) {
    const counts = lengths.map((f) => Math.floor(n * f));
    const rest = n - counts.reduce((a, b) => a + b, 0);
    for (let k = 0; k < rest; k++) counts[k % counts.length]++;
    return counts;
  }
  if (!lengths.every(Number.isInteger) || total !== n) {
    throw new ValueError(`randomSplit: sum of input lengths [${lengths.join(', ')}] does not equal the length of the ` +
      `input dataset (${n}); give counts summing to ${n} or fractions summing to 1`);
  }
  return [...lengths];
}
