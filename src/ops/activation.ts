// Activations with options: clamp, leakyRelu, gelu, softplus, elu, selu, hardtanh, relu6,
// logSigmoid. Each is one elementwise pass with its derivative written beside it.
import { backend } from '../backend/index.js';
import { record } from '../autograd/node.js';
import { ValueError } from '../errors.js';
import { isFloat, promoteTypes, promoteWithScalar } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { argsToOptions, castData, checkTensor } from './util.js';

type Fn = (v: number) => number;
type DFn = (v: number, y: number) => number;

/**
 * One elementwise pass y = f(x) with backward g·df(x, y). Integral inputs compute in float32,
 * except when `keepDType` (clamp keeps integers as integers).
 */
function pointwise(op: string, x: Tensor, f: Fn, df: DFn, keepDType = false): Tensor {
  checkTensor(x, op);
  const src = keepDType || isFloat(x.dtype) ? x : castData(x, 'float32');
  const xd = src.contiguousData();
  const out = Tensor.uninit(x.shape, src.dtype);
  const o = out.storage.data;
  for (let i = 0; i < o.length; i++) o[i] = f(xd[i]);
  return withDeriv(op, out, x, xd, df);
}

/** Records the backward g·df(x, y) of an elementwise op whose forward already ran. */
function withDeriv(op: string, out: Tensor, x: Tensor, xd: ArrayLike<number>, df: DFn): Tensor {
  const name = op.charAt(0).toUpperCase() + op.slice(1) + 'Backward';
  return record(name, out, [x], (g) => {
    const gd = g.contiguousData(), yd = out.storage.data;
    const gx = Tensor.uninit(x.shape, x.dtype);
    const r = gx.storage.data;
    for (let i = 0; i < r.length; i++) r[i] = gd[i] * df(xd[i], yd[i]);
    return [gx];
  }, [x]);
}

function num(v: unknown, op: string, what: string, dflt?: number): number {
  if (v === undefined || v === null) {
    if (dflt === undefined) throw new ValueError(`${op}: ${what} is required`);
    return dflt;
  }
  if (typeof v !== 'number') throw new ValueError(`${op}: ${what} must be a number, got ${v instanceof Tensor ? 'a Tensor' : typeof v}`);
  return v;
}

export interface ClampOptions { min?: number | null; max?: number | null }
/**
 * min(max(x, min), max); either bound may be omitted. The gradient is 1 where min ≤ x ≤ max
 * (bounds included, as in torch) and 0 outside.
 * @example clamp(x, { min: -1, max: 1 }); clamp(x, 0) // same as relu but with grad 1 at 0
 */
export function clamp(x: Tensor, ...rest: (number | null | undefined | ClampOptions)[]): Tensor {
  const o = argsToOptions<ClampOptions>(rest, ['min', 'max']);
  const lo = o.min ?? null, hi = o.max ?? null;
  if (lo === null && hi === null) throw new ValueError('clamp: at least one of min and max must be given');
  const l = lo === null ? -Infinity : num(lo, 'clamp', 'min'), h = hi === null ? Infinity : num(hi, 'clamp', 'max');
  // a fractional bound lifts an integer tensor to float32, as torch promotes (only integral tensors,
  // which never require grad, change dtype here)
  checkTensor(x, 'clamp');
  let dt = x.dtype;
  for (const b of [lo, hi]) if (b !== null) dt = promoteTypes(dt, promoteWithScalar(x.dtype, b as number));
  if (dt !== x.dtype) x = castData(x, dt);
  // NaN stays NaN (comparisons with NaN are false); torch returns max when min > max
  return pointwise('clamp', x, (v) => (v !== v ? v : Math.min(Math.max(v, l), h)),
    (v) => (v >= l && v <= h ? 1 : 0), true);
}
/** Alias of clamp, as torch.clip. */
export const clip = clamp;
/** clamp(x, { min }). */
export function clampMin(x: Tensor, min: number): Tensor { return clamp(x, { min }); }
/** clamp(x, { max }). */
export function clampMax(x: Tensor, max: number): Tensor { return clamp(x, { max }); }

/**
 * x for x > 0, negativeSlope·x otherwise (default slope 0.01). Gradient at 0 is negativeSlope.
 * @example leakyRelu(x, { negativeSlope: 0.2 })
 */
export function leakyRelu(x: Tensor, ...rest: (number | { negativeSlope?: number })[]): Tensor {
  const s = num(argsToOptions<{ negativeSlope?: number }>(rest, ['negativeSlope']).negativeSlope, 'leakyRelu', 'negativeSlope', 0.01);
  return pointwise('leakyRelu', x, (v) => (v > 0 ? v : v * s), (v) => (v > 0 ? 1 : s));
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * GELU: x·Φ(x) ('none', exact with erf) or 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) ('tanh').
 * @example gelu(x, { approximate: 'tanh' })
 */
export function gelu(x: Tensor, ...rest: ('none' | 'tanh' | { approximate?: 'none' | 'tanh' })[]): Tensor {
  checkTensor(x, 'gelu');
  const approx = argsToOptions<{ approximate?: string }>(rest, ['approximate']).approximate ?? 'none';
  if (approx !== 'none' && approx !== 'tanh') throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got ${JSON.stringify(approx)}`);
  const src = isFloat(x.dtype) ? x : castData(x, 'float32');
  const xd = src.contiguousData();
  const out = Tensor.uninit(x.shape, src.dtype);
  backend().unary(approx === 'tanh' ? 'geluTanh' : 'gelu', xd, out.storage.data);
  if (approx === 'tanh') {
    // d/dx = 0.5(1 + t) + 0.5x(1 − t²)·√(2/π)(1 + 3·0.044715x²), t = tanh(√(2/π)(x + 0.044715x³))
    return withDeriv('gelu', out, x, xd, (v) => {
      const t = Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v));
      return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v);
    });
  }
  // d/dx x·Φ(x) = Φ(x) + x·φ(x); Φ(x) = (1 + erf(x/√2))/2 through the backend's erf
  const scaled = Float64Array.from(xd, (v) => v / Math.SQRT2);
  const erfs = new Float64Array(scaled.length);
  backend().unary('erf', scaled, erfs);
  return record('GeluBackward', out, [x], (g) => {
    const gd = g.contiguousData();
    const gx = Tensor.uninit(x.shape, x.dtype);
    const r = gx.storage.data;
    for (let i = 0; i < r.length; i++) {
      const v = xd[i];
      r[i] = gd[i] * (0.5 * (1 + erfs[i]) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
    }
    return [gx];
  }, [x]);
}

/**
 * log(1 + e^(βx))/β, and x itself where βx > threshold (defaults β = 1, threshold = 20).
 * @example softplus(x, { beta: 2, threshold: 5 })
 */
export function softplus(x: Tensor, ...rest: (number | { beta?: number; threshold?: number })[]): Tensor {
  const o = argsToOptions<{ beta?: number; threshold?: number }>(rest, ['beta', 'threshold']);
  const b = num(o.beta, 'softplus', 'beta', 1), th = num(o.threshold, 'softplus', 'threshold', 20);
  // log1p(e^z) for z = βx ≤ threshold; max(z,0) + log1p(e^−|z|) avoids overflow for large z
  return pointwise('softplus', x, (v) => (v * b > th ? v : (Math.max(v * b, 0) + Math.log1p(Math.exp(-Math.abs(v * b)))) / b),
    (v) => (v * b > th ? 1 : sigmoidOf(v * b)));
}

function sigmoidOf(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * x for x > 0, α(e^x − 1) otherwise (default α = 1).
 * @example elu(x, { alpha: 1 })
 */
export function elu(x: Tensor, ...rest: (number | { alpha?: number })[]): Tensor {
  const a = num(argsToOptions<{ alpha?: number }>(rest, ['alpha']).alpha, 'elu', 'alpha', 1);
  return pointwise('elu', x, (v) => (v > 0 ? v : a * Math.expm1(v)), (v) => (v > 0 ? 1 : a * Math.exp(v)));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
/** scale·elu(x, α) with the self-normalising constants of Klambauer et al. (2017). */
export function selu(x: Tensor): Tensor {
  return pointwise('selu', x, (v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v)),
    (v) => SELU_SCALE * (v > 0 ? 1 : SELU_ALPHA * Math.exp(v)));
}

/**
 * clamp(x, minVal, maxVal) (defaults −1, 1) with torch's hardtanh gradient: 1 strictly inside the
 * interval, 0 at and beyond the bounds (unlike clamp, which passes 1 at the bounds).
 */
export function hardtanh(x: Tensor, ...rest: (number | { minVal?: number; maxVal?: number })[]): Tensor {
  const o = argsToOptions<{ minVal?: number; maxVal?: number }>(rest, ['minVal', 'maxVal']);
  const lo = num(o.minVal, 'hardtanh', 'minVal', -1), hi = num(o.maxVal, 'hardtanh', 'maxVal', 1);
  if (lo > hi) throw new ValueError(`hardtanh: minVal ${lo} must not exceed maxVal ${hi}`);
  return pointwise('hardtanh', x, (v) => (v !== v ? v : Math.min(Math.max(v, lo), hi)), (v) => (v > lo && v < hi ? 1 : 0));
}
/** min(max(x, 0), 6): hardtanh(x, 0, 6). */
export function relu6(x: Tensor): Tensor { return hardtanh(x, { minVal: 0, maxVal: 6 }); }

/** log(sigmoid(x)) = min(x, 0) − log1p(e^−|x|), stable for large |x|; derivative sigmoid(−x). */
export function logSigmoid(x: Tensor): Tensor {
  return pointwise('logSigmoid', x, (v) => Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v))), (v) => sigmoidOf(-v));
}
