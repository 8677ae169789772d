// crossEntropy's fused path (2-D logits, class-index targets, no weight/labelSmoothing): finite
// differences for every reduction with ignored rows, and hand-derived values at the edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F, Generator, IndexError, gradcheck, randn, tensor } from '../../src/index.js';

const g = new Generator(77);
const idx = (v: number[]) => tensor(v, { dtype: 'int64' });

for (const reduction of ['mean', 'sum', 'none'] as const) {
  for (const ignoreIndex of [-100, 2]) {
    test(`gradcheck fused crossEntropy ${reduction}, ignoreIndex ${ignoreIndex}`, () => {
      const x = randn([5, 4], { dtype: 'float64', generator: g, requiresGrad: true });
      const t = idx([0, 2, 3, ignoreIndex, 1]);
      const r = gradcheck((a) => F.crossEntropy(a, t, { reduction, ignoreIndex }), [x]);
      assert.ok(r.passed, JSON.stringify(r.mismatch));
    });
  }
}

test('fused crossEntropy: hand-derived loss and gradient of one row', () => {
  // logits [0, ln 3]: softmax = [1/4, 3/4]; target 1 → loss = −ln(3/4); grad = softmax − onehot = [1/4, −1/4]
  const x = tensor([[0, Math.log(3)]], { dtype: 'float64', requiresGrad: true });
  const loss = F.crossEntropy(x, idx([1]));
  assert.ok(Math.abs(loss.item() + Math.log(0.75)) < 1e-15);
  loss.backward();
  const gx = x.grad!.toArray() as number[][];
  assert.ok(Math.abs(gx[0][0] - 0.25) < 1e-15 && Math.abs(gx[0][1] + 0.25) < 1e-15);
});

test('fused crossEntropy: every row ignored gives NaN for mean (0/0) and 0 for sum', () => {
  const x = randn([2, 3], { generator: g });
  assert.ok(Number.isNaN(F.crossEntropy(x, idx([-100, -100])).item()));
  assert.equal(F.crossEntropy(x, idx([-100, -100]), { reduction: 'sum' }).item(), 0);
});

test('fused crossEntropy: out-of-range target raises IndexError naming the position', () => {
  assert.throws(() => F.crossEntropy(randn([2, 3], { generator: g }), idx([0, 3])), (e: Error) =>
    e instanceof IndexError && /target index 3 \(at position 1\).*C = 3/.test(e.message));
});
