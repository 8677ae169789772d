// dtype helpers: promotion as PyTorch does it (bool < int32 < int64 < float32 < float64).
import type { AnyArray, DType } from '../backend/types.js';
import { DTypeError } from '../errors.js';

const RANK: Record<DType, number> = { bool: 0, int32: 1, int64: 2, float32: 3, float64: 4 };

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}
export function isIntegral(d: DType): boolean {
  return d === 'int32' || d === 'int64' || d === 'bool';
}

/** Result dtype of a binary op on two tensors. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

const category = (d: DType): number => (d === 'bool' ? 0 : isFloat(d) ? 2 : 1);

/**
 * Result dtype of a binary op on two tensors, with PyTorch's rule for 0-d tensors: next to a tensor
 * with dimensions, a 0-d tensor only counts when it is of a higher category (bool < integer < float),
 * so `float32 [3] + float64 0-d` stays float32 while `int64 [3] + float64 0-d` is float64.
 */
export function resultType(a: { dtype: DType; ndim: number }, b: { dtype: DType; ndim: number }): DType {
  if ((a.ndim === 0) === (b.ndim === 0)) return promoteTypes(a.dtype, b.dtype);
  const [dim, zero] = a.ndim === 0 ? [b.dtype, a.dtype] : [a.dtype, b.dtype];
  return category(zero) > category(dim) ? promoteTypes(dim, zero) : dim;
}

/**
 * Result dtype of tensor ∘ scalar, as PyTorch: a scalar never widens a tensor of its own kind; a
 * fractional number lifts an integral or bool tensor to float32, an integer lifts a bool tensor to
 * int64 (a JS boolean keeps it bool).
 */
export function promoteWithScalar(t: DType, s: number | boolean): DType {
  if (typeof s === 'boolean') return t;
  if (!Number.isInteger(s) && isIntegral(t)) return 'float32';
  if (t === 'bool') return 'int64';
  return t;
}

/**
 * `v` as a tensor of `dtype` holds it, as torch converts: truncated toward zero for the integer
 * dtypes, 1 for any non-zero value (NaN included) in bool.
 */
export function storedValue(v: number, dtype: DType): number {
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int32' || dtype === 'int64') return Math.trunc(v);
  return v;
}

/** Whether `v` can be stored in a tensor of `dtype` (NaN and ±Inf have no integer value). */
export function storable(v: number, dtype: DType): boolean {
  return Number.isFinite(v) || (dtype !== 'int32' && dtype !== 'int64');
}

/** Whether a result of dtype `from` may be written into a tensor of dtype `to` (torch.can_cast). */
export function canCast(from: DType, to: DType): boolean {
  if (isFloat(from) && !isFloat(to)) return false;
  return to !== 'bool' || from === 'bool';
}

/** The dtype of a typed array handed to `tensor()` when none is given. */
export function dtypeOfArray(a: AnyArray | Int32Array | BigInt64Array): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'bool';
  if (a instanceof BigInt64Array) return 'int64';
  throw new DTypeError('tensor: unsupported typed array');
}

export function checkDType(d: unknown, op: string): DType {
  if (d === 'float32' || d === 'float64' || d === 'int32' || d === 'int64' || d === 'bool') return d;
  throw new DTypeError(`${op}: unknown dtype ${JSON.stringify(d)} (expected float32, float64, int32, int64 or bool)`);
}

export function requireFloat(d: DType, op: string): void {
  if (!isFloat(d)) throw new DTypeError(`${op}: expected a floating point tensor, got ${d}`);
}
