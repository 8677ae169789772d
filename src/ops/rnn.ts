// One LSTM layer in one direction over a whole sequence as a single autograd node, as PyTorch's
// fused LSTM: the input projection of every step is one GEMM, each step is one GEMM with the
// recurrent weights plus one pointwise kernel (ops/rnn-core), and the backward runs through time
// with the same kernels, its weight gradients again one GEMM each over all steps.
import { backend } from '../backend/index.js';
import type { FloatArray } from '../backend/types.js';
import { markExclusiveGrad } from '../autograd/engine.js';
import { record } from '../autograd/node.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor, allocUninit, releaseScratch } from '../tensor/tensor.js';
import { narrow, select } from './movement.js';
import { lstmCells } from './rnn-core.js';

/** A tensor's elements in row-major order: its own storage and offset when contiguous, else a copy. */
const flat = (t: Tensor): [FloatArray, number] =>
  (t.isContiguous() ? [t.storage.data as FloatArray, t.offset] : [t.toTypedArray() as FloatArray, 0]);

function checkLayer(x: Tensor, h0: Tensor, c0: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null): void {
  const named: [string, Tensor | null][] = [['h0', h0], ['c0', c0], ['weight_ih', wIh], ['weight_hh', wHh], ['bias_ih', bIh], ['bias_hh', bHh]];
  if (!isFloat(x.dtype)) throw new DTypeError(`lstm: expected a floating point input, got ${x.dtype}`);
  for (const [name, t] of named) {
    if (t && t.dtype !== x.dtype) throw new DTypeError(`lstm: ${name} is ${t.dtype} but the input is ${x.dtype}`);
  }
  if (x.ndim !== 3 || x.shape[0] === 0) throw new ShapeError(`lstm: expected an input [T, N, I] with T ≥ 1, got ${fmtShape(x.shape)}`);
  const [, N, I] = x.shape, H = wHh.shape[1];
  const want: [string, Tensor | null, number[]][] = [['h0', h0, [N, H]], ['c0', c0, [N, H]], ['weight_ih', wIh, [4 * H, I]],
    ['weight_hh', wHh, [4 * H, H]], ['bias_ih', bIh, [4 * H]], ['bias_hh', bHh, [4 * H]]];
  for (const [name, t, shape] of want) {
    if (t && t.shape.join() !== shape.join()) {
      throw new ShapeError(`lstm: ${name} ${fmtShape(t.shape)} does not match input ${fmtShape(x.shape)} and hidden size ${H} (expected ${fmtShape(shape)})`);
    }
  }
}

/**
 * Runs an LSTM layer (torch's gates i, f, g, o) over x [T, N, I] from states h0, c0 [N, H] with
 * weights wIh [4H, I], wHh [4H, H] and optional biases [4H]; `reverse` walks the steps from T−1 to 0.
 * Returns out [T, N, H] (the state h after each step, in time order) and the last cell state
 * cN [N, H]; the last h is out[T−1] (out[0] when reverse). Differentiable in every tensor argument.
 */
export function lstmLayer(x: Tensor, h0: Tensor, c0: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null,
  bHh: Tensor | null, reverse = false): [Tensor, Tensor] {
  checkLayer(x, h0, c0, wIh, wHh, bIh, bHh);
  const be = backend(), dtype = x.dtype;
  const [T, N, I] = x.shape, H = wHh.shape[1], G4 = 4 * H, NH = N * H, NG = N * G4;
  const [xd, xo] = flat(x), [wi, wio] = flat(wIh), [wh, who] = flat(wHh), [hd0, ho0] = flat(h0), [cd0, co0] = flat(c0);
  // gates of every step: X·W_ihᵀ (+ b_ih + b_hh) in one GEMM; each step then adds h·W_hhᵀ
  const gates = allocUninit(dtype, T * NG) as FloatArray;
  be.gemm(xd, xo, 0, false, wi, wio, 0, true, gates, 1, T * N, I, G4, false);
  if (bIh || bHh) {
    const bias = allocUninit(dtype, G4) as FloatArray, bi = bIh?.contiguousData(), bh = bHh?.contiguousData();
    for (let j = 0; j < G4; j++) bias[j] = (bi ? bi[j] : 0) + (bh ? bh[j] : 0);
    be.binary('add', { data: gates, offset: 0, strides: [G4, 1] }, { data: bias, offset: 0, strides: [0, 1] }, [T * N, G4], gates);
  }
  // y holds h of every step, then the last c: [T + 1, N, H]
  const y = Tensor.uninit([T + 1, N, H], dtype), yd = y.storage.data as FloatArray;
  const cs = allocUninit(dtype, T * NH) as FloatArray, tcs = allocUninit(dtype, T * NH) as FloatArray;
  const k = lstmCells(gates);
  const step = (s: number): number => (reverse ? T - 1 - s : s);
  let hp = hd0, hpo = ho0, cp = cd0, cpo = co0;
  for (let s = 0; s < T; s++) {
    const t = step(s);
    be.gemm(hp, hpo, 0, false, wh, who, 0, true, gates.subarray(t * NG, (t + 1) * NG), 1, N, H, G4, true);
    k.lstmCell(gates, t * NG, cp, cpo, cs, t * NH, yd, t * NH, tcs, t * NH, N, H);
    hp = yd; hpo = t * NH; cp = cs; cpo = t * NH;
  }
  yd.set(cs.subarray(cpo, cpo + NH), T * NH);

  const node = record('LstmBackward', y, [x, h0, c0, wIh, wHh, bIh, bHh], (g) => {
    const [gd, go] = flat(g);
    const dz = allocUninit(dtype, T * NG) as FloatArray;
    const dhNext = allocUninit(dtype, NH).fill(0) as FloatArray, dc = gd.slice(go + T * NH, go + (T + 1) * NH) as FloatArray;
    for (let s = T - 1; s >= 0; s--) {
      const t = step(s), prev = s > 0 ? step(s - 1) * NH : -1;
      k.lstmCellBackward(gates, t * NG, prev < 0 ? cd0 : cs, prev < 0 ? co0 : prev, tcs, t * NH, gd, go + t * NH, dhNext, dc, dz, t * NG, N, H);
      // the gradient reaching the previous h (and h0): dz·W_hh
      if (s > 0 || h0.requiresGrad) be.gemm(dz, t * NG, 0, false, wh, who, 0, false, dhNext, 1, N, G4, H, false);
    }
    const grad = (shape: number[], fill: (out: FloatArray) => void): Tensor => {
      const t = Tensor.uninit(shape, dtype);
      fill(t.storage.data as FloatArray);
      return markExclusiveGrad(t);
    };
    const gx = x.requiresGrad ? grad([T, N, I], (o) => be.gemm(dz, 0, 0, false, wi, wio, 0, false, o, 1, T * N, G4, I, false)) : null;
    const gwIh = wIh.requiresGrad ? grad([G4, I], (o) => be.gemm(dz, 0, 0, true, xd, xo, 0, false, o, 1, G4, T * N, I, false)) : null;
    let gwHh: Tensor | null = null;
    if (wHh.requiresGrad) {
      // the h each step started from, aligned with dz's steps: h0 first in the walk's order
      const hPrev = allocUninit(dtype, T * NH) as FloatArray;
      const first = step(0) * NH, h0v = hd0.subarray(ho0, ho0 + NH);
      if (reverse) { hPrev.set(yd.subarray(NH, T * NH), 0); hPrev.set(h0v, first); } else { hPrev.set(h0v, 0); hPrev.set(yd.subarray(0, (T - 1) * NH), NH); }
      gwHh = grad([G4, H], (o) => be.gemm(dz, 0, 0, true, hPrev, 0, 0, false, o, 1, G4, T * N, H, false));
      releaseScratch(hPrev);
    }
    let gb: Tensor | null = null;
    if (bIh?.requiresGrad || bHh?.requiresGrad) gb = grad([G4], (o) => be.reduce('sum', dz, 1, T * N, G4, o));
    const gbHh = bHh?.requiresGrad ? (bIh?.requiresGrad ? grad([G4], (o) => o.set(gb!.storage.data as FloatArray)) : gb) : null;
    const gh0 = h0.requiresGrad ? markExclusiveGrad(Tensor.fromArray(dhNext, [N, H], dtype)) : null;
    const gc0 = c0.requiresGrad ? markExclusiveGrad(Tensor.fromArray(dc, [N, H], dtype)) : null;
    releaseScratch(dz);
    return [gx, gh0, gc0, gwIh, gwHh, bIh?.requiresGrad ? gb : null, gbHh];
  }, [x, h0, c0, wIh, wHh, y]);
  if (!node.requiresGrad) { releaseScratch(gates); releaseScratch(cs); releaseScratch(tcs); }
  return [narrow(node, 0, 0, T), select(node, 0, T)];
}
