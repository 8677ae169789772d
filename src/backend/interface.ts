// The kernel contract: primitives on flat typed arrays with shape/stride arguments. The JS backend
// (backend/js) is the specification; the native backend implements the same entries with the same
// argument order. Outputs are always contiguous and preallocated by the caller.
import type { AnyArray, FloatArray } from './types.js';

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'abs' | 'sign' | 'relu' | 'sigmoid' | 'tanh'
  | 'sin' | 'cos' | 'reciprocal' | 'square' | 'floor' | 'ceil' | 'round' | 'log1p' | 'expm1'
  | 'erf' | 'gelu' | 'geluTanh' | 'silu' | 'logicalNot' | 'isnan' | 'isinf';
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'atan2'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr' | 'remainder';
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';

/** Describes a strided read: element i of a view is data[offset + Σ idx_d * strides[d]]. */
export interface StridedView {
  data: AnyArray;
  offset: number;
  strides: readonly number[];
}

export interface Backend {
  readonly name: string;
  /** Copies a strided view of `shape` into contiguous `out` (any dtype pair: this also casts). */
  copyStrided(src: StridedView, shape: readonly number[], out: AnyArray): void;
  /** out[i] = op(x[i]) on contiguous arrays of equal length. */
  unary(op: UnaryOp, x: AnyArray, out: AnyArray): void;
  /**
   * out = op(a, b) with broadcasting expressed as strides (stride 0 on broadcast dims);
   * `shape` is the output shape, out is contiguous.
   */
  binary(op: BinaryOp, a: StridedView, b: StridedView, shape: readonly number[], out: AnyArray): void;
  /** out[i] = op(x[i], s) for a scalar s, contiguous; `scalarFirst` computes op(s, x[i]). */
  binaryScalar(op: BinaryOp, x: AnyArray, s: number, out: AnyArray, scalarFirst: boolean): void;
  /**
   * Reduces the middle axis of a contiguous [outer, n, inner] array into out [outer, inner].
   * For max/min, `indices` (if given) receives the position along the axis of the first extreme.
   */
  reduce(op: ReduceOp, x: AnyArray, outer: number, n: number, inner: number, out: AnyArray,
    indices?: AnyArray): void;
  /**
   * Batched GEMM: for each b < batch, C_b[m,n] = op(A_b)[m,k] · op(B_b)[k,n] (+ C_b if accumulate).
   * A_b starts at aOff + b*aBatchStride; with transA, A_b is stored [k,m] row-major, else [m,k].
   * Same for B ([n,k] when transB, else [k,n]). C is contiguous [batch,m,n].
   */
  gemm(a: FloatArray, aOff: number, aBatchStride: number, transA: boolean,
    b: FloatArray, bOff: number, bBatchStride: number, transB: boolean,
    c: FloatArray, batch: number, m: number, k: number, n: number, accumulate: boolean): void;
  /** Softmax (or log-softmax) over the last axis of a contiguous [outer, n] array. */
  softmax(x: FloatArray, outer: number, n: number, out: FloatArray, log: boolean): void;
  /**
   * im2col for `images` (default 1) consecutive images [C,H,W] starting at xOff into consecutive
   * cols blocks [C*kh*kw, oh*ow] (zero padding).
   */
  im2col(x: FloatArray, xOff: number, c: number, h: number, w: number, kh: number, kw: number,
    sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number,
    cols: FloatArray, images?: number): void;
  /**
   * col2im: adds `images` (default 1) consecutive cols blocks [C*kh*kw, oh*ow] back into consecutive
   * images [C,H,W] starting at xOff (accumulating).
   */
  col2im(cols: FloatArray, c: number, h: number, w: number, kh: number, kw: number,
    sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number,
    x: FloatArray, xOff: number, images?: number): void;
  /**
   * Max pooling over [planes, H, W] → out [planes, oh, ow]; `argmax` receives the flat index
   * (within the plane) of each window's maximum (padding counts as -Infinity).
   */
  maxPool2d(x: FloatArray, planes: number, h: number, w: number, kh: number, kw: number,
    sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number,
    out: FloatArray, argmax: Int32Array): void;
  /** Scatters gy [planes, oh*ow] into gx [planes, H*W] at argmax positions (accumulating). */
  maxPool2dBackward(gy: FloatArray, argmax: Int32Array, planes: number, hw: number, ohw: number,
    gx: FloatArray): void;
  /** Average pooling over [planes, H, W]; divisor per window per PyTorch's countIncludePad rule. */
  avgPool2d(x: FloatArray, planes: number, h: number, w: number, kh: number, kw: number,
    sh: number, sw: number, ph: number, pw: number, oh: number, ow: number,
    countIncludePad: boolean, divisorOverride: number, out: FloatArray): void;
  /** Backward of avgPool2d with the same arguments: accumulates into gx. */
  avgPool2dBackward(gy: FloatArray, planes: number, h: number, w: number, kh: number, kw: number,
    sh: number, sw: number, ph: number, pw: number, oh: number, ow: number,
    countIncludePad: boolean, divisorOverride: number, gx: FloatArray): void;
  /**
   * Optional fused Adam/AdamW step, in place, with the arithmetic of optim's `adamUpdate` (its
   * reference). All arrays share one float type; backends without it leave it undefined.
   */
  adamUpdate?(param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray,
    maxExpAvgSq: FloatArray | null, step: number, lr: number, beta1: number, beta2: number, eps: number,
    weightDecay: number, maximize: boolean, decoupled: boolean): void;
  /**
   * Optional fused SGD step, in place, with the arithmetic of optim's `sgdUpdate` (its reference);
   * `buf` is the momentum buffer (null without momentum), `fresh` when it has not been filled yet.
   */
  sgdUpdate?(param: FloatArray, grad: FloatArray, buf: FloatArray | null, fresh: boolean, lr: number,
    momentum: number, dampening: number, weightDecay: number, nesterov: boolean, maximize: boolean): void;
  /**
   * Optional hint: `a` is memory released a moment ago and reused (the tensor pool), so it is likely
   * in cache; a kernel writing a large output there should use ordinary stores, not streaming ones.
   */
  noteWarm?(a: AnyArray): void;
  /**
   * Optional row sums of the normalisation ops over x viewed as [rows, R] (their JS reference is in
   * ops/norm-core.ts), in float64: mode 0 o1[i] = Σ x; mode 1 o1[i] = Σ (x − m[i])²;
   * mode 2 o1[i] = Σ g and o2[i] = Σ g·(x − m[i]). x and g share one float type.
   */
  rowReduce?(mode: 0 | 1 | 2, x: FloatArray, g: FloatArray | null, rows: number, R: number, m: Float64Array | null,
    o1: Float64Array, o2: Float64Array | null): void;
  /**
   * Optional row-wise affine map of the normalisation ops over [rows, R], in double, each output
   * rounded once: out = (x − m[i])·a[i] + c[i], or with g: out = g·a[i] − c[i] − (x − m[i])·d[i].
   */
  rowAffine?(x: FloatArray, g: FloatArray | null, rows: number, R: number, m: Float64Array, a: Float64Array,
    c: Float64Array, d: Float64Array | null, out: FloatArray): void;
  /**
   * Optional fused LSTM step (torch's gate order i, f, g, o; one row of 4H gates per batch row, N
   * rows) with the arithmetic of ops/rnn-core's reference: the gate pre-activations at gates[gOff…]
   * are replaced by their activations (σ, σ, tanh, σ), then c = f·cPrev + i·g, tc = tanh(c) and
   * h = o·tc, each [N, H] at its offset. All arrays share one float type.
   */
  lstmCell?(gates: FloatArray, gOff: number, cPrev: FloatArray, cpOff: number, c: FloatArray, cOff: number,
    h: FloatArray, hOff: number, tc: FloatArray, tcOff: number, N: number, H: number): void;
  /**
   * Optional backward of lstmCell (reference in ops/rnn-core): with dh = gy[gyOff…] + dhNext and the
   * incoming dc (replaced by the gradient for cPrev), writes the pre-activation gradients dz [N, 4H]
   * at dzOff from the saved activations, cPrev and tc.
   */
  lstmCellBackward?(gates: FloatArray, gOff: number, cPrev: FloatArray, cpOff: number, tc: FloatArray, tcOff: number,
    gy: FloatArray, gyOff: number, dhNext: FloatArray, dc: FloatArray, dz: FloatArray, dzOff: number,
    N: number, H: number): void;
  /**
   * Optional fused GRU step (torch's gates r, z, n; rows of 3H) with the arithmetic of ops/rnn-core's
   * reference: gi [N, 3H] at giOff holds the input projections and is replaced by r, z and n; gh
   * [N, 3H] at ghOff the hidden projections (bias included): r = σ(gi_r + gh_r), z = σ(gi_z + gh_z),
   * n = tanh(gi_n + r·gh_n), h = (1 − z)·n + z·hPrev.
   */
  gruCell?(gi: FloatArray, giOff: number, gh: FloatArray, ghOff: number, hPrev: FloatArray, hpOff: number,
    h: FloatArray, hOff: number, N: number, H: number): void;
  /**
   * Optional backward of gruCell (reference in ops/rnn-core): with dh = gy[gyOff…] + dhNext, writes the
   * gradients of the input and hidden projections (dgi, dgh [N, 3H] at their offsets) and replaces
   * dhNext by dh·z, the direct part of the gradient for hPrev.
   */
  gruCellBackward?(gi: FloatArray, giOff: number, gh: FloatArray, ghOff: number, hPrev: FloatArray, hpOff: number,
    gy: FloatArray, gyOff: number, dhNext: FloatArray, dgi: FloatArray, dgiOff: number, dgh: FloatArray,
    dghOff: number, N: number, H: number): void;
}
