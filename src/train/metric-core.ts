// Shared pieces of the metrics: label checks, class extraction, confusion-matrix counting and
// scores, regression pairs. Used by the metric functions (metrics.ts) and classes (metric-classes.ts).
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** How per-class scores are combined: sklearn's averages, or 'none' for the per-class list. */
export type Average = 'macro' | 'micro' | 'weighted' | 'none';

export interface ClassesOptions {
  /** Number of classes; default: C of the logits, else the largest label seen + 1. */
  numClasses?: number;
  /** Scores of the same shape as the target are binary: class 1 where score > threshold. */
  threshold?: number;
}

export interface PRFOptions extends ClassesOptions {
  /** Default 'macro': the unweighted mean over classes present in target or prediction. */
  average?: Average;
  /** Value of a score whose denominator is 0 (precision of a never-predicted class...); default 0. */
  zeroDivision?: number;
}

export function checkLabel(v: number, op: string, what: string): number {
  if (!Number.isInteger(v) || v < 0) throw new ValueError(`${op}: ${what} must hold non-negative integer class indices, found ${v}`);
  return v;
}

/**
 * Predicted and true classes, flattened. `pred` is either logits/probabilities [N, C, ...] for a
 * target [N, ...] (argmax over dim 1, first maximum on ties) or class indices of the target's shape.
 */
export function toClasses(pred: Tensor, target: Tensor, op: string, opts: ClassesOptions = {}): { p: Int32Array; t: Int32Array; numClasses?: number } {
  const td = target.contiguousData(), n = td.length;
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) t[i] = checkLabel(td[i], op, 'target');
  const pd = pred.contiguousData(), p = new Int32Array(n);
  if (pred.ndim === target.ndim + 1 && pred.ndim >= 1 && pred.shape[0] === (target.shape[0] ?? pred.shape[0]) &&
    fmtShape(pred.shape.slice(2)) === fmtShape(target.shape.slice(1))) {
    const C = pred.ndim === 1 ? pred.shape[0] : pred.shape[1];
    if (C === 0) throw new ShapeError(`${op}: logits ${fmtShape(pred.shape)} have no classes`);
    const R = pred.ndim >= 2 ? n / pred.shape[0] : 1;
    for (let i = 0; i < n; i++) {
      const s = Math.floor(i / R), r = i % R, base = s * C * R + r;
      let best = 0;
      for (let c = 1; c < C; c++) if (pd[base + c * R] > pd[base + best * R]) best = c;
      p[i] = best;
    }
    return { p, t, numClasses: C };
  }
  if (fmtShape(pred.shape) !== fmtShape(target.shape)) {
    throw new ShapeError(`${op}: prediction ${fmtShape(pred.shape)} does not fit target ${fmtShape(target.shape)}: expected ` +
      `logits [N,C,...] for a target [N,...] or class indices of the target's shape`);
  }
  for (let i = 0; i < n; i++) p[i] = opts.threshold !== undefined ? (pd[i] > opts.threshold ? 1 : 0) : checkLabel(pd[i], op, 'prediction');
  return { p, t, numClasses: opts.threshold !== undefined ? 2 : undefined };
}

/** Number of top-k hits in logits [N,C] for targets [N] (a class ranks after higher scores and after equal scores of lower index). */
export function topKHits(logits: Tensor, target: Tensor, k: number, op: string): { hits: number; n: number } {
  if (logits.ndim !== 2 || target.ndim !== 1 || logits.shape[0] !== target.shape[0]) {
    throw new ShapeError(`${op}: expected logits [N,C] and target [N], got ${fmtShape(logits.shape)} and ${fmtShape(target.shape)}`);
  }
  const [N, C] = logits.shape;
  if (!Number.isInteger(k) || k < 1 || k > C) throw new ValueError(`${op}: k must be an integer in [1, ${C}], got ${k}`);
  const ld = logits.contiguousData(), td = target.contiguousData();
  let hits = 0;
  for (let i = 0; i < N; i++) {
    const y = checkLabel(td[i], op, 'target');
    if (y >= C) throw new ValueError(`${op}: target ${y} is out of range for ${C} classes`);
    const s = ld[i * C + y];
    let rank = 0;
    for (let c = 0; c < C; c++) if (ld[i * C + c] > s || (ld[i * C + c] === s && c < y)) rank++;
    if (rank < k) hits++;
  }
  return { hits, n: N };
}

export function emptyMatrix(k: number): number[][] {
  return Array.from({ length: k }, () => new Array<number>(k).fill(0));
}

/** `cm` enlarged with zero rows and columns to k classes (itself when already that big). */
export function grow(cm: number[][], k: number): number[][] {
  if (k <= cm.length) return cm;
  const out = emptyMatrix(k);
  cm.forEach((row, r) => row.forEach((v, c) => { out[r][c] = v; }));
  return out;
}

/** Adds counts to `cm` (grown to fit new labels unless numClasses is fixed); returns it. */
export function addCounts(cm: number[][], p: Int32Array, t: Int32Array, fixed: number | undefined, op: string): number[][] {
  for (let i = 0; i < t.length; i++) {
    const hi = Math.max(p[i], t[i]);
    if (hi >= cm.length) {
      if (fixed !== undefined) throw new ValueError(`${op}: class ${hi} is out of range for numClasses = ${fixed}`);
      cm = grow(cm, hi + 1);
    }
    cm[t[i]][p[i]]++;
  }
  return cm;
}

export function checkNumClasses(k: number | undefined, op: string): number | undefined {
  if (k !== undefined && (!Number.isInteger(k) || k < 1)) throw new ValueError(`${op}: numClasses must be a positive integer, got ${k}`);
  return k;
}

export type Score = 'precision' | 'recall' | 'f1';

/**
 * Precision tp/(tp+fp), recall tp/(tp+fn) or F1 2tp/(2tp+fp+fn) from a confusion matrix.
 * A zero denominator gives `zeroDivision`. micro pools the counts of all classes; macro and
 * weighted (by support) average over classes present in the target or the prediction.
 */
export function scoreFromMatrix(cm: readonly (readonly number[])[], score: Score, average: Average, zeroDivision = 0): number | number[] {
  const K = cm.length;
  const tp = cm.map((row, k) => row[k]);
  const support = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = tp.map((_, k) => cm.reduce((a, row) => a + row[k], 0));
  const fp = predicted.map((v, k) => v - tp[k]), fn = support.map((v, k) => v - tp[k]);
  const ratio = (a: number, b: number): number => (b === 0 ? zeroDivision : a / b);
  const of = (tpv: number, fpv: number, fnv: number): number =>
    score === 'precision' ? ratio(tpv, tpv + fpv) : score === 'recall' ? ratio(tpv, tpv + fnv) : ratio(2 * tpv, 2 * tpv + fpv + fnv);
  const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
  if (average === 'micro') return of(sum(tp), sum(fp), sum(fn));
  const per = Array.from({ length: K }, (_, k) => of(tp[k], fp[k], fn[k]));
  if (average === 'none') return per;
  const present = per.map((_, k) => k).filter((k) => support[k] + predicted[k] > 0);
  if (present.length === 0) return zeroDivision;
  if (average === 'macro') return sum(present.map((k) => per[k])) / present.length;
  if (average === 'weighted') {
    const total = sum(support);
    return total === 0 ? zeroDivision : sum(present.map((k) => per[k] * support[k])) / total;
  }
  throw new ValueError(`${score}: average must be 'macro', 'micro', 'weighted' or 'none', got ${JSON.stringify(average)}`);
}

/** Flat values of a regression prediction and target of one shape. */
export function pairs(pred: Tensor, target: Tensor, op: string): { p: ArrayLike<number>; t: ArrayLike<number> } {
  if (fmtShape(pred.shape) !== fmtShape(target.shape)) {
    throw new ShapeError(`${op}: prediction ${fmtShape(pred.shape)} and target ${fmtShape(target.shape)} must have the same shape`);
  }
  if (pred.numel() === 0) throw new ValueError(`${op}: empty input`);
  return { p: pred.contiguousData(), t: target.contiguousData() };
}

export function notEmpty(n: number, name: string): void {
  if (n === 0) throw new ValueError(`${name}.compute: no samples yet (call update() first)`);
}
