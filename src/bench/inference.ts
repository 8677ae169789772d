// Inference speed per batch size (seed §6.2 benchmark_inference_speed): eval mode under noGrad,
// calibrated repeats, median / IQR / p95, samples/s and ms per batch, with a noise warning.
import { noGrad } from '../autograd/grad-mode.js';
import { sum } from '../ops/reduce-core.js';
import { randn } from '../tensor/creation.js';
import { ValueError } from '../errors.js';
import type { BenchModel } from './model-types.js';
import { blockedAutorange, type TimingOptions, type TimingStats } from './timing.js';

export interface InferenceRow {
  batchSize: number;
  msPerBatch: number;
  /** Throughput at the median time per batch: the figure baselines compare. */
  samplesPerSec: number;
  /** Throughput of the fastest block (what `npm run bench`'s best-of-blocks rate reports). */
  bestSamplesPerSec: number;
  medianMs: number;
  iqrMs: number;
  p95Ms: number;
  /** IQR / median of the per-call times. */
  relativeIqr: number;
  noisy: boolean;
  timing: TimingStats;
}

export interface InferenceOptions extends TimingOptions {
  /** Batch sizes to measure (default 1, 8, 32, 128). */
  batchSizes?: number[];
}

/**
 * Measures forward-pass latency for each batch size on random inputs of `[batch, ...sampleShape]`.
 * The model is put in eval mode for the measurement and restored afterwards.
 * @example benchmarkInferenceSpeed(model, [1, 28, 28], { batchSizes: [1, 32] })
 */
export function benchmarkInferenceSpeed(model: BenchModel, sampleShape: number[], o: InferenceOptions = {}): InferenceRow[] {
  const sizes = o.batchSizes ?? [1, 8, 32, 128];
  if (!sizes.length) throw new ValueError('benchmarkInferenceSpeed: batchSizes is empty');
  if (!sampleShape.every((d) => Number.isInteger(d) && d >= 1)) throw new ValueError(`benchmarkInferenceSpeed: sampleShape must hold positive integers, got [${sampleShape.join(', ')}]`);
  for (const b of sizes) if (!Number.isInteger(b) || b < 1) throw new ValueError(`benchmarkInferenceSpeed: batch sizes must be positive integers, got ${b}`);
  const was = model.training;
  model.eval();
  try {
    return sizes.map((batchSize) => {
      const x = randn([batchSize, ...sampleShape]);
      // forward + read back the sum of the output, as the workloads of WORKLOADS.md (the peers' `.sum().item()`)
      let sink = 0;
      const timing = noGrad(() => blockedAutorange(() => { sink += sum(model.call(x)).contiguousData()[0]; }, o));
      void sink;
      return { batchSize, msPerBatch: timing.medianMs, samplesPerSec: batchSize / (timing.medianMs / 1000),
        bestSamplesPerSec: batchSize / (timing.minMs / 1000), medianMs: timing.medianMs, iqrMs: timing.iqrMs, p95Ms: timing.p95Ms,
        relativeIqr: timing.relativeIqr, noisy: timing.noisy, timing };
    });
  } finally {
    model.train(was);
  }
}
