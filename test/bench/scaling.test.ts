// Batch-size scaling: the knee and the memory budget on hand-made rows, and activation memory that
// grows exactly linearly in the batch for the reference MLP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchScaling, findKnee, largestFitting, maxBatchForBudget } from '../../src/bench/scaling.js';
import { referenceMlp } from '../../src/bench/models.js';
import { manualSeed } from '../../src/tensor/random.js';
import { ValueError } from '../../src/errors.js';

test('findKnee: the last batch size before the gain drops under the threshold', () => {
  // 1→2 gains 90%, 2→4 gains 5.3% < 10% → knee 2
  assert.equal(findKnee([{ batchSize: 1, samplesPerSec: 100 }, { batchSize: 2, samplesPerSec: 190 }, { batchSize: 4, samplesPerSec: 200 }]), 2);
  // with a 5% threshold 2→4 (5.3%) still counts, 4→8 (0%) does not → knee 4
  assert.equal(findKnee([{ batchSize: 1, samplesPerSec: 100 }, { batchSize: 2, samplesPerSec: 190 }, { batchSize: 4, samplesPerSec: 200 }, { batchSize: 8, samplesPerSec: 200 }], 0.05), 4);
  // always improving → the largest size
  assert.equal(findKnee([{ batchSize: 1, samplesPerSec: 1 }, { batchSize: 2, samplesPerSec: 2 }]), 2);
  assert.ok(Number.isNaN(findKnee([])));
});

test('largestFitting and maxBatchForBudget on an affine memory line', () => {
  // bytes = 1000 + 100·B
  const rows = [1, 2, 4, 8].map((b) => ({ batchSize: b, trainingStepBytes: 1000 + 100 * b }));
  assert.equal(largestFitting(rows, 1500), 4); // 1400 fits, 1800 does not
  assert.equal(largestFitting(rows, 5000), 8);
  assert.equal(largestFitting(rows, 1099), null);
  assert.equal(maxBatchForBudget(rows, 5000), 40); // (5000 − 1000)/100
  assert.equal(maxBatchForBudget(rows, 5099), 40);
  assert.equal(maxBatchForBudget(rows, 1100), 1);
  assert.equal(maxBatchForBudget(rows, 1099), null);
  assert.throws(() => maxBatchForBudget(rows.slice(0, 1), 5000), ValueError);
});

test('batchScaling: MLP activation bytes are 4·B·(256+256+128+128+10) at every batch size', () => {
  manualSeed(0);
  const r = batchScaling(referenceMlp(), [784], { batchSizes: [1, 2, 5], warmup: 0, warmupMs: 0, minBlockMs: 0, minBlocks: 2, budgetMs: 0, budgetBytes: 4_000_000, optimizerStateBytes: 0 });
  assert.deepEqual(r.rows.map((x) => x.batchSize), [1, 2, 5]);
  // each Linear allocates only its output [B, out], each ReLU its output: 778 floats per sample
  assert.deepEqual(r.rows.map((x) => x.activationBytes), [1, 2, 5].map((b) => 4 * b * 778));
  // training step without optimizer state: params 235,146·4 + the same again for gradients + the forward
  assert.deepEqual(r.rows.map((x) => x.trainingStepBytes), [1, 2, 5].map((b) => 2 * 235146 * 4 + 4 * b * 778));
  // budget 4,000,000: (4,000,000 − 1,881,168)/3112 = 680.8 → 680
  assert.equal(r.maxBatchForBudget, 680);
  assert.equal(r.largestFitting, 5);
  assert.ok([1, 2, 5].includes(r.knee));
});
