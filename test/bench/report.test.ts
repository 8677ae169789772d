// Benchmark renderers on hand-made results: workload names and figures of the baseline JSON, and the
// Markdown tables (speed, noise, memory, layers, comparison, architectures, scaling).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../src/bench/timing.js';
import type { InferenceRow } from '../../src/bench/inference.js';
import type { MemoryReport } from '../../src/bench/memory.js';
import { benchReportJson, benchResultsJson, renderArchitectureMarkdown, renderBenchMarkdown, renderScalingMarkdown, type ModelBench } from '../../src/report/bench-report.js';

function row(batchSize: number, samples: number[]): InferenceRow {
  const t = summarize(samples, 4);
  return { batchSize, msPerBatch: t.medianMs, samplesPerSec: batchSize / (t.medianMs / 1000), bestSamplesPerSec: batchSize / (t.minMs / 1000),
    medianMs: t.medianMs, iqrMs: t.iqrMs, p95Ms: t.p95Ms, relativeIqr: t.relativeIqr, noisy: t.noisy, timing: t };
}
const memory: MemoryReport = {
  batchSize: 8, params: 58, trainableParams: 58, paramBytes: 232, activationBytes: 8 * 18 * 4, trainForwardBytes: 576, gradientBytes: 232,
  backwardBytes: 1000, optimizerStateBytes: 464, trainingStepBytes: 232 * 2 + 464 + 576, totalMacs: 8 * 48,
  layers: [{ name: '0', type: 'Linear', outputShape: [8, 8], params: 40, activationBytes: 256, macs: 256 }],
};
// batch 1: samples [2, 2, 2]: median 2 ms → 500 samples/s, IQR 0; batch 8: [1, 2, 3, 4, 10] ms: median 3 → 8/0.003 = 2,666.7/s, IQR 2 (67%)
const bench: ModelBench = { name: 'tiny', threads: 1, backend: 'js', memory, inference: [row(1, [2, 2, 2]), row(8, [1, 2, 3, 4, 10])] };

test('benchResultsJson: npm run bench workload names, median rates and their spread', () => {
  const j = benchResultsJson([bench]);
  assert.equal(j.engine, 'trainlab js');
  assert.equal(j.clock, 'wall');
  assert.deepEqual(Object.keys(j.results), ['tiny_infer_b1_samples_s', 'tiny_infer_b8_samples_s']);
  assert.equal(j.results.tiny_infer_b1_samples_s.value, 500);
  assert.equal(j.results.tiny_infer_b1_samples_s.relativeIqr, 0);
  assert.ok(Math.abs(j.results.tiny_infer_b8_samples_s.value - 8000 / 3) < 1e-9);
  assert.ok(Math.abs(j.results.tiny_infer_b8_samples_s.relativeIqr - 2 / 3) < 1e-12);
  const full = benchReportJson([bench]) as { models: { inference: Record<string, unknown>[] }[]; comparison: null };
  assert.equal(full.comparison, null);
  assert.equal(full.models[0].inference[1].blocks, 5);
  assert.equal(full.models[0].inference[1].callsPerBlock, 4);
  assert.equal('timing' in full.models[0].inference[1], false); // per-block samples are left out
});

test('renderBenchMarkdown: speed with its noise, memory, layers and the comparison', () => {
  const md = renderBenchMarkdown([bench], { regressions: [{ workload: 'tiny_infer_b8_samples_s', baseline: 4000, current: 8000 / 3, change: -1 / 3, allowed: 0.1 }], improvements: [], missing: ['gone_samples_s'], compared: 2 });
  assert.match(md, /## tiny \(js backend, 1 thread\)/);
  assert.match(md, /\| 1 +\| 2\.000 +\| 0\.000 +\| 2\.000 +\| 500 +\| 500 +\| ok \(IQR 0% of median\)/);
  // p95 of [1,2,3,4,10] at position 3.8: 4 + 0.8·6 = 8.8; best 8/0.001 = 8000
  assert.match(md, /\| 8 +\| 3\.000 +\| 2\.000 +\| 8\.800 +\| 2667 +\| 8000 +\| noisy \(IQR 67% of median\)/);
  // 232 B = 0.2 KiB of parameters; 8·18·4 = 576 B = 0.6 KiB; step 232·2 + 464 + 576 = 1,504 B = 1.5 KiB; 8·48 = 384 MACs
  assert.match(md, /memory at batch 8: parameters 58 \(trainable 58\), 0\.2 KiB; activations 0\.6 KiB per forward; training step 1\.5 KiB .*; 384 MACs/);
  assert.match(md, /\| 0 +\| Linear \| \[8, 8\] +\| 40 +\| 0\.3 KiB +\| 256 +\|/);
  assert.match(md, /\| tiny_infer_b8_samples_s \| 4000\.0 +\| 2666\.7 +\| -33\.3% \| -10\.0% +\|/);
  assert.match(md, /missing in this run: gone_samples_s/);
});

test('architecture and scaling tables', () => {
  const arch = renderArchitectureMarkdown([{ name: 'a', params: 9, paramBytes: 36, activationBytes: 2048, trainingStepBytes: 3 << 20, accuracy: 0.5, msPerBatch: 1.5, samplesPerSec: 21333, batchSize: 32 },
    { name: 'b', params: 51, paramBytes: 204, activationBytes: 1024, trainingStepBytes: 1024, accuracy: null, msPerBatch: 2, samplesPerSec: 16000, batchSize: 32 }]);
  assert.match(arch, /\| a +\| 9 +\| 0\.0 KiB +\| 2\.0 KiB +\| 3\.00 MiB +\| 50\.00% +\| 1\.500 +\| 21333 +\|/);
  assert.match(arch, /\| b +\| 51 +\| 0\.2 KiB +\| 1\.0 KiB +\| 1\.0 KiB +\| – +\|/);
  const sc = renderScalingMarkdown({ rows: [{ batchSize: 1, samplesPerSec: 100, relativeIqr: 0.2, noisy: true, activationBytes: 1024, trainingStepBytes: 4096 }], knee: 1, largestFitting: 1, maxBatchForBudget: 7 });
  assert.match(sc, /\| 1 +\| 100 +\| 20% \(noisy\) \|/);
  assert.match(sc, /throughput stops improving after batch 1/);
  assert.match(sc, /largest measured batch within the memory budget: 1; largest batch by the memory line: 7/);
});
