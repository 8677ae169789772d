// nn.init: in-place initialisers (torch.nn.init) — gains, fans, uniform/normal, Kaiming, Xavier,
// orthogonal, truncated normal. Each takes an optional seeded generator.
import { noGrad } from '../autograd/grad-mode.js';
import { ValueError, fmtShape } from '../errors.js';
import { Generator, defaultGenerator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import '../ops/methods.js';

export interface InitOptions { generator?: Generator }
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d'
  | 'conv_transpose3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
export type FanMode = 'fan_in' | 'fan_out';
export interface KaimingOptions extends InitOptions { a?: number; mode?: FanMode; nonlinearity?: Nonlinearity }

/**
 * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for relu,
 * √(2/(1+slope²)) for leaky_relu (slope defaults to 0.01), 3/4 for selu.
 * @example calculateGain('leaky_relu', 0.2) // ≈ 1.3868
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new ValueError(`calculateGain: negative_slope ${slope} is not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu': return 3 / 4;
    default: throw new ValueError(`calculateGain: unsupported nonlinearity ${JSON.stringify(nonlinearity)}`);
  }
}

/**
 * fanIn = size(1)·receptive field, fanOut = size(0)·receptive field, where the receptive field is
 * the product of the dimensions after the first two (conv kernels). Needs ≥ 2 dimensions.
 */
export function calculateFanInAndFanOut(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) {
    throw new ValueError(`init: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape ${fmtShape(t.shape)})`);
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

function fill(t: Tensor, draw: (i: number) => number): Tensor {
  const src = Tensor.empty(t.shape, t.dtype);
  const d = src.storage.data;
  for (let i = 0; i < d.length; i++) d[i] = draw(i);
  noGrad(() => t.copy_(src));
  return t;
}
const gen = (o?: InitOptions) => o?.generator ?? defaultGenerator;

/** Fills `t` in place with U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1, opts: InitOptions = {}): Tensor {
  if (!(b >= a)) throw new ValueError(`uniform_: expected a <= b, got a=${a}, b=${b}`);
  const g = gen(opts);
  return fill(t, () => a + (b - a) * (t.dtype === 'float64' ? g.uniform53() : g.uniform24()));
}

/** Fills `t` in place with N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1, opts: InitOptions = {}): Tensor {
  if (!(std >= 0)) throw new ValueError(`normal_: std must be non-negative, got ${std}`);
  const g = gen(opts);
  return fill(t, () => mean + std * g.normal());
}

/** Fills `t` in place with N(mean, std²) restricted to [a, b] (rejection sampling). */
export function truncNormal_(t: Tensor, opts: InitOptions & { mean?: number; std?: number; a?: number; b?: number } = {}): Tensor {
  const { mean = 0, std = 1, a = -2, b = 2 } = opts;
  if (!(std > 0) || !(b > a)) throw new ValueError(`truncNormal_: need std > 0 and a < b, got std=${std}, a=${a}, b=${b}`);
  const lo = (a - mean) / std, hi = (b - mean) / std;
  if (hi < -6 || lo > 6) throw new ValueError(`truncNormal_: [${a}, ${b}] lies more than 6 std from the mean ${mean}`);
  const g = gen(opts);
  return fill(t, () => {
    for (;;) { const z = g.normal(); if (z >= lo && z <= hi) return mean + std * z; }
  });
}

/** Fills `t` with a constant. */
export function constant_(t: Tensor, value: number): Tensor { return fill(t, () => value); }
export function zeros_(t: Tensor): Tensor { return constant_(t, 0); }
export function ones_(t: Tensor): Tensor { return constant_(t, 1); }

/** Fills a 2-d tensor with the identity matrix. */
export function eye_(t: Tensor): Tensor {
  if (t.ndim !== 2) throw new ValueError(`eye_: only tensors with 2 dimensions are supported, got shape ${fmtShape(t.shape)}`);
  const n = t.shape[1];
  return fill(t, (i) => (Math.floor(i / n) === i % n ? 1 : 0));
}

function kaimingStd(t: Tensor, opts: KaimingOptions, op: string): number {
  const mode = opts.mode ?? 'fan_in';
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new ValueError(`${op}: mode must be "fan_in" or "fan_out", got ${JSON.stringify(mode)}`);
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const fan = mode === 'fan_in' ? fanIn : fanOut;
  if (fan === 0) throw new ValueError(`${op}: cannot initialise a tensor with zero elements (shape ${fmtShape(t.shape)})`);
  return calculateGain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0) / Math.sqrt(fan);
}

/**
 * He init, uniform: U(−bound, bound), bound = gain·√(3/fan); gain = calculateGain(nonlinearity, a).
 * Defaults as torch: a = 0, mode 'fan_in', nonlinearity 'leaky_relu'.
 */
export function kaimingUniform_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, opts, 'kaimingUniform_');
  return uniform_(t, -bound, bound, opts);
}

/** He init, normal: N(0, std²), std = gain/√fan. */
export function kaimingNormal_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, opts, 'kaimingNormal_'), opts);
}

/** Glorot init, uniform: U(−bound, bound), bound = gain·√(6/(fanIn+fanOut)). */
export function xavierUniform_(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const bound = (opts.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, opts);
}

/** Glorot init, normal: N(0, std²), std = gain·√(2/(fanIn+fanOut)). */
export function xavierNormal_(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  return normal_(t, 0, (opts.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), opts);
}

/**
 * A (semi-)orthogonal matrix (times `gain`) from the QR decomposition of a normal sample, as
 * torch: dims after the first are flattened; rows (or columns, if fewer) are orthonormal.
 */
export function orthogonal_(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  if (t.ndim < 2) throw new ValueError(`orthogonal_: only tensors with 2 or more dimensions are supported, got shape ${fmtShape(t.shape)}`);
  const rows = t.shape[0], cols = t.numel() / rows;
  const g = gen(opts);
  // Work on the tall orientation (m ≥ n) and orthonormalise its columns (Gram–Schmidt twice for
  // stability); Gram–Schmidt gives R a positive diagonal, which is torch's sign correction.
  const m = Math.max(rows, cols), n = Math.min(rows, cols);
  const q: number[][] = Array.from({ length: n }, () => Array.from({ length: m }, () => g.normal()));
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[k][i] * q[j][i];
        for (let i = 0; i < m; i++) q[j][i] -= dot * q[k][i];
      }
    }
    const norm = Math.hypot(...q[j]);
    for (let i = 0; i < m; i++) q[j][i] /= norm;
  }
  const gain = opts.gain ?? 1;
  // element (r, c): Q[r][c] = q[c][r] when tall; for a wide tensor the result is Qᵀ, so q[r][c]
  return fill(t, (idx) => {
    const r = Math.floor(idx / cols), c = idx % cols;
    return gain * (rows >= cols ? q[c][r] : q[r][c]);
  });
}
