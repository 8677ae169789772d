// Binary and distribution losses: binaryCrossEntropy (on probabilities, log clamped at −100),
// binaryCrossEntropyWithLogits (stable form, weight, posWeight) and klDiv.
import { record } from '../../autograd/node.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { add, div, gt, maximum, mul, neg, sub, where } from '../../ops/binary.js';
import { abs, exp, log, log1p } from '../../ops/unary.js';
import { sum } from '../../ops/reduce-core.js';
import { zerosLike } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import { applyReduction, checkReduction, checkSameShape, floatTensor, type ReductionOptions } from './util.js';

/** Options of binaryCrossEntropy. */
export interface BCEOptions extends ReductionOptions {
  /** Rescaling weight, broadcast to the input's shape. */
  weight?: Tensor | null;
}
/** Options of binaryCrossEntropyWithLogits. */
export interface BCEWithLogitsOptions extends BCEOptions {
  /** Weight of the positive term, broadcast along the last dim (e.g. shape [C]). */
  posWeight?: Tensor | null;
}

function checkWeight(op: string, w: Tensor, input: Tensor, name: string): Tensor {
  floatTensor(op, w, name);
  const lead = input.ndim - w.ndim;
  if (lead < 0 || w.shape.some((s, i) => s !== 1 && s !== input.shape[lead + i])) {
    throw new ShapeError(`${op}: ${name} of shape ${fmtShape(w.shape)} does not broadcast to the input shape ${fmtShape(input.shape)}`);
  }
  return w;
}

/**
 * Elementwise −[t·max(log x, −100) + (1−t)·max(log(1−x), −100)] as one node, with torch's
 * backward: (x − t)/max(x(1 − x), 1e-12). Composing log and clamp would give 0/0 = NaN where
 * a clamped log meets a zero coefficient (x = 0, t = 0).
 */
function bceElementwise(x: Tensor, t: Tensor): Tensor {
  const xd = x.contiguousData(), td = t.contiguousData();
  const out = Tensor.empty(x.shape, x.dtype);
  const o = out.storage.data;
  for (let i = 0; i < o.length; i++) {
    o[i] = -(td[i] * Math.max(Math.log(xd[i]), -100) + (1 - td[i]) * Math.max(Math.log1p(-xd[i]), -100));
  }
  return record('BinaryCrossEntropyBackward', out, [x, t], (g) => {
    const gd = g.contiguousData();
    const gx = Tensor.empty(x.shape, x.dtype), gt_ = Tensor.empty(t.shape, t.dtype);
    for (let i = 0; i < gd.length; i++) {
      gx.storage.data[i] = gd[i] * (xd[i] - td[i]) / Math.max((1 - xd[i]) * xd[i], 1e-12);
      // d/dt = log(1 − x) − log(x) = −logit(x), unclamped as in torch
      gt_.storage.data[i] = gd[i] * (Math.log1p(-xd[i]) - Math.log(xd[i]));
    }
    return [gx, gt_];
  }, [x, t]);
}

/**
 * Binary cross entropy on probabilities: −w·[t·log x + (1−t)·log(1−x)], each log clamped at
 * −100 so that x = 0 or 1 gives a finite loss. Input values outside [0, 1] are a ValueError.
 * @example F.binaryCrossEntropy(sigmoid(logits), labels)
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BCEOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  const r = checkReduction(op, opts.reduction);
  floatTensor(op, input, 'input');
  floatTensor(op, target, 'target');
  checkSameShape(op, input, target);
  const xd = input.contiguousData();
  for (let i = 0; i < xd.length; i++) {
    if (!(xd[i] >= 0 && xd[i] <= 1)) {
      throw new ValueError(`${op}: input must hold probabilities in [0, 1], found ${xd[i]} at element ${i} ` +
        '(for logits use binaryCrossEntropyWithLogits)');
    }
  }
  let loss = bceElementwise(input, target);
  if (opts.weight) loss = mul(loss, checkWeight(op, opts.weight, input, 'weight'));
  return applyReduction(loss, r);
}

/**
 * Binary cross entropy on logits, in the stable form max(x, 0) − x·t + log(1 + e^−|x|);
 * with posWeight p: (1−t)·x + (1 + (p−1)·t)·(log(1 + e^−|x|) + max(−x, 0)). Then × weight.
 * @example F.binaryCrossEntropyWithLogits(logits, labels, { posWeight: tensor([3]) })
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BCEWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  const r = checkReduction(op, opts.reduction);
  floatTensor(op, input, 'input');
  floatTensor(op, target, 'target');
  checkSameShape(op, input, target);
  const zero = zerosLike(input);
  // log(1 + e^−|x|) never overflows; the max() terms carry the rest of softplus. At x = 0 the
  // maximum's tie split gives slope 1/2 there, i.e. sigmoid(0), matching torch's gradient.
  const softTail = log1p(exp(neg(abs(input))));
  let loss: Tensor;
  if (opts.posWeight) {
    const pw = checkWeight(op, opts.posWeight, input, 'posWeight');
    const lw = add(mul(sub(pw, 1), target), 1);
    loss = add(mul(sub(1, target), input), mul(lw, add(softTail, maximum(neg(input), zero))));
  } else {
    loss = add(sub(maximum(input, zero), mul(input, target)), softTail);
  }
  if (opts.weight) loss = mul(loss, checkWeight(op, opts.weight, input, 'weight'));
  return applyReduction(loss, r);
}

/** Options of klDiv. */
export interface KLDivOptions {
  /** 'mean' (over all elements; default), 'batchmean' (sum / batch size), 'sum' or 'none'. */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** Whether the target is given as log-probabilities (default false: probabilities). */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence with log-probability input: t·(log t − input) (0 where t = 0),
 * or e^t·(t − input) with logTarget. 'batchmean' is the mathematically correct KL per sample.
 * @example F.klDiv(F.logSoftmax(logits, { dim: 1 }), probs, { reduction: 'batchmean' })
 */
export function klDiv(input: Tensor, target: Tensor, opts: KLDivOptions = {}): Tensor {
  const op = 'klDiv';
  const r = checkReduction(op, opts.reduction, ['mean', 'batchmean', 'sum', 'none'] as const);
  floatTensor(op, input, 'input');
  floatTensor(op, target, 'target');
  checkSameShape(op, input, target);
  let loss: Tensor;
  if (opts.logTarget) {
    loss = mul(exp(target), sub(target, input));
  } else {
    // xlogy(t, t): t·log t with 0·log 0 = 0 (the inner where keeps log away from 0)
    const pos = gt(target, 0);
    const tlogt = where(pos, mul(target, log(where(pos, target, 1))), 0);
    loss = sub(tlogt, mul(target, input));
  }
  if (r === 'batchmean') return input.ndim === 0 ? sum(loss) : div(sum(loss), input.shape[0]);
  return applyReduction(loss, r);
}
