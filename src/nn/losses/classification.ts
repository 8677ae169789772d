// Multi-class losses: crossEntropy (class indices or class probabilities, weight, ignoreIndex,
// labelSmoothing) and nllLoss. Targets become constant masks, so no gather is needed.
import { record } from '../../autograd/node.js';
import { backend } from '../../backend/index.js';
import type { FloatArray } from '../../backend/types.js';
import { DTypeError, IndexError, ShapeError, TrainlabError, ValueError, fmtShape } from '../../errors.js';
import { add, div, mul, neg } from '../../ops/binary.js';
import { detach, reshape } from '../../ops/movement.js';
import { sum } from '../../ops/reduce-core.js';
import { logSoftmax } from '../../ops/reduce.js';
import { isFloat } from '../../tensor/dtype.js';
import { sameShape } from '../../tensor/shape.js';
import { Tensor, allocUninit } from '../../tensor/tensor.js';
import { checkReduction, floatTensor, numberOpt, type ReductionOptions } from './util.js';

/** Options of nllLoss. */
export interface NllLossOptions extends ReductionOptions {
  /** Per-class rescaling weights, shape [C]; they receive no gradient. */
  weight?: Tensor | null;
  /** A target value that contributes nothing (and is left out of the mean). Default −100. */
  ignoreIndex?: number;
}
/** Options of crossEntropy. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** ε in [0, 1]: mixes the target with the uniform distribution over the C classes. */
  labelSmoothing?: number;
}

interface Layout { classDim: number; C: number; outer: number; inner: number }

function layout(op: string, input: Tensor): Layout {
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have a class dimension, got a 0-d tensor`);
  const classDim = input.ndim === 1 ? 0 : 1;
  const C = input.shape[classDim];
  const outer = input.shape.slice(0, classDim).reduce((a, b) => a * b, 1);
  const inner = input.shape.slice(classDim + 1).reduce((a, b) => a * b, 1);
  return { classDim, C, outer, inner };
}

function weightData(op: string, weight: Tensor | null | undefined, C: number): ArrayLike<number> | null {
  if (weight === undefined || weight === null) return null;
  floatTensor(op, weight, 'weight');
  if (weight.ndim !== 1 || weight.shape[0] !== C) {
    throw new ShapeError(`${op}: weight of shape ${fmtShape(weight.shape)} does not match the ${C} classes; expected shape [${C}]`);
  }
  return weight.contiguousData();
}

interface Masks {
  /** Input-shaped: w[t] at the target class, 0 elsewhere and on ignored positions. */
  pick: Tensor;
  /** Input-shaped: w[c] on every class of non-ignored positions (label smoothing), 0 on ignored ones. */
  smooth: Tensor | null;
  /** Σ w[t_i] over non-ignored positions (the count when there is no weight). */
  weightSum: number;
}

/** Validates class-index targets and turns them into constant masks over the input's layout. */
function indexMasks(op: string, input: Tensor, target: Tensor, L: Layout, w: ArrayLike<number> | null,
  ignoreIndex: number, withSmooth: boolean): Masks {
  const expected = input.shape.filter((_, i) => i !== L.classDim);
  if (!sameShape(target.shape, expected)) {
    throw new ShapeError(`${op}: input shape ${fmtShape(input.shape)} expects a target of shape ${fmtShape(expected)} ` +
      `(class indices) or ${fmtShape(input.shape)} (class probabilities), got ${fmtShape(target.shape)}`);
  }
  const t = target.contiguousData();
  const pick = Tensor.empty(input.shape, input.dtype);
  const smooth = withSmooth ? Tensor.empty(input.shape, input.dtype) : null;
  const pd = pick.storage.data, sd = smooth?.storage.data;
  let weightSum = 0;
  for (let o = 0; o < L.outer; o++) {
    for (let k = 0; k < L.inner; k++) {
      const i = o * L.inner + k;
      const c = t[i];
      if (c === ignoreIndex) continue;
      if (!Number.isInteger(c) || c < 0 || c >= L.C) {
        throw new IndexError(`${op}: target index ${c} (at position ${i}) is out of bounds for C = ${L.C} classes; ` +
          `expected 0 <= index < ${L.C} or the ignoreIndex ${ignoreIndex}`);
      }
      const base = o * L.C * L.inner + k;
      const wc = w ? w[c] : 1;
      pd[base + c * L.inner] = wc;
      weightSum += wc;
      if (sd) for (let j = 0; j < L.C; j++) sd[base + j * L.inner] = w ? w[j] : 1;
    }
  }
  return { pick, smooth, weightSum };
}

/** −Σ_c mask·logp over the class dim: per-position losses of the target's shape. */
function maskedNll(logp: Tensor, mask: Tensor, classDim: number): Tensor {
  return neg(sum(mul(logp, mask), { dim: classDim }));
}

function reduceIndexLoss(perPos: Tensor, reduction: string, weightSum: number): Tensor {
  if (reduction === 'none') return perPos;
  const s = sum(perPos);
  // torch divides by Σ w[t_i] over non-ignored samples (0/0 = NaN when all are ignored)
  return reduction === 'sum' ? s : div(s, weightSum);
}

function indexTarget(op: string, target: unknown): Tensor {
  if (!(target instanceof Tensor)) throw new TrainlabError(`${op}: target must be a Tensor, got ${target === null ? 'null' : typeof target}`);
  return target;
}

/**
 * Negative log-likelihood: loss_i = −w[t_i]·input[i, t_i] for log-probability input.
 * Shapes: input [N, C] or [N, C, d1, …] (or [C]); target int [N] / [N, d1, …] (or []).
 * 'mean' divides by Σ w[t_i] over non-ignored positions.
 * @example F.nllLoss(F.logSoftmax(logits, { dim: 1 }), labels)
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  const op = 'nllLoss';
  const reduction = checkReduction(op, opts.reduction);
  floatTensor(op, input, 'input');
  indexTarget(op, target);
  if (isFloat(target.dtype)) throw new DTypeError(`${op}: target must hold class indices (int64), got ${target.dtype}`);
  const L = layout(op, input);
  const ignoreIndex = numberOpt(op, 'ignoreIndex', opts.ignoreIndex, -100);
  const m = indexMasks(op, input, target, L, weightData(op, opts.weight, L.C), ignoreIndex, false);
  return reduceIndexLoss(maskedNll(input, m.pick, L.classDim), reduction, m.weightSum);
}

/**
 * Cross entropy of logits: logSoftmax over the class dim, then the NLL (index targets) or
 * −Σ_c p_c·logp_c (probability targets, same shape as input; 'mean' divides by N·d1·…).
 * With labelSmoothing ε: loss_i = (1−ε)·w[t_i]·(−logp[i,t_i]) + ε/C·Σ_c w_c·(−logp[i,c]).
 * @example F.crossEntropy(logits, labels, { labelSmoothing: 0.1 })
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const reduction = checkReduction(op, opts.reduction);
  floatTensor(op, input, 'input');
  indexTarget(op, target);
  const eps = numberOpt(op, 'labelSmoothing', opts.labelSmoothing, 0);
  if (eps < 0 || eps > 1) throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${eps}`);
  const L = layout(op, input);
  const w = weightData(op, opts.weight, L.C);
  const logp = logSoftmax(input, { dim: L.classDim });
  if (isFloat(target.dtype)) {
    if (!sameShape(target.shape, input.shape)) {
      throw new ShapeError(`${op}: a float target holds class probabilities and must have the input's shape ` +
        `${fmtShape(input.shape)}, got ${fmtShape(target.shape)} (class indices must be int64)`);
    }
    return probTargetLoss(logp, target, L, opts.weight ?? null, eps, reduction);
  }
  const ignoreIndex = numberOpt(op, 'ignoreIndex', opts.ignoreIndex, -100);
  if (input.ndim === 2 && w === null && eps === 0 && target.ndim === 1 && target.shape[0] === L.outer && L.C > 0) {
    return fusedIndexCrossEntropy(input, target, ignoreIndex, reduction);
  }
  const m = indexMasks(op, input, target, L, w, ignoreIndex, eps > 0);
  const nll = reduceIndexLoss(maskedNll(logp, m.pick, L.classDim), reduction, m.weightSum);
  if (eps === 0) return nll;
  const smooth = reduceIndexLoss(maskedNll(logp, m.smooth!, L.classDim), reduction, m.weightSum);
  return add(mul(nll, 1 - eps), mul(smooth, eps / L.C));
}

/**
 * crossEntropy's common case as one op: logits [N, C], class-index targets [N], no weight and no
 * label smoothing. It computes what the composed path (logSoftmax, one-hot mask, sum, neg, mean)
 * computes, in one pass per row: loss_i = −Σ_c logp[i,c]·onehot_i[c] (NaN on a row with an infinite
 * logp, as the composed path), and the gradient gl = −g_i·onehot_i, gx = gl − e^logp·Σ_c gl.
 */
function fusedIndexCrossEntropy(input: Tensor, target: Tensor, ignoreIndex: number, reduction: string): Tensor {
  const [N, C] = input.shape;
  const x = input.contiguousData() as FloatArray;
  const Arr = x.constructor as Float32ArrayConstructor;
  const logp = allocUninit(input.dtype, N * C) as FloatArray;
  backend().softmax(x, N, C, logp, true);
  const t = target.contiguousData();
  const cls = new Int32Array(N);  // the target class, −1 on ignored rows
  const losses = new Float64Array(N);
  let count = 0;
  for (let i = 0; i < N; i++) {
    const c = t[i];
    if (c !== ignoreIndex) {
      if (!Number.isInteger(c) || c < 0 || c >= C) {
        throw new IndexError(`crossEntropy: target index ${c} (at position ${i}) is out of bounds for C = ${C} classes; ` +
          `expected 0 <= index < ${C} or the ignoreIndex ${ignoreIndex}`);
      }
      count++;
    }
    cls[i] = c === ignoreIndex ? -1 : c;
    let s = 0;
    for (let j = 0, b = i * C; j < C; j++) s += logp[b + j] * (j === cls[i] ? 1 : 0);
    losses[i] = -s;
  }
  let out: Tensor;
  if (reduction === 'none') out = Tensor.fromArray(Arr.from(losses), [N], input.dtype);
  else {
    let s = 0;
    for (let i = 0; i < N; i++) s += losses[i];
    out = Tensor.empty([], input.dtype);
    // 'mean' divides by the number of non-ignored rows (0/0 = NaN when all are ignored)
    out.storage.data[0] = reduction === 'sum' ? s : out.dtype === 'float32' ? Math.fround(s) / count : s / count;
  }
  return record('CrossEntropyBackward', out, [input], (g) => {
    const gd = g.contiguousData();
    const r = allocUninit(input.dtype, N * C) as FloatArray;
    for (let i = 0; i < N; i++) {
      const c = cls[i], b = i * C;
      const gi = reduction === 'none' ? gd[i] : reduction === 'sum' ? gd[0] : gd[0] / count;
      let s = 0;
      for (let j = 0; j < C; j++) s += -gi * (j === c ? 1 : 0);
      for (let j = 0; j < C; j++) r[b + j] = -gi * (j === c ? 1 : 0) - Math.exp(logp[b + j]) * s;
    }
    return [Tensor.fromArray(r, input.shape, input.dtype)];
  });
}

function probTargetLoss(logp: Tensor, target: Tensor, L: Layout, weight: Tensor | null, eps: number, reduction: string): Tensor {
  let t: Tensor = eps > 0 ? add(mul(target, 1 - eps), eps / L.C) : target;
  if (weight) {
    // weight [C] laid along the class dim: [C, 1, …, 1]
    const wShape = [L.C, ...logp.shape.slice(L.classDim + 1).map(() => 1)];
    t = mul(t, reshape(detach(weight), wShape));
  }
  const perPos = neg(sum(mul(logp, t), { dim: L.classDim }));
  if (reduction === 'none') return perPos;
  const s = sum(perPos);
  return reduction === 'sum' ? s : div(s, L.outer * L.inner);
}
