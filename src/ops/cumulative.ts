// Cumulative sums along a dimension (torch.cumsum), with its backward: the gradient of a cumulative
// sum is the reversed cumulative sum of the gradient.
import { record } from '../autograd/node.js';
import type { AnyArray, DType } from '../backend/types.js';
import { allocArray } from '../backend/types.js';
import { isFloat } from '../tensor/dtype.js';
import { normDim, numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './util.js';

/** out[..., k, ...] = Σ_{j ≤ k} x[..., j, ...] along `dim` (or from the end when `reverse`), summed in double. */
function scan(x: AnyArray, outer: number, n: number, inner: number, dtype: DType, reverse: boolean): AnyArray {
  const out = allocArray(dtype, outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = 0;
      for (let s = 0; s < n; s++) {
        const k = base + (reverse ? n - 1 - s : s) * inner;
        acc += x[k];
        out[k] = acc;
      }
    }
  }
  return out;
}

/**
 * Cumulative sum along `dim`, as torch.cumsum: float tensors keep their dtype (accumulated in
 * double, each output rounded once), integer and bool tensors give int64.
 * @example cumsum(tensor([1, 2, 3]), 0)  // [1, 3, 6]
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  checkTensor(x, 'cumsum');
  const d = normDim(dim, Math.max(x.ndim, 1), 'cumsum');
  const shape = x.ndim === 0 ? [1] : x.shape;
  const outer = numel(shape.slice(0, d)), n = shape[d], inner = numel(shape.slice(d + 1));
  const dtype: DType = isFloat(x.dtype) ? x.dtype : 'int64';
  const out = Tensor.fromArray(scan(x.contiguousData(), outer, n, inner, dtype, false), x.shape, dtype);
  return record('CumsumBackward', out, [x], (g) => [
    Tensor.fromArray(scan(g.contiguousData(), outer, n, inner, g.dtype, true), x.shape, g.dtype)]);
}
