// Accuracy on a loader against argmaxes computed by hand for a fixed Linear, and the architecture
// comparison table's memory columns against the analytic counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareArchitectures, evaluateAccuracy } from '../../src/bench/compare.js';
import { Linear, Sequential } from '../../src/nn/index.js';
import { tensor } from '../../src/tensor/index.js';
import { manualSeed } from '../../src/tensor/random.js';
import { noGrad } from '../../src/autograd/grad-mode.js';
import { ShapeError } from '../../src/errors.js';

/** Linear 2→3 with W = [[1,0],[0,1],[1,1]], b = [0, 0, −1.5]: logits (x0, x1, x0 + x1 − 1.5). */
function fixedLinear(): Linear {
  const lin = new Linear(2, 3);
  noGrad(() => {
    lin.weight.storage.data.set([1, 0, 0, 1, 1, 1]);
    lin.bias!.storage.data.set([0, 0, -1.5]);
  });
  return lin;
}

test('evaluateAccuracy: top-1 over batches, eval mode, restored afterwards', () => {
  const lin = fixedLinear();
  // x = (2, 0) → (2, 0, 0.5): class 0;  (0, 3) → (0, 3, 1.5): class 1;  (2, 2) → (2, 2, 2.5): class 2
  // (1, 1) → (1, 1, 0.5): tie 0/1, the first maximum → class 0
  const x1 = tensor([[2, 0], [0, 3]]), y1 = tensor([0, 2], { dtype: 'int64' }); // 1 of 2 right
  const x2 = tensor([[2, 2], [1, 1]]), y2 = tensor([2, 0], { dtype: 'int64' }); // 2 of 2 right
  assert.equal(evaluateAccuracy(lin, [[x1, y1], { input: x2, target: y2 }]), 3 / 4);
  assert.equal(lin.training, true);
  lin.eval();
  assert.equal(evaluateAccuracy(lin, [[x2, y2]]), 1);
  assert.equal(lin.training, false);
  assert.ok(Number.isNaN(evaluateAccuracy(lin, [])));
});

test('evaluateAccuracy: output rows that do not match the labels are an error naming the shapes', () => {
  const lin = fixedLinear();
  assert.throws(() => evaluateAccuracy(lin, [[tensor([[1, 2]]), tensor([0, 1], { dtype: 'int64' })]]),
    (e: Error) => e instanceof ShapeError && /model output \[1,3\] does not match 2 labels/.test(e.message));
  assert.equal(lin.training, true);
});

test('compareArchitectures: one row per model with analytic parameters and memory', () => {
  manualSeed(0);
  const models = { small: new Sequential(new Linear(2, 3)), wide: new Sequential(new Linear(2, 8), new Linear(8, 3)) };
  const loader = () => [[tensor([[2, 0], [0, 3]]), tensor([0, 1], { dtype: 'int64' })] as [ReturnType<typeof tensor>, ReturnType<typeof tensor>]];
  const rows = compareArchitectures(models, [2], { batchSize: 4, warmup: 0, warmupMs: 0, minBlockMs: 0, minBlocks: 2, budgetMs: 0, testLoader: loader });
  assert.deepEqual(rows.map((r) => r.name), ['small', 'wide']);
  assert.deepEqual(rows.map((r) => r.params), [2 * 3 + 3, 2 * 8 + 8 + 8 * 3 + 3]); // 9, 51
  assert.deepEqual(rows.map((r) => r.paramBytes), [36, 204]);
  assert.deepEqual(rows.map((r) => r.activationBytes), [4 * 3 * 4, 4 * (8 + 3) * 4]); // [4,3] and [4,8]+[4,3] floats
  assert.ok(rows.every((r) => r.batchSize === 4 && r.accuracy !== null && r.accuracy >= 0 && r.accuracy <= 1));
  assert.ok(rows.every((r) => r.samplesPerSec > 0 && r.msPerBatch > 0));
});
