// Autograd-free reduction helpers: raw reductions over dims and sumToShape (un-broadcasting),
// used by forward ops and by every backward that must undo a broadcast.
import { backend } from '../backend/index.js';
import type { ReduceOp } from '../backend/interface.js';
import type { DType } from '../backend/types.js';
import { ShapeError, fmtShape } from '../errors.js';
import { numel, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { castData, dataOf } from './util.js';

/** Raw reduction of `x` over sorted `dims` with kernel `op` (no autograd). Returns keepdim shape. */
export function reduceRaw(op: ReduceOp, x: Tensor, dims: number[], outDType: DType = x.dtype): Tensor {
  let cur = x.dtype === outDType ? x : castData(x, outDType);
  let data = dataOf(cur);
  let shape = [...x.shape];
  // reduce one dim at a time, innermost last so the [outer, n, inner] split stays simple
  for (let k = dims.length - 1; k >= 0; k--) {
    const d = dims[k];
    const outer = numel(shape.slice(0, d)), n = shape[d], inner = numel(shape.slice(d + 1));
    const outShape = [...shape];
    outShape[d] = 1;
    const out = Tensor.uninit(outShape, outDType);
    backend().reduce(op, data, outer, n, inner, out.storage.data);
    cur = out;
    data = out.storage.data;
    shape = outShape;
  }
  return cur === x ? Tensor.fromArray(x.toTypedArray(), x.shape, x.dtype) : cur;
}

export function keepShape(shape: readonly number[], dims: number[]): number[] {
  return shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

/** Sums a broadcast gradient back down to `shape` (the un-broadcasting every backward needs). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  if (lead < 0) throw new ShapeError(`sumToShape: cannot reduce ${fmtShape(g.shape)} to ${fmtShape(shape)}`);
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
    else if (shape[i - lead] !== g.shape[i]) throw new ShapeError(`sumToShape: cannot reduce ${fmtShape(g.shape)} to ${fmtShape(shape)}`);
  }
  const r = reduceRaw('sum', g, dims);
  return Tensor.fromArray(r.storage.data, shape, r.dtype, false);
}
