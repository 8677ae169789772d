// Runs every case of a losses fixture file (test/fixtures/losses.json, or the file named by
// TRAINLAB_LOSSES_FIXTURE) generically: value and every listed gradient against PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F, Tensor } from '../../src/index.js';
import * as losses from '../../src/nn/losses/index.js';
import { assertClose, convert, isFixtureTensor, loadFixture, toTensor, type FixtureTensor } from '../helpers/fixtures.js';

interface LossCase {
  id: string;
  fn: string;
  args: unknown[];
  options?: Record<string, unknown>;
  out: FixtureTensor;
  grads?: Record<string, FixtureTensor>;
  gradWeight?: FixtureTensor;
}

type AnyFn = (...a: unknown[]) => Tensor;
const file = process.env.TRAINLAB_LOSSES_FIXTURE ?? 'losses.json';
const cases = loadFixture<{ kind: string; cases: LossCase[] }>(file).cases;

/** `F.x` → the functional export; a bare name → the losses export of that name. */
function resolve(name: string): AnyFn {
  const table = (name.startsWith('F.') ? F : losses) as unknown as Record<string, unknown>;
  const fn = table[name.startsWith('F.') ? name.slice(2) : name];
  if (typeof fn !== 'function') assert.fail(`no function for fixture name ${name}`);
  return fn as AnyFn;
}

/** Float args that the case lists a gradient for get requiresGrad; targets and labels do not. */
function buildArgs(c: LossCase): unknown[] {
  const wanted = new Set(Object.keys(c.grads ?? {}));
  return c.args.map((a, i) => {
    if (isFixtureTensor(a)) return toTensor(a, { requiresGrad: wanted.has(String(i)) });
    if (Array.isArray(a)) return a.map((x, j) => (isFixtureTensor(x) ? toTensor(x, { requiresGrad: wanted.has(`${i}.${j}`) }) : x));
    return a;
  });
}

function argAt(args: unknown[], key: string): Tensor {
  const [i, j] = key.split('.').map(Number);
  const a = j === undefined ? args[i] : (args[i] as unknown[])[j];
  assert.ok(a instanceof Tensor, `grads key ${key} does not name a tensor argument`);
  return a;
}

assert.ok(cases.length > 0, `${file} holds no cases`);
for (const c of cases) {
  test(c.id, () => {
    const args = buildArgs(c);
    const out = resolve(c.fn)(...args, ...(c.options === undefined ? [] : [convert(c.options)]));
    assertClose(out, c.out, `${c.id} out`);
    const grads = Object.entries(c.grads ?? {});
    if (grads.length === 0) return;
    const seed = c.gradWeight ? toTensor(c.gradWeight) : null;
    const scalar = seed ? F.sum(F.mul(out, seed)) : out.ndim === 0 ? out : F.sum(out);
    scalar.backward();
    for (const [key, g] of grads) {
      const t = argAt(args, key);
      assert.ok(t.grad, `${c.id}: argument ${key} received no gradient`);
      assertClose(t.grad, g, `${c.id} grad ${key}`);
    }
  });
}
