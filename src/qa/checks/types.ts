// The check contract: a suite (model, data, loss, optimizer factories) and checks that run on
// it and return a result a report can render.
import type { Tensor } from '../../tensor/tensor.js';
import type { BatchSource, LossFn, OptimizerLike, TrainableModel } from '../../train/types.js';

export type Severity = 'error' | 'warning' | 'info';

/** A chart attached to a result, as plain data (rendered by the report module). */
export interface ChartData {
  kind: 'line' | 'bar' | 'heatmap' | 'scatter' | 'histogram';
  title: string;
  xLabel?: string;
  yLabel?: string;
  series?: { name: string; x: number[]; y: number[] }[];
  bars?: { label: string; value: number }[];
  heatmap?: { rows: string[]; cols: string[]; values: number[][] };
  logY?: boolean;
  /** Values to bin (histogram). */
  values?: number[];
  bins?: number;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  severity: Severity;
  summary: string;
  details: string[];
  metrics: Record<string, number>;
  charts: ChartData[];
  durationMs?: number;
}

export interface DataOptions { batchSize?: number; shuffle?: boolean; seed?: number }

/** What a suite module exports (through defineSuite). */
export interface SuiteDefinition {
  name?: string;
  /** A fresh model; the runner seeds the global RNG before each call. */
  model: () => TrainableModel;
  data: {
    train: (o?: DataOptions) => BatchSource;
    val?: (o?: DataOptions) => BatchSource;
  };
  loss: LossFn;
  optimizer: (params: Tensor[], hp?: { lr?: number }) => OptimizerLike;
  /** Number of classes for classification suites (lossAtInit expects ≈ ln K). */
  numClasses?: number;
  /** Default seed (overridden by --seed). */
  seed?: number;
  checks: Check[];
  /** A custom training loop with fit()'s options (default: trainlab's fit). */
  fit?: (o: import('../../train/trainer.js').FitOptions) => unknown;
}

export interface CheckContext {
  suite: SuiteDefinition;
  seed: number;
  /** Progress messages for long checks. */
  log(msg: string): void;
}

export interface Check {
  name: string;
  run(ctx: CheckContext): CheckResult | Promise<CheckResult>;
}

/** Declares a check suite (identity, for types). */
export function defineSuite(s: SuiteDefinition): SuiteDefinition {
  return s;
}

/** Builds a result with defaults filled in. */
export function result(name: string, passed: boolean, summary: string,
  extra: Partial<Omit<CheckResult, 'name' | 'passed' | 'summary'>> = {}): CheckResult {
  return { name, passed, summary, severity: extra.severity ?? (passed ? 'info' : 'error'), details: extra.details ?? [],
    metrics: extra.metrics ?? {}, charts: extra.charts ?? [] };
}
