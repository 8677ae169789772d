// Seeded synthetic data sets (as sklearn.datasets): Gaussian blobs, two moons, K-arm spirals and
// noisy linear regression. Each returns x, y and a ready TensorDataset.
import { ValueError } from '../../errors.js';
import { Generator, defaultGenerator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { TensorDataset } from '../dataset.js';
import { permutation } from '../sampler.js';

export interface Synthetic {
  /** Features [N, F] float32. */
  x: Tensor;
  /** Class labels [N] int64 (regression: targets [N, 1] float32). */
  y: Tensor;
  dataset: TensorDataset<[Tensor, Tensor]>;
}

function count(v: number, op: string, what: string, min = 1): number {
  if (!Number.isInteger(v) || v < min) throw new ValueError(`${op}: ${what} must be an integer >= ${min}, got ${v}`);
  return v;
}

function nonNeg(v: number, op: string, what: string): number {
  if (!(v >= 0 && Number.isFinite(v))) throw new ValueError(`${op}: ${what} must be finite and >= 0, got ${v}`);
  return v;
}

/** Splits n samples over k groups: floor(n/k) each, the remainder to the first groups (sklearn). */
function perGroup(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/** Packs rows (in a seeded shuffled order when `shuffle`) into the x / y tensors and a dataset. */
function pack(xs: number[][], ys: number[], g: Generator, shuffle: boolean, yFloat = false): Synthetic {
  const n = xs.length, f = xs[0]?.length ?? 0;
  const order = shuffle ? permutation(n, g) : xs.map((_, i) => i);
  const x = new Float32Array(n * f), y = yFloat ? new Float32Array(n) : new Float64Array(n);
  order.forEach((k, r) => { x.set(xs[k], r * f); y[r] = ys[k]; });
  const xt = Tensor.fromArray(x, [n, f], 'float32');
  const yt = yFloat ? Tensor.fromArray(y, [n, 1], 'float32') : Tensor.fromArray(y, [n], 'int64');
  const dataset = new TensorDataset(xt, yt);
  if (!yFloat) dataset.numberDType = 'int64';
  return { x: xt, y: yt, dataset };
}

export interface BlobsOptions {
  nSamples?: number;
  nFeatures?: number;
  /** Number of clusters (centres drawn uniformly in centerBox) or the centres themselves. */
  centers?: number | readonly (readonly number[])[];
  clusterStd?: number;
  centerBox?: readonly [number, number];
  shuffle?: boolean;
  generator?: Generator;
}

/**
 * Isotropic Gaussian clusters: class k ~ N(centre_k, clusterStd² I); samples split evenly.
 * @example const { dataset, centers } = makeBlobs({ nSamples: 300, centers: 3, generator: new Generator(0) });
 */
export function makeBlobs(opts: BlobsOptions = {}): Synthetic & { centers: number[][] } {
  const op = 'makeBlobs', g = opts.generator ?? defaultGenerator;
  const n = count(opts.nSamples ?? 100, op, 'nSamples');
  const std = nonNeg(opts.clusterStd ?? 1, op, 'clusterStd');
  const [lo, hi] = opts.centerBox ?? [-10, 10];
  let centers: number[][];
  if (typeof opts.centers === 'object') {
    centers = opts.centers.map((c) => [...c]);
    const f = centers[0]?.length;
    if (!f || centers.some((c) => c.length !== f || !c.every(Number.isFinite))) {
      throw new ValueError(`${op}: centers must be a non-empty list of same-length lists of finite numbers`);
    }
  } else {
    const k = count(opts.centers ?? 3, op, 'centers'), f = count(opts.nFeatures ?? 2, op, 'nFeatures');
    centers = Array.from({ length: k }, () => Array.from({ length: f }, () => lo + (hi - lo) * g.uniform53()));
  }
  const xs: number[][] = [], ys: number[] = [];
  perGroup(n, centers.length).forEach((m, k) => {
    for (let i = 0; i < m; i++) { xs.push(centers[k].map((c) => c + std * g.normal())); ys.push(k); }
  });
  return { ...pack(xs, ys, g, opts.shuffle ?? true), centers };
}

/**
 * Two interleaving half circles: class 0 is (cos t, sin t), class 1 is (1 − cos t, 0.5 − sin t),
 * t evenly spaced in [0, π], plus N(0, noise²) jitter; floor(n/2) samples in class 0.
 * @example makeMoons({ nSamples: 200, noise: 0.1, generator: new Generator(0) })
 */
export function makeMoons(opts: { nSamples?: number; noise?: number; shuffle?: boolean; generator?: Generator } = {}): Synthetic {
  const op = 'makeMoons', g = opts.generator ?? defaultGenerator;
  const n = count(opts.nSamples ?? 100, op, 'nSamples', 2), noise = nonNeg(opts.noise ?? 0, op, 'noise');
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const xs: number[][] = [], ys: number[] = [];
  const t = (i: number, m: number): number => (m > 1 ? (Math.PI * i) / (m - 1) : 0);
  for (let i = 0; i < nOut; i++) { xs.push([Math.cos(t(i, nOut)), Math.sin(t(i, nOut))]); ys.push(0); }
  for (let i = 0; i < nIn; i++) { xs.push([1 - Math.cos(t(i, nIn)), 0.5 - Math.sin(t(i, nIn))]); ys.push(1); }
  if (noise > 0) for (const p of xs) { p[0] += noise * g.normal(); p[1] += noise * g.normal(); }
  return pack(xs, ys, g, opts.shuffle ?? true);
}

/**
 * K interleaved spiral arms (the CS231n toy problem): arm k has radius r = i/(m−1) ∈ [0, 1] and
 * angle θ = turns·2π·r + 2πk/K + N(0, noise²); point (r sin θ, r cos θ).
 * @example makeSpirals({ nSamples: 300, nClasses: 3, noise: 0.2, generator: new Generator(0) })
 */
export function makeSpirals(opts: { nSamples?: number; nClasses?: number; noise?: number; turns?: number;
  shuffle?: boolean; generator?: Generator } = {}): Synthetic {
  const op = 'makeSpirals', g = opts.generator ?? defaultGenerator;
  const k = count(opts.nClasses ?? 3, op, 'nClasses', 2);
  const n = count(opts.nSamples ?? 300, op, 'nSamples', k);
  const noise = nonNeg(opts.noise ?? 0.2, op, 'noise'), turns = nonNeg(opts.turns ?? 0.75, op, 'turns');
  const xs: number[][] = [], ys: number[] = [];
  perGroup(n, k).forEach((m, c) => {
    for (let i = 0; i < m; i++) {
      const r = m > 1 ? i / (m - 1) : 0;
      const th = turns * 2 * Math.PI * r + (2 * Math.PI * c) / k + noise * g.normal();
      xs.push([r * Math.sin(th), r * Math.cos(th)]);
      ys.push(c);
    }
  });
  return pack(xs, ys, g, opts.shuffle ?? true);
}

/**
 * Noisy linear data: X ~ N(0, I), y = X·w + b + N(0, noise²), with w_j ~ N(0, 1) and b ~ N(0, 1)
 * unless given. Returns the true w and b. y has shape [N, 1] (float32) to match a Linear(F, 1).
 * @example const { dataset, w, b } = makeRegression({ nSamples: 200, nFeatures: 3, noise: 0.1 });
 */
export function makeRegression(opts: { nSamples?: number; nFeatures?: number; noise?: number; weights?: readonly number[];
  bias?: number; generator?: Generator } = {}): Synthetic & { w: number[]; b: number } {
  const op = 'makeRegression', g = opts.generator ?? defaultGenerator;
  const n = count(opts.nSamples ?? 100, op, 'nSamples');
  const f = opts.weights ? opts.weights.length : count(opts.nFeatures ?? 1, op, 'nFeatures');
  if (opts.weights && opts.nFeatures !== undefined && opts.nFeatures !== f) {
    throw new ValueError(`${op}: ${f} weights given for nFeatures = ${opts.nFeatures}`);
  }
  const noise = nonNeg(opts.noise ?? 0, op, 'noise');
  const w = opts.weights ? [...opts.weights] : Array.from({ length: f }, () => g.normal());
  const b = opts.bias ?? g.normal();
  if (!w.every(Number.isFinite) || !Number.isFinite(b) || f === 0) throw new ValueError(`${op}: weights and bias must be finite (and at least one weight)`);
  const xs: number[][] = [], ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: f }, () => g.normal());
    xs.push(row);
    ys.push(row.reduce((s, v, j) => s + v * w[j], b) + noise * g.normal());
  }
  return { ...pack(xs, ys, g, false, true), w, b };
}
