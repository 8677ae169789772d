// Benchmark baselines: results saved as JSON, and a regression gate that compares a new run with
// a baseline, allowing for the tolerance plus the noise both runs measured.
import { readFileSync } from 'node:fs';
import { FormatError, ValueError } from '../errors.js';

/** One throughput figure (bigger is better) with its relative spread (IQR/median). */
export interface BenchFigure { value: number; relativeIqr?: number }
export interface BenchResults { engine: string; threads?: number; results: Record<string, number | BenchFigure | null>; errors?: Record<string, string> }

export interface Regression { workload: string; baseline: number; current: number; change: number; allowed: number }
export interface ComparisonReport { regressions: Regression[]; improvements: string[]; missing: string[]; compared: number }

function figure(v: number | BenchFigure | null | undefined): BenchFigure | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? { value: v } : v;
}

/** Parses a tolerance given as 0.1, "0.1" or "10%". */
export function parseTolerance(t: string | number): number {
  const v = typeof t === 'number' ? t : t.trim().endsWith('%') ? Number(t.trim().slice(0, -1)) / 100 : Number(t);
  if (!Number.isFinite(v) || v < 0 || v >= 1) throw new ValueError(`tolerance must be a fraction in [0, 1) or a percentage like 10%, got ${t}`);
  return v;
}

/**
 * A workload regresses when current < baseline · (1 − allowed), where allowed is the tolerance
 * plus twice the larger relative IQR of the two runs (noise widens the gate, never narrows it).
 */
export function compareToBaseline(baseline: BenchResults, current: BenchResults, tolerance: number): ComparisonReport {
  const regressions: Regression[] = [], improvements: string[] = [], missing: string[] = [];
  let compared = 0;
  for (const [k, bv] of Object.entries(baseline.results)) {
    const b = figure(bv), c = figure(current.results[k]);
    if (!b) continue;
    if (!c) { missing.push(k); continue; }
    compared++;
    const allowed = tolerance + 2 * Math.max(b.relativeIqr ?? 0, c.relativeIqr ?? 0);
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
  for (const [k, v] of Object.entries(r.results)) {
    const f = figure(v);
    if (f && !(typeof f.value === 'number' && f.value > 0)) throw new FormatError(`baseline ${path}: workload '${k}' has no positive figure`);
  }
  return r;
}
