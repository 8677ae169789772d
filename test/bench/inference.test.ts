// Inference speed: the model is measured in eval mode under noGrad and its mode restored; the rows'
// derived figures follow from the timing statistics. No wall-clock assertions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkInferenceSpeed } from '../../src/bench/inference.js';
import { isGradEnabled } from '../../src/autograd/grad-mode.js';
import { Linear, Module } from '../../src/nn/index.js';
import { manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { ValueError } from '../../src/errors.js';

const FAST = { warmup: 1, warmupMs: 0, minBlockMs: 0, minBlocks: 3, budgetMs: 0 };

/** Records the mode, the grad mode and the batch size of every call. */
class Spy extends Module {
  lin = new Linear(3, 2);
  seen: { training: boolean; grad: boolean; batch: number }[] = [];
  override forward(x: Tensor): Tensor {
    this.seen.push({ training: this.training, grad: isGradEnabled(), batch: x.shape[0] });
    return this.lin.call(x);
  }
}

test('every measured call runs in eval mode under noGrad; the training mode is restored', () => {
  manualSeed(0);
  const m = new Spy();
  assert.equal(m.training, true);
  const rows = benchmarkInferenceSpeed(m, [3], { ...FAST, batchSizes: [1, 4] });
  assert.equal(m.training, true);
  assert.equal(isGradEnabled(), true);
  assert.ok(m.seen.length >= 2 * (1 + 1 + 3)); // per size: warm-up 1, calibration ≥ 1, 3 blocks
  assert.ok(m.seen.every((s) => !s.training && !s.grad), JSON.stringify(m.seen.find((s) => s.training || s.grad)));
  assert.deepEqual([...new Set(m.seen.map((s) => s.batch))], [1, 4]);
  assert.deepEqual(rows.map((r) => r.batchSize), [1, 4]);
  m.eval();
  benchmarkInferenceSpeed(m, [3], { ...FAST, batchSizes: [2] });
  assert.equal(m.training, false);
});

test('rows: samples/s = batch / median time, best = batch / fastest block; spread from the timing', () => {
  manualSeed(0);
  const [r] = benchmarkInferenceSpeed(new Linear(8, 4), [8], { ...FAST, batchSizes: [16] });
  assert.equal(r.timing.samples.length, 3);
  assert.equal(r.msPerBatch, r.timing.medianMs);
  assert.equal(r.samplesPerSec, 16 / (r.timing.medianMs / 1000));
  assert.equal(r.bestSamplesPerSec, 16 / (Math.min(...r.timing.samples) / 1000));
  assert.ok(r.bestSamplesPerSec >= r.samplesPerSec);
  assert.equal(r.relativeIqr, r.timing.iqrMs / r.timing.medianMs);
  assert.equal(r.noisy, r.relativeIqr > 0.1);
});

test('the mode is restored even when the model throws', () => {
  const m = new Linear(3, 2);
  assert.throws(() => benchmarkInferenceSpeed(m, [5], { ...FAST, batchSizes: [1] }), /linear/);
  assert.equal(m.training, true);
});

test('bad batch sizes and sample shapes are rejected', () => {
  const m = new Linear(3, 2);
  assert.throws(() => benchmarkInferenceSpeed(m, [3], { batchSizes: [0] }), /batch sizes must be positive integers, got 0/);
  assert.throws(() => benchmarkInferenceSpeed(m, [3], { batchSizes: [] }), ValueError);
  assert.throws(() => benchmarkInferenceSpeed(m, [3, -1], { batchSizes: [1] }), /sampleShape must hold positive integers, got \[3, -1\]/);
});
