// Element types and the typed arrays that store them; shared by every layer.

/** Tensor element types. int64 is stored in a Float64Array: values must stay within ±2^53. */
export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
export type FloatArray = Float32Array | Float64Array;
export type AnyArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'int64', 'bool'];

/** Allocates zeroed storage for `n` elements of `dtype`. */
export function allocArray(dtype: DType, n: number): AnyArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'int64': return new Float64Array(n);
    case 'int32': return new Int32Array(n);
    case 'bool': return new Uint8Array(n);
  }
}

export function isFloatDType(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}
