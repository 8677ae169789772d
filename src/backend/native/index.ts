// The native backend: the Backend interface over the C++ addon. float32/float64 go to native
// kernels; other dtypes (Int32Array, Uint8Array storage) and dtype-mixing casts fall back to the
// JS reference kernel per call, so every entry accepts exactly what the JS backend accepts.
import type { Backend, BinaryOp, ReduceOp, StridedView, UnaryOp } from '../interface.js';
import type { AnyArray, FloatArray } from '../types.js';
import { jsBackend as js } from '../js/index.js';
import type { NativeAddon } from './addon.js';

const UNARY: readonly UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'rsqrt', 'abs', 'sign', 'relu', 'sigmoid',
  'tanh', 'sin', 'cos', 'reciprocal', 'square', 'floor', 'ceil', 'round', 'log1p', 'expm1', 'erf', 'gelu',
  'geluTanh', 'silu', 'logicalNot', 'isnan', 'isinf'];
const BINARY: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'atan2', 'eq',
  'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'remainder'];
const REDUCE: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min'];
const unaryCode = new Map(UNARY.map((o, i) => [o, i]));
const binaryCode = new Map(BINARY.map((o, i) => [o, i]));
const reduceCode = new Map(REDUCE.map((o, i) => [o, i]));
const LOGICAL = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr']);

const isFloat = (a: AnyArray): a is FloatArray => a instanceof Float32Array || a instanceof Float64Array;
const sameFloat = (a: AnyArray, b: AnyArray): boolean => isFloat(a) && a.constructor === b.constructor;

/** Reused shape/stride buffer: [shape, strides of view 1, strides of view 2] (no per-call allocation). */
const META_DIMS = 64;
const meta = new Float64Array(3 * META_DIMS);

function packMeta(shape: readonly number[], s1: readonly number[], s2?: readonly number[]): void {
  const nd = shape.length;
  for (let d = 0; d < nd; d++) {
    meta[d] = shape[d];
    meta[nd + d] = s1[d];
    if (s2) meta[2 * nd + d] = s2[d];
  }
}

/** Builds the Backend over a loaded addon. */
export function makeNativeBackend(addon: NativeAddon): Backend {
  return {
    name: 'native',
    copyStrided(src: StridedView, shape: readonly number[], out: AnyArray): void {
      if (src.data.constructor !== out.constructor || shape.length > META_DIMS) {
        js.copyStrided(src, shape, out);
        return;
      }
      packMeta(shape, src.strides);
      addon.copyStrided(src.data, src.offset, meta, shape.length, out);
    },
    unary(op, x, out): void {
      if (!sameFloat(x, out)) { js.unary(op, x, out); return; }
      addon.unary(unaryCode.get(op)!, x as FloatArray, out as FloatArray);
    },
    binary(op, a, b, shape, out): void {
      const outOk = out.constructor === a.data.constructor || (out instanceof Uint8Array && LOGICAL.has(op));
      if (!sameFloat(a.data, b.data) || !outOk || shape.length > META_DIMS) {
        js.binary(op, a, b, shape, out);
        return;
      }
      packMeta(shape, a.strides, b.strides);
      addon.binary(binaryCode.get(op)!, a.data as FloatArray, a.offset, b.data as FloatArray, b.offset, meta,
        shape.length, out);
    },
    binaryScalar(op, x, s, out, scalarFirst): void {
      const outOk = out.constructor === x.constructor || (out instanceof Uint8Array && LOGICAL.has(op));
      if (!isFloat(x) || !outOk) { js.binaryScalar(op, x, s, out, scalarFirst); return; }
      addon.binaryScalar(binaryCode.get(op)!, x, s, out, scalarFirst);
    },
    reduce(op, x, outer, n, inner, out, indices): void {
      const idxOk = !indices || indices instanceof Int32Array || indices instanceof Float64Array;
      if (!sameFloat(x, out) || !idxOk) { js.reduce(op, x, outer, n, inner, out, indices); return; }
      addon.reduce(reduceCode.get(op)!, x as FloatArray, outer, n, inner, out as FloatArray, indices);
    },
    gemm(a, aOff, aBS, transA, b, bOff, bBS, transB, c, batch, m, k, n, accumulate): void {
      if (!sameFloat(a, b) || !sameFloat(a, c)) {
        js.gemm(a, aOff, aBS, transA, b, bOff, bBS, transB, c, batch, m, k, n, accumulate);
        return;
      }
      addon.gemm(a, aOff, aBS, transA, b, bOff, bBS, transB, c, batch, m, k, n, accumulate);
    },
    softmax(x, outer, n, out, log): void {
      if (!sameFloat(x, out)) { js.softmax(x, outer, n, out, log); return; }
      addon.softmax(x, outer, n, out, log);
    },
    im2col(x, xOff, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cols, images = 1): void {
      if (!sameFloat(x, cols)) { js.im2col(x, xOff, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cols, images); return; }
      addon.im2col(x, xOff, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cols, images);
    },
    col2im(cols, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, x, xOff, images = 1): void {
      if (!sameFloat(x, cols)) { js.col2im(cols, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, x, xOff, images); return; }
      addon.col2im(cols, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, x, xOff, images);
    },
    maxPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, out, argmax): void {
      if (!sameFloat(x, out)) {
        js.maxPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, out, argmax);
        return;
      }
      addon.maxPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, out, argmax);
    },
    maxPool2dBackward(gy, argmax, planes, hw, ohw, gx): void {
      if (!sameFloat(gy, gx)) { js.maxPool2dBackward(gy, argmax, planes, hw, ohw, gx); return; }
      addon.maxPool2dBackward(gy, argmax, planes, hw, ohw, gx);
    },
    avgPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, out): void {
      if (!sameFloat(x, out)) { js.avgPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, out); return; }
      addon.avgPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, out);
    },
    avgPool2dBackward(gy, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, gx): void {
      if (!sameFloat(gy, gx)) {
        js.avgPool2dBackward(gy, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, gx);
        return;
      }
      addon.avgPool2dBackward(gy, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, gx);
    },
    adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, step, lr, b1, b2, eps, wd, maximize, decoupled): void {
      // callers check for the entry and pass one float type (the addon rejects anything else)
      addon.adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq ?? undefined, step, lr, b1, b2, eps, wd,
        maximize, decoupled);
    },
    sgdUpdate(param, grad, buf, fresh, lr, momentum, dampening, wd, nesterov, maximize): void {
      addon.sgdUpdate(param, grad, buf ?? undefined, fresh, lr, momentum, dampening, wd, nesterov, maximize);
    },
    noteWarm(a): void {
      addon.noteWarm(a);
    },
    rowReduce(mode, x, g, rows, R, m, o1, o2): void {
      addon.rowReduce(mode, x, g ?? undefined, rows, R, m ?? undefined, o1, o2 ?? undefined);
    },
    rowAffine(x, g, rows, R, m, a, c, d, out): void {
      addon.rowAffine(x, g ?? undefined, rows, R, m, a, c, d ?? undefined, out);
    },
    // callers (ops/rnn-core) pass one float type; the addon rejects anything else
    lstmCell(gates, gOff, cPrev, cpOff, c, cOff, h, hOff, tc, tcOff, N, H): void {
      addon.lstmCell(gates, gOff, cPrev, cpOff, c, cOff, h, hOff, tc, tcOff, N, H);
    },
    lstmCellBackward(gates, gOff, cPrev, cpOff, tc, tcOff, gy, gyOff, dhNext, dc, dz, dzOff, N, H): void {
      addon.lstmCellBackward(gates, gOff, cPrev, cpOff, tc, tcOff, gy, gyOff, dhNext, dc, dz, dzOff, N, H);
    },
    gruCell(gi, giOff, gh, ghOff, hPrev, hpOff, h, hOff, N, H): void {
      addon.gruCell(gi, giOff, gh, ghOff, hPrev, hpOff, h, hOff, N, H);
    },
    gruCellBackward(gi, giOff, gh, ghOff, hPrev, hpOff, gy, gyOff, dhNext, dgi, dgiOff, dgh, dghOff, N, H): void {
      addon.gruCellBackward(gi, giOff, gh, ghOff, hPrev, hpOff, gy, gyOff, dhNext, dgi, dgiOff, dgh, dghOff, N, H);
    },
  };
}
