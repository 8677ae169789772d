// Batch-size scaling: throughput and memory as the batch grows, the knee where throughput stops
// improving, and the largest batch whose training step fits a memory budget.
import type { BenchModel } from './model-types.js';
import { benchmarkInferenceSpeed, type InferenceOptions } from './inference.js';
import { benchmarkMemory } from './memory.js';

export interface ScalingRow { batchSize: number; samplesPerSec: number; activationBytes: number; trainingStepBytes: number; noisy: boolean }

export interface ScalingReport {
  rows: ScalingRow[];
  /** First batch size after which doubling gains less than `kneeGain` in throughput. */
  knee: number;
  /** Largest measured batch whose training step fits `budgetBytes` (null without a budget). */
  largestFitting: number | null;
}

/** Measures throughput and memory at each batch size. */
export function batchScaling(model: BenchModel, sampleShape: number[], o: InferenceOptions & { kneeGain?: number; budgetBytes?: number; optimizerStateBytes?: number } = {}): ScalingReport {
  const sizes = o.batchSizes ?? [1, 2, 4, 8, 16, 32, 64, 128];
  const speed = benchmarkInferenceSpeed(model, sampleShape, { ...o, batchSizes: sizes });
  const rows = speed.map((s) => {
    const m = benchmarkMemory(model, sampleShape, { batchSize: s.batchSize, optimizerStateBytes: o.optimizerStateBytes });
    return { batchSize: s.batchSize, samplesPerSec: s.samplesPerSec, activationBytes: m.activationBytes, trainingStepBytes: m.trainingStepBytes, noisy: s.noisy };
  });
  return { rows, knee: findKnee(rows, o.kneeGain ?? 0.1), largestFitting: o.budgetBytes === undefined ? null : largestFitting(rows, o.budgetBytes) };
}

/** The batch size after which the next size improves throughput by less than `gain` (relative). */
export function findKnee(rows: { batchSize: number; samplesPerSec: number }[], gain = 0.1): number {
  for (let i = 0; i + 1 < rows.length; i++) {
    if (rows[i + 1].samplesPerSec < rows[i].samplesPerSec * (1 + gain)) return rows[i].batchSize;
  }
  return rows[rows.length - 1]?.batchSize ?? NaN;
}

/** Largest batch size whose training-step bytes fit the budget (null if none does). */
export function largestFitting(rows: { batchSize: number; trainingStepBytes: number }[], budgetBytes: number): number | null {
  let best: number | null = null;
  for (const r of rows) if (r.trainingStepBytes <= budgetBytes && (best === null || r.batchSize > best)) best = r.batchSize;
  return best;
}
