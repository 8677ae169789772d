// matmul (1-D, 2-D, batched with broadcasting) and linear, on the backend's batched GEMM.
import { backend } from '../backend/index.js';
import type { FloatArray } from '../backend/types.js';
import { markExclusiveGrad } from '../autograd/engine.js';
import { noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/node.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { broadcastShapes, numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous, expand, reshape, transpose, unsqueeze, squeeze } from './movement.js';
import { sumToShape } from './reduce-raw.js';
import { checkTensor } from './util.js';

function checkPair(a: Tensor, b: Tensor, op: string): void {
  checkTensor(a, op, 'first operand');
  checkTensor(b, op, 'second operand');
  if (a.dtype !== b.dtype) throw new DTypeError(`${op}: expected both operands to have the same dtype, got ${a.dtype} and ${b.dtype}`);
  if (!isFloat(a.dtype)) throw new DTypeError(`${op}: expected floating point operands, got ${a.dtype}`);
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError(`${op}: both arguments need at least 1 dimension, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
}

/** Below this many output elements linear adds its bias in JS rather than through a kernel call. */
const SMALL_BIAS = 2048;

/** Is `t` a row-major [.., r, c] matrix (stride 1 on the last dim) or its transpose? */
function layoutOf(t: Tensor): 'n' | 't' | null {
  const nd = t.ndim;
  const [r, c] = [t.shape[nd - 2], t.shape[nd - 1]];
  const [sr, sc] = [t.strides[nd - 2], t.strides[nd - 1]];
  if ((sc === 1 || c === 1) && (sr === c || r === 1)) return 'n';
  if ((sr === 1 || r === 1) && (sc === r || c === 1)) return 't';
  return null;
}

/** Batched [.., m, k] @ [.., k, n] on ≥2-D operands whose batch dims already broadcast to `batch`. */
function bmm(a: Tensor, b: Tensor, batchShape: number[]): Tensor {
  const m = a.shape[a.ndim - 2], k = a.shape[a.ndim - 1], n = b.shape[b.ndim - 1];
  const batch = numel(batchShape);
  const out = Tensor.uninit([...batchShape, m, n], a.dtype);  // gemm writes every element (zeros when k = 0)
  const prep = (t: Tensor): [Tensor, boolean, number] => {
    const full = t.ndim - 2 === batchShape.length && t.shape.slice(0, -2).every((s, i) => s === batchShape[i]);
    const single = numel(t.shape.slice(0, -2)) === 1;
    const lay = layoutOf(t);
    // batch stride 0 lets one matrix serve every batch (a weight shared across the batch)
    if (lay && single) return [t, lay === 't', 0];
    if (lay && full && isBatchContiguous(t)) return [t, lay === 't', t.ndim > 2 ? t.strides[t.ndim - 3] : 0];
    const c = contiguous(expand(t, [...batchShape, t.shape[t.ndim - 2], t.shape[t.ndim - 1]]));
    return [c, false, c.shape[c.ndim - 2] * c.shape[c.ndim - 1]];
  };
  const [pa, ta, sa] = prep(a), [pb, tb, sb] = prep(b);
  backend().gemm(pa.storage.data as FloatArray, pa.offset, sa, ta, pb.storage.data as FloatArray, pb.offset, sb, tb,
    out.storage.data as FloatArray, batch, m, k, n, false);
  return out;
}

/** Batch dims laid out so that matrix b starts at offset + b·stride of the innermost batch dim. */
function isBatchContiguous(t: Tensor): boolean {
  if (t.ndim <= 2) return true;
  let s = t.strides[t.ndim - 3];
  if (s < t.shape[t.ndim - 2] * t.shape[t.ndim - 1] && t.shape[t.ndim - 3] > 1) return false;
  for (let d = t.ndim - 4; d >= 0; d--) {
    if (t.shape[d] !== 1 && t.strides[d] !== s * t.shape[d + 1]) return false;
    s = t.strides[d];
  }
  return true;
}

/**
 * Matrix product with torch.matmul's rules: 1-D operands are promoted to a row/column and the
 * added dim removed; batch dims broadcast.
 * @example matmul(randn([8, 3, 4]), randn([4, 5])) // → [8, 3, 5]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a instanceof Tensor && b instanceof Tensor && a.dtype === b.dtype && (a.dtype === 'int32' || a.dtype === 'int64')) {
    return integerMatmul(a, b);
  }
  checkPair(a, b, 'matmul');
  const a2 = a.ndim === 1 ? unsqueeze(a, 0) : a;
  const b2 = b.ndim === 1 ? unsqueeze(b, 1) : b;
  const k = a2.shape[a2.ndim - 1];
  if (b2.shape[b2.ndim - 2] !== k) {
    throw new ShapeError(`matmul: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}: inner dimensions ${k} and ${b2.shape[b2.ndim - 2]} differ`);
  }
  const batchShape = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), 'matmul');
  const out3 = bmm(a2, b2, batchShape);
  const out = record('MmBackward', out3, [a2, b2], (g) => [
    // dA = G·Bᵀ, dB = Aᵀ·G, then undo any batch broadcast
    sumToShape(bmm(g, transpose(b2, -1, -2), batchShape), a2.shape),
    sumToShape(bmm(transpose(a2, -1, -2), g, batchShape), b2.shape),
  ], [a2, b2]);
  if (a.ndim === 1 && b.ndim === 1) return reshape(out, []);
  if (a.ndim === 1) return squeeze(out, -2);
  if (b.ndim === 1) return squeeze(out, -1);
  return out;
}

/**
 * matmul of two int32 or two int64 tensors, as torch: the products summed in float64 (exact while
 * every partial sum stays within ±2⁵³, the range trainlab's int64 holds), an int32 result wrapped
 * modulo 2³² as torch's int32 arithmetic does. Integers carry no gradient.
 */
function integerMatmul(a: Tensor, b: Tensor): Tensor {
  // the cast stores each exact sum; an Int32Array store is ToInt32, i.e. modulo 2³²
  return noGrad(() => matmul(a.to('float64'), b.to('float64'))).to(a.dtype);
}

/**
 * y = x·Wᵀ + b with W of shape [out, in] (PyTorch layout), x of shape [..., in]. One GEMM into
 * the output and the bias added in place, so the only allocation is the output.
 * @example linear(x, weight, bias) // x [N,in], weight [out,in], bias [out] → [N,out]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkTensor(x, 'linear');
  checkTensor(weight, 'linear', 'weight');
  if (weight.ndim !== 2) throw new ShapeError(`linear: weight must be 2-D [out, in], got ${fmtShape(weight.shape)}`);
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new ShapeError(`linear: input ${fmtShape(x.shape)} has ${x.shape[x.ndim - 1] ?? 0} features but weight ${fmtShape(weight.shape)} expects ${weight.shape[1]}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError(`linear: bias ${fmtShape(bias.shape)} does not match weight ${fmtShape(weight.shape)} (expected [${weight.shape[0]}])`);
  }
  checkPair(x, weight, 'linear');
  if (bias) checkPair(x, bias, 'linear');
  if (x.ndim === 1) return squeeze(linear(unsqueeze(x, 0), weight, bias), 0);
  const [outF, inF] = weight.shape;
  const rows = numel(x.shape.slice(0, -1));
  const xc = x.isContiguous() ? x : Tensor.fromArray(x.toTypedArray(), x.shape, x.dtype);
  const wc = weight.isContiguous() ? weight : Tensor.fromArray(weight.toTypedArray(), weight.shape, weight.dtype);
  const out = Tensor.uninit([...x.shape.slice(0, -1), outF], x.dtype);
  const o = out.storage.data as FloatArray;
  backend().gemm(xc.storage.data as FloatArray, xc.offset, 0, false, wc.storage.data as FloatArray, wc.offset, 0, true, o, 1, rows, inF, outF, false);
  if (bias && rows * outF >= SMALL_BIAS) {
    // o[r, j] += b[j] in place: an elementwise add reads each element before writing it, and the
    // bias broadcasts along the rows with stride 0
    backend().binary('add', { data: o, offset: 0, strides: [outF, 1] }, { data: bias.contiguousData(), offset: 0, strides: [0, 1] },
      [rows, outF], o);
  } else if (bias) {
    // small outputs: a JS loop costs less than a kernel call (both round each sum once)
    const b = bias.contiguousData();
    for (let r = 0; r < rows; r++) for (let j = 0; j < outF; j++) o[r * outF + j] += b[j];
  }
  return record('LinearBackward', out, [x, weight, bias ?? null], (g) => {
    const gc = g.isContiguous() ? g : Tensor.fromArray(g.toTypedArray(), g.shape, g.dtype);
    const gd = gc.storage.data as FloatArray;
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (x.requiresGrad) {
      // dX = G·W: [rows,out]·[out,in]
      gx = Tensor.uninit(x.shape, x.dtype);
      backend().gemm(gd, gc.offset, 0, false, wc.storage.data as FloatArray, wc.offset, 0, false, gx.storage.data as FloatArray, 1, rows, outF, inF, false);
    }
    if (weight.requiresGrad) {
      // dW = Gᵀ·X: [out,rows]·[rows,in]
      gw = Tensor.uninit(weight.shape, weight.dtype);
      backend().gemm(gd, gc.offset, 0, true, xc.storage.data as FloatArray, xc.offset, 0, false, gw.storage.data as FloatArray, 1, outF, rows, inF, false);
    }
    if (bias?.requiresGrad) {
      gb = Tensor.uninit(bias.shape, bias.dtype);
      // column sums of G [rows, out]: the middle axis of [1, rows, out]
      const gFull = gc.offset === 0 && gd.length === rows * outF ? gd : gc.toTypedArray();
      backend().reduce('sum', gFull, 1, rows, outF, gb.storage.data);
    }
    // fresh buffers returned nowhere else: a leaf may adopt them as .grad without a copy
    for (const t of [gx, gw, gb]) if (t) markExclusiveGrad(t);
    return [gx, gw, gb];
  }, [xc, wc]);
}
