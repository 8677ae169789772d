// Batch-size scaling: throughput and memory as the batch grows, the knee where throughput stops
// improving, and the largest batch whose training step fits a memory budget.
import { ValueError } from '../errors.js';
import type { BenchModel } from './model-types.js';
import { benchmarkInferenceSpeed, type InferenceOptions } from './inference.js';
import { benchmarkMemory, type MemoryOptions } from './memory.js';

export interface ScalingRow {
  batchSize: number;
  samplesPerSec: number;
  relativeIqr: number;
  noisy: boolean;
  activationBytes: number;
  trainingStepBytes: number;
}

export interface ScalingReport {
  rows: ScalingRow[];
  /** The batch size after which the next one gains less than `kneeGain` in throughput. */
  knee: number;
  /** Largest measured batch whose training step fits `budgetBytes` (null without a budget or if none fits). */
  largestFitting: number | null;
  /** Largest batch of any size that fits `budgetBytes`, from the line through the two largest measured rows. */
  maxBatchForBudget: number | null;
}

/**
 * Measures throughput and memory at each batch size (default 1, 2, 4, …, 128).
 * @example batchScaling(model, [784], { budgetBytes: 64 << 20, optimizer: (ps) => new Adam(ps) }).knee
 */
export function batchScaling(model: BenchModel, sampleShape: number[],
  o: InferenceOptions & Pick<MemoryOptions, 'optimizer' | 'optimizerStateBytes'> & { kneeGain?: number; budgetBytes?: number } = {}): ScalingReport {
  const sizes = o.batchSizes ?? [1, 2, 4, 8, 16, 32, 64, 128];
  const speed = benchmarkInferenceSpeed(model, sampleShape, { ...o, batchSizes: sizes });
  const rows = speed.map((s) => {
    const m = benchmarkMemory(model, sampleShape, { batchSize: s.batchSize, optimizer: o.optimizer, optimizerStateBytes: o.optimizerStateBytes });
    return { batchSize: s.batchSize, samplesPerSec: s.samplesPerSec, relativeIqr: s.relativeIqr, noisy: s.noisy,
      activationBytes: m.activationBytes, trainingStepBytes: m.trainingStepBytes };
  });
  const b = o.budgetBytes;
  return { rows, knee: findKnee(rows, o.kneeGain ?? 0.1), largestFitting: b === undefined ? null : largestFitting(rows, b),
    maxBatchForBudget: b === undefined || rows.length < 2 ? null : maxBatchForBudget(rows, b) };
}

/**
 * The batch size after which the next size improves throughput by less than `gain` (relative):
 * rows [(1, 100), (2, 190), (4, 200)] with gain 0.1 → 2 (4 gains 5%). The last size if all improve.
 */
export function findKnee(rows: { batchSize: number; samplesPerSec: number }[], gain = 0.1): number {
  for (let i = 0; i + 1 < rows.length; i++) {
    if (rows[i + 1].samplesPerSec < rows[i].samplesPerSec * (1 + gain)) return rows[i].batchSize;
  }
  return rows[rows.length - 1]?.batchSize ?? NaN;
}

/** Largest measured batch size whose training-step bytes fit the budget (null if none does). */
export function largestFitting(rows: { batchSize: number; trainingStepBytes: number }[], budgetBytes: number): number | null {
  let best: number | null = null;
  for (const r of rows) if (r.trainingStepBytes <= budgetBytes && (best === null || r.batchSize > best)) best = r.batchSize;
  return best;
}

/**
 * Largest batch B with fixed + B·perSample ≤ budget, the line through the two largest measured batches
 * (training memory is affine in the batch: parameters, gradients and optimizer state are fixed,
 * activations grow per sample). Null when not even batch 1 fits.
 */
export function maxBatchForBudget(rows: { batchSize: number; trainingStepBytes: number }[], budgetBytes: number): number | null {
  const s = [...rows].sort((a, b) => a.batchSize - b.batchSize);
  if (s.length < 2) throw new ValueError(`maxBatchForBudget: needs rows at two batch sizes, got ${s.length}`);
  const [lo, hi] = [s[s.length - 2], s[s.length - 1]];
  if (lo.batchSize === hi.batchSize) throw new ValueError(`maxBatchForBudget: the two largest rows share batch size ${hi.batchSize}`);
  const perSample = (hi.trainingStepBytes - lo.trainingStepBytes) / (hi.batchSize - lo.batchSize);
  const fixed = lo.trainingStepBytes - lo.batchSize * perSample;
  if (perSample <= 0) return fixed <= budgetBytes ? Infinity : null;
  const b = Math.floor((budgetBytes - fixed) / perSample);
  return b >= 1 ? b : null;
}
