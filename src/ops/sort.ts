// sort, argsort and topk along a dimension. The order is computed here; the values are gathered from
// the input with `gather`, so gradients flow back to the chosen elements. NaN sorts as the largest
// value (torch's rule) and ties keep their original order.
import { ValueError } from '../errors.js';
import { normDim, numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { gather } from './indexing.js';
import { narrow } from './movement.js';
import { checkTensor } from './util.js';

export interface SortOptions {
  /** The dimension to sort along (default -1). */
  dim?: number;
  /** Largest first (default false). */
  descending?: boolean;
}
export interface ValuesIndices { values: Tensor; indices: Tensor }

/** Ascending order with NaN after every number. */
function ascending(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : 1;
  if (b !== b) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The int64 tensor of positions that sort x along `dim`. */
export function argsort(x: Tensor, opts: SortOptions = {}): Tensor {
  checkTensor(x, 'argsort');
  const shape = x.ndim === 0 ? [1] : x.shape;
  const d = normDim(opts.dim ?? -1, shape.length, 'argsort');
  const outer = numel(shape.slice(0, d)), n = shape[d], inner = numel(shape.slice(d + 1));
  const xd = x.contiguousData();
  const out = new Float64Array(outer * n * inner);
  const order = new Array<number>(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let k = 0; k < n; k++) order[k] = k;
      // Array.prototype.sort is stable: ties keep their order
      order.sort(opts.descending ? (p, q) => ascending(xd[base + q * inner], xd[base + p * inner])
        : (p, q) => ascending(xd[base + p * inner], xd[base + q * inner]));
      for (let k = 0; k < n; k++) out[base + k * inner] = order[k];
    }
  }
  return Tensor.fromArray(out, x.shape, 'int64');
}

/**
 * The values of x sorted along `dim` and their positions in x, as torch.sort (stable).
 * @example sort(tensor([3, 1, 2])).values  // [1, 2, 3]
 */
export function sort(x: Tensor, opts: SortOptions = {}): ValuesIndices {
  const indices = argsort(x, opts);
  if (x.ndim === 0) return { values: x, indices };
  return { values: gather(x, normDim(opts.dim ?? -1, x.ndim, 'sort'), indices), indices };
}

/**
 * The k largest (or smallest with `largest: false`) values along `dim`, in order, and their
 * positions, as torch.topk.
 * @example topk(tensor([1, 5, 3]), 2).values  // [5, 3]
 */
export function topk(x: Tensor, k: number, opts: { dim?: number; largest?: boolean } = {}): ValuesIndices {
  checkTensor(x, 'topk');
  const dim = normDim(opts.dim ?? -1, Math.max(x.ndim, 1), 'topk');
  const n = x.ndim === 0 ? 1 : x.shape[dim];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new ValueError(`topk: k must be an integer in [0, ${n}], got ${k}`);
  const { values, indices } = sort(x, { dim, descending: opts.largest ?? true });
  if (x.ndim === 0) return { values, indices };
  return { values: narrow(values, dim, 0, k), indices: narrow(indices, dim, 0, k) };
}
