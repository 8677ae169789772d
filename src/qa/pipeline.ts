// The check pipeline (seed §7.1): runs a suite's checks in order with progress, times each,
// turns a thrown error into a failed result, and summarises like the seed's test report.
import { TrainlabError } from '../errors.js';
import type { ChartData, CheckResult, SuiteDefinition } from './checks/types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;


export interface RunOptions {
  /** Run only checks with these names. */
  only?: string[];
  /** Skip checks with these names. */
  skip?: string[];
  /** Seed for every check (default: suite.seed ?? 0). */
  seed?: number;
  /** Called before and after each check. */
  onProgress?: (e: { check: string; index: number; total: number; phase: 'start' | 'end'; result?: CheckResult; message?: string }) => void;
}

export interface SuiteReport {
  suite: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  total: number;
  passed: number;
  failed: number;
  /** passed / total (0 when no check ran). */
  passRate: number;
  results: CheckResult[];
  environment: { node: string; platform: string; backend: string };
}

/**
 * The check's result made safe to render: a result that is not an object or lacks `passed` becomes
 * a failed result saying so; missing text, lists and maps get their defaults.
 */
export function normalizeResult(check: string, r: unknown): CheckResult {
  if (!isObject(r) || typeof r.passed !== 'boolean') {
    const got = r === undefined ? 'undefined' : isObject(r) ? `an object without a boolean 'passed'` : JSON.stringify(r);
    return { name: check, passed: false, severity: 'error', summary: `the check returned ${got}, expected a CheckResult ({ name, passed, summary, ... })`,
      details: [], metrics: {}, charts: [] };
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return { ...(r as unknown as CheckResult), name: typeof r.name === 'string' && r.name ? r.name : check, summary: typeof r.summary === 'string' ? r.summary : '',
    severity: r.severity === 'warning' || r.severity === 'info' || r.severity === 'error' ? r.severity : (r.passed ? 'info' : 'error'),
    details: strings(r.details), metrics: isObject(r.metrics) ? (r.metrics as Record<string, number>) : {}, charts: Array.isArray(r.charts) ? r.charts as ChartData[] : [] };
}

/** Runs the suite's checks; never throws for a failing check (its error becomes the result). */
export async function runSuite(suite: SuiteDefinition, o: RunOptions = {}, backendName = 'js'): Promise<SuiteReport> {
  const names = suite.checks.map((c) => c.name);
  for (const n of [...(o.only ?? []), ...(o.skip ?? [])]) {
    if (!names.includes(n)) throw new TrainlabError(`runSuite: no check named '${n}' in the suite (have ${names.join(', ')})`);
  }
  const selected = suite.checks.filter((c) => (!o.only?.length || o.only.includes(c.name)) && !o.skip?.includes(c.name));
  const seed = o.seed ?? suite.seed ?? 0;
  const started = Date.now();
  const results: CheckResult[] = [];
  for (const [i, c] of selected.entries()) {
    o.onProgress?.({ check: c.name, index: i, total: selected.length, phase: 'start' });
    const t0 = performance.now();
    let r: CheckResult;
    try {
      r = normalizeResult(c.name, await c.run({ suite, seed, log: (message) => o.onProgress?.({ check: c.name, index: i, total: selected.length, phase: 'start', message }) }));
    } catch (e) {
      const err = e as Error;
      r = { name: c.name, passed: false, severity: 'error', summary: `the check threw ${err.name}: ${err.message}`,
        details: (err.stack ?? '').split('\n').slice(0, 8), metrics: {}, charts: [] };
    }
    r.durationMs = performance.now() - t0;
    results.push(r);
    o.onProgress?.({ check: c.name, index: i, total: selected.length, phase: 'end', result: r });
  }
  const passed = results.filter((r) => r.passed).length;
  return {
    suite: suite.name ?? 'suite', seed, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started,
    total: results.length, passed, failed: results.length - passed, passRate: results.length ? passed / results.length : 0,
    results, environment: { node: process.version, platform: `${process.platform}-${process.arch}`, backend: backendName },
  };
}

/** Runs one check and throws a TrainlabError with its summary when it fails (for vitest/jest/node:test). */
export async function assertCheck(suite: SuiteDefinition, check: SuiteDefinition['checks'][number], seed?: number): Promise<CheckResult> {
  const r = await check.run({ suite, seed: seed ?? suite.seed ?? 0, log: () => undefined });
  if (!r.passed) throw new TrainlabError(`check ${r.name} failed: ${r.summary}`);
  return r;
}
