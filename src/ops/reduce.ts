// Reductions beyond sum/mean: max/min (with indices), amax/amin, argmax/argmin, var/std,
// logsumexp, prod, and softmax/logSoftmax along any dim (moved to the last axis for the kernel).
import { backend } from '../backend/index.js';
import type { FloatArray } from '../backend/types.js';
import { record } from '../autograd/node.js';
import { ValueError, fmtShape } from '../errors.js';
import { isFloat, requireFloat } from '../tensor/dtype.js';
import { normDim, normDims, numel } from '../tensor/shape.js';
import { Tensor, allocUninit } from '../tensor/tensor.js';
import { binaryRaw, div, maximum, minimum, mul, sub, add } from './binary.js';
import { reshape } from './movement.js';
import { mean, sum } from './reduce-core.js';
import { keepShape, reduceRaw } from './reduce-raw.js';
import { exp, log, sqrt } from './unary.js';
import { argsToOptions, castData, checkTensor } from './util.js';

export interface DimOptions { dim?: number | number[] | null; keepdim?: boolean }
export interface VarOptions extends DimOptions { unbiased?: boolean; correction?: number }

/**
 * The result of `max`/`min` along a dim: the values tensor itself, carrying the int64 positions
 * of the extremes as `.indices` (and itself as `.values`, like torch's named tuple).
 */
export type ValuesIndices = Tensor & { readonly values: Tensor; readonly indices: Tensor };

type RArg = number | number[] | boolean | null | undefined | DimOptions;

function dropShape(shape: readonly number[], dims: number[], keepdim: boolean | undefined): number[] {
  return keepdim ? keepShape(shape, dims) : shape.filter((_, i) => !dims.includes(i));
}

function split3(shape: readonly number[], d: number): [number, number, number] {
  return [numel(shape.slice(0, d)), shape[d], numel(shape.slice(d + 1))];
}

/** max/min along one dim with the first index of each extreme; backward routes g to that index. */
function extremeAlong(x: Tensor, op: 'max' | 'min', dim: number, keepdim: boolean | undefined): ValuesIndices {
  const d = normDim(dim, x.ndim, op);
  const shape = x.ndim === 0 ? [1] : x.shape;
  const [outer, n, inner] = split3(shape, d);
  if (n === 0) throw new ValueError(`${op}: cannot reduce dimension ${d} of size 0 (shape ${fmtShape(x.shape)})`);
  const outShape = x.ndim === 0 ? [] : dropShape(x.shape, [d], keepdim);
  const vals = Tensor.empty(outShape, x.dtype), idx = Tensor.empty(outShape, 'int64');
  backend().reduce(op, x.contiguousData(), outer, n, inner, vals.storage.data, idx.storage.data);
  const out = record(op === 'max' ? 'MaxBackward' : 'MinBackward', vals, [x], (g) => {
    const gx = Tensor.empty(x.shape, g.dtype), gd = g.contiguousData(), id = idx.storage.data, r = gx.storage.data;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) r[(o * n + id[o * inner + j]) * inner + j] += gd[o * inner + j];
    }
    return [gx];
  });
  return Object.assign(out, { values: out, indices: idx });
}

/** amax/amin over dims; a tie splits the gradient evenly among the tied elements, as torch does. */
function extremeOver(x: Tensor, op: 'max' | 'min', dim: number | number[] | null | undefined, keepdim?: boolean,
  name: string = op === 'max' ? 'amax' : 'amin'): Tensor {
  checkTensor(x, name);
  const dims = normDims(dim, x.ndim, name);
  if (dims.some((d) => x.shape[d] === 0)) throw new ValueError(`${name}: cannot reduce over an empty dimension (shape ${fmtShape(x.shape)})`);
  const keep = reduceRaw(op, x, dims);
  const out = Tensor.fromArray(keep.storage.data, dropShape(x.shape, dims, keepdim), x.dtype);
  return record(op === 'max' ? 'AmaxBackward' : 'AminBackward', out, [x], (g) => {
    const mask = castData(binaryRaw('eq', x, keep), g.dtype);
    const count = reduceRaw('sum', mask, dims);
    const share = binaryRaw('div', Tensor.fromArray(g.contiguousData(), keep.shape, g.dtype), count);
    return [binaryRaw('mul', mask, share)];
  }, [x]);
}

function minmax(op: 'max' | 'min', x: Tensor, rest: (RArg | Tensor)[]): Tensor | ValuesIndices {
  checkTensor(x, op);
  if (rest[0] instanceof Tensor) return op === 'max' ? maximum(x, rest[0]) : minimum(x, rest[0]);
  const o = argsToOptions<DimOptions>(rest, ['dim', 'keepdim']);
  if (o.dim === undefined || o.dim === null) return extremeOver(x, op, null, false, op);
  if (typeof o.dim !== 'number') throw new ValueError(`${op}: dim must be a single number, got ${JSON.stringify(o.dim)} (use amax/amin for several dims)`);
  return extremeAlong(x, op, o.dim, o.keepdim);
}

/**
 * Largest element. Without `dim`: a scalar (gradient split among ties). With `dim`: the values
 * along it, with `.indices` (int64) attached. With a Tensor second argument: `maximum`.
 * @example const m = max(x, { dim: 1 }); m.indices // positions; max(x) // scalar
 */
export function max(x: Tensor, opts: DimOptions & { dim: number }): ValuesIndices;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, ...rest: (RArg | Tensor)[]): Tensor;
export function max(x: Tensor, ...rest: (RArg | Tensor)[]): Tensor { return minmax('max', x, rest); }

/** Smallest element; same forms as {@link max}. */
export function min(x: Tensor, opts: DimOptions & { dim: number }): ValuesIndices;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, ...rest: (RArg | Tensor)[]): Tensor;
export function min(x: Tensor, ...rest: (RArg | Tensor)[]): Tensor { return minmax('min', x, rest); }

/** Max over one or several dims (all by default); ties share the gradient evenly. */
export function amax(x: Tensor, ...rest: RArg[]): Tensor {
  const o = argsToOptions<DimOptions>(rest, ['dim', 'keepdim']);
  return extremeOver(x, 'max', o.dim, o.keepdim);
}
/** Min over one or several dims (all by default); ties share the gradient evenly. */
export function amin(x: Tensor, ...rest: RArg[]): Tensor {
  const o = argsToOptions<DimOptions>(rest, ['dim', 'keepdim']);
  return extremeOver(x, 'min', o.dim, o.keepdim);
}

function argExtreme(op: 'max' | 'min', x: Tensor, rest: RArg[]): Tensor {
  const name = op === 'max' ? 'argmax' : 'argmin';
  checkTensor(x, name);
  const o = argsToOptions<DimOptions>(rest, ['dim', 'keepdim']);
  if (o.dim === undefined || o.dim === null) {
    if (x.numel() === 0) throw new ValueError(`${name}: expected a non-empty tensor`);
    const r = extremeAlong(reshape(x.detach(), [-1]), op, 0, false).indices;
    return o.keepdim ? reshape(r, x.shape.map(() => 1)) : r;
  }
  if (typeof o.dim !== 'number') throw new ValueError(`${name}: dim must be a single number, got ${JSON.stringify(o.dim)}`);
  return extremeAlong(x.detach(), op, o.dim, o.keepdim).indices;
}
/** Index of the largest element (flattened without `dim`), int64; the first one on ties. */
export function argmax(x: Tensor, ...rest: RArg[]): Tensor { return argExtreme('max', x, rest); }
/** Index of the smallest element (flattened without `dim`), int64; the first one on ties. */
export function argmin(x: Tensor, ...rest: RArg[]): Tensor { return argExtreme('min', x, rest); }

/**
 * Variance Σ(x − mean)²/(N − correction) over `dim` (all by default). `correction` defaults
 * to 1 (Bessel); `unbiased: false` means correction 0.
 * @example variance = var_(x, { dim: 1, unbiased: false })
 */
export function var_(x: Tensor, ...rest: (RArg | VarOptions)[]): Tensor {
  checkTensor(x, 'var');
  const o = argsToOptions<VarOptions>(rest, ['dim', 'unbiased', 'keepdim']);
  requireFloat(x.dtype, 'var');
  const corr = o.correction ?? (o.unbiased === false ? 0 : 1);
  const dims = normDims(o.dim, x.ndim, 'var');
  const n = dims.reduce((a, d) => a * x.shape[d], 1);
  const dev = sub(x, mean(x, { dim: dims, keepdim: true }));
  return div(sum(mul(dev, dev), { dim: dims, keepdim: o.keepdim }), Math.max(n - corr, 0));
}
export { var_ as var };

/** √var with the same options as {@link var_}. */
export function std(x: Tensor, ...rest: (RArg | VarOptions)[]): Tensor {
  return sqrt(var_(x, ...rest));
}

/**
 * log Σ exp(x) over `dim` (all by default), computed as m + log Σ exp(x − m) with m the max
 * (held constant, so no overflow; an all −∞ slice gives −∞, as in torch).
 */
export function logsumexp(x: Tensor, ...rest: RArg[]): Tensor {
  checkTensor(x, 'logsumexp');
  const o = argsToOptions<DimOptions>(rest, ['dim', 'keepdim']);
  const xf = isFloat(x.dtype) ? x : castData(x, 'float32');
  const dims = normDims(o.dim, x.ndim, 'logsumexp');
  const m = reduceRaw('max', xf.detach(), dims);
  const md = m.storage.data;
  for (let i = 0; i < md.length; i++) if (!Number.isFinite(md[i])) md[i] = 0;
  const s = log(sum(exp(sub(xf, m)), { dim: dims, keepdim: true }));
  const r = add(s, m);
  return o.keepdim ? r : reshape(r, dropShape(x.shape, dims, false));
}

/**
 * Product over one dim (or all). The gradient of each element is the product of the others
 * (prefix·suffix products), so zeros in the input are handled exactly.
 */
export function prod(x: Tensor, ...rest: (RArg | { dtype?: never })[]): Tensor {
  checkTensor(x, 'prod');
  const o = argsToOptions<DimOptions>(rest, ['dim', 'keepdim']);
  if (Array.isArray(o.dim)) throw new ValueError(`prod: dim must be a single number, got ${JSON.stringify(o.dim)}`);
  const all = o.dim === undefined || o.dim === null;
  const d = all ? 0 : normDim(o.dim as number, x.ndim, 'prod');
  const flat = all ? [1, x.numel(), 1] as const : split3(x.ndim ? x.shape : [1], d);
  const [outer, n, inner] = flat;
  const dt = isFloat(x.dtype) ? x.dtype : 'int64';
  const src = castData(x, dt).contiguousData();
  const outShape = all ? (o.keepdim ? x.shape.map(() => 1) : []) : x.ndim === 0 ? [] : dropShape(x.shape, [d], o.keepdim);
  const out = Tensor.empty(outShape, dt);
  backend().reduce('prod', src, outer, n, inner, out.storage.data);
  return record('ProdBackward', out, [x], (g) => {
    const gd = g.contiguousData(), gx = Tensor.empty(x.shape, g.dtype), r = gx.storage.data;
    for (let a = 0; a < outer; a++) {
      for (let j = 0; j < inner; j++) {
        const at = (i: number) => (a * n + i) * inner + j;
        let pre = 1;
        for (let i = 0; i < n; i++) { r[at(i)] = pre; pre *= src[at(i)]; }
        let suf = 1;
        for (let i = n - 1; i >= 0; i--) { r[at(i)] *= suf * gd[a * inner + j]; suf *= src[at(i)]; }
      }
    }
    return [gx];
  }, [x]);
}

/** Contiguous data of `x` with dim `d` moved last: [outer, n] plus the permuted shape. */
function toLast(x: Tensor, d: number): { data: FloatArray; perm: number[] } {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== d).concat(d);
  const v = new Tensor(x.storage, perm.map((p) => x.shape[p]), perm.map((p) => x.strides[p]), x.offset, x.dtype);
  return { data: v.contiguousData() as FloatArray, perm };  // read only: may be x's own storage
}

/** Undoes toLast: data laid out in the permuted order back to contiguous `shape`. */
function fromLast(data: FloatArray, perm: number[], shape: readonly number[], dtype: Tensor['dtype']): Tensor {
  const pshape = perm.map((p) => shape[p]);
  const t = Tensor.fromArray(data, pshape, dtype);
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  const v = new Tensor(t.storage, inv.map((i) => pshape[i]), inv.map((i) => t.strides[i]), 0, dtype);
  return Tensor.fromArray(v.toTypedArray(), shape, dtype);
}

function softmaxImpl(x: Tensor, rest: (number | { dim?: number })[], logMode: boolean): Tensor {
  const op = logMode ? 'logSoftmax' : 'softmax';
  checkTensor(x, op);
  const dim = argsToOptions<{ dim?: number }>(rest, ['dim']).dim;
  if (dim === undefined || dim === null) throw new ValueError(`${op}: dim is required (e.g. ${op}(x, { dim: -1 }))`);
  requireFloat(x.dtype, op);
  if (x.ndim === 0) return reshape(softmaxImpl(reshape(x, [1]), [0], logMode), []);
  const d = normDim(dim, x.ndim, op);
  const n = x.shape[d], outer = n ? x.numel() / n : 0;
  const { data, perm } = toLast(x, d);
  const y = allocUninit(x.dtype, data.length) as FloatArray;
  backend().softmax(data, outer, n, y, logMode);
  const out = fromLast(y, perm, x.shape, x.dtype);
  return record(logMode ? 'LogSoftmaxBackward' : 'SoftmaxBackward', out, [x], (g) => {
    const gl = toLast(g, d).data, r = allocUninit(g.dtype, gl.length) as FloatArray;
    for (let o = 0; o < outer; o++) {
      const b = o * n;
      let s = 0;
      // softmax: gx = y·(g − Σ g·y); logSoftmax: gx = g − e^y·Σ g
      for (let i = 0; i < n; i++) s += logMode ? gl[b + i] : gl[b + i] * y[b + i];
      for (let i = 0; i < n; i++) r[b + i] = logMode ? gl[b + i] - Math.exp(y[b + i]) * s : y[b + i] * (gl[b + i] - s);
    }
    return [fromLast(r, perm, x.shape, g.dtype)];
  });
}

/**
 * exp(x)/Σexp(x) along `dim`, stable (the max is subtracted first).
 * @example softmax(logits, { dim: -1 }); softmax(logits, 1)
 */
export function softmax(x: Tensor, ...rest: (number | { dim?: number })[]): Tensor { return softmaxImpl(x, rest, false); }
/** log(softmax(x)) along `dim`, computed as x − m − log Σ exp(x − m). */
export function logSoftmax(x: Tensor, ...rest: (number | { dim?: number })[]): Tensor { return softmaxImpl(x, rest, true); }
