// Test suites for the QA checks: a healthy classifier on Gaussian blobs, and models/loops made to
// fail one check each (frozen or detached layers, NaN data, exploding lr, dead ReLUs, random
// data order, batch mixing, validating in train mode, a wrong backward).
import { Generator, manualSeed, Tensor, tensor, record, F, nn } from './imports.js';
import { DataLoader, TensorDataset } from '../../src/data/index.js';
import { SGD, Adam } from '../../src/optim/index.js';
import { defineSuite, type Check, type SuiteDefinition, type DataOptions } from '../../src/qa/index.js';

/** K Gaussian blobs in 4-D (seeded): [n,4] float32 features and int64 labels. */
export function blobs(n: number, seed: number, randomLabels = false): [Tensor, Tensor] {
  const g = new Generator(seed);
  const x = new Float32Array(n * 4), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = randomLabels ? g.below(3) : c;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = (j === c ? 2.5 : 0) + g.normal();
  }
  return [Tensor.fromArray(x, [n, 4], 'float32'), Tensor.fromArray(y, [n], 'int64')];
}

export function loaders(n = 192, seed = 1, randomLabels = false) {
  const [x, y] = blobs(n, seed, randomLabels);
  const [vx, vy] = blobs(96, seed + 1000, randomLabels);
  return {
    train: (o: DataOptions = {}) => new DataLoader(new TensorDataset(x, y), { batchSize: o.batchSize ?? 32, shuffle: true, generator: new Generator(o.seed ?? 0) }),
    val: (o: DataOptions = {}) => new DataLoader(new TensorDataset(vx, vy), { batchSize: o.batchSize ?? 32 }),
  };
}

export const mlp = () => new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3));

export function healthy(checks: Check[], over: Partial<SuiteDefinition> = {}): SuiteDefinition {
  return defineSuite({
    name: 'blobs', model: mlp, data: loaders(), loss: (o, t) => F.crossEntropy(o, t), numClasses: 3, seed: 7,
    optimizer: (p, hp) => new Adam(p, { lr: hp?.lr ?? 0.01 }), checks, ...over,
  });
}

/** A module whose forward is any function of the input (for made-to-fail models). */
export class Fn extends nn.Module {
  constructor(private readonly f: (x: Tensor) => Tensor) { super(); }
  forward(x: Tensor): Tensor { return this.f(x); }
}

/** Identity forward with a deliberately wrong backward (gradient doubled). */
export class WrongGrad extends nn.Module {
  forward(x: Tensor): Tensor {
    const out = Tensor.fromArray(x.toTypedArray(), x.shape, x.dtype);
    return record('WrongBackward', out, [x], (g) => [g.mul(2)]);
  }
}

export { manualSeed, tensor, SGD, Adam };
