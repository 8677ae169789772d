// 2-D pooling: maxPool2d and avgPool2d on the backend's pooling kernels, adaptive average and max
// pooling (windows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉)), each with its backward.
import { record } from '../autograd/node.js';
import { backend } from '../backend/index.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { FloatArray } from '../backend/types.js';
import { Tensor, allocUninit } from '../tensor/tensor.js';
import { allocFloat, checkImage, floatArg, pair, poolOutSize, type Size2 } from './conv-args.js';
import { adaptiveRaw } from './pool-adaptive.js';
import { floatData } from './util.js';

export interface MaxPool2dOptions {
  kernelSize: Size2;
  /** Defaults to kernelSize. */
  stride?: Size2 | null;
  /** Implicit −∞ padding on each side (at most half the kernel). */
  padding?: Size2;
  dilation?: Size2;
  /** Use ⌈⌉ instead of ⌊⌋ for the output size (the last window must start inside the input or left padding). */
  ceilMode?: boolean;
  /** Also return the int64 flat index (within each H·W plane) of every maximum. */
  returnIndices?: boolean;
}

export interface AvgPool2dOptions {
  kernelSize: Size2;
  stride?: Size2 | null;
  padding?: Size2;
  ceilMode?: boolean;
  /** Count zero padding in the divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead. */
  divisorOverride?: number | null;
}

/** The geometry of a pooling call on [planes, h, w] (batch and channels folded into planes). */
interface PoolGeom {
  lead: number[]; planes: number; h: number; w: number; kh: number; kw: number; sh: number; sw: number;
  ph: number; pw: number; dh: number; dw: number; oh: number; ow: number;
}

function poolGeom(x: Tensor, o: MaxPool2dOptions | AvgPool2dOptions, op: string, dilation: boolean): PoolGeom {
  floatArg(x, op, 'input');
  checkImage(x, op);
  if (!o || o.kernelSize === undefined) throw new ValueError(`${op}: kernelSize is required`);
  const [kh, kw] = pair(o.kernelSize, 1, 'kernelSize', op, 1);
  const [sh, sw] = pair(o.stride ?? o.kernelSize, 1, 'stride', op, 1);
  const [ph, pw] = pair(o.padding, 0, 'padding', op, 0);
  const [dh, dw] = dilation ? pair((o as MaxPool2dOptions).dilation, 1, 'dilation', op, 1) : [1, 1];
  if (ph > Math.floor(kh / 2) || pw > Math.floor(kw / 2)) {
    throw new ValueError(`${op}: padding [${ph},${pw}] must be at most half the kernel size [${kh},${kw}]`);
  }
  const lead = x.shape.slice(0, -2), h = x.shape[x.ndim - 2], w = x.shape[x.ndim - 1];
  const ceil = o.ceilMode ?? false;
  const oh = poolOutSize(h, kh, sh, ph, dh, ceil), ow = poolOutSize(w, kw, sw, pw, dw, ceil);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} is too small for kernel [${kh},${kw}] with padding [${ph},${pw}] ` +
      `and dilation [${dh},${dw}] (output would be ${oh}x${ow})`);
  }
  return { lead, planes: lead.reduce((a, b) => a * b, 1), h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
}

/**
 * Max over kH×kW windows of an [N, C, H, W] or [C, H, W] input. With `returnIndices` also returns
 * the int64 flat index within each H·W plane of every maximum. Gradient flows to the maxima.
 * @example maxPool2d(x, { kernelSize: 2 }) // [N, C, H/2, W/2]
 */
export function maxPool2d(x: Tensor, opts: MaxPool2dOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(x: Tensor, opts: MaxPool2dOptions): Tensor;
export function maxPool2d(x: Tensor, o: MaxPool2dOptions): Tensor | [Tensor, Tensor] {
  const g = poolGeom(x, o, 'maxPool2d', true);
  const ohw = g.oh * g.ow, hw = g.h * g.w;
  // the kernel writes every output and index (no zero fill needed)
  const y = allocUninit(x.dtype, g.planes * ohw) as FloatArray;
  const argmax = allocUninit('int32', g.planes * ohw) as Int32Array;
  backend().maxPool2d(floatData(x), g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow, y, argmax);
  const out = record('MaxPool2DWithIndicesBackward', Tensor.fromArray(y, [...g.lead, g.oh, g.ow], x.dtype), [x], (gr) => {
    const gx = allocFloat(x.dtype, g.planes * hw);
    backend().maxPool2dBackward(floatData(gr), argmax, g.planes, hw, ohw, gx);
    return [Tensor.fromArray(gx, x.shape, x.dtype)];
  });
  if (!o.returnIndices) return out;
  return [out, Tensor.fromArray(Float64Array.from(argmax), out.shape, 'int64')];
}

/**
 * Mean over kH×kW windows of an [N, C, H, W] or [C, H, W] input. The divisor is the window area,
 * the non-padding count (`countIncludePad: false`) or `divisorOverride`.
 * @example avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false })
 */
export function avgPool2d(x: Tensor, o: AvgPool2dOptions): Tensor {
  const op = 'avgPool2d';
  const g = poolGeom(x, o, op, false);
  const div = o.divisorOverride ?? 0;
  if (o.divisorOverride != null && (!Number.isFinite(div) || div === 0)) {
    throw new ValueError(`${op}: divisorOverride must be a non-zero number, got ${o.divisorOverride}`);
  }
  const cip = o.countIncludePad ?? true;
  const y = allocUninit(x.dtype, g.planes * g.oh * g.ow) as FloatArray;
  backend().avgPool2d(floatData(x), g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.oh, g.ow, cip, div, y);
  return record('AvgPool2DBackward', Tensor.fromArray(y, [...g.lead, g.oh, g.ow], x.dtype), [x], (gr) => {
    const gx = allocFloat(x.dtype, g.planes * g.h * g.w);
    backend().avgPool2dBackward(floatData(gr), g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.oh, g.ow, cip, div, gx);
    return [Tensor.fromArray(gx, x.shape, x.dtype)];
  });
}

/** An adaptive output size: a number, or [h, w] where null keeps the input's size. */
export type AdaptiveSize = number | readonly (number | null)[];

function adaptiveArgs(x: Tensor, outputSize: AdaptiveSize | { outputSize: AdaptiveSize }, op: string) {
  floatArg(x, op, 'input');
  checkImage(x, op);
  const s = typeof outputSize === 'object' && !Array.isArray(outputSize) ? (outputSize as { outputSize: AdaptiveSize }).outputSize : outputSize as AdaptiveSize;
  const h = x.shape[x.ndim - 2], w = x.shape[x.ndim - 1];
  const list = typeof s === 'number' ? [s, s] : Array.isArray(s) && s.length === 1 ? [s[0], s[0]] : s;
  if (!Array.isArray(list) || list.length !== 2) throw new ValueError(`${op}: outputSize must be a number or [h, w], got ${JSON.stringify(s)}`);
  const oh = list[0] ?? h, ow = list[1] ?? w;
  if (!Number.isInteger(oh) || !Number.isInteger(ow) || oh < 1 || ow < 1) {
    throw new ValueError(`${op}: outputSize must hold positive integers, got ${JSON.stringify(s)}`);
  }
  if (h < 1 || w < 1) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has an empty spatial dimension`);
  const lead = x.shape.slice(0, -2);
  return { lead, planes: lead.reduce((a, b) => a * b, 1), h, w, oh, ow };
}

/**
 * Average pooling to a fixed output size: output cell (i, j) averages rows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉)
 * and the matching columns. Input [N, C, H, W] or [C, H, W].
 * @example adaptiveAvgPool2d(x, { outputSize: 1 }) // global average pooling → [N, C, 1, 1]
 */
export function adaptiveAvgPool2d(x: Tensor, opts: { outputSize: AdaptiveSize } | AdaptiveSize): Tensor {
  const a = adaptiveArgs(x, opts, 'adaptiveAvgPool2d');
  const y = allocFloat(x.dtype, a.planes * a.oh * a.ow);
  adaptiveRaw('avg', floatData(x), a.planes, a.h, a.w, a.oh, a.ow, y, null);
  return record('AdaptiveAvgPool2DBackward', Tensor.fromArray(y, [...a.lead, a.oh, a.ow], x.dtype), [x], (gr) => {
    const gx = allocFloat(x.dtype, a.planes * a.h * a.w);
    adaptiveRaw('avgBackward', floatData(gr), a.planes, a.h, a.w, a.oh, a.ow, gx, null);
    return [Tensor.fromArray(gx, x.shape, x.dtype)];
  });
}

/**
 * Max pooling to a fixed output size, windows as adaptiveAvgPool2d. With `returnIndices` also
 * returns the int64 flat index within each H·W plane of every maximum.
 * @example adaptiveMaxPool2d(x, { outputSize: [2, 2] })
 */
export function adaptiveMaxPool2d(x: Tensor, opts: { outputSize: AdaptiveSize; returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool2d(x: Tensor, opts: { outputSize: AdaptiveSize; returnIndices?: boolean } | AdaptiveSize): Tensor;
export function adaptiveMaxPool2d(x: Tensor, opts: { outputSize: AdaptiveSize; returnIndices?: boolean } | AdaptiveSize): Tensor | [Tensor, Tensor] {
  const a = adaptiveArgs(x, opts, 'adaptiveMaxPool2d');
  const ohw = a.oh * a.ow, hw = a.h * a.w;
  const y = allocFloat(x.dtype, a.planes * ohw);
  const argmax = new Int32Array(a.planes * ohw);
  adaptiveRaw('max', floatData(x), a.planes, a.h, a.w, a.oh, a.ow, y, argmax);
  const out = record('AdaptiveMaxPool2DBackward', Tensor.fromArray(y, [...a.lead, a.oh, a.ow], x.dtype), [x], (gr) => {
    const gx = allocFloat(x.dtype, a.planes * hw);
    backend().maxPool2dBackward(floatData(gr), argmax, a.planes, hw, ohw, gx);
    return [Tensor.fromArray(gx, x.shape, x.dtype)];
  });
  const wantIdx = typeof opts === 'object' && !Array.isArray(opts) && (opts as { returnIndices?: boolean }).returnIndices;
  if (!wantIdx) return out;
  return [out, Tensor.fromArray(Float64Array.from(argmax), out.shape, 'int64')];
}
