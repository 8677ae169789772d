// The seed's custom losses (not in torch): focalLoss, sigmoidFocalLoss (torchvision's),
// diceLoss and contrastiveLoss, with the formulas of test/fixtures/README.md §4.
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { add, div, exp, mean, mul, neg, pairwiseDistance, pow, relu, sigmoid, square, sub, sum } from '../../ops/index.js';
import { sameShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { binaryCrossEntropyWithLogits } from './binary.js';
import { applyReduction, checkReduction, checkSameShape, floatTensor, numberOpt, type ReductionOptions } from './util.js';

/** Options of the focal losses. */
export interface FocalOptions extends ReductionOptions {
  /** Balancing factor (default 0.25); sigmoidFocalLoss skips it when negative. */
  alpha?: number;
  /** Focusing exponent γ ≥ 0 (default 2). */
  gamma?: number;
}

function focalArgs(op: string, logits: Tensor, targets: Tensor, opts: FocalOptions) {
  const reduction = checkReduction(op, opts.reduction);
  const alpha = numberOpt(op, 'alpha', opts.alpha, 0.25);
  const gamma = numberOpt(op, 'gamma', opts.gamma, 2);
  if (gamma < 0) throw new ValueError(`${op}: gamma must be non-negative, got ${gamma}`);
  floatTensor(op, logits, 'input');
  floatTensor(op, targets, 'target');
  checkSameShape(op, logits, targets);
  return { reduction, alpha, gamma };
}

/**
 * Focal loss (the seed's form): bce = BCEWithLogits(x, t), pt = e^−bce,
 * loss = alpha·(1 − pt)^gamma·bce (alpha on every element), then the reduction.
 * @example focalLoss(logits, labels, { alpha: 0.25, gamma: 2 })
 */
export function focalLoss(logits: Tensor, targets: Tensor, opts: FocalOptions = {}): Tensor {
  const { reduction, alpha, gamma } = focalArgs('focalLoss', logits, targets, opts);
  const bce = binaryCrossEntropyWithLogits(logits, targets, { reduction: 'none' });
  const pt = exp(neg(bce));
  return applyReduction(mul(mul(pow(sub(1, pt), gamma), bce), alpha), reduction);
}

/**
 * torchvision's sigmoid_focal_loss: p = σ(x), ce = BCEWithLogits(x, t), p_t = p·t + (1−p)(1−t),
 * loss = ce·(1 − p_t)^gamma, times alpha·t + (1−alpha)(1−t) when alpha ≥ 0; then the reduction.
 * @example sigmoidFocalLoss(logits, labels, { alpha: -1 }) // no alpha weighting
 */
export function sigmoidFocalLoss(logits: Tensor, targets: Tensor, opts: FocalOptions = {}): Tensor {
  const { reduction, alpha, gamma } = focalArgs('sigmoidFocalLoss', logits, targets, opts);
  const p = sigmoid(logits);
  const ce = binaryCrossEntropyWithLogits(logits, targets, { reduction: 'none' });
  const pT = add(mul(p, targets), mul(sub(1, p), sub(1, targets)));
  let loss = mul(ce, pow(sub(1, pT), gamma));
  if (alpha >= 0) loss = mul(loss, add(mul(targets, alpha), mul(sub(1, targets), 1 - alpha)));
  return applyReduction(loss, reduction);
}

/** Options of diceLoss. */
export interface DiceOptions {
  /** Added to numerator and denominator to avoid 0/0 (default 1e-6). */
  smooth?: number;
}

/**
 * Dice loss on logits: p = σ(x), 1 − (2·Σ p·t + smooth) / (Σ p + Σ t + smooth), sums over all
 * elements. Returns a scalar.
 * @example diceLoss(maskLogits, mask, { smooth: 1 })
 */
export function diceLoss(logits: Tensor, targets: Tensor, opts: DiceOptions = {}): Tensor {
  const op = 'diceLoss';
  const smooth = numberOpt(op, 'smooth', opts.smooth, 1e-6);
  floatTensor(op, logits, 'input');
  floatTensor(op, targets, 'target');
  checkSameShape(op, logits, targets);
  const p = sigmoid(logits);
  const inter = sum(mul(p, targets));
  const union = add(sum(p), sum(targets));
  return sub(1, div(add(mul(inter, 2), smooth), add(union, smooth)));
}

/** Options of contrastiveLoss. */
export interface ContrastiveOptions {
  /** Distance beyond which dissimilar pairs cost nothing (default 1). */
  margin?: number;
}

/**
 * Contrastive loss: d = ‖e1 − e2 + 1e-6‖₂ per pair,
 * mean(label·d² + (1 − label)·max(margin − d, 0)²); label 1 = similar, 0 = dissimilar.
 * Shapes: e1, e2 [N, D], label [N].
 * @example contrastiveLoss(a, b, same, { margin: 2 })
 */
export function contrastiveLoss(e1: Tensor, e2: Tensor, label: Tensor, opts: ContrastiveOptions = {}): Tensor {
  const op = 'contrastiveLoss';
  const margin = numberOpt(op, 'margin', opts.margin, 1);
  floatTensor(op, e1, 'embedding1');
  floatTensor(op, e2, 'embedding2');
  floatTensor(op, label, 'label');
  checkSameShape(op, e1, e2, ['embedding1', 'embedding2']);
  if (e1.ndim < 1 || !sameShape(label.shape, e1.shape.slice(0, -1))) {
    throw new ShapeError(`${op}: embeddings of shape ${fmtShape(e1.shape)} need a label of shape ${fmtShape(e1.shape.slice(0, -1))}, ` +
      `got ${fmtShape(label.shape)}`);
  }
  const d = pairwiseDistance(e1, e2, { p: 2, eps: 1e-6 });
  const similar = mul(label, square(d));
  const dissimilar = mul(sub(1, label), square(relu(sub(margin, d))));
  return mean(add(similar, dissimilar));
}
