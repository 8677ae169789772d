// Accuracy on a test loader (seed §6.2 _evaluate_accuracy) and an architecture comparison:
// several models → one table of parameters, accuracy, latency and memory.
import { noGrad } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BenchModel } from './model-types.js';
import { benchmarkInferenceSpeed, type InferenceOptions } from './inference.js';
import { benchmarkMemory } from './memory.js';

type Batch = [Tensor, Tensor] | { input: Tensor; target: Tensor };

/** Top-1 accuracy of a classifier (argmax over the last dim) on every batch of `loader`. */
export function evaluateAccuracy(model: BenchModel, loader: Iterable<Batch>): number {
  const was = model.training;
  model.eval();
  let correct = 0, total = 0;
  try {
    noGrad(() => {
      for (const b of loader) {
        const [x, y] = Array.isArray(b) ? b : [b.input, b.target];
        const out = model.call(x).contiguousData();
        const labels = y.contiguousData();
        const k = out.length / labels.length;
        for (let i = 0; i < labels.length; i++) {
          let arg = 0;
          for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + arg]) arg = j;
          if (arg === labels[i]) correct++;
        }
        total += labels.length;
      }
    });
  } finally {
    model.train(was);
  }
  return total ? correct / total : NaN;
}

export interface ArchitectureRow {
  name: string;
  params: number;
  paramBytes: number;
  activationBytes: number;
  accuracy: number | null;
  msPerBatch: number;
  samplesPerSec: number;
  batchSize: number;
}

/** Compares models on the same input shape (and test loader, when given). */
export function compareArchitectures(models: Record<string, BenchModel>, sampleShape: number[],
  o: InferenceOptions & { batchSize?: number; testLoader?: () => Iterable<Batch> } = {}): ArchitectureRow[] {
  const bs = o.batchSize ?? 32;
  return Object.entries(models).map(([name, m]) => {
    const mem = benchmarkMemory(m, sampleShape, { batchSize: bs });
    const [speed] = benchmarkInferenceSpeed(m, sampleShape, { ...o, batchSizes: [bs] });
    return { name, params: mem.params, paramBytes: mem.paramBytes, activationBytes: mem.activationBytes,
      accuracy: o.testLoader ? evaluateAccuracy(m, o.testLoader()) : null, msPerBatch: speed.msPerBatch, samplesPerSec: speed.samplesPerSec, batchSize: bs };
  });
}
