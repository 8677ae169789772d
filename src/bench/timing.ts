// Timing like torch.utils.benchmark's blocked_autorange: warm up, calibrate a block size so one
// block takes at least `minBlockMs`, then time blocks until `budgetMs` is spent (at least
// `minBlocks`), and report robust statistics of the per-call time.
import { ValueError } from '../errors.js';

export interface TimingOptions {
  warmup?: number;
  minBlockMs?: number;
  minBlocks?: number;
  budgetMs?: number;
}

export interface TimingStats {
  /** Per-call times (ms), one per block. */
  samples: number[];
  callsPerBlock: number;
  medianMs: number;
  iqrMs: number;
  p95Ms: number;
  meanMs: number;
  minMs: number;
  /** IQR / median: the run-to-run spread. */
  relativeIqr: number;
  /** relativeIqr > 10%: the figure is noisy. */
  noisy: boolean;
}

/**
 * Linear-interpolated quantile of ascending values (q in [0,1]), numpy's default: position
 * (n − 1)·q, interpolated between its neighbours. quantile([1, 2, 3, 4], 0.25) = 1.75.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Statistics of per-call times (ms): median, IQR = q75 − q25, p95, mean, min, IQR/median.
 * @example summarize([1, 2, 3, 4]).iqrMs // 3.25 − 1.75 = 1.5
 */
export function summarize(samples: number[], callsPerBlock = 1): TimingStats {
  if (!samples.length) throw new ValueError('summarize: no timing samples');
  const s = [...samples].sort((a, b) => a - b);
  const medianMs = quantile(s, 0.5), iqrMs = quantile(s, 0.75) - quantile(s, 0.25);
  const relativeIqr = iqrMs / medianMs;
  return {
    samples, callsPerBlock, medianMs, iqrMs, p95Ms: quantile(s, 0.95), meanMs: s.reduce((a, b) => a + b, 0) / s.length,
    minMs: s[0], relativeIqr, noisy: relativeIqr > 0.1,
  };
}

/**
 * Times `fn` (which must finish its work before returning): `warmup` calls, then the calls per block
 * doubled until a block takes ≥ `minBlockMs` (default 20), then blocks until `budgetMs` (default 1000)
 * is spent, at least `minBlocks` (default 7). Each sample is one block's time per call.
 * @example blockedAutorange(() => model.call(x), { budgetMs: 200 }).medianMs
 */
export function blockedAutorange(fn: () => void, o: TimingOptions = {}): TimingStats {
  const warmup = o.warmup ?? 2, minBlockMs = o.minBlockMs ?? 20, minBlocks = o.minBlocks ?? 7, budgetMs = o.budgetMs ?? 1000;
  for (const [k, v] of Object.entries({ warmup, minBlockMs, minBlocks, budgetMs })) {
    if (!Number.isFinite(v) || v < 0 || (k === 'minBlocks' && (v < 1 || !Number.isInteger(v)))) throw new ValueError(`blockedAutorange: ${k} must be ${k === 'minBlocks' ? 'a positive integer' : 'a finite number ≥ 0'}, got ${v}`);
  }
  for (let i = 0; i < warmup; i++) fn();
  let n = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    if (performance.now() - t >= minBlockMs || n >= 1 << 20) break;
    n *= 2;
  }
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minBlocks || (performance.now() - start < budgetMs && samples.length < 1000)) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    samples.push((performance.now() - t) / n);
  }
  return summarize(samples, n);
}
