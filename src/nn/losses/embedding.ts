// Ranking and embedding losses: cosineEmbeddingLoss, marginRankingLoss, hingeEmbeddingLoss and
// tripletMarginLoss, written as torch writes them (clampMin, where, pairwiseDistance).
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { add, div, eq, minimum, mul, sub, where } from '../../ops/binary.js';
import { sqrt } from '../../ops/unary.js';
import { sum } from '../../ops/reduce-core.js';
import { clampMin } from '../../ops/activation.js';
import { pairwiseDistance } from '../../ops/distance.js';
import { sameShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import {
  applyReduction, checkReduction, checkSameShape, checkSignLabels, floatTensor, numberOpt, type ReductionOptions,
} from './util.js';

/** Options of the margin losses: `margin` plus the reduction. */
export interface MarginOptions extends ReductionOptions { margin?: number }

/** The checks two-input losses with a ±1 target share: reduction, margin, float inputs, x1 ~ x2. */
function pairLossArgs(op: string, x1: Tensor, x2: Tensor, y: Tensor, opts: MarginOptions) {
  const r = checkReduction(op, opts.reduction);
  const margin = numberOpt(op, 'margin', opts.margin, 0);
  floatTensor(op, x1, 'input1');
  floatTensor(op, x2, 'input2');
  floatTensor(op, y, 'target');
  checkSameShape(op, x1, x2, ['input1', 'input2']);
  return { r, margin };
}

/**
 * Cosine embedding loss with labels y ∈ {1, −1}: 1 − cos(x1, x2) for y = 1,
 * max(0, cos(x1, x2) − margin) for y = −1 (cos with 1e-12 added to each squared norm, as torch).
 * Shapes: x1, x2 [N, D] with y [N], or [D] with y [].
 * @example F.cosineEmbeddingLoss(a, b, y, { margin: 0.2 })
 */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, y: Tensor, opts: MarginOptions = {}): Tensor {
  const op = 'cosineEmbeddingLoss';
  const { r, margin } = pairLossArgs(op, x1, x2, y, opts);
  if (x1.ndim < 1 || x1.ndim > 2 || !sameShape(y.shape, x1.shape.slice(0, -1))) {
    throw new ShapeError(`${op}: inputs of shape ${fmtShape(x1.shape)} need a target of shape ${fmtShape(x1.shape.slice(0, -1))} ` +
      `(inputs [N, D] or [D]), got ${fmtShape(y.shape)}`);
  }
  checkSignLabels(op, y);
  const dim = x1.ndim - 1;
  const prod = sum(mul(x1, x2), { dim });
  const mag1 = add(sum(mul(x1, x1), { dim }), 1e-12);
  const mag2 = add(sum(mul(x2, x2), { dim }), 1e-12);
  const cos = div(prod, sqrt(mul(mag1, mag2)));
  const positive = eq(y, 1);
  const loss = where(positive, sub(1, cos), clampMin(sub(cos, margin), 0));
  return applyReduction(loss, r);
}

/**
 * Margin ranking loss: max(0, −y·(x1 − x2) + margin), y ∈ {1, −1} saying which input should rank
 * higher. Shapes: x1, x2, y identical.
 * @example F.marginRankingLoss(s1, s2, y, { margin: 0.5 })
 */
export function marginRankingLoss(x1: Tensor, x2: Tensor, y: Tensor, opts: MarginOptions = {}): Tensor {
  const op = 'marginRankingLoss';
  const { r, margin } = pairLossArgs(op, x1, x2, y, opts);
  checkSameShape(op, x1, y, ['input1', 'target']);
  checkSignLabels(op, y);
  return applyReduction(clampMin(add(mul(mul(y, -1), sub(x1, x2)), margin), 0), r);
}

/**
 * Hinge embedding loss with labels y ∈ {1, −1}: x where y = 1, max(0, margin − x) where y = −1.
 * Shapes: input and y identical.
 * @example F.hingeEmbeddingLoss(dist, y, { margin: 1 })
 */
export function hingeEmbeddingLoss(input: Tensor, y: Tensor, opts: MarginOptions = {}): Tensor {
  const op = 'hingeEmbeddingLoss';
  const r = checkReduction(op, opts.reduction);
  const margin = numberOpt(op, 'margin', opts.margin, 1);
  floatTensor(op, input, 'input');
  floatTensor(op, y, 'target');
  checkSameShape(op, input, y);
  checkSignLabels(op, y);
  const loss = where(eq(y, 1), input, clampMin(sub(margin, input), 0));
  return applyReduction(loss, r);
}

/** Options of tripletMarginLoss. */
export interface TripletMarginOptions extends MarginOptions {
  /** Norm degree of the pairwise distance (default 2). */
  p?: number;
  /** Added to the difference before the norm (default 1e-6). */
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (default false). */
  swap?: boolean;
}

/**
 * Triplet margin loss: max(0, margin + d(a, p) − d(a, n)) with d = ‖x1 − x2 + eps‖_p;
 * with swap, d(a, n) is replaced by min(d(a, n), d(p, n)). Shapes: all [N, D] (or [D]).
 * @example F.tripletMarginLoss(anchor, positive, negative, { margin: 1 })
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: TripletMarginOptions = {}): Tensor {
  const op = 'tripletMarginLoss';
  const r = checkReduction(op, opts.reduction);
  const margin = numberOpt(op, 'margin', opts.margin, 1);
  const p = numberOpt(op, 'p', opts.p, 2);
  const eps = numberOpt(op, 'eps', opts.eps, 1e-6);
  if (!(p > 0)) throw new ValueError(`${op}: p must be positive, got ${p}`);
  floatTensor(op, anchor, 'anchor');
  floatTensor(op, positive, 'positive');
  floatTensor(op, negative, 'negative');
  checkSameShape(op, anchor, positive, ['anchor', 'positive']);
  checkSameShape(op, anchor, negative, ['anchor', 'negative']);
  const dPos = pairwiseDistance(anchor, positive, { p, eps });
  let dNeg = pairwiseDistance(anchor, negative, { p, eps });
  if (opts.swap) dNeg = minimum(dNeg, pairwiseDistance(positive, negative, { p, eps }));
  return applyReduction(clampMin(sub(add(dPos, margin), dNeg), 0), r);
}
