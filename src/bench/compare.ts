// Accuracy on a test loader (seed §6.2 _evaluate_accuracy) and an architecture comparison:
// several models → one table of parameters, accuracy, latency and memory.
import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BenchModel } from './model-types.js';
import { benchmarkInferenceSpeed, type InferenceOptions } from './inference.js';
import { benchmarkMemory, type MemoryOptions } from './memory.js';

type Batch = [Tensor, Tensor] | { input: Tensor; target: Tensor };

/**
 * Top-1 accuracy of a classifier on every batch of `loader`: the fraction of samples whose argmax
 * over the logits [N, C] (first maximum on ties) equals the integer label. Runs in eval mode under
 * noGrad and restores the model's mode. NaN for an empty loader.
 * @example evaluateAccuracy(model, testLoader) // 0.97
 */
export function evaluateAccuracy(model: BenchModel, loader: Iterable<Batch>): number {
  const was = model.training;
  model.eval();
  let correct = 0, total = 0;
  try {
    noGrad(() => {
      for (const b of loader) {
        const [x, y] = Array.isArray(b) ? b : [b.input, b.target];
        const o = model.call(x);
        if (o.ndim !== 2 || o.shape[0] !== y.numel()) {
          throw new ShapeError(`evaluateAccuracy: model output ${fmtShape(o.shape)} does not match ${y.numel()} labels (expected [${y.numel()}, classes])`);
        }
        const out = o.contiguousData(), labels = y.contiguousData(), k = o.shape[1];
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
  trainingStepBytes: number;
  accuracy: number | null;
  msPerBatch: number;
  samplesPerSec: number;
  batchSize: number;
}

/**
 * Compares models on the same input shape (and test loader, when given): one row per model with
 * parameters, memory at `batchSize` (default 32), accuracy and inference speed at that batch.
 * @example compareArchitectures({ mlp, cnn }, [1, 28, 28], { testLoader: () => loader })
 */
export function compareArchitectures(models: Record<string, BenchModel>, sampleShape: number[],
  o: InferenceOptions & Pick<MemoryOptions, 'optimizer'> & { batchSize?: number; testLoader?: () => Iterable<Batch> } = {}): ArchitectureRow[] {
  const bs = o.batchSize ?? 32;
  return Object.entries(models).map(([name, m]) => {
    const mem = benchmarkMemory(m, sampleShape, { batchSize: bs, optimizer: o.optimizer });
    const [speed] = benchmarkInferenceSpeed(m, sampleShape, { ...o, batchSizes: [bs] });
    return { name, params: mem.params, paramBytes: mem.paramBytes, activationBytes: mem.activationBytes, trainingStepBytes: mem.trainingStepBytes,
      accuracy: o.testLoader ? evaluateAccuracy(m, o.testLoader()) : null, msPerBatch: speed.msPerBatch, samplesPerSec: speed.samplesPerSec, batchSize: bs };
  });
}
