// Metrics: classification (accuracy, top-k, precision/recall/F1, confusion matrix) and regression
// (MAE, MSE, RMSE, R²) as plain functions; the accumulating classes are in metric-classes.ts.
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { addCounts, checkNumClasses, emptyMatrix, pairs, scoreFromMatrix, toClasses, topKHits,
  type ClassesOptions, type PRFOptions, type Score } from './metric-core.js';
import { R2Score } from './metric-classes.js';

export { scoreFromMatrix, toClasses, type Average, type ClassesOptions, type PRFOptions } from './metric-core.js';
export * from './metric-classes.js';

/**
 * Fraction of samples whose predicted class equals the target.
 * @example accuracy(logits, labels) // logits [N,C], labels [N]
 */
export function accuracy(pred: Tensor, target: Tensor, opts: { threshold?: number } = {}): number {
  const { p, t } = toClasses(pred, target, 'accuracy', opts);
  if (t.length === 0) throw new ValueError('accuracy: empty input');
  let ok = 0;
  for (let i = 0; i < t.length; i++) if (p[i] === t[i]) ok++;
  return ok / t.length;
}

/** Fraction of samples whose target is among the k highest logits. */
export function topKAccuracy(logits: Tensor, target: Tensor, k: number): number {
  const { hits, n } = topKHits(logits, target, k, 'topKAccuracy');
  if (n === 0) throw new ValueError('topKAccuracy: empty input');
  return hits / n;
}

/**
 * Confusion matrix: entry [i][j] counts samples of true class i predicted as class j (sklearn's layout).
 * @example confusionMatrix(tensor([0, 1, 1]), tensor([0, 1, 0])) // [[1, 1], [0, 1]]
 */
export function confusionMatrix(pred: Tensor, target: Tensor, opts: ClassesOptions = {}): number[][] {
  const op = 'confusionMatrix';
  const { p, t, numClasses } = toClasses(pred, target, op, opts);
  const fixed = checkNumClasses(opts.numClasses, op);
  return addCounts(emptyMatrix(fixed ?? numClasses ?? 0), p, t, fixed, op);
}

function prf(score: Score, pred: Tensor, target: Tensor, opts: PRFOptions): number | number[] {
  const cm = confusionMatrix(pred, target, opts);
  if (cm.length === 0 || cm.every((r) => r.every((v) => v === 0))) throw new ValueError(`${score}: empty input`);
  return scoreFromMatrix(cm, score, opts.average ?? 'macro', opts.zeroDivision ?? 0);
}

/** Precision (macro by default); per class with `average: 'none'`. */
export function precision(pred: Tensor, target: Tensor, opts: PRFOptions & { average: 'none' }): number[];

export function precision(pred: Tensor, target: Tensor, opts?: PRFOptions): number;

export function precision(pred: Tensor, target: Tensor, opts: PRFOptions = {}): number | number[] { return prf('precision', pred, target, opts); }

/** Recall (macro by default); per class with `average: 'none'`. */
export function recall(pred: Tensor, target: Tensor, opts: PRFOptions & { average: 'none' }): number[];

export function recall(pred: Tensor, target: Tensor, opts?: PRFOptions): number;

export function recall(pred: Tensor, target: Tensor, opts: PRFOptions = {}): number | number[] { return prf('recall', pred, target, opts); }

/** F1 = 2tp/(2tp+fp+fn) (macro by default); per class with `average: 'none'`. */
export function f1Score(pred: Tensor, target: Tensor, opts: PRFOptions & { average: 'none' }): number[];

export function f1Score(pred: Tensor, target: Tensor, opts?: PRFOptions): number;

export function f1Score(pred: Tensor, target: Tensor, opts: PRFOptions = {}): number | number[] { return prf('f1', pred, target, opts); }

/** Mean absolute error mean(|pred − target|). */
export function mae(pred: Tensor, target: Tensor): number {
  const { p, t } = pairs(pred, target, 'mae');
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i] - t[i]);
  return s / p.length;
}

/** Mean squared error mean((pred − target)²). */
export function mse(pred: Tensor, target: Tensor): number {
  const { p, t } = pairs(pred, target, 'mse');
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - t[i]) ** 2;
  return s / p.length;
}

/** Root mean squared error √mse. */
export function rmse(pred: Tensor, target: Tensor): number {
  return Math.sqrt(mse(pred, target));
}

/**
 * R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², per output column of [N, ...] (averaged uniformly over columns
 * as sklearn's default). A constant target column scores 1 if predicted exactly, else 0.
 */
export function r2(pred: Tensor, target: Tensor): number {
  const m = new R2Score();
  m.update(pred, target);
  return m.compute();
}
