// Broadcasting binary ops (add, sub, mul, div, pow, maximum, minimum, comparisons, where) with
// PyTorch's type promotion and their backward passes.
import { backend, type BinaryOp } from '../backend/index.js';
import { record } from '../autograd/node.js';
import { DTypeError, TrainlabError, ValueError } from '../errors.js';
import { isFloat, promoteWithScalar, resultType } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { AnyArray, DType } from '../backend/types.js';
import { sumToShape } from './reduce-raw.js';
import { castData, elementsOf, type TensorOrNumber } from './util.js';

const COMPARE = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr']);

function checkOperand(x: unknown, op: string, pos: string): void {
  if (!(x instanceof Tensor) && typeof x !== 'number' && typeof x !== 'boolean') {
    throw new TrainlabError(`${op}: ${pos} operand must be a Tensor or a number, got ${x === null ? 'null' : typeof x}`);
  }
}

/** The compute dtype and the result dtype of `op(a, b)` under PyTorch's promotion, after operand checks. */
export function binaryTypes(op: BinaryOp, a: TensorOrNumber, b: TensorOrNumber, name: string = op): { dt: DType; outDType: DType } {
  checkOperand(a, name, 'first');
  checkOperand(b, name, 'second');
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw new TrainlabError(`${name}: at least one operand must be a Tensor`);
  let dt: DType = !(a instanceof Tensor) ? promoteWithScalar((b as Tensor).dtype, a)
    : !(b instanceof Tensor) ? promoteWithScalar(a.dtype, b) : resultType(a, b);
  if ((op === 'div' || op === 'atan2') && !isFloat(dt)) dt = 'float32';
  if (op === 'pow' && dt === 'bool') dt = 'int64';
  return { dt, outDType: COMPARE.has(op) ? 'bool' : dt };
}

/**
 * Runs `op(a, b)` computed in `dt` into the contiguous `out` holding the broadcast `shape`. `out` may
 * be the very elements of `a` (an in-place op) but must not otherwise overlap the operands.
 */
export function binaryInto(op: BinaryOp, a: TensorOrNumber, b: TensorOrNumber, dt: DType,
  shape: readonly number[], out: AnyArray): void {
  if (typeof a === 'boolean') a = +a;
  if (typeof b === 'boolean') b = +b;
  if (typeof a === 'number' || typeof b === 'number') {
    const t = castData((typeof a === 'number' ? b : a) as Tensor, dt);
    const x = t.isContiguous() ? elementsOf(t) : t.contiguousData();
    backend().binaryScalar(op, x, (typeof a === 'number' ? a : b) as number, out, typeof a === 'number');
    return;
  }
  const ca = castData(a, dt), cb = castData(b, dt);
  backend().binary(op,
    { data: ca.storage.data, offset: ca.offset, strides: broadcastStrides(ca.shape, ca.strides, shape) },
    { data: cb.storage.data, offset: cb.offset, strides: broadcastStrides(cb.shape, cb.strides, shape) },
    shape, out);
}

/** The raw forward of a binary op (no autograd). */
export function binaryRaw(op: BinaryOp, a: TensorOrNumber, b: TensorOrNumber, name: string = op): Tensor {
  const { dt, outDType } = binaryTypes(op, a, b, name);
  const shape = a instanceof Tensor && b instanceof Tensor ? broadcastShapes(a.shape, b.shape, name)
    : (a instanceof Tensor ? a : b as Tensor).shape;
  const out = Tensor.uninit(shape, outDType);
  binaryInto(op, a, b, dt, shape, out.storage.data);
  return out;
}

/** A gradient reduced to `like`'s shape and cast to its dtype. */
function gradFor(g: Tensor, like: Tensor): Tensor {
  return castData(sumToShape(g, like.shape), like.dtype);
}
const T = (x: TensorOrNumber): Tensor | null => (x instanceof Tensor ? x : null);

/** a + alpha·b, broadcasting. */
export function add(a: TensorOrNumber, b: TensorOrNumber, opts: { alpha?: number } = {}): Tensor {
  if (opts.alpha !== undefined && opts.alpha !== 1) b = mul(b, opts.alpha);
  const out = binaryRaw('add', a, b);
  return record('AddBackward', out, [T(a), T(b)], (g) => [
    a instanceof Tensor ? gradFor(g, a) : null, b instanceof Tensor ? gradFor(g, b) : null]);
}

/** a − alpha·b, broadcasting. */
export function sub(a: TensorOrNumber, b: TensorOrNumber, opts: { alpha?: number } = {}): Tensor {
  if (opts.alpha !== undefined && opts.alpha !== 1) b = mul(b, opts.alpha);
  const out = binaryRaw('sub', a, b);
  return record('SubBackward', out, [T(a), T(b)], (g) => [
    a instanceof Tensor ? gradFor(g, a) : null, b instanceof Tensor ? gradFor(neg(g), b) : null]);
}

/** Elementwise product, broadcasting. */
export function mul(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const out = binaryRaw('mul', a, b);
  return record('MulBackward', out, [T(a), T(b)], (g) => [
    a instanceof Tensor ? gradFor(binaryRaw('mul', g, b), a) : null,
    b instanceof Tensor ? gradFor(binaryRaw('mul', g, a), b) : null], [a, b].filter((x): x is Tensor => x instanceof Tensor));
}

/**
 * a / b, broadcasting: true division (integers divide to float32), or with `roundingMode` 'trunc' or
 * 'floor' the quotient rounded as torch does, keeping an integer result type for integer operands
 * (computed in float64; dividing an integer by zero is an error). Rounded division has no gradient.
 */
export function div(a: TensorOrNumber, b: TensorOrNumber, opts: { roundingMode?: 'trunc' | 'floor' | null } = {}): Tensor {
  if (opts.roundingMode) return roundedDiv(a, b, opts.roundingMode);
  const out = binaryRaw('div', a, b);
  return record('DivBackward', out, [T(a), T(b)], (g) => [
    a instanceof Tensor ? gradFor(binaryRaw('div', g, b), a) : null,
    // d(a/b)/db = −a/b² = −out/b
    b instanceof Tensor ? gradFor(neg(binaryRaw('div', binaryRaw('mul', g, out), b)), b) : null,
  ], [a, b].filter((x): x is Tensor => x instanceof Tensor));
}

function roundedDiv(a: TensorOrNumber, b: TensorOrNumber, mode: 'trunc' | 'floor'): Tensor {
  if (mode !== 'trunc' && mode !== 'floor') throw new ValueError(`div: roundingMode must be 'trunc', 'floor' or null, got ${JSON.stringify(mode)}`);
  const f = mode === 'trunc' ? Math.trunc : Math.floor;
  const { dt } = binaryTypes('sub', a, b, 'div');  // the operands' common type, before true division's lift to float
  if (dt === 'bool') throw new DTypeError(`div: rounding division is not defined for bool tensors (torch refuses it too)`);
  if (isFloat(dt)) {
    const out = binaryRaw('div', a, b);
    const d = out.storage.data;
    for (let i = 0; i < d.length; i++) d[i] = f(d[i]);
    return out;
  }
  const divisor = b instanceof Tensor ? b.contiguousData() : [+b];
  for (let i = 0; i < divisor.length; i++) if (divisor[i] === 0) throw new ValueError('div: integer division by zero');
  const wide = (x: TensorOrNumber) => (x instanceof Tensor ? castData(x, 'float64') : x);
  const q = binaryRaw('div', wide(a), wide(b)), qd = q.storage.data;
  const out = Tensor.uninit(q.shape, dt), d = out.storage.data;
  for (let i = 0; i < d.length; i++) d[i] = f(qd[i]);
  return out;
}

/** a // b as torch.floor_divide: div(a, b, { roundingMode: 'floor' }). */
export function floorDivide(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return div(a, b, { roundingMode: 'floor' });
}

/** −x. */
export function neg(x: Tensor): Tensor {
  const out = binaryRaw('mul', x, -1, 'neg');
  if (x.dtype === 'bool') throw new DTypeError('neg: negation of a bool tensor is not supported; use logicalNot');
  return record('NegBackward', out, [x], (g) => [binaryRaw('mul', g, -1)]);
}

/** a^b elementwise; either side may be a number. */
export function pow(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const { dt } = binaryTypes('pow', a, b);
  if ((dt === 'int32' || dt === 'int64')
    && (typeof b === 'number' ? b < 0 : b instanceof Tensor && b.contiguousData().some((v) => v < 0))) {
    throw new ValueError('pow: integers to negative integer powers are not allowed (use a float tensor)');
  }
  const out = binaryRaw('pow', a, b);
  return record('PowBackward', out, [T(a), T(b)], (g) => {
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (a instanceof Tensor) {
      // d(a^b)/da = b·a^(b−1), taken as 0 where b = 0 (even at a = 0, where 0·0^−1 would be NaN)
      const bm1 = typeof b === 'number' ? b - 1 : binaryRaw('sub', b, 1);
      const d = binaryRaw('mul', b, binaryRaw('pow', a, bm1));
      const bZero = typeof b === 'number' ? null : binaryRaw('eq', b, 0);
      if (typeof b === 'number' && b === 0) d.storage.data.fill(0);
      else if (bZero) zeroWhere(d, bZero);
      ga = gradFor(binaryRaw('mul', g, d), a);
    }
    if (b instanceof Tensor) {
      // d(a^b)/db = a^b·ln a, taken as 0 where a = 0 and b ≥ 0 (torch's convention). All the
      // tensors below are in the broadcast output shape, so elements line up one to one.
      const lg = typeof a === 'number' ? Math.log(a) : logRaw(a);
      const d = binaryRaw('mul', out, lg);
      const aZero = typeof a === 'number' ? (a === 0 ? 1 : 0) : binaryRaw('eq', a, 0);
      zeroWhere(d, binaryRaw('logicalAnd', binaryRaw('ge', b, 0), aZero));
      gb = gradFor(binaryRaw('mul', g, d), b);
    }
    return [ga, gb];
  }, [a, b, out].filter((x): x is Tensor => x instanceof Tensor));
}

/** Sets d to 0 where `mask` (a bool tensor broadcastable to d's shape) is true, in place. */
function zeroWhere(d: Tensor, mask: Tensor): void {
  const m = new Uint8Array(d.numel());
  backend().copyStrided({ data: mask.storage.data, offset: mask.offset, strides: broadcastStrides(mask.shape, mask.strides, d.shape) }, d.shape, m);
  const dd = d.storage.data;
  for (let i = 0; i < dd.length; i++) if (m[i]) dd[i] = 0;
}

function logRaw(x: Tensor): Tensor {
  const c = castData(x, isFloat(x.dtype) ? x.dtype : 'float32');
  const out = Tensor.empty(c.shape, c.dtype);
  backend().unary('log', c.contiguousData(), out.storage.data);
  return out;
}

function tieSplit(op: 'maximum' | 'minimum', a: Tensor, b: Tensor): Tensor {
  const out = binaryRaw(op, a, b);
  // the winner takes the gradient; a tie splits it in half, as torch does
  return record(op === 'maximum' ? 'MaximumBackward' : 'MinimumBackward', out, [a, b], (g) => {
    const win = binaryRaw(op === 'maximum' ? 'gt' : 'lt', a, b);
    const tie = binaryRaw('eq', a, b);
    const wa = binaryRaw('add', castData(win, g.dtype), binaryRaw('mul', castData(tie, g.dtype), 0.5));
    const wb = binaryRaw('sub', binaryRaw('sub', 1, castData(win, g.dtype)), binaryRaw('mul', castData(tie, g.dtype), 0.5));
    return [gradFor(binaryRaw('mul', g, wa), a), gradFor(binaryRaw('mul', g, wb), b)];
  }, [a, b]);
}
/** Elementwise maximum of two tensors (NaN propagates). */
export function maximum(a: Tensor, b: Tensor): Tensor { return tieSplit('maximum', a, b); }
/** Elementwise minimum of two tensors (NaN propagates). */
export function minimum(a: Tensor, b: Tensor): Tensor { return tieSplit('minimum', a, b); }

export function eq(a: TensorOrNumber, b: TensorOrNumber): Tensor { return binaryRaw('eq', a, b); }
export function ne(a: TensorOrNumber, b: TensorOrNumber): Tensor { return binaryRaw('ne', a, b); }
export function lt(a: TensorOrNumber, b: TensorOrNumber): Tensor { return binaryRaw('lt', a, b); }
export function le(a: TensorOrNumber, b: TensorOrNumber): Tensor { return binaryRaw('le', a, b); }
export function gt(a: TensorOrNumber, b: TensorOrNumber): Tensor { return binaryRaw('gt', a, b); }
export function ge(a: TensorOrNumber, b: TensorOrNumber): Tensor { return binaryRaw('ge', a, b); }
export function logicalAnd(a: Tensor, b: Tensor): Tensor { return binaryRaw('logicalAnd', a, b); }
export function logicalOr(a: Tensor, b: Tensor): Tensor { return binaryRaw('logicalOr', a, b); }
export function remainder(a: TensorOrNumber, b: TensorOrNumber): Tensor { return binaryRaw('remainder', a, b); }

/**
 * Picks x where cond is true, else y (all three broadcast). Gradients flow to the chosen side.
 * @example where(gt(x, 0), x, mul(x, 0.1))
 */
export function where(cond: Tensor, x: TensorOrNumber, y: TensorOrNumber): Tensor {
  if (!(cond instanceof Tensor)) throw new TrainlabError('where: condition must be a Tensor');
  if (cond.dtype !== 'bool') throw new DTypeError(`where: condition must be a bool tensor, got ${cond.dtype}`);
  if (typeof x === 'number' && typeof y === 'number') throw new ValueError('where: x and y cannot both be numbers');
  const c = castData(cond, 'float32');
  // out = y + c·(x − y) would lose precision and spread NaN/Inf; select explicitly instead
  const dt = x instanceof Tensor && y instanceof Tensor ? resultType(x, y)
    : x instanceof Tensor ? promoteWithScalar(x.dtype, y as number) : promoteWithScalar((y as Tensor).dtype, x as number);
  const shape = broadcastShapes(broadcastShapes(cond.shape, x instanceof Tensor ? x.shape : [], 'where'), y instanceof Tensor ? y.shape : [], 'where');
  const bx = broadcastTo(x, shape, dt), by = broadcastTo(y, shape, dt), bc = broadcastTo(c, shape, 'float32');
  const out = Tensor.empty(shape, dt);
  const o = out.storage.data;
  for (let i = 0; i < o.length; i++) o[i] = bc[i] ? bx[i] : by[i];
  return record('WhereBackward', out, [T(x), T(y)], (g) => {
    const gd = g.contiguousData();
    const gx = Tensor.empty(shape, g.dtype), gy = Tensor.empty(shape, g.dtype);
    for (let i = 0; i < gd.length; i++) (bc[i] ? gx : gy).storage.data[i] = gd[i];
    return [x instanceof Tensor ? gradFor(gx, x) : null, y instanceof Tensor ? gradFor(gy, y) : null];
  }, [cond]);
}

/** Materialises a tensor or number broadcast to `shape` as contiguous data of `dt`. */
function broadcastTo(x: TensorOrNumber, shape: number[], dt: DType): ArrayLike<number> {
  const out = Tensor.empty(shape, dt);
  if (typeof x === 'number') { out.storage.data.fill(x); return out.storage.data; }
  const c = castData(x, dt);
  backend().copyStrided({ data: c.storage.data, offset: c.offset, strides: broadcastStrides(c.shape, c.strides, shape) }, shape, out.storage.data);
  return out.storage.data;
}
