// Regression losses: mseLoss, l1Loss, smoothL1Loss and huberLoss (torch.nn.functional's), composed
// from elementwise ops so their gradients come from the ops' own backward.
import { ValueError } from '../../errors.js';
import { abs, square } from '../../ops/unary.js';
import { lt, mul, sub, where } from '../../ops/binary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { applyReduction, checkReduction, checkSameShape, floatTensor, numberOpt, type ReductionOptions } from './util.js';

function diff(op: string, input: Tensor, target: Tensor): Tensor {
  floatTensor(op, input, 'input');
  floatTensor(op, target, 'target');
  checkSameShape(op, input, target);
  return sub(input, target);
}

/**
 * Mean squared error: (input − target)², reduced.
 * Shapes: input and target identical; 'none' keeps that shape, else a scalar.
 * @example F.mseLoss(pred, y) // mean of squared errors
 */
export function mseLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const r = checkReduction('mseLoss', opts.reduction);
  return applyReduction(square(diff('mseLoss', input, target)), r);
}

/**
 * Mean absolute error: |input − target|, reduced (the gradient at 0 is 0, as in torch).
 * @example F.l1Loss(pred, y, { reduction: 'sum' })
 */
export function l1Loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const r = checkReduction('l1Loss', opts.reduction);
  return applyReduction(abs(diff('l1Loss', input, target)), r);
}

/** Options of smoothL1Loss: `beta` (default 1) is where the quadratic part turns linear. */
export interface SmoothL1Options extends ReductionOptions { beta?: number }

/**
 * Smooth L1: 0.5·d²/beta where |d| < beta, else |d| − 0.5·beta (d = input − target);
 * beta = 0 is the L1 loss.
 * @example F.smoothL1Loss(pred, y, { beta: 0.5 })
 */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: SmoothL1Options = {}): Tensor {
  const op = 'smoothL1Loss';
  const r = checkReduction(op, opts.reduction);
  const beta = numberOpt(op, 'beta', opts.beta, 1);
  if (beta < 0) throw new ValueError(`${op}: beta must be non-negative, got ${beta}`);
  const d = diff(op, input, target);
  const a = abs(d);
  if (beta === 0) return applyReduction(a, r);
  // at |d| = beta both pieces have slope sign(d), so the choice of branch there is immaterial
  const loss = where(lt(a, beta), mul(square(d), 0.5 / beta), sub(a, 0.5 * beta));
  return applyReduction(loss, r);
}

/** Options of huberLoss: `delta` (default 1) is where the quadratic part turns linear. */
export interface HuberOptions extends ReductionOptions { delta?: number }

/**
 * Huber loss: 0.5·d² where |d| < delta, else delta·(|d| − 0.5·delta) (d = input − target).
 * Equals delta·smoothL1Loss with beta = delta.
 * @example F.huberLoss(pred, y, { delta: 0.5 })
 */
export function huberLoss(input: Tensor, target: Tensor, opts: HuberOptions = {}): Tensor {
  const op = 'huberLoss';
  const r = checkReduction(op, opts.reduction);
  const delta = numberOpt(op, 'delta', opts.delta, 1);
  if (!(delta > 0)) throw new ValueError(`${op}: delta must be positive, got ${delta}`);
  const d = diff(op, input, target);
  const a = abs(d);
  const loss = where(lt(a, delta), mul(square(d), 0.5), mul(sub(a, 0.5 * delta), delta));
  return applyReduction(loss, r);
}
