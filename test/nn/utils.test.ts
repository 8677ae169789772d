// nn.utils against training.json's clipGradNorm_/clipGradValue_ unit cases, plus hand-derived
// checks of parametersToVector/vectorToParameters and the error paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, zeros, Tensor, ValueError, ShapeError } from '../../src/index.js';
import { loadFixture, toTensor, assertClose, type FixtureTensor } from '../helpers/fixtures.js';

const { utils, Parameter } = nn;
interface ClipCase { id: string; fn: string; paramGrads: FixtureTensor[]; options: Record<string, number | string>; out: number | null; clippedGrads: FixtureTensor[] }
const cases = loadFixture<{ cases: ClipCase[] }>('training.json').cases.filter((c) => c.fn?.startsWith('nn.utils.'));

test('training.json has the clipping unit cases', () => assert.equal(cases.length, 8));

for (const c of cases) {
  test(`training.json ${c.id}`, () => {
    const params = c.paramGrads.map((g) => {
      const p = new Parameter(zeros(g.shape));
      p.grad = toTensor(g);
      return p;
    });
    if (c.fn === 'nn.utils.clipGradNorm_') {
      const o = c.options as { maxNorm: number; normType: number | 'inf' };
      const total = utils.clipGradNorm_(params, o.maxNorm, { normType: o.normType });
      assertClose(total, c.out as number, `${c.id} total norm`, 1e-5, 1e-6);
    } else {
      assert.equal(utils.clipGradValue_(params, c.options.clipValue as number), undefined);
      assert.equal(c.out, null);
    }
    params.forEach((p, i) => assertClose(p.grad!, c.clippedGrads[i], `${c.id} grad ${i}`, 1e-5, 1e-6));
  });
}

test('clipGradNorm_ skips params without grad, accepts one tensor, and refuses a non-finite norm when asked', () => {
  const a = new Parameter(zeros([2]));
  const b = new Parameter(zeros([2]));
  a.grad = tensor([3, 4]);
  // ‖(3, 4)‖ = 5; coef = 1/(5 + 1e−6) → grads (0.6, 0.8) up to 1e−7
  assert.equal(utils.clipGradNorm_([a, b], 1), 5);
  assertClose(a.grad, { shape: [2], dtype: 'float32', data: [0.6, 0.8] }, 'clipped', 1e-5, 1e-6);
  assert.equal(b.grad, null);
  assert.equal(utils.clipGradNorm_([b], 1), 0);
  a.grad = tensor([NaN, 1]);
  assert.throws(() => utils.clipGradNorm_(a, 1, { errorIfNonfinite: true }), /total norm of order 2 .* is NaN/);
  assert.ok(Number.isNaN(utils.clipGradNorm_(a, 1)));
  assert.throws(() => utils.clipGradNorm_(a, 1, { normType: -1 }), ValueError);
});

test('parametersToVector concatenates (and passes gradients back); vectorToParameters splits', () => {
  const p1 = new Parameter(tensor([[1, 2], [3, 4]]));
  const p2 = new Parameter(tensor([5, 6]));
  const v = utils.parametersToVector([p1, p2]);
  assert.deepEqual(v.toArray(), [1, 2, 3, 4, 5, 6]);
  // d(Σ vᵢ·i)/dp = the coefficients i = 0..5 laid out in each parameter's shape
  v.mul(tensor([0, 1, 2, 3, 4, 5])).sum().backward();
  assert.deepEqual(p1.grad!.toArray(), [[0, 1], [2, 3]]);
  assert.deepEqual(p2.grad!.toArray(), [4, 5]);
  utils.vectorToParameters(tensor([9, 8, 7, 6, 5, 4]), [p1, p2]);
  assert.deepEqual(p1.toArray(), [[9, 8], [7, 6]]);
  assert.deepEqual(p2.toArray(), [5, 4]);
  assert.throws(() => utils.vectorToParameters(tensor([1, 2]), [p1, p2]), ShapeError);
  assert.throws(() => utils.vectorToParameters(tensor([[1, 2]]) as Tensor, [p2]), /1-d vector/);
});
