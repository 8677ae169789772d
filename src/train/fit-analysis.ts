// Over-/under-fitting verdicts from train/validation loss curves. Unlike the seed's
// analyze_overfitting (which calls train − val > 0.1 over-fitting: the sign is reversed), the gap
// here is validation − training: a model over-fits when validation loss exceeds training loss by a
// growing margin, or rises while training loss still falls.

export type FitVerdict = 'overfitting' | 'underfitting' | 'good' | 'insufficient-data';

export interface FitThresholds {
  /** Epochs at the end of the curves to analyse (the seed used 10). */
  window?: number;
  /** Relative gap (val − train) / |train| above which the gap counts as large. Default 0.1. */
  gapRatio?: number;
  /** Absolute gap val − train above which the gap counts as large (the seed's 0.1). Default 0.1. */
  gapAbs?: number;
  /** Relative rise of validation loss above its best that counts as rising. Default 0.05. */
  valRise?: number;
  /**
   * Training "did not learn" when the loss fell by less than (1 − underfitRatio) of |initial|
   * (for positive losses: final/initial ≥ underfitRatio). Default 0.8.
   */
  underfitRatio?: number;
  /** Optional absolute level: a final training loss above it is high (e.g. ln K for chance). */
  highLoss?: number;
}

export interface FitAnalysis {
  verdict: FitVerdict;
  /** Human-readable reasons, one per rule that fired. */
  reasons: string[];
  metrics: {
    epochs: number;
    /** Mean of (val − train) over the window: positive means validation is worse. */
    gap: number;
    /** Least-squares slope of (val − train) per epoch over the window. */
    gapSlope: number;
    /** Relative slopes (per epoch, divided by the window mean) of the two curves. */
    trainSlope: number;
    valSlope: number;
    bestValEpoch: number;
    bestVal: number;
    finalTrain: number;
    finalVal: number;
    /** finalTrain / initialTrain. */
    trainRatio: number;
    /** (initialTrain − finalTrain) / |initialTrain|: the relative fall, sign-safe for negative losses. */
    trainImprovement: number;
  };
}

/** Least-squares slope of ys against 0..n-1. */
export function slope(ys: readonly number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  ys.forEach((y, i) => { num += (i - mx) * (y - my); den += (i - mx) ** 2; });
  return num / den;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Analyses per-epoch training and validation losses.
 * Over-fitting: validation loss has risen above its best by `valRise` while training loss keeps
 * falling, or the gap val − train is large (gapAbs and gapRatio) and growing.
 * Under-fitting: training loss barely fell (final/initial ≥ underfitRatio) or stays above highLoss.
 * @example analyzeFit([1, .5, .3, .2], [1.1, .6, .5, .7]).verdict // 'overfitting'
 */
export function analyzeFit(trainLoss: readonly number[], valLoss: readonly number[], t: FitThresholds = {}): FitAnalysis {
  const window = t.window ?? 10, gapRatio = t.gapRatio ?? 0.1, gapAbs = t.gapAbs ?? 0.1;
  const valRise = t.valRise ?? 0.05, underfitRatio = t.underfitRatio ?? 0.8;
  const n = Math.min(trainLoss.length, valLoss.length);
  const tr = trainLoss.slice(0, n), va = valLoss.slice(0, n);
  const w = Math.min(window, n);
  const trW = tr.slice(n - w), vaW = va.slice(n - w);
  const gaps = vaW.map((v, i) => v - trW[i]);
  let bestValEpoch = 0;
  va.forEach((v, i) => { if (v < va[bestValEpoch]) bestValEpoch = i; });
  const metrics = {
    epochs: n,
    gap: n ? mean(gaps) : NaN,
    gapSlope: slope(gaps),
    trainSlope: n ? slope(trW) / Math.max(Math.abs(mean(trW)), 1e-12) : NaN,
    valSlope: n ? slope(vaW) / Math.max(Math.abs(mean(vaW)), 1e-12) : NaN,
    bestValEpoch,
    bestVal: n ? va[bestValEpoch] : NaN,
    finalTrain: n ? tr[n - 1] : NaN,
    finalVal: n ? va[n - 1] : NaN,
    trainRatio: n ? tr[n - 1] / tr[0] : NaN,
    trainImprovement: n ? (tr[0] - tr[n - 1]) / Math.abs(tr[0]) : NaN,
  };
  if (n < 3 || [...tr, ...va].some((v) => !Number.isFinite(v))) {
    const why = n < 3 ? `need at least 3 epochs of both curves, got ${n}` : 'the curves contain NaN or Inf';
    return { verdict: 'insufficient-data', reasons: [why], metrics };
  }
  const reasons: string[] = [];
  // over-fitting rule 1: validation rose from its best while training still falls
  const rose = metrics.finalVal > metrics.bestVal * (1 + valRise) && bestValEpoch < n - 1;
  if (rose && metrics.trainSlope < 0) {
    reasons.push(`validation loss rose from ${fmt(metrics.bestVal)} (epoch ${bestValEpoch + 1}) to ${fmt(metrics.finalVal)} while training loss kept falling`);
  }
  // over-fitting rule 2: a large generalisation gap that is still growing
  const large = metrics.gap > gapAbs && metrics.gap > gapRatio * Math.abs(mean(trW));
  if (large && metrics.gapSlope > 0) {
    reasons.push(`validation loss exceeds training loss by ${fmt(metrics.gap)} on average over the last ${w} epochs, and the gap grows by ${fmt(metrics.gapSlope)} per epoch`);
  }
  if (reasons.length) return { verdict: 'overfitting', reasons, metrics };
  if (metrics.trainImprovement <= 1 - underfitRatio) {
    reasons.push(`training loss only fell by ${(metrics.trainImprovement * 100).toFixed(1)}% of its initial value (${fmt(tr[0])} → ${fmt(metrics.finalTrain)})`);
  }
  if (t.highLoss !== undefined && metrics.finalTrain > t.highLoss) {
    reasons.push(`final training loss ${fmt(metrics.finalTrain)} is above the high-loss level ${fmt(t.highLoss)}`);
  }
  if (reasons.length) return { verdict: 'underfitting', reasons, metrics };
  return {
    verdict: 'good',
    reasons: [`training loss fell by ${(metrics.trainImprovement * 100).toFixed(1)}% of its initial value and the validation gap is ${fmt(metrics.gap)} (not large and growing)`],
    metrics,
  };
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3);
}
