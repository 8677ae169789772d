// Element types and the typed arrays that store them; shared by every layer.

/** Tensor element types. int64 is stored in a Float64Array: values must stay within ±2^53. */
export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
export type FloatArray = Float32Array | Float64Array;
export type AnyArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'int64', 'bool'];

/** The typed-array class that stores each dtype. */
export const ARRAY_OF: Readonly<Record<DType, Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor>> = {
  float32: Float32Array, float64: Float64Array, int64: Float64Array, int32: Int32Array, bool: Uint8Array,
};

/** Allocates zeroed storage for `n` elements of `dtype`. */
export function allocArray(dtype: DType, n: number): AnyArray {
  return new ARRAY_OF[dtype](n);
}

export function isFloatDType(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}
