// Reference elementwise kernels: strided copy, unary maps, broadcast binary ops. Obvious loops.
import type { BinaryOp, StridedView, UnaryOp } from '../interface.js';
import type { AnyArray } from '../types.js';

/** erf by Abramowitz–Stegun 7.1.26 is too coarse for gelu parity; use a series/continued fraction. */
export function erf(x: number): number {
  // W. J. Cody's rational approximations would do; a Taylor series near 0 and erfc continued
  // fraction in the tails give double precision, which float32 parity needs.
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = x, term = x;
    const x2 = x * x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(-x²)/(x√π) · 1/(1+ 1/(2x²)/(1+2/(2x²)/(1+...))) via Lentz continued fraction
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return x > 0 ? 1 - erfc : erfc - 1;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export function unaryFn(op: UnaryOp): (v: number) => number {
  switch (op) {
    case 'neg': return (v) => -v;
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'sqrt': return Math.sqrt;
    case 'rsqrt': return (v) => 1 / Math.sqrt(v);
    case 'abs': return Math.abs;
    case 'sign': return (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN);
    case 'relu': return (v) => (v > 0 ? v : v !== v ? v : 0);
    case 'sigmoid': return (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
    case 'tanh': return Math.tanh;
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    case 'reciprocal': return (v) => 1 / v;
    case 'square': return (v) => v * v;
    case 'floor': return Math.floor;
    case 'ceil': return Math.ceil;
    case 'round': return roundHalfEven;
    case 'log1p': return Math.log1p;
    case 'expm1': return Math.expm1;
    case 'erf': return erf;
    case 'gelu': return (v) => 0.5 * v * (1 + erf(v / Math.SQRT2));
    case 'geluTanh': return (v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
    case 'silu': return (v) => v / (1 + Math.exp(-v));
    case 'logicalNot': return (v) => (v === 0 ? 1 : 0);  // NaN counts as true (non-zero), as in torch
    case 'isnan': return (v) => (v !== v ? 1 : 0);
    case 'isinf': return (v) => (v === Infinity || v === -Infinity ? 1 : 0);
  }
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function binaryFn(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    case 'pow': return Math.pow;
    // NaN propagates through maximum/minimum, as in torch
    case 'maximum': return (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b);
    case 'minimum': return (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b);
    case 'atan2': return Math.atan2;
    case 'eq': return (a, b) => (a === b ? 1 : 0);
    case 'ne': return (a, b) => (a !== b ? 1 : 0);
    case 'lt': return (a, b) => (a < b ? 1 : 0);
    case 'le': return (a, b) => (a <= b ? 1 : 0);
    case 'gt': return (a, b) => (a > b ? 1 : 0);
    case 'ge': return (a, b) => (a >= b ? 1 : 0);
    case 'logicalAnd': return (a, b) => (a !== 0 && b !== 0 ? 1 : 0);
    case 'logicalOr': return (a, b) => (a !== 0 || b !== 0 ? 1 : 0);
    // Python-style remainder: the sign follows the divisor
    case 'remainder': return (a, b) => a - Math.floor(a / b) * b;
  }
}

/** Visits every index of `shape` in row-major order, calling fn with the two strided offsets. */
function forEach2(shape: readonly number[], sa: readonly number[], oa: number,
  sb: readonly number[], ob: number, fn: (i: number, ia: number, ib: number) => void): void {
  const nd = shape.length;
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  const idx = new Array<number>(nd).fill(0);
  let ia = oa, ib = ob;
  for (let i = 0; i < total; i++) {
    fn(i, ia, ib);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      ia += sa[d];
      ib += sb[d];
      if (idx[d] < shape[d]) break;
      ia -= sa[d] * shape[d];
      ib -= sb[d] * shape[d];
      idx[d] = 0;
    }
  }
}

export function copyStrided(src: StridedView, shape: readonly number[], out: AnyArray): void {
  const d = src.data;
  forEach2(shape, src.strides, src.offset, src.strides, 0, (i, ia) => { out[i] = d[ia]; });
}

export function unary(op: UnaryOp, x: AnyArray, out: AnyArray): void {
  const f = unaryFn(op);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
}

export function binary(op: BinaryOp, a: StridedView, b: StridedView, shape: readonly number[],
  out: AnyArray): void {
  const f = binaryFn(op);
  const ad = a.data, bd = b.data;
  forEach2(shape, a.strides, a.offset, b.strides, b.offset, (i, ia, ib) => { out[i] = f(ad[ia], bd[ib]); });
}

export function binaryScalar(op: BinaryOp, x: AnyArray, s: number, out: AnyArray,
  scalarFirst: boolean): void {
  const f = binaryFn(op);
  if (scalarFirst) for (let i = 0; i < x.length; i++) out[i] = f(s, x[i]);
  else for (let i = 0; i < x.length; i++) out[i] = f(x[i], s);
}
