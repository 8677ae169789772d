// Index-driven ops: gather, scatter, scatterAdd, indexSelect, maskedFill and embedding, each with
// its backward (the adjoint of a gather is a scatter-add, so repeated indices accumulate).
import { record } from '../autograd/node.js';
import { DTypeError, IndexError, ShapeError, TrainlabError, ValueError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, normDim, numel, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { argsToOptions, checkTensor, isOptions } from './util.js';

/** Calls fn(k, pos) for every multi-index of `shape` in row-major order (`pos` is reused). */
function eachIndex(shape: readonly number[], fn: (k: number, pos: number[]) => void): void {
  const n = numel(shape), nd = shape.length, pos = new Array<number>(nd).fill(0);
  for (let k = 0; k < n; k++) {
    fn(k, pos);
    for (let d = nd - 1; d >= 0; d--) { if (++pos[d] < shape[d]) break; pos[d] = 0; }
  }
}

/** The integer values of an index tensor, each checked against `size` (no negative indices, as torch). */
function indexValues(index: unknown, op: string, dim: number, size: number): ArrayLike<number> {
  const t = checkTensor(index, op, 'index');
  if (t.dtype !== 'int64' && t.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int64 or int32 tensor, got ${t.dtype}`);
  const v = t.contiguousData();
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0 || v[i] >= size) throw new IndexError(`${op}: index ${v[i]} is out of bounds for dimension ${dim} with size ${size}`);
  }
  return v;
}

/** Splits `(dim, index, ...)` (torch positional) or `(index, ..., { dim })` (options last). */
function dimAndRest(op: string, rest: unknown[]): { dim: number; args: unknown[]; opts: Record<string, unknown> } {
  const last = rest[rest.length - 1];
  const opts = isOptions(last) ? last : {};
  const args = isOptions(last) ? rest.slice(0, -1) : rest;
  if (typeof args[0] === 'number') return { dim: args[0], args: args.slice(1), opts };
  if (typeof opts.dim !== 'number') throw new ValueError(`${op}: dim is required, e.g. ${op}(x, index, { dim: 1 })`);
  return { dim: opts.dim, args, opts };
}

/** Offset into a tensor for `pos` with position `v` substituted at `dim`. */
function offsetAt(strides: readonly number[], base: number, pos: number[], dim: number, v: number): number {
  let off = base;
  for (let d = 0; d < pos.length; d++) off += (d === dim ? v : pos[d]) * strides[d];
  return off;
}

function checkIndexShape(op: string, x: Tensor, index: Tensor, dim: number, other?: Tensor): void {
  if (index.ndim !== x.ndim) throw new ShapeError(`${op}: index ${fmtShape(index.shape)} must have as many dimensions as input ${fmtShape(x.shape)}`);
  for (let d = 0; d < x.ndim; d++) {
    if (d !== dim && index.shape[d] > x.shape[d]) {
      throw new ShapeError(`${op}: index ${fmtShape(index.shape)} is larger than input ${fmtShape(x.shape)} at dimension ${d}`);
    }
    if (other && index.shape[d] > other.shape[d]) {
      throw new ShapeError(`${op}: index ${fmtShape(index.shape)} is larger than src ${fmtShape(other.shape)} at dimension ${d}`);
    }
  }
}

/** Adds g (shape of index) into a fresh zero tensor of `shape` at the gathered positions. */
function scatterAddRaw(g: Tensor, shape: readonly number[], idx: ArrayLike<number>, dim: number): Tensor {
  const out = Tensor.empty(shape, g.dtype), st = contiguousStrides(shape), gd = g.contiguousData(), o = out.storage.data;
  eachIndex(g.shape, (k, pos) => { o[offsetAt(st, 0, pos, dim, idx[k])] += gd[k]; });
  return out;
}

/** Reads x at the index positions: out[i][j] = x[index[i][j]][j] for dim 0 (out has index's shape). */
function gatherRaw(x: Tensor, index: Tensor, idx: ArrayLike<number>, dim: number): Tensor {
  const out = Tensor.empty(index.shape, x.dtype), o = out.storage.data, xd = x.storage.data;
  eachIndex(index.shape, (k, pos) => { o[k] = xd[offsetAt(x.strides, x.offset, pos, dim, idx[k])]; });
  return out;
}

/**
 * Picks values along `dim` by index: out[i][j] = x[i][index[i][j]] (dim 1). `index` has x's
 * number of dims; repeated indices accumulate in the gradient.
 * @example gather(x, index, { dim: 1 }); gather(x, 1, index)
 */
export function gather(x: Tensor, ...rest: unknown[]): Tensor {
  checkTensor(x, 'gather');
  const { dim, args } = dimAndRest('gather', rest);
  const index = checkTensor(args[0], 'gather', 'index');
  const d = normDim(dim, x.ndim, 'gather');
  checkIndexShape('gather', x, index, d);
  const idx = indexValues(index, 'gather', d, x.ndim ? x.shape[d] : 1);
  const out = gatherRaw(x, index, idx, d);
  return record('GatherBackward', out, [x], (g) => [scatterAddRaw(g, x.shape, idx, d)]);
}

function scatterImpl(op: 'scatter' | 'scatterAdd', x: Tensor, rest: unknown[]): Tensor {
  checkTensor(x, op);
  const { dim, args, opts } = dimAndRest(op, rest);
  const index = checkTensor(args[0], op, 'index');
  const srcArg = args[1] ?? opts.src ?? opts.value;
  if (opts.reduce !== undefined) throw new ValueError(`${op}: the reduce option is not supported; use scatterAdd for 'add'`);
  if (!(srcArg instanceof Tensor) && typeof srcArg !== 'number') throw new TrainlabError(`${op}: src must be a Tensor or a number`);
  if (op === 'scatterAdd' && !(srcArg instanceof Tensor)) throw new TrainlabError('scatterAdd: src must be a Tensor');
  const src = srcArg instanceof Tensor ? srcArg : null;
  const d = normDim(dim, x.ndim, op);
  checkIndexShape(op, x, index, d, src ?? undefined);
  if (src && src.dtype !== x.dtype) throw new DTypeError(`${op}: src dtype ${src.dtype} must match input dtype ${x.dtype}`);
  const idx = indexValues(index, op, d, x.ndim ? x.shape[d] : 1);
  const out = Tensor.fromArray(x.toTypedArray(), x.shape, x.dtype);
  const o = out.storage.data, st = out.strides;
  const sd = src?.storage.data;
  eachIndex(index.shape, (k, pos) => {
    const v = src ? sd![offsetAt(src.strides, src.offset, pos, -1, 0)] : srcArg as number;
    const at = offsetAt(st, 0, pos, d, idx[k]);
    o[at] = op === 'scatter' ? v : o[at] + v;
  });
  return record(op === 'scatter' ? 'ScatterBackward' : 'ScatterAddBackward', out, [x, src], (g) => {
    let gx = g;
    if (op === 'scatter') {
      // overwritten positions do not depend on x
      gx = Tensor.fromArray(g.toTypedArray(), g.shape, g.dtype);
      eachIndex(index.shape, (k, pos) => { gx.storage.data[offsetAt(st, 0, pos, d, idx[k])] = 0; });
    }
    let gs: Tensor | null = null;
    if (src) {
      const picked = gatherRaw(g, index, idx, d);
      gs = sameShape(index.shape, src.shape) ? picked : embedCorner(picked, src.shape);
    }
    return [gx, gs];
  });
}

/** Zeros of `shape` with `t` written into its leading corner. */
function embedCorner(t: Tensor, shape: readonly number[]): Tensor {
  const out = Tensor.empty(shape, t.dtype), st = contiguousStrides(shape), td = t.contiguousData();
  eachIndex(t.shape, (k, pos) => { out.storage.data[offsetAt(st, 0, pos, -1, 0)] = td[k]; });
  return out;
}

/**
 * A copy of x with src written at the index positions along `dim` (src may be a number):
 * out[index[i][j]][j] = src[i][j] for dim 0.
 * @example scatter(zeros([3, 4]), index, src, { dim: 0 }); scatter(x, 0, index, src)
 */
export function scatter(x: Tensor, ...rest: unknown[]): Tensor { return scatterImpl('scatter', x, rest); }
/** Like scatter, but adds src into the copy of x (repeated indices accumulate). */
export function scatterAdd(x: Tensor, ...rest: unknown[]): Tensor { return scatterImpl('scatterAdd', x, rest); }

/**
 * The slices of x at `index` (1-D int tensor) along `dim`; repeated indices accumulate gradients.
 * @example indexSelect(x, index, { dim: 0 }); indexSelect(x, 0, index)
 */
export function indexSelect(x: Tensor, ...rest: unknown[]): Tensor {
  checkTensor(x, 'indexSelect');
  const { dim, args } = dimAndRest('indexSelect', rest);
  const index = checkTensor(args[0], 'indexSelect', 'index');
  if (index.ndim > 1) throw new ShapeError(`indexSelect: index must be 0-D or 1-D, got ${fmtShape(index.shape)}`);
  const d = normDim(dim, x.ndim, 'indexSelect');
  const size = x.ndim ? x.shape[d] : 1;
  const idx = indexValues(index, 'indexSelect', d, size);
  const outShape = x.ndim ? x.shape.map((s, i) => (i === d ? idx.length : s)) : [];
  // out[..., k, ...] = x[..., idx[k], ...]: gather with an index broadcast over the other dims
  const full = Tensor.empty(outShape, 'int64');
  eachIndex(outShape, (k, pos) => { full.storage.data[k] = idx[x.ndim ? pos[d] : 0]; });
  const out = gatherRaw(x, full, full.storage.data, d);
  return record('IndexSelectBackward', out, [x], (g) => [scatterAddRaw(g, x.shape, full.storage.data, d)]);
}

/**
 * x with `value` where mask is true; mask is bool and broadcasts to x's shape.
 * @example maskedFill(scores, padMask, -Infinity)
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | Tensor | { value: number }): Tensor {
  checkTensor(x, 'maskedFill');
  checkTensor(mask, 'maskedFill', 'mask');
  if (mask.dtype !== 'bool') throw new DTypeError(`maskedFill: mask must be a bool tensor, got ${mask.dtype}`);
  const v = isOptions(value) ? value.value : value instanceof Tensor ? scalarOf(value) : value;
  if (typeof v !== 'number') throw new ValueError('maskedFill: value must be a number or a one-element tensor');
  const shape = broadcastShapes(x.shape, mask.shape, 'maskedFill');
  if (!sameShape(shape, x.shape)) throw new ShapeError(`maskedFill: mask ${fmtShape(mask.shape)} does not broadcast to input ${fmtShape(x.shape)}`);
  const m = new Tensor(mask.storage, [...x.shape], broadcastStrides(mask.shape, mask.strides, x.shape), mask.offset, 'bool').toTypedArray();
  const out = Tensor.fromArray(x.toTypedArray(), x.shape, x.dtype), o = out.storage.data;
  for (let i = 0; i < o.length; i++) if (m[i]) o[i] = v;
  return record('MaskedFillBackward', out, [x], (g) => {
    const gx = Tensor.fromArray(g.toTypedArray(), g.shape, g.dtype);
    for (let i = 0; i < m.length; i++) if (m[i]) gx.storage.data[i] = 0;
    return [gx];
  });
}

function scalarOf(t: Tensor): number {
  if (t.numel() !== 1) throw new ShapeError(`maskedFill: value must be a one-element tensor, got shape ${fmtShape(t.shape)}`);
  return t.item();
}

/**
 * Looks rows of `weight` [numEmbeddings, dim] up by integer `indices` (any shape) → [...indices, dim].
 * Repeated indices accumulate gradient; the `paddingIdx` row gets none.
 * @example embedding(tokens, weight, { paddingIdx: 0 })
 */
export function embedding(indices: Tensor, weight: Tensor, ...rest: (number | null | { paddingIdx?: number | null })[]): Tensor {
  checkTensor(indices, 'embedding', 'indices');
  checkTensor(weight, 'embedding', 'weight');
  if (weight.ndim !== 2) throw new ShapeError(`embedding: weight must be 2-D [numEmbeddings, embeddingDim], got ${fmtShape(weight.shape)}`);
  if (!isFloat(weight.dtype)) throw new DTypeError(`embedding: weight must be a float tensor, got ${weight.dtype}`);
  const [vocab, dimE] = weight.shape;
  let pad = argsToOptions<{ paddingIdx?: number | null }>(rest, ['paddingIdx']).paddingIdx ?? null;
  if (pad !== null) {
    if (!Number.isInteger(pad) || pad < -vocab || pad >= vocab) throw new IndexError(`embedding: paddingIdx ${pad} must be within [-${vocab}, ${vocab})`);
    if (pad < 0) pad += vocab;
  }
  const idx = indexValues(indices, 'embedding', 0, vocab);
  const out = Tensor.empty([...indices.shape, dimE], weight.dtype), o = out.storage.data;
  const w = weight.contiguousData();
  for (let k = 0; k < idx.length; k++) for (let j = 0; j < dimE; j++) o[k * dimE + j] = w[idx[k] * dimE + j];
  return record('EmbeddingBackward', out, [weight], (g) => {
    const gw = Tensor.empty(weight.shape, g.dtype), gd = g.contiguousData(), r = gw.storage.data;
    for (let k = 0; k < idx.length; k++) {
      if (idx[k] === pad) continue;
      for (let j = 0; j < dimE; j++) r[idx[k] * dimE + j] += gd[k * dimE + j];
    }
    return [gw];
  });
}
