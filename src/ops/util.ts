// Helpers shared by op families: operand coercion, strided views, output allocation.
import type { StridedView } from '../backend/index.js';
import type { AnyArray, DType, FloatArray } from '../backend/types.js';
import { DTypeError, TrainlabError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

export type TensorOrNumber = Tensor | number;

export function stridedView(t: Tensor): StridedView {
  return { data: t.storage.data, offset: t.offset, strides: t.strides };
}

/** The elements of a contiguous tensor as a view of its storage (no copy; writes reach the tensor). */
export function elementsOf(t: Tensor): AnyArray {
  return t.storage.data.subarray(t.offset, t.offset + t.numel());
}

/** Contiguous elements (the storage itself when possible; treat as read-only). */
export function dataOf(t: Tensor): AnyArray {
  return t.contiguousData();
}
export function floatData(t: Tensor): FloatArray {
  return t.contiguousData() as FloatArray;
}

export function checkTensor(t: unknown, op: string, what = 'input'): Tensor {
  if (!(t instanceof Tensor)) {
    throw new TrainlabError(`${op}: ${what} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  }
  return t;
}

export function sameDType(a: Tensor, b: Tensor, op: string): void {
  if (a.dtype !== b.dtype) throw new DTypeError(`${op}: expected both tensors to have the same dtype, got ${a.dtype} and ${b.dtype}`);
}

/** A tensor with the same values cast to `dtype` (the same tensor when it already has it). */
export function castData(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = Tensor.uninit(t.shape, dtype);
  const src = t.contiguousData();
  const d = out.storage.data;
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) d[i] = src[i] !== 0 ? 1 : 0;  // NaN is true, as in torch
  else if (dtype === 'int32' || dtype === 'int64') for (let i = 0; i < src.length; i++) d[i] = Math.trunc(src[i]);
  else d.set(src);
  return out;
}

/** Options objects may arrive as the last positional argument (fixtures pass them so). */
export function isOptions(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !(x instanceof Tensor) && !Array.isArray(x);
}

/** Runs shorter than this are copied element by element (a subarray + set costs more). */
const SET_MIN_RUN = 16;

/** Writes contiguous `src` (row-major) into the possibly strided tensor `dst`, in place. */
export function writeStrided(dst: Tensor, src: ArrayLike<number>): void {
  const nd = dst.ndim, shape = dst.shape, st = dst.strides, d = dst.storage.data;
  const n = dst.numel();
  if (src.length !== n) throw new TrainlabError(`writeStrided: ${src.length} values for ${n} elements`);
  if (n === 0) return;
  // the trailing dims that are laid out contiguously in dst form runs of `run` elements
  let inner = nd, run = 1;
  while (inner > 0 && (shape[inner - 1] === 1 || st[inner - 1] === run)) run *= shape[--inner];
  const typed = ArrayBuffer.isView(src) && run >= SET_MIN_RUN;
  const idx = new Array<number>(inner).fill(0);
  let off = dst.offset;
  for (let i = 0; i < n; i += run) {
    if (typed) d.set((src as AnyArray).subarray(i, i + run), off);
    else for (let j = 0; j < run; j++) d[off + j] = src[i + j];
    for (let k = inner - 1; k >= 0; k--) {
      idx[k]++;
      off += st[k];
      if (idx[k] < shape[k]) break;
      off -= st[k] * shape[k];
      idx[k] = 0;
    }
  }
}

/**
 * Reads the trailing arguments of an op that takes either torch-style positionals or one options
 * object (the last argument): `clamp(x, -1, 1)`, `clamp(x, { min: -1, max: 1 })`,
 * `gather(x, idx, { dim: 1 })`. `names` lists the positional parameters in torch's order.
 */
export function argsToOptions<T extends object>(args: readonly unknown[], names: readonly string[]): T {
  const out: Record<string, unknown> = {};
  args.forEach((a, i) => {
    if (i === args.length - 1 && isOptions(a)) Object.assign(out, a);
    else if (a !== undefined && i < names.length) out[names[i]] = a;
  });
  return out as T;
}
