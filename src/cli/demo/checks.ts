// Demo §6–7: the full check suite on a small MNIST MLP (including the real hyperparameter grid)
// and a benchmark summary of the reference models.
import { loadMnist } from '../../data/datasets/mnist.js';
import { DataLoader } from '../../data/dataloader.js';
import { Subset } from '../../data/dataset.js';
import { Linear, ReLU, Sequential, Flatten } from '../../nn/index.js';
import * as F from '../../nn/functional.js';
import { Adam } from '../../optim/index.js';
import { Generator } from '../../tensor/random.js';
import { checks, defineSuite, runSuite, type SuiteReport } from '../../qa/index.js';
import { benchmarkInferenceSpeed } from '../../bench/inference.js';
import { benchmarkMemory } from '../../bench/memory.js';
import { REFERENCE_MODELS } from '../../bench/models.js';
import { manualSeed } from '../../tensor/random.js';
import { backendInfo } from '../../backend/index.js';
import type { ModelBench } from '../../report/bench-report.js';
import { htmlTable, type DemoSection } from './types.js';

/** The demo's suite: a small MLP on 1,024 MNIST digits, validated on 512. */
export function mnistSuite(trainSize = 1024) {
  const { train, test } = loadMnist();
  const tr = new Subset(train, Array.from({ length: trainSize }, (_, i) => i));
  const va = new Subset(test, Array.from({ length: 512 }, (_, i) => i));
  return defineSuite({
    name: 'mnist-mlp', seed: 0, numClasses: 10,
    model: () => new Sequential(new Flatten(), new Linear(784, 64), new ReLU(), new Linear(64, 10)),
    data: {
      train: (o = {}) => new DataLoader(tr, { batchSize: o.batchSize ?? 64, shuffle: true, generator: new Generator(o.seed ?? 0) }),
      val: (o = {}) => new DataLoader(va, { batchSize: o.batchSize ?? 256 }),
    },
    loss: (out, y) => F.crossEntropy(out, y),
    optimizer: (p, hp) => new Adam(p, { lr: hp?.lr ?? 1e-3 }),
    checks: [checks.smoke(), checks.lossAtInit(), checks.gradientFlow(), checks.gradcheck({ maxElements: 12 }), checks.invariants({ batches: 8 }),
      checks.overfitOneBatch({ steps: 100 }), checks.convergence({ epochs: 3, minDrop: 0.3 }), checks.fitAnalysis({ epochs: 4 }),
      checks.lossCurve({ epochs: 2, allowPlateaus: true }), checks.reproducibility(), checks.inferenceDeterminism(), checks.batchIndependence(),
      checks.hyperparameterSensitivity({ epochs: 1 }), checks.seedStability({ seeds: 3, epochs: 1 }), checks.robustness()],
  });
}

export async function checksSection(log: (s: string) => void): Promise<DemoSection & { report: SuiteReport }> {
  const report = await runSuite(mnistSuite(), { onProgress: (e) => { if (e.phase === 'end') log(`  ${e.result!.passed ? '✓' : '✗'} ${e.check}: ${e.result!.summary}\n`); } });
  return { title: 'Training checks', report, charts: [], lines: [`=== Training checks: ${report.passed}/${report.total} passed (${(report.passRate * 100).toFixed(1)}%) ===`] };
}

export function benchSection(o: { budgetMs?: number } = {}): DemoSection & { models: ModelBench[] } {
  const models: ModelBench[] = [];
  for (const [name, spec] of Object.entries(REFERENCE_MODELS)) {
    manualSeed(0);
    const m = spec.make();
    const inference = benchmarkInferenceSpeed(m, spec.sampleShape, { batchSizes: [1, 8, 32, 128], budgetMs: o.budgetMs ?? 200, minBlocks: 3 });
    models.push({ name, threads: backendInfo().threads, backend: backendInfo().name, inference, memory: benchmarkMemory(m, spec.sampleShape, { batchSize: 32 }) });
  }
  const lines = ['=== Inference benchmark ===', ...models.flatMap((m) => m.inference.map((r) =>
    `${m.name} batch ${String(r.batchSize).padStart(3)}: ${r.msPerBatch.toFixed(3)} ms/batch, ${r.samplesPerSec.toFixed(0)} samples/s${r.noisy ? ' (noisy)' : ''}`))];
  return {
    title: 'Model benchmark', lines, models,
    html: htmlTable(['model', 'params', 'activations (batch 32)', 'MMACs/sample'], models.map((m) => [m.name, m.memory.params, `${(m.memory.activationBytes / 1024).toFixed(1)} KiB`, (m.memory.totalMacs / 32 / 1e6).toFixed(3)])),
    charts: [{ kind: 'line', title: 'Inference throughput per batch size', xLabel: 'batch size', yLabel: 'samples/s', logY: true,
      series: models.map((m) => ({ name: m.name, x: m.inference.map((r) => r.batchSize), y: m.inference.map((r) => r.samplesPerSec) })) }],
  };
}
