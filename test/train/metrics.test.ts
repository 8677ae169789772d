// Metrics against hand-derived values (arithmetic in the comments), including accumulation over
// batches that must equal the whole-epoch value rather than a mean of batch values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Accuracy, ConfusionMatrix, F1Score, MeanAbsoluteError, Precision, R2Score, Recall, RootMeanSquaredError, TopKAccuracy,
  accuracy, confusionMatrix, f1Score, mae, mse, precision, r2, recall, rmse, topKAccuracy,
} from '../../src/train/metrics.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/index.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const closeAll = (a: number[], b: number[]): void => { assert.equal(a.length, b.length); a.forEach((v, i) => close(v, b[i])); };
const ints = (v: number[]): ReturnType<typeof tensor> => tensor(v, { dtype: 'int64' });

// target [0,0,1,1,2,2], predicted [0,1,1,1,0,2]
// confusion (rows true, cols predicted): [[1,1,0],[0,2,0],[1,0,1]]
// tp = [1,2,1], predicted per class = [2,3,1], support = [2,2,2], fp = [1,1,0], fn = [1,0,1]
const T6 = ints([0, 0, 1, 1, 2, 2]), P6 = ints([0, 1, 1, 1, 0, 2]);

test('confusion matrix and accuracy of class predictions', () => {
  assert.deepEqual(confusionMatrix(P6, T6), [[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
  close(accuracy(P6, T6), 4 / 6); // diagonal 1+2+1 of 6
  assert.deepEqual(confusionMatrix(ints([0]), ints([0]), { numClasses: 3 }), [[1, 0, 0], [0, 0, 0], [0, 0, 0]]);
  assert.throws(() => confusionMatrix(P6, T6, { numClasses: 2 }), (e: Error) => e instanceof ValueError && /class 2/.test(e.message));
});

test('precision, recall, F1: per class, macro, micro, weighted', () => {
  // precision tp/(tp+fp) = [1/2, 2/3, 1/1]; macro (1/2 + 2/3 + 1)/3 = 13/18
  closeAll(precision(P6, T6, { average: 'none' }), [1 / 2, 2 / 3, 1]);
  close(precision(P6, T6), 13 / 18);
  // recall tp/(tp+fn) = [1/2, 1, 1/2]; macro 2/3
  closeAll(recall(P6, T6, { average: 'none' }), [1 / 2, 1, 1 / 2]);
  close(recall(P6, T6), 2 / 3);
  // F1 = 2tp/(2tp+fp+fn) = [2/4, 4/5, 2/3]; macro (1/2 + 4/5 + 2/3)/3 = 59/90
  closeAll(f1Score(P6, T6, { average: 'none' }), [1 / 2, 4 / 5, 2 / 3]);
  close(f1Score(P6, T6), 59 / 90);
  // micro pools tp, fp, fn: 4/(4+2) for each = accuracy
  for (const f of [precision, recall, f1Score]) close(f(P6, T6, { average: 'micro' }), 4 / 6);
  // weighted by support: target [0,0,0,1], pred [0,0,1,1]: precision [2/2, 1/2], support [3,1]
  // → (3·1 + 1·0.5)/4 = 0.875, macro (1 + 0.5)/2 = 0.75
  close(precision(ints([0, 0, 1, 1]), ints([0, 0, 0, 1]), { average: 'weighted' }), 0.875);
  close(precision(ints([0, 0, 1, 1]), ints([0, 0, 0, 1])), 0.75);
});

test('zero division is explicit', () => {
  // target [0,1], pred [0,0]: class 1 never predicted → precision 0/0 = zeroDivision; class 0: 1/2
  closeAll(precision(ints([0, 0]), ints([0, 1]), { average: 'none' }), [0.5, 0]);
  close(precision(ints([0, 0]), ints([0, 1])), 0.25); // (0.5 + 0)/2
  close(precision(ints([0, 0]), ints([0, 1]), { zeroDivision: 1 }), 0.75); // (0.5 + 1)/2
  // recall of class 1 is 0/1 = 0 (not a zero division); F1 of class 1 = 0/(0+0+1) = 0
  closeAll(recall(ints([0, 0]), ints([0, 1]), { average: 'none', zeroDivision: 1 }), [1, 0]);
  closeAll(f1Score(ints([0, 0]), ints([0, 1]), { average: 'none', zeroDivision: 1 }), [2 / 3, 0]);
  // classes absent from target and prediction are left out of macro, and get zeroDivision per class
  closeAll(recall(ints([0, 0]), ints([0, 0]), { average: 'none', numClasses: 3, zeroDivision: Number.NaN }).slice(0, 1), [1]);
  assert.ok(Number.isNaN(recall(ints([0]), ints([0]), { average: 'none', numClasses: 2, zeroDivision: Number.NaN })[1]));
  close(recall(ints([0, 0]), ints([0, 0]), { numClasses: 3 }), 1);
});

test('logits: argmax over the class dim; top-k with ties going to the lower index', () => {
  const logits = tensor([[2, 1, 0], [0, 3, 1], [1, 0, 0.5]]), y = ints([0, 2, 2]);
  // argmax = [0, 1, 0] → only sample 0 right: 1/3
  close(accuracy(logits, y), 1 / 3);
  close(topKAccuracy(logits, y, 1), 1 / 3);
  // ranks of the targets: row 0 score 2 → 0 higher; row 1 score 1 → one higher (3); row 2 score 0.5 → one higher (1)
  close(topKAccuracy(logits, y, 2), 1);
  assert.deepEqual(confusionMatrix(logits, y), [[1, 0, 0], [0, 0, 0], [1, 1, 0]]);
  // a tie: [1, 1] with target 1 → class 0 ranks first, so top-1 misses, as argmax (first max) does
  close(topKAccuracy(tensor([[1, 1]]), ints([1]), 1), 0);
  close(accuracy(tensor([[1, 1]]), ints([1])), 0);
  // [N,C,L] logits with [N,L] target: per position argmax over C: [0, 1, 0] vs [0, 1, 1] → 2/3
  close(accuracy(tensor([[[1, 0, 5], [0, 1, 4]]]), tensor([[0, 1, 1]], { dtype: 'int64' })), 2 / 3);
  // binary scores with a threshold: [0.2, 0.7, 0.5] > 0.5 → [0, 1, 0] vs [0, 1, 1] → 2/3
  close(accuracy(tensor([0.2, 0.7, 0.5]), ints([0, 1, 1]), { threshold: 0.5 }), 2 / 3);
});

test('classification metrics reject bad input', () => {
  assert.throws(() => accuracy(tensor([[1, 2]]), ints([0, 1])), (e: Error) => e instanceof ShapeError && /\[1,2\]/.test(e.message));
  assert.throws(() => accuracy(ints([0]), ints([-1])), (e: Error) => e instanceof ValueError && /-1/.test(e.message));
  assert.throws(() => accuracy(tensor([0.5]), ints([0])), ValueError);
  assert.throws(() => accuracy(ints([]), ints([])), ValueError);
  assert.throws(() => topKAccuracy(tensor([[1, 2]]), ints([0]), 3), (e: Error) => e instanceof ValueError && /\[1, 2\]/.test(e.message));
  assert.throws(() => topKAccuracy(tensor([[1, 2]]), ints([5]), 1), ValueError);
  assert.throws(() => precision(P6, T6, { average: 'bogus' as 'macro' }), ValueError);
});

test('regression metrics', () => {
  const p = tensor([1, 2, 3]), t = tensor([2, 2, 5]);
  close(mae(p, t), 1); // (1 + 0 + 2)/3
  close(mse(p, t), 5 / 3); // (1 + 0 + 4)/3
  close(rmse(p, t), Math.sqrt(5 / 3));
  // target [1,2,3,4], pred [1,2,3,5]: ȳ = 2.5, SS_tot = 2.25+0.25+0.25+2.25 = 5, SS_res = 1 → 0.8
  close(r2(tensor([1, 2, 3, 5]), tensor([1, 2, 3, 4])), 0.8);
  // constant target: 1 when predicted exactly, else 0 (sklearn's force_finite)
  close(r2(tensor([2, 2]), tensor([2, 2])), 1);
  close(r2(tensor([2, 3]), tensor([2, 2])), 0);
  // two outputs: column 0 target [1,2,3] pred [1,2,4]: SS_tot 2, SS_res 1 → 0.5; column 1 exact → 1; mean 0.75
  close(r2(tensor([[1, 0], [2, 0], [4, 3]]), tensor([[1, 0], [2, 0], [3, 3]])), 0.75);
  assert.throws(() => mae(tensor([1, 2]), tensor([[1, 2]])), ShapeError);
  assert.throws(() => r2(tensor([1]), tensor([1])), ValueError);
});

test('accumulating metrics are exact over all batches, not a mean of batch values', () => {
  const acc = new Accuracy();
  acc.update(ints([1]), ints([1])); // 1 of 1
  acc.update(ints([0, 0, 0]), ints([0, 1, 2])); // 1 of 3
  close(acc.compute(), 2 / 4); // a mean of batch means would be (1 + 1/3)/2
  acc.reset();
  assert.throws(() => acc.compute(), ValueError);

  const r = new RootMeanSquaredError();
  r.update(tensor([1]), tensor([0])); // squared errors [1]
  r.update(tensor([3, 3, 3]), tensor([0, 0, 0])); // [9, 9, 9]
  close(r.compute(), Math.sqrt(28 / 4)); // √7, not (1 + 3)/2
  const m = new MeanAbsoluteError();
  m.update(tensor([1]), tensor([0]));
  m.update(tensor([3, 3, 3]), tensor([0, 0, 0]));
  close(m.compute(), 10 / 4);

  const r2m = new R2Score();
  r2m.update(tensor([1, 2]), tensor([1, 2]));
  r2m.update(tensor([3, 5]), tensor([3, 4]));
  close(r2m.compute(), 0.8, 1e-12); // same data as the one-shot example above

  // the 6-sample example split 3 + 3 gives the whole-set values
  const pr = new Precision(), rc = new Recall(), f1 = new F1Score({ average: 'micro' }), cm = new ConfusionMatrix();
  for (const [a, b] of [[0, 3], [3, 6]]) {
    const p = ints(Array.from(P6.contiguousData()).slice(a, b)), t = ints(Array.from(T6.contiguousData()).slice(a, b));
    for (const x of [pr, rc, f1, cm]) x.update(p, t);
  }
  close(pr.compute(), 13 / 18);
  closeAll(pr.computePerClass(), [1 / 2, 2 / 3, 1]);
  close(rc.compute(), 2 / 3);
  close(f1.compute(), 4 / 6);
  assert.deepEqual(cm.compute(), [[1, 1, 0], [0, 2, 0], [1, 0, 1]]);

  const top = new TopKAccuracy(2);
  top.update(tensor([[2, 1, 0]]), ints([2])); // target ranks 3rd → miss
  top.update(tensor([[0, 3, 1], [1, 0, 0.5]]), ints([2, 2])); // both rank 2nd → hits
  close(top.compute(), 2 / 3);
  // logits fix the matrix size even when few classes occur
  const cm3 = new ConfusionMatrix();
  cm3.update(tensor([[5, 1, 0]]), ints([0]));
  assert.deepEqual(cm3.compute(), [[1, 0, 0], [0, 0, 0], [0, 0, 0]]);
  assert.throws(() => new Precision({ average: 'none' }), ValueError);
});
