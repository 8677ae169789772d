// Views and copies that move elements: view/reshape, transpose, permute, expand, squeeze,
// unsqueeze, flatten, narrow, select, contiguous, clone, detach. Views share storage.
import { record } from '../autograd/node.js';
import { IndexError, ShapeError, fmtShape } from '../errors.js';
import { contiguousStrides, normDim, numel, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sumToShape } from './reduce-raw.js';
import { isOptions, writeStrided } from './util.js';

function viewOf(x: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  return new Tensor(x.storage, shape, strides, offset, x.dtype);
}

/** Resolves one -1 in a requested shape against `n` elements. */
export function inferShape(shape: readonly number[], n: number, op: string, from: readonly number[]): number[] {
  const out = [...shape];
  const neg = out.indexOf(-1);
  if (out.filter((s) => s === -1).length > 1) throw new ShapeError(`${op}: only one dimension can be inferred (-1) in ${fmtShape(shape)}`);
  if (out.some((s) => !Number.isInteger(s) || s < -1)) throw new ShapeError(`${op}: invalid shape ${fmtShape(shape)}`);
  if (neg >= 0) {
    const rest = numel(out.filter((s) => s !== -1));
    if (rest === 0 || n % rest !== 0) throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(from)} (${n} elements)`);
    out[neg] = n / rest;
  }
  if (numel(out) !== n) throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(from)} (${n} elements)`);
  return out;
}

function shapeArg(a: unknown[], key = 'shape'): number[] {
  if (a.length === 1 && isOptions(a[0])) return (a[0] as Record<string, number[]>)[key];
  if (a.length === 1 && Array.isArray(a[0])) return a[0] as number[];
  return a as number[];
}

/** A copy in row-major order (a view of the same data when already contiguous and no grad). */
export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous()) return x;
  const out = Tensor.fromArray(x.toTypedArray(), x.shape, x.dtype);
  return record('CloneBackward', out, [x], (g) => [g]);
}

/** A fresh copy that stays in the graph. */
export function clone(x: Tensor): Tensor {
  const out = Tensor.fromArray(x.toTypedArray(), x.shape, x.dtype);
  return record('CloneBackward', out, [x], (g) => [g]);
}

/** The same data, cut from the graph. */
export function detach(x: Tensor): Tensor {
  return viewOf(x, [...x.shape], [...x.strides], x.offset);
}

/** A view with a new shape; the input must be contiguous (use reshape otherwise). */
export function view(x: Tensor, ...shape: unknown[]): Tensor {
  const s = inferShape(shapeArg(shape), x.numel(), 'view', x.shape);
  if (!x.isContiguous()) {
    throw new ShapeError(`view: input of shape ${fmtShape(x.shape)} is not contiguous; use reshape() or contiguous() first`);
  }
  const out = viewOf(x, s, contiguousStrides(s), x.offset);
  return record('ViewBackward', out, [x], (g) => [reshape(g, x.shape)]);
}

/** A tensor with a new shape: a view when possible, else a copy. */
export function reshape(x: Tensor, ...shape: unknown[]): Tensor {
  const s = inferShape(shapeArg(shape), x.numel(), 'reshape', x.shape);
  if (x.isContiguous()) {
    const out = viewOf(x, s, contiguousStrides(s), x.offset);
    return record('ReshapeBackward', out, [x], (g) => [reshape(g, x.shape)]);
  }
  const out = Tensor.fromArray(x.toTypedArray(), s, x.dtype);
  return record('ReshapeBackward', out, [x], (g) => [reshape(g, x.shape)]);
}

/** Swaps two dimensions (a view). */
export function transpose(x: Tensor, dim0: number | { dim0: number; dim1: number } = 0, dim1 = 1): Tensor {
  if (isOptions(dim0)) { dim1 = dim0.dim1; dim0 = dim0.dim0; }
  if (x.ndim < 2 && dim0 === 0 && dim1 === 1 && x.ndim < 2) return x;
  const a = normDim(dim0, x.ndim, 'transpose'), b = normDim(dim1, x.ndim, 'transpose');
  const perm = x.shape.map((_, i) => i);
  perm[a] = b; perm[b] = a;
  return permute(x, perm);
}

/** Reorders dimensions (a view). */
export function permute(x: Tensor, ...dims: unknown[]): Tensor {
  const p = shapeArg(dims, 'dims').map((d) => normDim(d, x.ndim, 'permute'));
  if (p.length !== x.ndim || new Set(p).size !== p.length) {
    throw new ShapeError(`permute: dims ${fmtShape(p)} are not a permutation of the ${x.ndim} dimensions of ${fmtShape(x.shape)}`);
  }
  const out = viewOf(x, p.map((d) => x.shape[d]), p.map((d) => x.strides[d]), x.offset);
  const inv = new Array<number>(p.length);
  p.forEach((d, i) => { inv[d] = i; });
  return record('PermuteBackward', out, [x], (g) => [permute(g, inv)]);
}

/** Broadcasts to a larger shape without copying (-1 keeps a size). */
export function expand(x: Tensor, ...shape: unknown[]): Tensor {
  const target = shapeArg(shape);
  if (target.length < x.ndim) throw new ShapeError(`expand: the expanded shape ${fmtShape(target)} has fewer dimensions than the input ${fmtShape(x.shape)}`);
  const lead = target.length - x.ndim;
  const strides = new Array<number>(target.length).fill(0);
  const outShape = target.map((s, i) => {
    const src = i >= lead ? x.shape[i - lead] : 1;
    const size = s === -1 ? src : s;
    if (i >= lead) {
      if (src === size) strides[i] = x.strides[i - lead];
      else if (src !== 1) throw new ShapeError(`expand: size ${src} at dimension ${i - lead} of ${fmtShape(x.shape)} cannot be expanded to ${size} (target ${fmtShape(target)})`);
    }
    return size;
  });
  if (sameShape(outShape, x.shape)) return x;
  const out = viewOf(x, outShape, strides, x.offset);
  return record('ExpandBackward', out, [x], (g) => [sumToShape(g, x.shape)]);
}


/** Removes size-1 dimensions (all, or the given one). */
export function squeeze(x: Tensor, dim?: number | { dim?: number }): Tensor {
  const d = isOptions(dim) ? dim.dim : dim;
  const keep = x.shape.map((s, i) => (d === undefined ? s !== 1 : !(i === normDim(d, x.ndim, 'squeeze') && s === 1)));
  return reshapeView(x, keep, 'SqueezeBackward');
}

/** Inserts a size-1 dimension at `dim`. */
export function unsqueeze(x: Tensor, dim: number | { dim: number }): Tensor {
  const d0 = isOptions(dim) ? dim.dim : dim;
  const d = normDim(d0, x.ndim + 1, 'unsqueeze');
  const shape = [...x.shape], strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x.strides[d] * x.shape[d] : 1);
  const out = viewOf(x, shape, strides, x.offset);
  return record('UnsqueezeBackward', out, [x], (g) => [reshape(g, x.shape)]);
}

function reshapeView(x: Tensor, keep: boolean[], name: string): Tensor {
  const out = viewOf(x, x.shape.filter((_, i) => keep[i]), x.strides.filter((_, i) => keep[i]), x.offset);
  return record(name, out, [x], (g) => [reshape(g, x.shape)]);
}

/** Flattens dims startDim..endDim into one. */
export function flatten(x: Tensor, startDim: number | { startDim?: number; endDim?: number } = 0, endDim = -1): Tensor {
  if (isOptions(startDim)) { endDim = startDim.endDim ?? -1; startDim = startDim.startDim ?? 0; }
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normDim(startDim, x.ndim, 'flatten'), e = normDim(endDim, x.ndim, 'flatten');
  if (s > e) throw new IndexError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** A view of `length` elements of `dim` from `start`. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim(dim, x.ndim, 'narrow');
  const size = x.shape[d];
  const st = start < 0 ? start + size : start;
  if (!Number.isInteger(st) || !Number.isInteger(length) || st < 0 || length < 0 || st + length > size) {
    throw new IndexError(`narrow: start ${start} and length ${length} exceed dimension ${d} of size ${size} (shape ${fmtShape(x.shape)})`);
  }
  const shape = [...x.shape];
  shape[d] = length;
  const out = viewOf(x, shape, [...x.strides], x.offset + st * x.strides[d]);
  return record('NarrowBackward', out, [x], (g) => [embedSlice(g, x.shape, d, st)]);
}

/** A view of `x[..., index, ...]` along `dim` (that dim removed). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normDim(dim, x.ndim, 'select');
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(`select: index ${index} is out of bounds for dimension ${d} with size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  const out = viewOf(x, x.shape.filter((_, k) => k !== d), x.strides.filter((_, k) => k !== d), x.offset + i * x.strides[d]);
  return record('SelectBackward', out, [x], (g) => [embedSlice(unsqueeze(g, d), x.shape, d, i)]);
}

/** Zeros of `shape` with `g` written at offset `start` along `dim` (backward of slicing). */
export function embedSlice(g: Tensor, shape: readonly number[], dim: number, start: number): Tensor {
  const out = Tensor.empty(shape, g.dtype);
  const block = viewOf(out, [...g.shape], [...out.strides], start * out.strides[dim]);
  writeStrided(block, g.contiguousData());
  return out;
}

/**
 * Tiles x: `sizes[i]` copies along dim i, with extra leading sizes adding dims (torch's
 * Tensor.repeat). Differentiable: each element's gradient is the sum over its copies.
 * @example repeat(tensor([1, 2]), [2, 2])  // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (!Array.isArray(sizes) || sizes.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new ShapeError(`repeat: sizes must be non-negative integers, got ${JSON.stringify(sizes)}`);
  }
  if (sizes.length < x.ndim) {
    throw new ShapeError(`repeat: ${sizes.length} repeat sizes for a ${x.ndim}-d tensor ${fmtShape(x.shape)}; give at least one per dim`);
  }
  const shape = [...new Array<number>(sizes.length - x.ndim).fill(1), ...x.shape];
  // [1, d0, 1, d1, …] expanded to [r0, d0, r1, d1, …]: copy i of element j lands at i·d + j
  const tiled = expand(reshape(x, shape.flatMap((d) => [1, d])), shape.flatMap((d, i) => [sizes[i], d]));
  return reshape(contiguous(tiled), shape.map((d, i) => d * sizes[i]));
}
