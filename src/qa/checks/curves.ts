// Loss-curve analysis (the seed's "no abnormal fluctuation"): spikes, oscillation and plateaus
// with the steps where they happen, and the convergence speed per epoch. Pure functions.

export interface CurveThresholds {
  /** A step whose loss exceeds the running median m of the previous `window` by (factor − 1)·|m| (factor × m for a positive loss) is a spike. */
  spikeFactor?: number;
  window?: number;
  /** Fraction of sign changes of successive differences above which the curve oscillates. */
  oscillation?: number;
  /** Relative improvement over `window` steps below which a stretch is a plateau. */
  plateau?: number;
}

export interface CurveAnalysis {
  spikes: number[];
  oscillationRate: number;
  oscillating: boolean;
  /** [start, end] step ranges (1-based, inclusive) without meaningful improvement. */
  plateaus: [number, number][];
  /** Relative loss decrease per epoch: (L[e-1] − L[e]) / L[e-1]. */
  speedPerEpoch: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Analyses a per-step loss curve and (optionally) its per-epoch means. */
export function analyzeCurve(steps: readonly number[], epochs: readonly number[] = [], t: CurveThresholds = {}): CurveAnalysis {
  const spikeFactor = t.spikeFactor ?? 2, w = t.window ?? 10, osc = t.oscillation ?? 0.7, plat = t.plateau ?? 1e-3;
  const spikes: number[] = [];
  for (let i = w; i < steps.length; i++) {
    const med = median(steps.slice(i - w, i) as number[]);
    // a rise of (factor − 1)·|median| above the median: factor× the median for a positive loss, and
    // still meaningful for a loss that can be negative (where med·factor lies below the median)
    const rise = steps[i] - med;
    if (rise > (spikeFactor - 1) * Math.abs(med) && rise > 1e-8) spikes.push(i + 1);
  }
  // oscillation: successive differences that keep changing sign (rate over the curve)
  let changes = 0, pairs = 0;
  for (let i = 2; i < steps.length; i++) {
    const d1 = steps[i - 1] - steps[i - 2], d2 = steps[i] - steps[i - 1];
    if (d1 !== 0 && d2 !== 0) { pairs++; if (Math.sign(d1) !== Math.sign(d2)) changes++; }
  }
  const oscillationRate = pairs ? changes / pairs : 0;
  const plateaus: [number, number][] = [];
  for (let i = 0; i + w < steps.length; i += w) {
    const a = mean(steps.slice(i, i + w)), b = mean(steps.slice(i + w, Math.min(i + 2 * w, steps.length)));
    if (Math.abs(a - b) <= plat * Math.abs(a)) {
      const last = plateaus[plateaus.length - 1];
      if (last && last[1] >= i) last[1] = Math.min(i + 2 * w, steps.length);
      else plateaus.push([i + 1, Math.min(i + 2 * w, steps.length)]);
    }
  }
  const speedPerEpoch = epochs.slice(1).map((l, i) => (epochs[i] - l) / Math.abs(epochs[i]));
  return { spikes, oscillationRate, oscillating: oscillationRate > osc && steps.length > 2 * w, plateaus, speedPerEpoch };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Wilson score interval for k successes in n trials at ~95% (z = 1.96). */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
