// Accumulating metrics (the Metric interface of train/types.ts): counts and sums over every
// update, so compute() is exact for the epoch rather than a mean of batch means.
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Metric } from './types.js';
import { addCounts, checkNumClasses, emptyMatrix, grow, notEmpty, pairs, scoreFromMatrix, toClasses, topKHits,
  type ClassesOptions, type PRFOptions, type Score } from './metric-core.js';

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
