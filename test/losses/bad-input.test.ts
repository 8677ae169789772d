// Bad input to the losses: each gets a TrainlabError subclass whose message names the op, the
// offending shapes or values and what was expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, F, IndexError, ShapeError, ValueError, ones, tensor, zeros, type TrainlabError } from '../../src/index.js';
import { contrastiveLoss, diceLoss, focalLoss } from '../../src/nn/losses/index.js';

type ErrClass = new (...a: never[]) => TrainlabError;
function throwsWith(fn: () => unknown, cls: ErrClass, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.constructor.name}: ${e.message}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

const logits = tensor([[1, 2, 3, 4], [0, 1, 0, 1]]);

test('crossEntropy / nllLoss: class index out of range names the index and C', () => {
  throwsWith(() => F.crossEntropy(logits, tensor([1, 4], { dtype: 'int64' })), IndexError, /crossEntropy/, /index 4/, /C = 4/);
  throwsWith(() => F.crossEntropy(logits, tensor([-1, 0], { dtype: 'int64' })), IndexError, /index -1/, /C = 4/);
  throwsWith(() => F.nllLoss(logits, tensor([0, 7], { dtype: 'int64' }), { ignoreIndex: 3 }), IndexError, /nllLoss/, /index 7/, /C = 4/, /ignoreIndex 3/);
  // the ignoreIndex itself is fine even though it is out of range
  assert.doesNotThrow(() => F.crossEntropy(logits, tensor([1, -100], { dtype: 'int64' })));
});

test('crossEntropy: target shapes and dtypes that fit neither indices nor probabilities', () => {
  throwsWith(() => F.crossEntropy(logits, tensor([1, 2, 3], { dtype: 'int64' })), ShapeError, /\[2,4\]/, /\[3\]/, /expects a target of shape \[2\]/);
  throwsWith(() => F.crossEntropy(logits, tensor([1, 2])), ShapeError, /float target/, /\[2,4\]/, /\[2\]/);
  throwsWith(() => F.nllLoss(logits, tensor([1, 2])), DTypeError, /nllLoss/, /float32/);
  throwsWith(() => F.crossEntropy(logits, tensor([1, 2], { dtype: 'int64' }), { weight: ones([3]) }), ShapeError, /weight of shape \[3\]/, /4 classes/);
  throwsWith(() => F.crossEntropy(logits, tensor([1, 2], { dtype: 'int64' }), { labelSmoothing: 1.5 }), ValueError, /labelSmoothing/, /1\.5/);
});

test('binaryCrossEntropy: a probability outside [0, 1] is a ValueError naming the value', () => {
  throwsWith(() => F.binaryCrossEntropy(tensor([0.5, 1.5]), tensor([0, 1])), ValueError, /binaryCrossEntropy/, /1\.5/, /\[0, 1\]/);
  throwsWith(() => F.binaryCrossEntropy(tensor([-0.25, 0.5]), tensor([0, 1])), ValueError, /-0\.25/);
  throwsWith(() => F.binaryCrossEntropy(tensor([NaN, 0.5]), tensor([0, 1])), ValueError, /NaN/);
  throwsWith(() => F.binaryCrossEntropy(tensor([0.5, 0.5]), tensor([0, 1]), { weight: ones([3]) }), ShapeError, /weight/, /\[3\]/, /\[2\]/);
});

test('mismatched input/target shapes are a ShapeError naming both shapes', () => {
  const a = zeros([2, 3]), b = zeros([3, 2]);
  for (const [name, fn] of [
    ['mseLoss', () => F.mseLoss(a, b)], ['l1Loss', () => F.l1Loss(a, b)], ['smoothL1Loss', () => F.smoothL1Loss(a, b)],
    ['huberLoss', () => F.huberLoss(a, b)], ['binaryCrossEntropy', () => F.binaryCrossEntropy(a, b)],
    ['binaryCrossEntropyWithLogits', () => F.binaryCrossEntropyWithLogits(a, b)], ['klDiv', () => F.klDiv(a, b)],
    ['focalLoss', () => focalLoss(a, b)], ['diceLoss', () => diceLoss(a, b)],
  ] as const) {
    throwsWith(fn, ShapeError, new RegExp(`^${name}:`), /\[2,3\]/, /\[3,2\]/);
  }
  throwsWith(() => F.tripletMarginLoss(a, a, b), ShapeError, /tripletMarginLoss/, /\[2,3\]/, /\[3,2\]/);
  throwsWith(() => F.cosineEmbeddingLoss(a, a, ones([3])), ShapeError, /cosineEmbeddingLoss/, /\[2\]/, /\[3\]/);
  throwsWith(() => contrastiveLoss(a, a, ones([3])), ShapeError, /contrastiveLoss/, /\[2,3\]/, /\[3\]/);
});

test('an invalid reduction string is a ValueError listing the allowed ones', () => {
  const a = zeros([2]);
  throwsWith(() => F.mseLoss(a, a, { reduction: 'avg' as 'mean' }), ValueError, /mseLoss/, /'mean', 'sum', 'none'/, /"avg"/);
  throwsWith(() => F.crossEntropy(logits, tensor([0, 1], { dtype: 'int64' }), { reduction: 'batchmean' as 'mean' }), ValueError, /crossEntropy/, /batchmean/);
  throwsWith(() => F.klDiv(a, a, { reduction: 'avg' as 'mean' }), ValueError, /klDiv/, /'batchmean'/);
});

test('labels of the embedding/ranking losses must be 1 or -1; hyperparameters are validated', () => {
  throwsWith(() => F.hingeEmbeddingLoss(zeros([3]), tensor([1, 0, -1])), ValueError, /hingeEmbeddingLoss/, /found 0 at element 1/);
  throwsWith(() => F.marginRankingLoss(zeros([2]), zeros([2]), tensor([1, 2])), ValueError, /found 2/);
  throwsWith(() => F.smoothL1Loss(zeros([2]), zeros([2]), { beta: -1 }), ValueError, /beta/, /-1/);
  throwsWith(() => F.huberLoss(zeros([2]), zeros([2]), { delta: 0 }), ValueError, /delta/);
  throwsWith(() => F.tripletMarginLoss(zeros([2, 2]), zeros([2, 2]), zeros([2, 2]), { p: 0 }), ValueError, /p must be positive/);
  throwsWith(() => focalLoss(zeros([2]), zeros([2]), { gamma: -1 }), ValueError, /gamma/);
});

test('integer inputs are a DTypeError', () => {
  throwsWith(() => F.mseLoss(tensor([1, 2], { dtype: 'int64' }), zeros([2])), DTypeError, /mseLoss: input/, /int64/);
});
