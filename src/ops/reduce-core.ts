// sum and mean over dims, with their backward.
import { record } from '../autograd/node.js';
import { DTypeError } from '../errors.js';
import { isIntegral } from '../tensor/dtype.js';
import { normDims } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../backend/types.js';
import { expand, reshape } from './movement.js';
import { keepShape, reduceRaw } from './reduce-raw.js';

export interface ReduceOptions {
  dim?: number | number[] | null;
  keepdim?: boolean;
  dtype?: DType;
}

function dropDims(shape: readonly number[], dims: number[]): number[] {
  return shape.filter((_, i) => !dims.includes(i));
}

/**
 * Sum over `dim` (all dims by default). Integer and bool inputs sum to int64, as in torch.
 * @example sum(x, { dim: 1, keepdim: true })
 */
export function sum(x: Tensor, opts: ReduceOptions | number | number[] = {}): Tensor {
  const o: ReduceOptions = typeof opts === 'number' || Array.isArray(opts) ? { dim: opts } : opts;
  const dims = normDims(o.dim, x.ndim, 'sum');
  const outDType = o.dtype ?? (isIntegral(x.dtype) ? 'int64' : x.dtype);
  const keep = reduceRaw('sum', x, dims, outDType);
  const out = o.keepdim ? keep : reshape(keep, dropDims(x.shape, dims));
  return record('SumBackward', out, [x], (g) => [expand(o.keepdim ? g : reshape(g, keep.shape), x.shape)]);
}

/** Mean over `dim` (all dims by default); float inputs only. */
export function mean(x: Tensor, opts: ReduceOptions | number | number[] = {}): Tensor {
  const o: ReduceOptions = typeof opts === 'number' || Array.isArray(opts) ? { dim: opts } : opts;
  if (isIntegral(x.dtype) && !o.dtype) {
    throw new DTypeError(`mean: could not infer output dtype: input is ${x.dtype}; pass { dtype: 'float32' } or cast first`);
  }
  const dims = normDims(o.dim, x.ndim, 'mean');
  const count = dims.reduce((a, d) => a * x.shape[d], 1);
  const keep = reduceRaw('sum', x, dims, o.dtype ?? x.dtype);
  const out = o.keepdim ? keep : reshape(keep, dropDims(x.shape, dims));
  const d = keep.storage.data;
  for (let i = 0; i < d.length; i++) d[i] /= count;
  return record('MeanBackward', out, [x], (g) => {
    const e = expand(o.keepdim ? g : reshape(g, keepShape(x.shape, dims)), x.shape);
    const r = Tensor.fromArray(e.toTypedArray(), x.shape, x.dtype);
    const rd = r.storage.data;
    for (let i = 0; i < rd.length; i++) rd[i] /= count;
    return [r];
  });
}
