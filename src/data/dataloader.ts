// DataLoader: iterates a map-style dataset in batches (sampler → batch sampler → collate), with its
// own seeded generator so that shuffled runs are reproducible under manualSeed.
import type { DType } from '../backend/types.js';
import { ValueError } from '../errors.js';
import { Generator, defaultGenerator } from '../tensor/random.js';
import { defaultCollate, type Collated } from './collate.js';
import type { Dataset } from './dataset.js';
import { BatchSampler, RandomSampler, SequentialSampler, type Sampler } from './sampler.js';

export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Reshuffle at every epoch (default false). Excludes `sampler`. */
  shuffle?: boolean;
  /** Where sample indices come from; excludes `shuffle`. */
  sampler?: Sampler;
  /** Yields whole batches of indices; excludes batchSize, shuffle, sampler and dropLast. */
  batchSampler?: Sampler<number[]>;
  /** Drop the last, incomplete batch (default false). */
  dropLast?: boolean;
  /** Turns a list of samples into a batch (default: defaultCollate). */
  collateFn?: (samples: T[]) => B;
  /**
   * The shuffle generator. Default: a new one seeded from the global generator once, when a
   * shuffling loader is built, so `manualSeed(s)` before building makes the order reproducible.
   * A loader that does not shuffle leaves the global generator untouched.
   */
  generator?: Generator;
  /** dtype defaultCollate gives plain numbers (default: the dataset's `numberDType`, else float32). */
  numberDType?: DType;
}

/**
 * Batches of a dataset, as torch.utils.data.DataLoader (single process). `length` is the number
 * of batches per epoch; iterate with `for (const batch of loader)` (or `for await`).
 * @example
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true });
 * for (const [xb, yb] of loader) { ... }
 */
export class DataLoader<T = unknown, B = Collated<T>> implements Iterable<B>, AsyncIterable<B> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly sampler: Sampler;
  readonly batchSampler: Sampler<number[]>;
  /** The shuffle generator (null when the loader does not shuffle and none was given). */
  readonly generator: Generator | null;
  readonly collateFn: (samples: T[]) => B;

  constructor(dataset: Dataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    const op = 'DataLoader';
    if (dataset === null || typeof dataset !== 'object' || typeof dataset.getItem !== 'function' || typeof dataset.length !== 'number') {
      throw new ValueError(`${op}: expected a Dataset (an object with length and getItem(i))`);
    }
    if (dataset.length === 0) throw new ValueError(`${op}: the dataset is empty (length 0); there is nothing to load`);
    this.dataset = dataset;
    this.dropLast = opts.dropLast ?? false;
    const ownShuffle = !opts.batchSampler && !opts.sampler && opts.shuffle === true;
    this.generator = opts.generator ?? (ownShuffle ? new Generator(defaultGenerator.nextUint32()) : null);
    if (opts.batchSampler) {
      if (opts.batchSize !== undefined && opts.batchSize !== 1 || opts.shuffle || opts.sampler || opts.dropLast) {
        throw new ValueError(`${op}: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast`);
      }
      this.batchSize = null;
      this.batchSampler = opts.batchSampler;
      this.sampler = { length: NaN, [Symbol.iterator]: () => { throw new ValueError(`${op}: the sampler is inside the batchSampler`); } };
    } else {
      const bs = opts.batchSize ?? 1;
      if (!Number.isInteger(bs) || bs < 1) throw new ValueError(`${op}: batchSize must be a positive integer, got ${bs}`);
      if (opts.sampler && opts.shuffle) throw new ValueError(`${op}: sampler option is mutually exclusive with shuffle`);
      this.batchSize = bs;
      this.sampler = opts.sampler ?? (opts.shuffle ? new RandomSampler(dataset, { generator: this.generator! }) : new SequentialSampler(dataset));
      this.batchSampler = new BatchSampler(this.sampler, bs, this.dropLast);
    }
    const numberDType = opts.numberDType ?? dataset.numberDType;
    this.collateFn = opts.collateFn ?? ((samples: T[]) => defaultCollate(samples, { numberDType }) as B);
  }

  /** Batches per epoch. */
  get length(): number {
    return this.batchSampler.length;
  }

  /** One epoch of batches. */
  *[Symbol.iterator](): Iterator<B> {
    for (const indices of this.batchSampler) {
      yield this.collateFn(indices.map((i) => this.dataset.getItem(i)));
    }
  }

  /** The same epoch for `for await`; yields to the event loop between batches. */
  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    for (const b of this) {
      yield b;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
