// One RNN, LSTM or GRU layer in one direction over a whole sequence as a single autograd node, as
// PyTorch's fused RNNs: the input projection of every step is one GEMM, each step is one GEMM with
// the recurrent weights plus one pointwise kernel (ops/rnn-core), and the backward runs through time
// with the same kernels, its weight gradients again one GEMM each over all steps.
import { backend, type Backend } from '../backend/index.js';
import type { DType, FloatArray } from '../backend/types.js';
import { markExclusiveGrad } from '../autograd/engine.js';
import { record } from '../autograd/node.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor, allocUninit, releaseScratch } from '../tensor/tensor.js';
import { narrow, select } from './movement.js';
import { rnnCells } from './rnn-core.js';

/** A tensor's elements in row-major order: its own storage and offset when contiguous, else a copy. */
const flat = (t: Tensor): [FloatArray, number] =>
  (t.isContiguous() ? [t.storage.data as FloatArray, t.offset] : [t.toTypedArray() as FloatArray, 0]);

interface LayerArgs { x: Tensor; h0: Tensor; c0: Tensor | null; wIh: Tensor; wHh: Tensor; bIh: Tensor | null; bHh: Tensor | null }

/** x, the weights and h0 as row-major arrays with offsets, made once per layer call. */
interface Flat { xd: FloatArray; xo: number; wi: FloatArray; wio: number; wh: FloatArray; who: number; hd0: FloatArray; ho0: number }
function flatArgs(a: LayerArgs): Flat {
  const [xd, xo] = flat(a.x), [wi, wio] = flat(a.wIh), [wh, who] = flat(a.wHh), [hd0, ho0] = flat(a.h0);
  return { xd, xo, wi, wio, wh, who, hd0, ho0 };
}

/** Checks dtypes and shapes of one layer's arguments (gates: 4 for LSTM, 3 for GRU). */
function checkLayer(op: string, gates: number, a: LayerArgs): void {
  const { x, h0, c0, wIh, wHh, bIh, bHh } = a;
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: expected a floating point input, got ${x.dtype}`);
  if (x.ndim !== 3 || x.shape[0] === 0) throw new ShapeError(`${op}: expected an input [T, N, I] with T ≥ 1, got ${fmtShape(x.shape)}`);
  const [, N, I] = x.shape, H = wHh.shape[1], G = gates * H;
  const want: [string, Tensor | null, number[]][] = [['h0', h0, [N, H]], ['c0', c0, [N, H]], ['weight_ih', wIh, [G, I]],
    ['weight_hh', wHh, [G, H]], ['bias_ih', bIh, [G]], ['bias_hh', bHh, [G]]];
  for (const [name, t, shape] of want) {
    if (!t) continue;
    if (t.dtype !== x.dtype) throw new DTypeError(`${op}: ${name} is ${t.dtype} but the input is ${x.dtype}`);
    if (t.shape.join() !== shape.join()) {
      throw new ShapeError(`${op}: ${name} ${fmtShape(t.shape)} does not match input ${fmtShape(x.shape)} and hidden size ${H} (expected ${fmtShape(shape)})`);
    }
  }
}

/** rows × G: every row the bias (or zeros without one), ready for a GEMM that accumulates onto it. */
function biasRows(be: Backend, dtype: DType, rows: number, G: number, ...biases: (Tensor | null)[]): FloatArray {
  const out = allocUninit(dtype, rows * G) as FloatArray;
  const present = biases.filter((b): b is Tensor => b !== null);
  if (present.length === 0) return out.fill(0);
  const b = present.length === 1 ? present[0].contiguousData() : allocUninit(dtype, G) as FloatArray;
  if (present.length === 2) {
    const p = present[0].contiguousData(), q = present[1].contiguousData();
    for (let j = 0; j < G; j++) b[j] = p[j] + q[j];
  }
  be.copyStrided({ data: b, offset: 0, strides: [0, 1] }, [rows, G], out);
  return out;
}

/** The h each step started from, in dz's step order: h0 for the first step of the walk. */
function prevStates(dtype: DType, hs: FloatArray, h0: FloatArray, h0Off: number, T: number, NH: number, reverse: boolean): FloatArray {
  const out = allocUninit(dtype, T * NH) as FloatArray, h0v = h0.subarray(h0Off, h0Off + NH);
  if (reverse) { out.set(hs.subarray(NH, T * NH), 0); out.set(h0v, (T - 1) * NH); } else { out.set(h0v, 0); out.set(hs.subarray(0, (T - 1) * NH), NH); }
  return out;
}

/**
 * The gradients a fused layer's backward returns besides the states': x, wIh, wHh and the biases,
 * from the pre-activation gradients of the input (dgi) and hidden (dgh) projections over all steps.
 */
function projectionGrads(be: Backend, a: LayerArgs, f: Flat, dgi: FloatArray, dgh: FloatArray, hs: FloatArray,
  reverse: boolean): (Tensor | null)[] {
  const { x, wIh, wHh, bIh, bHh } = a, { xd, xo, wi, wio } = f, dtype = x.dtype;
  const [T, N, I] = x.shape, H = wHh.shape[1], G = wHh.shape[0], TN = T * N;
  const grad = (shape: number[], fill: (out: FloatArray) => void): Tensor => {
    const t = Tensor.uninit(shape, dtype);
    fill(t.storage.data as FloatArray);
    return markExclusiveGrad(t);
  };
  const gx = x.requiresGrad ? grad([T, N, I], (o) => be.gemm(dgi, 0, 0, false, wi, wio, 0, false, o, 1, TN, G, I, false)) : null;
  const gwIh = wIh.requiresGrad ? grad([G, I], (o) => be.gemm(dgi, 0, 0, true, xd, xo, 0, false, o, 1, G, TN, I, false)) : null;
  let gwHh: Tensor | null = null;
  if (wHh.requiresGrad) {
    const hPrev = prevStates(dtype, hs, f.hd0, f.ho0, T, N * H, reverse);
    gwHh = grad([G, H], (o) => be.gemm(dgh, 0, 0, true, hPrev, 0, 0, false, o, 1, G, TN, H, false));
    releaseScratch(hPrev);
  }
  const colSums = (d: FloatArray) => grad([G], (o) => be.reduce('sum', d, 1, TN, G, o));
  return [gx, gwIh, gwHh, bIh?.requiresGrad ? colSums(dgi) : null, bHh?.requiresGrad ? colSums(dgh) : null];
}

/**
 * Runs an LSTM layer (torch's gates i, f, g, o) over x [T, N, I] from states h0, c0 [N, H] with
 * weights wIh [4H, I], wHh [4H, H] and optional biases [4H]; `reverse` walks the steps from T−1 to 0.
 * Returns out [T, N, H] (the state h after each step, in time order) and the last cell state
 * cN [N, H]; the last h is out[T−1] (out[0] when reverse). Differentiable in every tensor argument.
 */
export function lstmLayer(x: Tensor, h0: Tensor, c0: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null,
  bHh: Tensor | null, reverse = false): [Tensor, Tensor] {
  const args: LayerArgs = { x, h0, c0, wIh, wHh, bIh, bHh };
  checkLayer('lstm', 4, args);
  const be = backend(), dtype = x.dtype;
  const [T, N, I] = x.shape, H = wHh.shape[1], G4 = 4 * H, NH = N * H, NG = N * G4;
  const f = flatArgs(args), { xd, xo, wi, wio, wh, who, hd0, ho0 } = f, [cd0, co0] = flat(c0);
  // gates of every step: b_ih + b_hh + X·W_ihᵀ in one GEMM; each step then adds h·W_hhᵀ
  const gates = biasRows(be, dtype, T * N, G4, bIh, bHh);
  be.gemm(xd, xo, 0, false, wi, wio, 0, true, gates, 1, T * N, I, G4, true);
  // y holds h of every step, then the last c: [T + 1, N, H]
  const y = Tensor.uninit([T + 1, N, H], dtype), yd = y.storage.data as FloatArray;
  const cs = allocUninit(dtype, T * NH) as FloatArray, tcs = allocUninit(dtype, T * NH) as FloatArray;
  const k = rnnCells(gates);
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
    // the input and hidden projections share their pre-activation gradient dz
    const [gx, gwIh, gwHh, gbIh, gbHh] = projectionGrads(be, args, f, dz, dz, yd, reverse);
    releaseScratch(dz);
    const gh0 = h0.requiresGrad ? markExclusiveGrad(Tensor.fromArray(dhNext, [N, H], dtype)) : null;
    const gc0 = c0.requiresGrad ? markExclusiveGrad(Tensor.fromArray(dc, [N, H], dtype)) : null;
    return [gx, gh0, gc0, gwIh, gwHh, gbIh, gbHh];
  }, [x, h0, c0, wIh, wHh, y]);
  if (!node.requiresGrad) { releaseScratch(gates); releaseScratch(cs); releaseScratch(tcs); }
  return [narrow(node, 0, 0, T), select(node, 0, T)];
}

/**
 * Runs a GRU layer (torch's gates r, z, n) over x [T, N, I] from h0 [N, H] with weights wIh [3H, I],
 * wHh [3H, H] and optional biases [3H]; `reverse` walks the steps from T−1 to 0. Returns out
 * [T, N, H], the state h after each step in time order (the last is out[T−1], out[0] when reverse).
 * Differentiable in every tensor argument.
 */
export function gruLayer(x: Tensor, h0: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null,
  reverse = false): Tensor {
  const args: LayerArgs = { x, h0, c0: null, wIh, wHh, bIh, bHh };
  checkLayer('gru', 3, args);
  const be = backend(), dtype = x.dtype;
  const [T, N, I] = x.shape, H = wHh.shape[1], G3 = 3 * H, NH = N * H, NG = N * G3;
  const f = flatArgs(args), { xd, xo, wi, wio, wh, who, hd0, ho0 } = f;
  // input projections of every step (b_ih + X·W_ihᵀ); hidden projections b_hh + h·W_hhᵀ step by step
  const gi = biasRows(be, dtype, T * N, G3, bIh);
  be.gemm(xd, xo, 0, false, wi, wio, 0, true, gi, 1, T * N, I, G3, true);
  const gh = biasRows(be, dtype, T * N, G3, bHh);
  const out = Tensor.uninit([T, N, H], dtype), od = out.storage.data as FloatArray;
  const k = rnnCells(gi);
  const step = (s: number): number => (reverse ? T - 1 - s : s);
  let hp = hd0, hpo = ho0;
  for (let s = 0; s < T; s++) {
    const t = step(s);
    be.gemm(hp, hpo, 0, false, wh, who, 0, true, gh.subarray(t * NG, (t + 1) * NG), 1, N, H, G3, true);
    k.gruCell(gi, t * NG, gh, t * NG, hp, hpo, od, t * NH, N, H);
    hp = od; hpo = t * NH;
  }

  const node = record('GruBackward', out, [x, h0, wIh, wHh, bIh, bHh], (g) => {
    const [gd, go] = flat(g);
    const dgi = allocUninit(dtype, T * NG) as FloatArray, dgh = allocUninit(dtype, T * NG) as FloatArray;
    const dhNext = allocUninit(dtype, NH).fill(0) as FloatArray;
    for (let s = T - 1; s >= 0; s--) {
      const t = step(s), prev = s > 0 ? step(s - 1) * NH : -1;
      k.gruCellBackward(gi, t * NG, gh, t * NG, prev < 0 ? hd0 : od, prev < 0 ? ho0 : prev, gd, go + t * NH, dhNext, dgi, t * NG, dgh, t * NG, N, H);
      // dhNext holds dh·z; the hidden projection adds dgh·W_hh
      if (s > 0 || h0.requiresGrad) be.gemm(dgh, t * NG, 0, false, wh, who, 0, false, dhNext, 1, N, G3, H, true);
    }
    const [gx, gwIh, gwHh, gbIh, gbHh] = projectionGrads(be, args, f, dgi, dgh, od, reverse);
    releaseScratch(dgi);
    releaseScratch(dgh);
    const gh0 = h0.requiresGrad ? markExclusiveGrad(Tensor.fromArray(dhNext, [N, H], dtype)) : null;
    return [gx, gh0, gwIh, gwHh, gbIh, gbHh];
  }, [x, h0, wIh, wHh, out]);
  if (!node.requiresGrad) { releaseScratch(gi); releaseScratch(gh); }
  return node;
}

/**
 * Runs an Elman RNN layer, h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) with act tanh or relu, over
 * x [T, N, I] from h0 [N, H] with weights wIh [H, I], wHh [H, H] and optional biases [H]; `reverse`
 * walks the steps from T−1 to 0. Returns out [T, N, H], the state after each step in time order.
 * Differentiable in every tensor argument.
 */
export function rnnLayer(x: Tensor, h0: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null,
  nonlinearity: 'tanh' | 'relu' = 'tanh', reverse = false): Tensor {
  const args: LayerArgs = { x, h0, c0: null, wIh, wHh, bIh, bHh };
  checkLayer('rnn', 1, args);
  const be = backend(), dtype = x.dtype;
  const [T, N, I] = x.shape, H = wHh.shape[1], NH = N * H;
  const f = flatArgs(args), { xd, xo, wi, wio, wh, who, hd0, ho0 } = f;
  const pre = biasRows(be, dtype, T * N, H, bIh, bHh);
  be.gemm(xd, xo, 0, false, wi, wio, 0, true, pre, 1, T * N, I, H, true);
  const out = Tensor.uninit([T, N, H], dtype), od = out.storage.data as FloatArray;
  const step = (s: number): number => (reverse ? T - 1 - s : s);
  let hp = hd0, hpo = ho0;
  for (let s = 0; s < T; s++) {
    const t = step(s), pt = pre.subarray(t * NH, (t + 1) * NH);
    be.gemm(hp, hpo, 0, false, wh, who, 0, true, pt, 1, N, H, H, true);
    be.unary(nonlinearity, pt, od.subarray(t * NH, (t + 1) * NH));
    hp = od; hpo = t * NH;
  }
  releaseScratch(pre);

  return record('RnnBackward', out, [x, h0, wIh, wHh, bIh, bHh], (g) => {
    const [gd, go] = flat(g);
    const da = allocUninit(dtype, T * NH) as FloatArray, dhNext = allocUninit(dtype, NH).fill(0) as FloatArray;
    for (let s = T - 1; s >= 0; s--) {
      const t = step(s), o = t * NH;
      // the gradient at the pre-activation, from the output h: tanh' = 1 − h², relu' = [h > 0]
      for (let i = 0; i < NH; i++) {
        const dh = gd[go + o + i] + dhNext[i], h = od[o + i];
        da[o + i] = nonlinearity === 'tanh' ? dh * (1 - h * h) : h > 0 ? dh : 0;
      }
      if (s > 0 || h0.requiresGrad) be.gemm(da, o, 0, false, wh, who, 0, false, dhNext, 1, N, H, H, false);
    }
    const [gx, gwIh, gwHh, gbIh, gbHh] = projectionGrads(be, args, f, da, da, od, reverse);
    releaseScratch(da);
    const gh0 = h0.requiresGrad ? markExclusiveGrad(Tensor.fromArray(dhNext, [N, H], dtype)) : null;
    return [gx, gh0, gwIh, gwHh, gbIh, gbHh];
  }, [x, h0, wIh, wHh, out]);
}
