// Bad input: each raises a TrainlabError subclass whose message names the op and the shapes,
// dtypes, dims or indices involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AutogradError, DTypeError, IndexError, ShapeError, TrainlabError, ValueError, F, add, amax, cat, chunk, clamp,
  dropout, embedding, exp, gather, indexSelect, logSoftmax, matmul, maskedFill, max, mul, noGrad, ones, pad, randn,
  reshape, scatter, softmax, split, stack, sum, tensor, var_, zeros, linear, where, prod,
} from '../../src/index.js';

/** Asserts fn throws an instance of `cls` whose message matches every pattern. */
function throwsWith(fn: () => unknown, cls: new (...a: never[]) => TrainlabError, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    for (const p of patterns) assert.match((e as Error).message, p);
    return true;
  });
}

const idx = (data: number[], shape?: number[]) => tensor(data, { dtype: 'int64', shape });

test('shape mismatches name the op and both shapes', () => {
  throwsWith(() => add(ones([2, 3]), ones([4, 3])), ShapeError, /^add:/, /\[2,3\]/, /\[4,3\]/);
  throwsWith(() => mul(ones([2, 3]), ones([2])), ShapeError, /^mul:/, /\[2,3\]/, /\[2\]/);
  throwsWith(() => matmul(ones([2, 3]), ones([4, 5])), ShapeError, /^matmul: \[2,3\] @ \[4,5\]: inner dimensions 3 and 4 differ/);
  throwsWith(() => linear(ones([2, 3]), ones([5, 4])), ShapeError, /^linear:/, /\[2,3\]/, /\[5,4\]/);
  throwsWith(() => reshape(ones([2, 3]), [4, 2]), ShapeError, /^reshape:/, /\[4,2\]/, /\[2,3\]/);
  throwsWith(() => cat([ones([2, 3]), ones([2, 4])], { dim: 0 }), ShapeError, /^cat:/, /\[2,4\]/, /\[2,3\]/);
  throwsWith(() => stack([ones([2, 3]), ones([3, 2])]), ShapeError, /^stack:/, /\[2,3\]/, /\[3,2\]/);
  throwsWith(() => split(ones([2, 4]), [1, 2], { dim: 1 }), ShapeError, /^split:/, /\[1,2\]/, /\[2,4\]/);
  throwsWith(() => gather(ones([3, 4]), idx([0, 1], [2]), { dim: 1 }), ShapeError, /^gather:/, /\[2\]/, /\[3,4\]/);
  throwsWith(() => maskedFill(ones([2, 3]), tensor([[true], [false], [true]]), 0), ShapeError, /^maskedFill:/, /\[3,1\]|\[2,3\]/);
  throwsWith(() => where(tensor([true, false, true]), ones([2]), 0), ShapeError, /^where:/, /\[3\]/, /\[2\]/);
  throwsWith(() => embedding(idx([0]), ones([4])), ShapeError, /^embedding:/, /\[4\]/);
  throwsWith(() => F.cosineSimilarity(ones([2, 3]), ones([2, 4])), ShapeError, /^cosineSimilarity:/, /\[2,3\]/, /\[2,4\]/);
});

test('mixed dtypes that torch refuses', () => {
  throwsWith(() => matmul(ones([2, 3]), ones([3, 2], { dtype: 'float64' })), DTypeError, /^matmul:/, /float32/, /float64/);
  throwsWith(() => matmul(idx([1, 2, 3], [1, 3]), ones([3, 1])), DTypeError, /^matmul:/, /int64/, /float32/);
  throwsWith(() => matmul(tensor([[true]]), tensor([[true]])), DTypeError, /^matmul:/, /bool/);
  throwsWith(() => softmax(idx([1, 2]), { dim: 0 }), DTypeError, /^softmax:/, /int64/);
  throwsWith(() => var_(idx([1, 2])), DTypeError, /^var:/, /int64/);
  throwsWith(() => maskedFill(ones([2]), ones([2]), 0), DTypeError, /^maskedFill:/, /float32/);
  throwsWith(() => gather(ones([2, 2]), ones([2, 2]), { dim: 0 }), DTypeError, /^gather:/, /float32/);
  throwsWith(() => scatter(ones([2, 2]), idx([0, 1], [1, 2]), ones([1, 2], { dtype: 'float64' }), { dim: 0 }), DTypeError, /^scatter:/, /float64/, /float32/);
});

test('dims out of range name the op, the dim and the valid range', () => {
  throwsWith(() => sum(ones([2, 3]), { dim: 2 }), IndexError, /^sum: dimension 2 out of range/, /\[-2, 1\]/);
  throwsWith(() => softmax(ones([2, 3]), { dim: -3 }), IndexError, /^softmax: dimension -3/);
  throwsWith(() => max(ones([2, 3]), { dim: 5 }), IndexError, /^max: dimension 5/);
  throwsWith(() => amax(ones([2, 3]), { dim: [0, 0] }), IndexError, /^amax:/, /repeats/);
  throwsWith(() => cat([ones([2]), ones([2])], { dim: 1 }), IndexError, /^cat: dimension 1/);
  throwsWith(() => chunk(ones([2]), 2, { dim: 3 }), IndexError, /^chunk: dimension 3/);
});

test('indices out of range name the index, the dim and its size', () => {
  throwsWith(() => gather(ones([3, 4]), idx([0, 4], [1, 2]), { dim: 1 }), IndexError, /^gather: index 4 is out of bounds for dimension 1 with size 4/);
  throwsWith(() => indexSelect(ones([3, 4]), idx([3]), { dim: 0 }), IndexError, /^indexSelect: index 3 is out of bounds for dimension 0 with size 3/);
  throwsWith(() => indexSelect(ones([3, 4]), 1, idx([-1])), IndexError, /index -1 is out of bounds for dimension 1 with size 4/);
  throwsWith(() => scatter(zeros([2, 2]), idx([2], [1, 1]), 1, { dim: 0 }), IndexError, /^scatter: index 2 is out of bounds for dimension 0 with size 2/);
  throwsWith(() => F.embedding(idx([0, 6]), ones([5, 2])), IndexError, /^embedding: index 6 is out of bounds for dimension 0 with size 5/);
  throwsWith(() => F.embedding(idx([0]), ones([5, 2]), { paddingIdx: 5 }), IndexError, /^embedding: paddingIdx 5/);
});

test('invalid option values', () => {
  throwsWith(() => clamp(ones([2])), ValueError, /^clamp:/);
  throwsWith(() => dropout(ones([2]), { p: 1.5 }), ValueError, /^dropout:.*1\.5/);
  throwsWith(() => pad(ones([2, 3]), { pad: [3, 0], mode: 'reflect' }), ValueError, /^pad: reflect padding 3,0 must be smaller than dimension 1 of size 3/);
  throwsWith(() => pad(ones([3]), { pad: [1] }), ValueError, /^pad:/);
  throwsWith(() => pad(ones([3]), { pad: [1, 1, 1, 1] }), ShapeError, /^pad:/, /\[3\]/);
  throwsWith(() => split(ones([4]), 0), ValueError, /^split:/);
  throwsWith(() => softmax(ones([3])), ValueError, /^softmax: dim is required/);
  throwsWith(() => F.gelu(ones([2]), { approximate: 'fast' as 'tanh' }), ValueError, /^gelu:.*fast/);
  throwsWith(() => max(ones([0])), ValueError, /^max:.*\[0\]/);
  throwsWith(() => prod(ones([2, 2]), { dim: [0, 1] }), ValueError, /^prod:/);
});

test('backward misuse: non-scalar without gradient, second backward, in-place change of a saved tensor', () => {
  const x = randn([3], { requiresGrad: true });
  throwsWith(() => mul(x, 2).backward(), AutogradError, /scalar outputs/, /\[3\]/);

  const s = sum(exp(x));
  s.backward();
  throwsWith(() => s.backward(), AutogradError, /second time/, /retainGraph/);

  const a = mul(x, 2);
  const b = sum(mul(a, a)); // MulBackward saved a
  noGrad(() => a.mul_(3));
  throwsWith(() => b.backward(), AutogradError, /\[3\] float32 tensor saved by MulBackward was modified by an in-place operation/);

  const y = softmax(randn([2, 3], { requiresGrad: true }), { dim: 1 });
  throwsWith(() => y.backward(), AutogradError, /\[2,3\]/);
  throwsWith(() => logSoftmax(y, 1).backward(ones([3])), ShapeError, /gradient has shape \[3\] but the output has shape \[2,3\]/);
});
