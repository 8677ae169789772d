// The checks used straight from node:test through assertCheck (returns the result, or throws a
// TrainlabError naming the check and its summary), the way vitest or jest would call them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertCheck, checks, result, type Check } from '../../src/qa/index.js';
import { TrainlabError } from '../../src/errors.js';
import { healthy, mlp } from '../qa/suites.js';

test('assertCheck returns the result of a passing check', async () => {
  const suite = healthy([]);
  const r = await assertCheck(suite, checks.gradientFlow());
  assert.equal(r.passed, true);
  assert.equal(r.name, 'gradientFlow');
  assert.equal(r.metrics.parameters, 4, 'two Linear layers: 2 weights + 2 biases');
});

test('assertCheck throws a TrainlabError with the summary when a real check fails on a broken model', async () => {
  // The last Linear's weight and bias 100× too large: logits of size ~100 make the initial
  // cross-entropy far above ln 3 ≈ 1.0986, the loss of a uniform guess over 3 classes.
  const big = () => { const m = mlp(); for (const p of m.parameters().slice(2)) p.storage.data.forEach((v, i, a) => { a[i] = v * 100; }); return m; };
  const suite = healthy([], { model: big });
  await assert.rejects(assertCheck(suite, checks.lossAtInit()), (e: unknown) => {
    assert.ok(e instanceof TrainlabError);
    assert.match((e as Error).message, /^check lossAtInit failed: initial loss .* vs ln\(3\)/);
    return true;
  });
});

test('assertCheck: a custom failing check throws; the seed reaches the check', async () => {
  const seen: number[] = [];
  const c: Check = { name: 'custom', run: (ctx) => { seen.push(ctx.seed); return result('custom', ctx.seed === 3, `seed ${ctx.seed}`); } };
  const suite = healthy([]);
  await assert.rejects(assertCheck(suite, c), /check custom failed: seed 7/);
  assert.equal((await assertCheck(suite, c, 3)).summary, 'seed 3');
  assert.deepEqual(seen, [7, 3], "the suite's seed (7) by default, then the one given");
});
