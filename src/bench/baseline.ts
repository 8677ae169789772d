// Benchmark baselines: results saved as JSON, and a regression gate that compares a new run with
// a baseline, allowing for the tolerance plus the noise both runs measured.
import { readFileSync } from 'node:fs';
import { FormatError, ValueError } from '../errors.js';

/** One throughput figure (bigger is better) with its relative spread (IQR/median). */
export interface BenchFigure { value: number; relativeIqr?: number }
/** Throughput figures by workload, as `npm run bench` prints them (plus the clock, when not wall time). */
export interface BenchResults { engine: string; threads?: number; clock?: 'wall' | 'cpu'; results: Record<string, number | BenchFigure | null>; errors?: Record<string, string> }

export interface Regression { workload: string; baseline: number; current: number; change: number; allowed: number }
export interface ComparisonReport { regressions: Regression[]; improvements: string[]; missing: string[]; compared: number }

function figure(v: number | BenchFigure | null | undefined): BenchFigure | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? { value: v } : v;
}

/** Parses a tolerance given as 0.1, "0.1" or "10%". */
export function parseTolerance(t: string | number): number {
  const s = String(t).trim();
  // Number('') is 0: an empty string must not pass as a zero tolerance
  const v = typeof t === 'number' ? t : s === '' || s === '%' ? NaN : s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s);
  if (!Number.isFinite(v) || v < 0 || v >= 1) throw new ValueError(`tolerance must be a fraction in [0, 1) or a percentage like 10%, got ${t}`);
  return v;
}

/**
 * The slowdown allowed for one workload: 1 − (1 − tolerance) / ((1 + r_b/2)·(1 + r_c/2)), with r_b and r_c
 * the relative IQRs of the baseline and current figures. Half an IQR either side of the median is
 * where the quartiles lie, so this asks whether the current run's fast quartile is still slower than
 * the baseline's slow quartile by more than the tolerance: noise widens the gate, but multiplicatively,
 * so even a very noisy run still catches a large slowdown (r = 100% on both sides allows 60% at
 * tolerance 10%: a 2× slowdown passes, a 5× one does not).
 */
export function allowedSlowdown(tolerance: number, baselineIqr = 0, currentIqr = 0): number {
  return 1 - (1 - tolerance) / ((1 + Math.max(0, baselineIqr) / 2) * (1 + Math.max(0, currentIqr) / 2));
}

/**
 * Compares throughput figures (bigger is better) workload by workload. A workload regresses when
 * current < baseline · (1 − allowed), allowed from {@link allowedSlowdown}; it improved when
 * current > baseline · (1 + allowed). Workloads of the baseline absent from `current` are listed as missing.
 * @example compareToBaseline(loadBaseline('base.json'), results, 0.1).regressions.map((r) => r.workload)
 */
export function compareToBaseline(baseline: BenchResults, current: BenchResults, tolerance: number): ComparisonReport {
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance >= 1) throw new ValueError(`compareToBaseline: tolerance must be in [0, 1), got ${tolerance}`);
  if ((baseline.clock ?? 'wall') !== (current.clock ?? 'wall')) {
    throw new ValueError(`compareToBaseline: the baseline was timed on the ${baseline.clock ?? 'wall'} clock, this run on the ${current.clock ?? 'wall'} clock: figures are not comparable`);
  }
  const regressions: Regression[] = [], improvements: string[] = [], missing: string[] = [];
  let compared = 0;
  for (const [k, bv] of Object.entries(baseline.results)) {
    const b = figure(bv), c = figure(current.results[k]);
    if (!b) continue;
    if (!c) { missing.push(k); continue; }
    compared++;
    const allowed = allowedSlowdown(tolerance, b.relativeIqr, c.relativeIqr);
    const change = (c.value - b.value) / b.value;
    if (c.value < b.value * (1 - allowed)) regressions.push({ workload: k, baseline: b.value, current: c.value, change, allowed });
    else if (change > allowed) improvements.push(k);
  }
  return { regressions, improvements, missing, compared };
}

/** Loads a baseline file, validating its shape. */
export function loadBaseline(path: string): BenchResults {
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FormatError(`baseline ${path}: ${(e as Error).message}`);
  }
  const r = j as BenchResults;
  if (!r || typeof r !== 'object' || typeof r.results !== 'object' || r.results === null) {
    throw new FormatError(`baseline ${path}: expected {"engine", "results": {workload: figure}}`);
  }
  if (r.clock !== undefined && r.clock !== 'wall' && r.clock !== 'cpu') throw new FormatError(`baseline ${path}: clock must be "wall" or "cpu", got ${JSON.stringify(r.clock)}`);
  for (const [k, v] of Object.entries(r.results)) {
    const f = figure(v);
    if (f && !(typeof f.value === 'number' && f.value > 0)) throw new FormatError(`baseline ${path}: workload '${k}' has no positive figure`);
    if (f && f.relativeIqr !== undefined && !(typeof f.relativeIqr === 'number' && f.relativeIqr >= 0)) {
      throw new FormatError(`baseline ${path}: workload '${k}' has relativeIqr ${String(f.relativeIqr)}, expected a number ≥ 0`);
    }
  }
  return r;
}
