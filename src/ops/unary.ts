// Elementwise unary math and activations (exp, log, sqrt, abs, relu, sigmoid, tanh, ...) with
// their derivatives written beside them.
import { backend, type UnaryOp } from '../backend/index.js';
import { record } from '../autograd/node.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { binaryRaw } from './binary.js';
import { castData, checkTensor } from './util.js';

/** Raw forward of a unary kernel; integral inputs are computed in float32 for float-valued ops. */
export function unaryRaw(op: UnaryOp, x: Tensor, keepIntegral = false): Tensor {
  checkTensor(x, op);
  const src = keepIntegral || isFloat(x.dtype) ? x : castData(x, 'float32');
  const outDType = op === 'isnan' || op === 'isinf' || op === 'logicalNot' ? 'bool' : src.dtype;
  const out = Tensor.uninit(x.shape, outDType);
  backend().unary(op, src.contiguousData(), out.storage.data);
  return out;
}

type Deriv = (x: Tensor, out: Tensor, g: Tensor) => Tensor;

function unaryOp(op: UnaryOp, name: string, deriv: Deriv, keepIntegral = false): (x: Tensor) => Tensor {
  return (x: Tensor) => {
    const out = unaryRaw(op, x, keepIntegral);
    return record(name, out, [x], (g) => [deriv(x, out, g)], [x, out]);
  };
}

const m = (a: Tensor | number, b: Tensor | number) => binaryRaw('mul', a, b);

/** e^x. */
export const exp = unaryOp('exp', 'ExpBackward', (_x, y, g) => m(g, y));
/** Natural logarithm. */
export const log = unaryOp('log', 'LogBackward', (x, _y, g) => binaryRaw('div', g, x));
/** Square root. */
export const sqrt = unaryOp('sqrt', 'SqrtBackward', (_x, y, g) => binaryRaw('div', g, m(y, 2)));
/** 1/√x. */
export const rsqrt = unaryOp('rsqrt', 'RsqrtBackward', (_x, y, g) => m(g, m(binaryRaw('pow', y, 3), -0.5)));
/** |x|; the gradient at 0 is 0, as in torch. */
export const abs = unaryOp('abs', 'AbsBackward', (x, _y, g) => m(g, unaryRaw('sign', x)), true);
/** max(x, 0); relu'(0) = 0. */
export const relu = unaryOp('relu', 'ReluBackward', (_x, y, g) => reluGrad(y, g), true);

/**
 * g·(y > 0) with one buffer: the mask (1/0 in g's dtype) is written into the output, then multiplied
 * by g in place (an elementwise kernel reads each element before writing it). Same values as g times
 * the cast boolean mask, NaN·0 and −0 included.
 */
function reluGrad(y: Tensor, g: Tensor): Tensor {
  const out = Tensor.uninit(g.shape, g.dtype), o = out.storage.data;
  const yc = castData(y, g.dtype);
  backend().binaryScalar('gt', yc.contiguousData(), 0, o, false);
  backend().binary('mul', { data: g.storage.data, offset: g.offset, strides: g.strides },
    { data: o, offset: 0, strides: out.strides }, g.shape, o);
  return out;
}
/** 1 / (1 + e^−x), computed stably for large |x|. */
export const sigmoid = unaryOp('sigmoid', 'SigmoidBackward', (_x, y, g) => m(g, m(y, binaryRaw('sub', 1, y))));
/** Hyperbolic tangent. */
export const tanh = unaryOp('tanh', 'TanhBackward', (_x, y, g) => m(g, binaryRaw('sub', 1, m(y, y))));
/** sin x. */
export const sin = unaryOp('sin', 'SinBackward', (x, _y, g) => m(g, unaryRaw('cos', x)));
/** cos x. */
export const cos = unaryOp('cos', 'CosBackward', (x, _y, g) => m(g, m(unaryRaw('sin', x), -1)));
/** x². */
export const square = unaryOp('square', 'SquareBackward', (x, _y, g) => m(g, m(x, 2)), true);
/** 1/x. */
export const reciprocal = unaryOp('reciprocal', 'ReciprocalBackward', (_x, y, g) => m(g, m(m(y, y), -1)));
/** ln(1 + x), accurate near 0. */
export const log1p = unaryOp('log1p', 'Log1pBackward', (x, _y, g) => binaryRaw('div', g, binaryRaw('add', x, 1)));
/** e^x − 1, accurate near 0. */
export const expm1 = unaryOp('expm1', 'Expm1Backward', (_x, y, g) => m(g, binaryRaw('add', y, 1)));
/** x·sigmoid(x). */
export const silu = unaryOp('silu', 'SiluBackward', (x, _y, g) => {
  const s = unaryRaw('sigmoid', x);
  return m(g, m(s, binaryRaw('add', 1, m(x, binaryRaw('sub', 1, s)))));
});
/** The error function. */
export const erf = unaryOp('erf', 'ErfBackward', (x, _y, g) => m(g, m(unaryRaw('exp', m(m(x, x), -1)), 2 / Math.sqrt(Math.PI))));

/** Sign of x (−1, 0, 1); no gradient. */
export function sign(x: Tensor): Tensor { return unaryRaw('sign', x, true); }
export function floor(x: Tensor): Tensor { return unaryRaw('floor', x, true); }
export function ceil(x: Tensor): Tensor { return unaryRaw('ceil', x, true); }
export function round(x: Tensor): Tensor { return unaryRaw('round', x, true); }
export function isnan(x: Tensor): Tensor { return unaryRaw('isnan', x, true); }
export function isinf(x: Tensor): Tensor { return unaryRaw('isinf', x, true); }
export function logicalNot(x: Tensor): Tensor { return unaryRaw('logicalNot', x, true); }
/** True where x is neither NaN nor ±Inf. */
export function isfinite(x: Tensor): Tensor {
  const out = Tensor.empty(x.shape, 'bool');
  const d = x.contiguousData();
  for (let i = 0; i < d.length; i++) out.storage.data[i] = Number.isFinite(d[i]) ? 1 : 0;
  return out;
}
