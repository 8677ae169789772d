// Timing like torch.utils.benchmark's blocked_autorange: warm up, calibrate a block size so one
// block takes at least `minBlockMs`, then time blocks until `budgetMs` is spent (at least
// `minBlocks`), and report robust statistics of the per-call time.
import { ValueError } from '../errors.js';

export interface TimingOptions {
  /** Warm-up calls (default 2); warm-up also lasts at least `warmupMs`. */
  warmup?: number;
  /** Minimum warm-up time (default 100 ms): V8 compiles hot code in tiers over the first thousands of calls. */
  warmupMs?: number;
  minBlockMs?: number;
  minBlocks?: number;
  budgetMs?: number;
  /**
   * 'wall' (default): elapsed time, what a caller waits. 'cpu': this process's CPU time (user + system,
   * all its threads), which time slices lost to other processes do not inflate: steadier on a shared
   * machine, but it counts every thread's work, so it exceeds the wall time of multi-threaded kernels.
   */
  clock?: 'wall' | 'cpu';
}

/** Milliseconds on the chosen clock. */
function clockOf(kind: 'wall' | 'cpu' | undefined): () => number {
  if (kind === undefined || kind === 'wall') return () => performance.now();
  if (kind === 'cpu') return () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  throw new ValueError(`blockedAutorange: clock must be 'wall' or 'cpu', got ${String(kind)}`);
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
  /** The clock the samples were taken on. */
  clock: 'wall' | 'cpu';
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
export function summarize(samples: number[], callsPerBlock = 1, clock: 'wall' | 'cpu' = 'wall'): TimingStats {
  if (!samples.length) throw new ValueError('summarize: no timing samples');
  const s = [...samples].sort((a, b) => a - b);
  const medianMs = quantile(s, 0.5), iqrMs = quantile(s, 0.75) - quantile(s, 0.25);
  const relativeIqr = iqrMs / medianMs;
  return {
    samples, callsPerBlock, medianMs, iqrMs, p95Ms: quantile(s, 0.95), meanMs: s.reduce((a, b) => a + b, 0) / s.length,
    minMs: s[0], relativeIqr, noisy: relativeIqr > 0.1, clock,
  };
}

/**
 * Times `fn` (which must finish its work before returning): `warmup` calls and at least `warmupMs`, then the calls per block
 * doubled until a block takes ≥ `minBlockMs` (default 20), then blocks until `budgetMs` (default 1000)
 * is spent, at least `minBlocks` (default 7). Each sample is one block's time per call.
 * @example blockedAutorange(() => model.call(x), { budgetMs: 200 }).medianMs
 */
export function blockedAutorange(fn: () => void, o: TimingOptions = {}): TimingStats {
  const warmup = o.warmup ?? 2, warmupMs = o.warmupMs ?? 100, minBlockMs = o.minBlockMs ?? 20, minBlocks = o.minBlocks ?? 7, budgetMs = o.budgetMs ?? 1000;
  for (const [k, v] of Object.entries({ warmup, warmupMs, minBlockMs, minBlocks, budgetMs })) {
    if (!Number.isFinite(v) || v < 0 || (k === 'minBlocks' && (v < 1 || !Number.isInteger(v)))) throw new ValueError(`blockedAutorange: ${k} must be ${k === 'minBlocks' ? 'a positive integer' : 'a finite number ≥ 0'}, got ${v}`);
  }
  const now = clockOf(o.clock);
  const w0 = now();
  for (let i = 0; i < warmup || now() - w0 < warmupMs; i++) fn();
  let n = 1;
  for (;;) {
    const t = now();
    for (let i = 0; i < n; i++) fn();
    if (now() - t >= minBlockMs || n >= 1 << 20) break;
    n *= 2;
  }
  const samples: number[] = [];
  const start = now();
  while (samples.length < minBlocks || (now() - start < budgetMs && samples.length < 1000)) {
    const t = now();
    for (let i = 0; i < n; i++) fn();
    samples.push((now() - t) / n);
  }
  return summarize(samples, n, o.clock ?? 'wall');
}
