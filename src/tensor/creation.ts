// Tensor creation: from data, constant fills, ranges and random draws (seeded).
import { allocArray, type AnyArray, type DType } from '../backend/types.js';
import { DTypeError, ValueError, fmtShape } from '../errors.js';
import { checkDType, isFloat, storable, storedValue } from './dtype.js';
import { Generator, defaultGenerator } from './random.js';
import { checkShape, numel } from './shape.js';
import { Tensor } from './tensor.js';

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}
export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

type Nested = number | boolean | readonly Nested[];
export type TensorData = Nested | AnyArray | BigInt64Array;

function finish(t: Tensor, opts: CreateOptions | undefined, op: string): Tensor {
  if (opts?.requiresGrad) {
    if (!isFloat(t.dtype)) throw new DTypeError(`${op}: only floating point tensors can require gradients, got ${t.dtype}`);
    t.requiresGrad = true;
  }
  return t;
}

function inferShape(data: Nested, op: string): number[] {
  const shape: number[] = [];
  let cur: Nested = data;
  while (Array.isArray(cur)) { shape.push(cur.length); cur = cur[0] as Nested; }
  if (shape.includes(0)) return shape;
  return shape.length && typeof cur !== 'number' && typeof cur !== 'boolean'
    ? (() => { throw new ValueError(`${op}: nested data must hold numbers or booleans`); })() : shape;
}

function flatten(data: Nested, shape: number[], depth: number, out: number[], op: string): void {
  if (depth === shape.length) {
    if (typeof data !== 'number' && typeof data !== 'boolean') throw new ValueError(`${op}: ragged nested array (expected shape ${fmtShape(shape)})`);
    out.push(typeof data === 'boolean' ? (data ? 1 : 0) : data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ValueError(`${op}: ragged nested array: expected ${shape[depth]} elements at depth ${depth} (shape ${fmtShape(shape)})`);
  }
  for (const d of data as readonly Nested[]) flatten(d, shape, depth + 1, out, op);
}

/**
 * Creates a tensor from nested arrays, a typed array or a number. Numbers default to float32
 * (JS has no int literal), booleans to bool; typed arrays keep their type (BigInt64Array → int64).
 * @example tensor([[1, 2], [3, 4]], { requiresGrad: true })
 */
export function tensor(data: TensorData, opts: CreateOptions & { shape?: readonly number[] } = {}): Tensor {
  const op = 'tensor';
  let flat: AnyArray;
  let shape: number[];
  let dtype: DType;
  if (ArrayBuffer.isView(data)) {
    const src = data instanceof BigInt64Array ? Float64Array.from(data, Number) : data as AnyArray;
    dtype = opts.dtype ? checkDType(opts.dtype, op) : data instanceof BigInt64Array ? 'int64'
      : src instanceof Float32Array ? 'float32' : src instanceof Float64Array ? 'float64'
        : src instanceof Int32Array ? 'int32' : src instanceof Uint8Array ? 'bool' : 'float32';
    shape = opts.shape ? checkShape(opts.shape, op) : [src.length];
    flat = convert(src, dtype, op);
  } else {
    const d = data as Nested;
    shape = inferShape(d, op);
    const vals: number[] = [];
    flatten(d, shape, 0, vals, op);
    const isBool = typeof d === 'boolean' || (vals.length > 0 && firstLeaf(d) === 'boolean');
    dtype = opts.dtype ? checkDType(opts.dtype, op) : isBool ? 'bool' : 'float32';
    flat = convert(vals, dtype, op);
    if (opts.shape) shape = checkShape(opts.shape, op);
  }
  if (numel(shape) !== flat.length) throw new ValueError(`${op}: ${flat.length} values do not fill shape ${fmtShape(shape)}`);
  return finish(Tensor.fromArray(flat, shape, dtype), opts, op);
}

/** The values as `dtype` stores them (see storedValue); NaN and ±Inf are refused for integer dtypes. */
function convert(src: ArrayLike<number>, dtype: DType, op: string): AnyArray {
  const flat = allocArray(dtype, src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (!storable(v, dtype)) throw new ValueError(`${op}: ${v} is not a valid ${dtype} value`);
    flat[i] = storedValue(v, dtype);
  }
  return flat;
}

function firstLeaf(d: Nested): string {
  let cur = d;
  while (Array.isArray(cur)) cur = cur[0] as Nested;
  return typeof cur;
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  const dtype = checkDType(opts.dtype ?? 'float32', 'full');
  if (!storable(value, dtype)) throw new ValueError(`full: ${value} is not a valid ${dtype} value`);
  const t = Tensor.empty(checkShape(shape, 'full'), dtype);
  if (value !== 0) t.storage.data.fill(storedValue(value, dtype));
  return finish(t, opts, 'full');
}
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor { return full(shape, 0, opts); }
export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor { return full(shape, 1, opts); }
export function zerosLike(t: Tensor, opts: CreateOptions = {}): Tensor { return full(t.shape, 0, { dtype: t.dtype, ...opts }); }
export function onesLike(t: Tensor, opts: CreateOptions = {}): Tensor { return full(t.shape, 1, { dtype: t.dtype, ...opts }); }
export function fullLike(t: Tensor, value: number, opts: CreateOptions = {}): Tensor { return full(t.shape, value, { dtype: t.dtype, ...opts }); }

/** Values from start to end (exclusive) by step; int64 when all three are integers, like torch. */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (end === undefined) { end = start; start = 0; }
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be nonzero and finite, got ${step}`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const ints = [start, end, step].every(Number.isInteger);
  const dtype = opts.dtype ?? (ints ? 'int64' : 'float32');
  const data = allocArray(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish(Tensor.fromArray(data, [n], dtype), opts, 'arange');
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = opts.dtype ?? 'float32';
  const data = allocArray(dtype, steps);
  const h = steps > 1 ? (end - start) / (steps - 1) : 0;
  // torch fills the second half from the end so both endpoints are exact
  for (let i = 0; i < steps; i++) data[i] = i < steps / 2 ? start + i * h : end - (steps - 1 - i) * h;
  return finish(Tensor.fromArray(data, [steps], dtype), opts, 'linspace');
}

/** An n×m identity matrix. */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  const t = zeros(checkShape([n, m], 'eye'), { dtype: opts.dtype });
  for (let i = 0; i < Math.min(n, m); i++) t.storage.data[i * m + i] = 1;
  return finish(t, opts, 'eye');
}

function randomFill(shape: readonly number[], opts: RandomOptions, op: string, draw: (g: Generator, f64: boolean) => number): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const t = Tensor.empty(checkShape(shape, op), dtype);
  const g = opts.generator ?? defaultGenerator;
  const d = t.storage.data;
  const f64 = dtype === 'float64';
  for (let i = 0; i < d.length; i++) d[i] = draw(g, f64);
  return finish(t, opts, op);
}

/** Uniform samples in [0, 1). */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return randomFill(shape, opts, 'rand', (g, f64) => (f64 ? g.uniform53() : g.uniform24()));
}
/** Standard normal samples. */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return randomFill(shape, opts, 'randn', (g) => g.normal());
}
/** Uniform integers in [low, high); int64 by default. */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (!(high > low)) throw new ValueError(`randint: high (${high}) must be greater than low (${low})`);
  return randomFill(shape, { dtype: 'int64', ...opts }, 'randint', (g) => low + g.below(high - low));
}
/** A random permutation of 0..n-1 (Fisher–Yates), int64. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`randperm: n must be a non-negative integer, got ${n}`);
  const g = opts.generator ?? defaultGenerator;
  const dtype = opts.dtype ?? 'int64';
  const d = allocArray(dtype, n);
  for (let i = 0; i < n; i++) d[i] = i;
  for (let i = n - 1; i > 0; i--) { const j = g.below(i + 1); const t = d[i]; d[i] = d[j]; d[j] = t; }
  return Tensor.fromArray(d, [n], dtype);
}
/** Bernoulli draws: each element is 1 with the probability given by `p` (a tensor or number). */
export function bernoulli(p: Tensor | number, opts: RandomOptions & { shape?: readonly number[] } = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) throw new ValueError(`bernoulli: p must be in [0, 1], got ${p}`);
    return randomFill(opts.shape ?? [], opts, 'bernoulli', () => (g.uniform53() < p ? 1 : 0));
  }
  const probs = p.contiguousData();
  const out = Tensor.empty(p.shape, opts.dtype ?? p.dtype);
  for (let i = 0; i < probs.length; i++) {
    if (!(probs[i] >= 0 && probs[i] <= 1)) throw new ValueError(`bernoulli: probabilities must be in [0, 1], found ${probs[i]}`);
    out.storage.data[i] = g.uniform53() < probs[i] ? 1 : 0;
  }
  return out;
}
