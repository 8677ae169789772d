// Metrics: classification (accuracy, top-k, precision/recall/F1, confusion matrix) and regression
// (MAE, MSE, RMSE, R²) as plain functions, and as accumulating Metric classes exact over an epoch.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Metric } from './types.js';

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

function checkLabel(v: number, op: string, what: string): number {
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

/** Number of top-k hits in logits [N,C] for targets [N] (a class ranks after higher scores and after equal scores of lower index). */
function topKHits(logits: Tensor, target: Tensor, k: number, op: string): { hits: number; n: number } {
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

/** Fraction of samples whose target is among the k highest logits. */
export function topKAccuracy(logits: Tensor, target: Tensor, k: number): number {
  const { hits, n } = topKHits(logits, target, k, 'topKAccuracy');
  if (n === 0) throw new ValueError('topKAccuracy: empty input');
  return hits / n;
}

function emptyMatrix(k: number): number[][] {
  return Array.from({ length: k }, () => new Array<number>(k).fill(0));
}

/** `cm` enlarged with zero rows and columns to k classes (itself when already that big). */
function grow(cm: number[][], k: number): number[][] {
  if (k <= cm.length) return cm;
  const out = emptyMatrix(k);
  cm.forEach((row, r) => row.forEach((v, c) => { out[r][c] = v; }));
  return out;
}

/** Adds counts to `cm` (grown to fit new labels unless numClasses is fixed); returns it. */
function addCounts(cm: number[][], p: Int32Array, t: Int32Array, fixed: number | undefined, op: string): number[][] {
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

function checkNumClasses(k: number | undefined, op: string): number | undefined {
  if (k !== undefined && (!Number.isInteger(k) || k < 1)) throw new ValueError(`${op}: numClasses must be a positive integer, got ${k}`);
  return k;
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

type Score = 'precision' | 'recall' | 'f1';

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

/** Flat values of a regression prediction and target of one shape. */
function pairs(pred: Tensor, target: Tensor, op: string): { p: ArrayLike<number>; t: ArrayLike<number> } {
  if (fmtShape(pred.shape) !== fmtShape(target.shape)) {
    throw new ShapeError(`${op}: prediction ${fmtShape(pred.shape)} and target ${fmtShape(target.shape)} must have the same shape`);
  }
  if (pred.numel() === 0) throw new ValueError(`${op}: empty input`);
  return { p: pred.contiguousData(), t: target.contiguousData() };
}

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

// ---- Accumulating metrics: counts and sums over every update, so compute() is exact for the epoch.

function notEmpty(n: number, name: string): void {
  if (n === 0) throw new ValueError(`${name}.compute: no samples yet (call update() first)`);
}

/** Accuracy accumulated over batches: total correct / total samples. */
export class Accuracy implements Metric {
  private correct = 0;
  private total = 0;
  constructor(readonly opts: { threshold?: number } = {}) {}
  update(output: Tensor, target: Tensor): void {
    const { p, t } = toClasses(output, target, 'Accuracy.update', this.opts);
    for (let i = 0; i < t.length; i++) if (p[i] === t[i]) this.correct++;
    this.total += t.length;
  }
  compute(): number { notEmpty(this.total, 'Accuracy'); return this.correct / this.total; }
  reset(): void { this.correct = 0; this.total = 0; }
}

/** Top-k accuracy accumulated over batches of logits [N,C]. */
export class TopKAccuracy implements Metric {
  private hits = 0;
  private total = 0;
  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`TopKAccuracy: k must be a positive integer, got ${k}`);
  }
  update(output: Tensor, target: Tensor): void {
    const { hits, n } = topKHits(output, target, this.k, 'TopKAccuracy.update');
    this.hits += hits;
    this.total += n;
  }
  compute(): number { notEmpty(this.total, 'TopKAccuracy'); return this.hits / this.total; }
  reset(): void { this.hits = 0; this.total = 0; }
}

/** A confusion matrix summed over batches; `compute()` returns a copy of the counts. */
export class ConfusionMatrix {
  private cm: number[][];
  private readonly fixed?: number;
  constructor(readonly opts: ClassesOptions = {}) {
    this.fixed = checkNumClasses(opts.numClasses, new.target.name);
    this.cm = emptyMatrix(this.fixed ?? 0);
  }
  update(output: Tensor, target: Tensor): void {
    const op = `${this.constructor.name}.update`;
    const { p, t, numClasses } = toClasses(output, target, op, this.opts);
    if (this.fixed === undefined && numClasses !== undefined) this.cm = grow(this.cm, numClasses);
    this.cm = addCounts(this.cm, p, t, this.fixed, op);
  }
  compute(): number[][] { return this.cm.map((r) => [...r]); }
  reset(): void { this.cm = emptyMatrix(this.fixed ?? 0); }
  /** Samples counted so far. */
  total(): number { return this.cm.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0); }
}

abstract class PRFMetric implements Metric {
  protected abstract readonly score: Score;
  private readonly counts: ConfusionMatrix;
  constructor(readonly opts: PRFOptions = {}) {
    if (opts.average === 'none') throw new ValueError(`${new.target.name}: use computePerClass() for per-class scores; average must be macro, micro or weighted`);
    this.counts = new ConfusionMatrix(opts);
  }
  update(output: Tensor, target: Tensor): void { this.counts.update(output, target); }
  /** The averaged score over everything seen since the last reset. */
  compute(): number {
    notEmpty(this.counts.total(), this.constructor.name);
    return scoreFromMatrix(this.counts.compute(), this.score, this.opts.average ?? 'macro', this.opts.zeroDivision ?? 0) as number;
  }
  /** One score per class. */
  computePerClass(): number[] {
    notEmpty(this.counts.total(), this.constructor.name);
    return scoreFromMatrix(this.counts.compute(), this.score, 'none', this.opts.zeroDivision ?? 0) as number[];
  }
  /** The accumulated confusion matrix. */
  matrix(): number[][] { return this.counts.compute(); }
  reset(): void { this.counts.reset(); }
}

/** Precision accumulated over batches (from the summed confusion matrix). */
export class Precision extends PRFMetric { protected readonly score = 'precision' as const; }
/** Recall accumulated over batches (from the summed confusion matrix). */
export class Recall extends PRFMetric { protected readonly score = 'recall' as const; }
/** F1 accumulated over batches (from the summed confusion matrix). */
export class F1Score extends PRFMetric { protected readonly score = 'f1' as const; }

/** Mean absolute error over every element seen. */
export class MeanAbsoluteError implements Metric {
  protected sum = 0;
  protected n = 0;
  update(output: Tensor, target: Tensor): void {
    const { p, t } = pairs(output, target, `${this.constructor.name}.update`);
    for (let i = 0; i < p.length; i++) this.sum += this.err(p[i] - t[i]);
    this.n += p.length;
  }
  protected err(d: number): number { return Math.abs(d); }
  compute(): number { notEmpty(this.n, this.constructor.name); return this.sum / this.n; }
  reset(): void { this.sum = 0; this.n = 0; }
}

/** Mean squared error over every element seen. */
export class MeanSquaredError extends MeanAbsoluteError {
  protected override err(d: number): number { return d * d; }
}

/** √(mean squared error over every element seen) — not a mean of per-batch RMSEs. */
export class RootMeanSquaredError extends MeanSquaredError {
  override compute(): number { return Math.sqrt(super.compute()); }
}

/**
 * R² over every sample seen, per output column, uniformly averaged. Column means and Σ(y − ȳ)²
 * are merged across batches with Chan's parallel update, so the result equals one pass over all data.
 */
export class R2Score implements Metric {
  private n = 0;
  private mean: number[] = [];
  private m2: number[] = [];
  private ssRes: number[] = [];
  update(output: Tensor, target: Tensor): void {
    const { p, t } = pairs(output, target, 'R2Score.update');
    const rows = target.ndim === 0 ? 1 : target.shape[0], cols = p.length / rows;
    if (this.n > 0 && cols !== this.mean.length) throw new ShapeError(`R2Score.update: ${cols} output columns after ${this.mean.length} before`);
    if (this.n === 0) { this.mean = new Array(cols).fill(0); this.m2 = new Array(cols).fill(0); this.ssRes = new Array(cols).fill(0); }
    for (let c = 0; c < cols; c++) {
      let bm = 0;
      for (let r = 0; r < rows; r++) bm += t[r * cols + c];
      bm /= rows;
      let bm2 = 0, res = 0;
      for (let r = 0; r < rows; r++) { bm2 += (t[r * cols + c] - bm) ** 2; res += (t[r * cols + c] - p[r * cols + c]) ** 2; }
      const n = this.n + rows, delta = bm - this.mean[c];
      this.m2[c] += bm2 + (delta * delta * this.n * rows) / n;
      this.mean[c] += (delta * rows) / n;
      this.ssRes[c] += res;
    }
    this.n += rows;
  }
  compute(): number {
    if (this.n < 2) throw new ValueError(`R2Score.compute: R² needs at least 2 samples, got ${this.n}`);
    const per = this.m2.map((tot, c) => (tot === 0 ? (this.ssRes[c] === 0 ? 1 : 0) : 1 - this.ssRes[c] / tot));
    return per.reduce((a, b) => a + b, 0) / per.length;
  }
  reset(): void { this.n = 0; this.mean = []; this.m2 = []; this.ssRes = []; }
}

