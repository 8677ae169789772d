// Method forms on Tensor (`a.add(b)`, `x.softmax(-1)`), installed on the prototype once.
// Ops stay plain functions; these are thin positional-argument wrappers.
import { backward, type BackwardOptions } from '../autograd/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { formatTensor } from '../tensor/print.js';
import * as B from './binary.js';
import * as U from './unary.js';
import * as M from './movement.js';
import * as R from './reduce-core.js';
import { matmul } from './matmul.js';
import { cumsum } from './cumulative.js';
import * as R2 from './reduce.js';
import * as A from './activation.js';
import * as I from './indexing.js';
import * as J from './join.js';
import * as D from './distance.js';
import { castData, type TensorOrNumber } from './util.js';
import { addInPlace, binaryInPlace, copyInPlace, fillInPlace, subInPlace } from './inplace.js';
import type { DType } from '../backend/types.js';

declare module '../tensor/tensor.js' {
  interface Tensor {
    backward(gradient?: Tensor | null, opts?: BackwardOptions): void;
    backward(opts: BackwardOptions): void;
    add(o: TensorOrNumber, opts?: { alpha?: number }): Tensor;
    sub(o: TensorOrNumber, opts?: { alpha?: number }): Tensor;
    mul(o: TensorOrNumber): Tensor;
    div(o: TensorOrNumber, opts?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor;
    floorDivide(o: TensorOrNumber): Tensor;
    pow(o: TensorOrNumber): Tensor;
    neg(): Tensor;
    maximum(o: Tensor): Tensor;
    minimum(o: Tensor): Tensor;
    eq(o: TensorOrNumber): Tensor;
    ne(o: TensorOrNumber): Tensor;
    lt(o: TensorOrNumber): Tensor;
    le(o: TensorOrNumber): Tensor;
    gt(o: TensorOrNumber): Tensor;
    ge(o: TensorOrNumber): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    relu(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    square(): Tensor;
    sum(dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /** Cumulative sum along `dim` (torch.cumsum). */
    cumsum(dim: number): Tensor;
    mean(dim?: number | number[] | null, keepdim?: boolean): Tensor;
    matmul(o: Tensor): Tensor;
    view(...shape: number[] | [readonly number[]]): Tensor;
    reshape(...shape: number[] | [readonly number[]]): Tensor;
    /** Tiles the tensor: `sizes[i]` copies along dim i (torch's Tensor.repeat). */
    repeat(...sizes: number[] | [readonly number[]]): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    permute(...dims: number[] | [readonly number[]]): Tensor;
    expand(...shape: number[] | [readonly number[]]): Tensor;
    squeeze(dim?: number): Tensor;
    unsqueeze(dim: number): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    contiguous(): Tensor;
    clone(): Tensor;
    detach(): Tensor;
    /** A copy with another dtype (the same tensor when it already has it); not differentiable. */
    to(dtype: DType): Tensor;
    float(): Tensor;
    double(): Tensor;
    long(): Tensor;
    /** Sets requiresGrad in place (leaves only). */
    requiresGrad_(on?: boolean): Tensor;
    /** Detaches in place from the graph. */
    detach_(): Tensor;
    /** In place (no autograd through them; see ops/inplace.ts for the rules): t·o, t/o, t + alpha·o, t − alpha·o. */
    mul_(o: TensorOrNumber): Tensor;
    div_(o: TensorOrNumber): Tensor;
    add_(o: TensorOrNumber, opts?: { alpha?: number }): Tensor;
    sub_(o: TensorOrNumber, opts?: { alpha?: number }): Tensor;
    zero_(): Tensor;
    /** Every element set to v, cast to the tensor's dtype. */
    fill_(v: number): Tensor;
    /** Copies src (broadcast to this shape, cast to this dtype) into this tensor. */
    copy_(src: Tensor): Tensor;
    toString(): string;
  }
}

const P = Tensor.prototype;
const dimsArgs = (dim?: number | number[] | null, keepdim?: boolean) => ({ dim, keepdim });
const shapeArgs = (a: unknown[]) => (a.length === 1 && Array.isArray(a[0]) ? a[0] : a) as number[];

P.backward = function (gradient?: Tensor | BackwardOptions | null, opts?: BackwardOptions) { backward(this, gradient, opts); };
P.add = function (o, opts) { return B.add(this, o, opts); };
P.sub = function (o, opts) { return B.sub(this, o, opts); };
P.mul = function (o) { return B.mul(this, o); };
P.div = function (o, opts) { return B.div(this, o, opts); };
P.floorDivide = function (o) { return B.floorDivide(this, o); };
P.pow = function (o) { return B.pow(this, o); };
P.neg = function () { return B.neg(this); };
P.maximum = function (o) { return B.maximum(this, o); };
P.minimum = function (o) { return B.minimum(this, o); };
P.eq = function (o) { return B.eq(this, o); };
P.ne = function (o) { return B.ne(this, o); };
P.lt = function (o) { return B.lt(this, o); };
P.le = function (o) { return B.le(this, o); };
P.gt = function (o) { return B.gt(this, o); };
P.ge = function (o) { return B.ge(this, o); };
P.exp = function () { return U.exp(this); };
P.log = function () { return U.log(this); };
P.sqrt = function () { return U.sqrt(this); };
P.abs = function () { return U.abs(this); };
P.relu = function () { return U.relu(this); };
P.sigmoid = function () { return U.sigmoid(this); };
P.tanh = function () { return U.tanh(this); };
P.square = function () { return U.square(this); };
P.sum = function (dim, keepdim) { return R.sum(this, dimsArgs(dim, keepdim)); };
P.cumsum = function (dim) { return cumsum(this, dim); };
P.mean = function (dim, keepdim) { return R.mean(this, dimsArgs(dim, keepdim)); };
P.matmul = function (o) { return matmul(this, o); };
P.view = function (...s) { return M.view(this, shapeArgs(s)); };
P.reshape = function (...s) { return M.reshape(this, shapeArgs(s)); };
P.repeat = function (...s) { return M.repeat(this, shapeArgs(s)); };
P.transpose = function (a, b) { return M.transpose(this, a, b); };
P.permute = function (...d) { return M.permute(this, shapeArgs(d)); };
P.expand = function (...s) { return M.expand(this, shapeArgs(s)); };
P.squeeze = function (d) { return M.squeeze(this, d); };
P.unsqueeze = function (d) { return M.unsqueeze(this, d); };
P.flatten = function (s, e) { return M.flatten(this, s, e); };
P.narrow = function (d, s, l) { return M.narrow(this, d, s, l); };
P.select = function (d, i) { return M.select(this, d, i); };
P.contiguous = function () { return M.contiguous(this); };
P.clone = function () { return M.clone(this); };
P.detach = function () { return M.detach(this); };
P.to = function (dtype) { return castData(this, dtype); };
P.float = function () { return castData(this, 'float32'); };
P.double = function () { return castData(this, 'float64'); };
P.long = function () { return castData(this, 'int64'); };
P.requiresGrad_ = function (on = true) {
  if (on && this.dtype !== 'float32' && this.dtype !== 'float64') throw new TypeError(`requiresGrad_: only floating point tensors can require gradients, got ${this.dtype}`);
  this.requiresGrad = on;
  return this;
};
P.detach_ = function () { this.gradFn = null; this.requiresGrad = false; return this; };
P.mul_ = function (o) { return binaryInPlace('mul', this, o, 'mul_'); };
P.div_ = function (o) { return binaryInPlace('div', this, o, 'div_'); };
P.add_ = function (o, opts) { return addInPlace(this, o, opts?.alpha); };
P.sub_ = function (o, opts) { return subInPlace(this, o, opts?.alpha); };
P.zero_ = function () { return fillInPlace(this, 0, 'zero_'); };
P.fill_ = function (v) { return fillInPlace(this, v); };
P.copy_ = function (src) { return copyInPlace(this, src); };
P.toString = function () { return formatTensor(this); };
(P as unknown as Record<symbol, unknown>)[Symbol.for('nodejs.util.inspect.custom')] = function (this: Tensor) { return formatTensor(this); };

// ---- reductions, softmax, activations, indexing and splitting (reduce.ts, activation.ts, indexing.ts, join.ts)
declare module '../tensor/tensor.js' {
  interface Tensor {
    softmax(dim: number | { dim: number }): Tensor;
    logSoftmax(dim: number | { dim: number }): Tensor;
    max(): Tensor;
    max(dim: number | (R2.DimOptions & { dim: number }), keepdim?: boolean): R2.ValuesIndices;
    max(other: Tensor): Tensor;
    min(): Tensor;
    min(dim: number | (R2.DimOptions & { dim: number }), keepdim?: boolean): R2.ValuesIndices;
    min(other: Tensor): Tensor;
    amax(dim?: number | number[] | R2.DimOptions, keepdim?: boolean): Tensor;
    amin(dim?: number | number[] | R2.DimOptions, keepdim?: boolean): Tensor;
    argmax(dim?: number | R2.DimOptions, keepdim?: boolean): Tensor;
    argmin(dim?: number | R2.DimOptions, keepdim?: boolean): Tensor;
    var(dim?: number | number[] | R2.VarOptions, unbiased?: boolean, keepdim?: boolean): Tensor;
    std(dim?: number | number[] | R2.VarOptions, unbiased?: boolean, keepdim?: boolean): Tensor;
    logsumexp(dim?: number | number[] | R2.DimOptions, keepdim?: boolean): Tensor;
    prod(dim?: number | R2.DimOptions, keepdim?: boolean): Tensor;
    norm(p?: number | D.NormOptions, dim?: number | number[], keepdim?: boolean): Tensor;
    clamp(min?: number | null | A.ClampOptions, max?: number | null): Tensor;
    clip(min?: number | null | A.ClampOptions, max?: number | null): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    gather(index: Tensor, opts: { dim: number }): Tensor;
    scatter(dim: number, index: Tensor, src: Tensor | number): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    indexSelect(index: Tensor, opts: { dim: number }): Tensor;
    maskedFill(mask: Tensor, value: number | Tensor): Tensor;
    split(sizeOrSections: number | number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
  }
}
/* eslint-disable @typescript-eslint/no-explicit-any */
const P2 = Tensor.prototype as any;
const fwd = (fn: (x: Tensor, ...a: any[]) => unknown) => function (this: Tensor, ...a: any[]) { return fn(this, ...a); };
P2.softmax = fwd(R2.softmax);
P2.logSoftmax = fwd(R2.logSoftmax);
P2.max = fwd(R2.max);
P2.min = fwd(R2.min);
P2.amax = fwd(R2.amax);
P2.amin = fwd(R2.amin);
P2.argmax = fwd(R2.argmax);
P2.argmin = fwd(R2.argmin);
P2.var = fwd(R2.var_);
P2.std = fwd(R2.std);
P2.logsumexp = fwd(R2.logsumexp);
P2.prod = fwd(R2.prod);
P2.norm = fwd(D.norm);
P2.clamp = fwd(A.clamp);
P2.clip = fwd(A.clamp);
P2.gather = fwd(I.gather);
P2.scatter = fwd(I.scatter);
P2.scatterAdd = fwd(I.scatterAdd);
P2.indexSelect = fwd(I.indexSelect);
P2.maskedFill = fwd(I.maskedFill);
P2.split = fwd(J.split);
P2.chunk = fwd(J.chunk);
/* eslint-enable @typescript-eslint/no-explicit-any */
