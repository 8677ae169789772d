// In-place ops (`t.add_(o)`, `sub_`, `mul_`, `div_`, `fill_`, `zero_`, `copy_`) with PyTorch's rules:
// the destination keeps its shape and dtype, the other operand broadcasts to it, a result type that
// cannot be cast to the destination's dtype is an error, and views of the same storage see the change.
// When the destination is contiguous and no other operand overlaps it, the kernel writes straight into
// its storage: no temporary and no copy back.
import { backend, type BinaryOp } from '../backend/index.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { AutogradError, DTypeError, ShapeError, TrainlabError, ValueError, fmtShape } from '../errors.js';
import { canCast, storable, storedValue } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../backend/types.js';
import { binaryInto, binaryRaw, binaryTypes } from './binary.js';
import { castData, elementsOf, writeStrided, type TensorOrNumber } from './util.js';

function checkWritable(t: Tensor, name: string): void {
  if (!(t instanceof Tensor)) throw new TrainlabError(`${name}: the destination must be a Tensor`);
  if (t.requiresGrad && isGradEnabled()) {
    throw new AutogradError(`${name}: in-place op on a ${fmtShape(t.shape)} tensor that requires grad: ` +
      'wrap it in noGrad() (e.g. a parameter update) or use the out-of-place form');
  }
}

/** Whether `o` reads memory that `t` writes, other than element for element (the same view). */
function overlapsOtherwise(o: Tensor, t: Tensor): boolean {
  if (o.storage.data.buffer !== t.storage.data.buffer) return false;
  if (o.storage !== t.storage || o.offset !== t.offset || !sameShape(o.shape, t.shape)) return true;
  return o.strides.some((s, d) => s !== t.strides[d] && o.shape[d] !== 1);
}

/** t ← op(t, o) in place; `o` broadcasts to t's shape. */
export function binaryInPlace(op: BinaryOp, t: Tensor, o: TensorOrNumber, name: string): Tensor {
  checkWritable(t, name);
  const { dt, outDType } = binaryTypes(op, t, o, name);
  if (!canCast(outDType, t.dtype)) {
    throw new DTypeError(`${name}: result type ${outDType} can't be cast to the destination's dtype ${t.dtype}`);
  }
  if (o instanceof Tensor && !sameShape(broadcastShapes(t.shape, o.shape, name), t.shape)) {
    throw new ShapeError(`${name}: a ${fmtShape(o.shape)} operand does not broadcast to the destination's shape ${fmtShape(t.shape)}`);
  }
  if (t.isContiguous() && dt === t.dtype && outDType === t.dtype && !(o instanceof Tensor && overlapsOtherwise(o, t))) {
    binaryInto(op, t, o, dt, t.shape, elementsOf(t));
  } else {
    writeStrided(t, castData(binaryRaw(op, t, o, name), t.dtype).contiguousData());
  }
  t.bumpVersion();
  return t;
}

/** t ← t + alpha·o in place. */
export function addInPlace(t: Tensor, o: TensorOrNumber, alpha?: number): Tensor {
  const b = alpha === undefined || alpha === 1 ? o : binaryRaw('mul', o, alpha, 'add_');
  return binaryInPlace('add', t, b, 'add_');
}

/** t ← t − alpha·o in place. */
export function subInPlace(t: Tensor, o: TensorOrNumber, alpha?: number): Tensor {
  const b = alpha === undefined || alpha === 1 ? o : binaryRaw('mul', o, alpha, 'sub_');
  return binaryInPlace('sub', t, b, 'sub_');
}

/** A number as stored in a tensor of `dtype` (torch's fill_/scalar conversion). */
function scalarAs(v: number, dtype: DType, name: string): number {
  if (typeof v !== 'number' && typeof v !== 'boolean') throw new TrainlabError(`${name}: value must be a number, got ${v === null ? 'null' : typeof v}`);
  if (!storable(+v, dtype)) throw new ValueError(`${name}: cannot store ${v} in a ${dtype} tensor`);
  return storedValue(+v, dtype);
}

/** Every element of t set to `v` (cast to t's dtype: truncated for integers, v ≠ 0 for bool). */
export function fillInPlace(t: Tensor, v: number, name = 'fill_'): Tensor {
  checkWritable(t, name);
  const x = scalarAs(v, t.dtype, name);
  if (t.isContiguous()) {
    t.storage.data.fill(x, t.offset, t.offset + t.numel());
  } else {
    const z = Tensor.uninit(t.shape, t.dtype);
    z.storage.data.fill(x);
    writeStrided(t, z.storage.data);
  }
  t.bumpVersion();
  return t;
}

/** t ← src (broadcast to t's shape, cast to t's dtype as torch's copy_ does). */
export function copyInPlace(t: Tensor, src: Tensor): Tensor {
  checkWritable(t, 'copy_');
  if (!(src instanceof Tensor)) throw new TrainlabError('copy_: the source must be a Tensor');
  if (!sameShape(broadcastShapes(t.shape, src.shape, 'copy_'), t.shape)) {
    throw new ShapeError(`copy_: a ${fmtShape(src.shape)} source does not broadcast to the destination's shape ${fmtShape(t.shape)}`);
  }
  // a source sharing t's memory is read in full before anything is written
  let s = castData(src, t.dtype);
  if (s.storage.data.buffer === t.storage.data.buffer) s = Tensor.fromArray(s.toTypedArray(), s.shape, s.dtype);
  const view = { data: s.storage.data, offset: s.offset, strides: broadcastStrides(s.shape, s.strides, t.shape) };
  if (t.isContiguous()) {
    backend().copyStrided(view, t.shape, elementsOf(t));
  } else {
    const tmp = Tensor.uninit(t.shape, t.dtype);
    backend().copyStrided(view, t.shape, tmp.storage.data);
    writeStrided(t, tmp.storage.data);
  }
  t.bumpVersion();
  return t;
}
