// Samplers: the order in which a DataLoader reads sample indices (sequential, random, subset,
// weighted) and BatchSampler, which groups them into batches. All random ones are seeded.
import { ValueError } from '../errors.js';
import { Generator, defaultGenerator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

/** An iterable of sample indices with a known count. */
export interface Sampler<T = number> extends Iterable<T> {
  readonly length: number;
}

function checkCount(n: unknown, op: string, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new ValueError(`${op}: ${what} must be a positive integer, got ${String(n)}`);
  return n;
}

/** A generator for one pass: the given one, or a fresh one seeded from the global generator. */
function passGenerator(g: Generator | undefined): Generator {
  return g ?? new Generator(defaultGenerator.nextUint32());
}

/** Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, g: Generator): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = g.below(i + 1); const t = p[i]; p[i] = p[j]; p[j] = t; }
  return p;
}

/** Indices 0, 1, ..., n-1 in order. */
export class SequentialSampler implements Sampler {
  constructor(readonly dataSource: { readonly length: number }) {}
  get length(): number { return this.dataSource.length; }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.dataSource.length; i++) yield i;
  }
}

export interface RandomSamplerOptions {
  /** Draw with replacement (default false: a permutation, repeated whole if numSamples > n). */
  replacement?: boolean;
  /** Indices per pass (default: the dataset length). */
  numSamples?: number;
  /** Default: each pass seeds a fresh generator from the global one, as PyTorch does. */
  generator?: Generator;
}

/**
 * Random indices: a fresh permutation per pass, or uniform draws with replacement.
 * @example new RandomSampler(ds, { generator: new Generator(0) })
 */
export class RandomSampler implements Sampler {
  readonly replacement: boolean;
  readonly generator?: Generator;
  private readonly n?: number;
  constructor(readonly dataSource: { readonly length: number }, opts: RandomSamplerOptions = {}) {
    this.replacement = opts.replacement ?? false;
    this.generator = opts.generator;
    if (opts.numSamples !== undefined) this.n = checkCount(opts.numSamples, 'RandomSampler', 'numSamples');
  }
  get length(): number { return this.n ?? this.dataSource.length; }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length, k = this.length;
    if (n === 0) return;
    const g = passGenerator(this.generator);
    if (this.replacement) {
      for (let i = 0; i < k; i++) yield g.below(n);
      return;
    }
    for (let done = 0; done < k;) {
      const p = permutation(n, g);
      for (let i = 0; i < n && done < k; i++, done++) yield p[i];
    }
  }
}

/** The given indices in a fresh random order each pass. */
export class SubsetRandomSampler implements Sampler {
  readonly indices: number[];
  constructor(indices: readonly number[], readonly opts: { generator?: Generator } = {}) {
    if (indices.some((i) => !Number.isInteger(i) || i < 0)) throw new ValueError('SubsetRandomSampler: indices must be non-negative integers');
    this.indices = [...indices];
  }
  get length(): number { return this.indices.length; }
  *[Symbol.iterator](): Iterator<number> {
    const p = permutation(this.indices.length, passGenerator(this.opts.generator));
    for (const i of p) yield this.indices[i];
  }
}

/**
 * Draws `numSamples` indices in [0, weights.length) with probability proportional to `weights`
 * (with replacement by default; without replacement each index appears at most once).
 * `weights` is a list or a 1-D tensor, e.g. 1 / class frequency of each sample's label.
 * @example new WeightedRandomSampler([0.1, 0.9], 100, { generator: new Generator(1) })
 */
export class WeightedRandomSampler implements Sampler {
  readonly weights: number[];
  readonly numSamples: number;
  readonly replacement: boolean;
  private readonly cdf: number[];
  constructor(weights: ArrayLike<number> | Tensor, numSamples: number, readonly opts: { replacement?: boolean; generator?: Generator } = {}) {
    const op = 'WeightedRandomSampler';
    this.weights = Array.from(weights instanceof Tensor ? weights.contiguousData() : weights);
    const bad = this.weights.findIndex((w) => !Number.isFinite(w) || w < 0);
    if (bad >= 0) throw new ValueError(`${op}: weights must be finite and non-negative, weights[${bad}] = ${this.weights[bad]}`);
    let s = 0;
    this.cdf = this.weights.map((w) => (s += w));
    if (!(s > 0)) throw new ValueError(`${op}: the weights sum to ${s}; at least one must be positive`);
    this.numSamples = checkCount(numSamples, op, 'numSamples');
    this.replacement = opts.replacement ?? true;
    const positive = this.weights.filter((w) => w > 0).length;
    if (!this.replacement && this.numSamples > positive) {
      throw new ValueError(`${op}: cannot draw ${this.numSamples} samples without replacement from ${positive} indices with positive weight`);
    }
  }
  get length(): number { return this.numSamples; }
  *[Symbol.iterator](): Iterator<number> {
    const g = passGenerator(this.opts.generator);
    if (this.replacement) {
      const total = this.cdf[this.cdf.length - 1];
      for (let k = 0; k < this.numSamples; k++) yield this.searchCdf(g.uniform53() * total);
      return;
    }
    // Without replacement: Efraimidis–Spirakis keys log(u)/w; the numSamples largest keys are a
    // draw of successive weighted picks without replacement.
    const keys = this.weights.map((w, i) => [w > 0 ? Math.log(1 - g.uniform53()) / w : -Infinity, i]);
    keys.sort((a, b) => b[0] - a[0]);
    for (let k = 0; k < this.numSamples; k++) yield keys[k][1];
  }
  /** The first index whose cumulative weight exceeds u (skips zero-weight indices). */
  private searchCdf(u: number): number {
    let lo = 0, hi = this.cdf.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.cdf[mid] > u) hi = mid; else lo = mid + 1; }
    return lo;
  }
}

/**
 * Groups the indices of `sampler` into lists of `batchSize`; the last, shorter one is dropped
 * when `dropLast`.
 */
export class BatchSampler implements Sampler<number[]> {
  readonly batchSize: number;
  constructor(readonly sampler: Sampler, batchSize: number, readonly dropLast = false) {
    this.batchSize = checkCount(batchSize, 'BatchSampler', 'batchSize');
  }
  get length(): number {
    const n = this.sampler.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) { yield batch; batch = []; }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
