// Argument handling shared by the convolution and pooling ops: size options as [h, w] pairs,
// float-tensor checks, and torch's output-size formulas.
import type { DType, FloatArray } from '../backend/types.js';
import { allocArray } from '../backend/types.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './util.js';

/** A size option: one number for both spatial dims, or [h, w]. */
export type Size2 = number | readonly number[];

/**
 * Expands a size option to [h, w] (a 1-element list counts for both), checking that both are
 * integers ≥ `min`.
 */
export function pair(v: Size2 | null | undefined, dflt: Size2, what: string, op: string, min: number): [number, number] {
  const src = v ?? dflt;
  const list = typeof src === 'number' ? [src, src] : src.length === 1 ? [src[0], src[0]] : [...src];
  if (list.length !== 2 || list.some((s) => !Number.isInteger(s) || s < min)) {
    throw new ValueError(`${op}: ${what} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(src)}`);
  }
  return [list[0], list[1]];
}

/** Checks a float tensor argument (and, with `like`, that it shares like's dtype). */
export function floatArg(t: unknown, op: string, what: string, like?: Tensor): Tensor {
  const x = checkTensor(t, op, what);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: ${what} must be a floating point tensor, got ${x.dtype}`);
  if (like && x.dtype !== like.dtype) {
    throw new DTypeError(`${op}: ${what} is ${x.dtype} but the input is ${like.dtype}; cast one of them`);
  }
  return x;
}

/** Zeroed contiguous float storage of `n` elements. */
export function allocFloat(dtype: DType, n: number): FloatArray {
  return allocArray(dtype, n) as FloatArray;
}

/** Checks that `x` is [N, C, H, W] or unbatched [C, H, W]; returns whether it was unbatched. */
export function checkImage(x: Tensor, op: string): boolean {
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new ShapeError(`${op}: expected a 3-D [C,H,W] or 4-D [N,C,H,W] input, got ${x.ndim}-D input ${fmtShape(x.shape)}`);
  }
  return x.ndim === 3;
}

/**
 * Output length of a pooling window sweep, as torch computes it: with ceilMode the last window
 * is kept only if it starts inside the input or its left padding.
 */
export function poolOutSize(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const eff = d * (k - 1) + 1;
  let out = Math.floor((size + 2 * p - eff + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}
