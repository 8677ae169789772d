// Runs every case of an ops-format fixture file (default test/fixtures/ops.json; another file of the
// same format via TRAINLAB_OPS_FIXTURE=path) generically: forward, extras, then the gradients.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as TL from '../../src/index.js';
import { Tensor, mul, sum } from '../../src/index.js';
import { FIXTURES, assertClose, convert, isFixtureTensor, loadFixture, toTensor, type FixtureTensor } from '../helpers/fixtures.js';

interface Step { fn: string; args: unknown[]; options?: Record<string, unknown> }
interface Case extends Step {
  id: string;
  /** A list for functions that return several tensors (split, chunk). */
  out: FixtureTensor | FixtureTensor[] | number | null;
  grads?: Record<string, FixtureTensor>;
  gradWeight?: FixtureTensor;
  extra?: Record<string, FixtureTensor>;
  steps?: Step[];
}

// Tolerance of test/fixtures/README.md §1 (the generator checked torch float32 passes it with 3× margin).
const RTOL = 1e-5, ATOL = 1e-6;
const file = process.env.TRAINLAB_OPS_FIXTURE ?? join(FIXTURES, 'ops.json');
const fixture = loadFixture<{ cases: Case[] }>(file);

/** `add` → the top-level export; `F.conv2d` → F.conv2d; any dotted path walks the namespaces. */
function resolve(name: string): (...a: unknown[]) => unknown {
  let cur: unknown = TL;
  for (const part of name.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
  if (typeof cur !== 'function') assert.fail(`${name} is not exported by trainlab`);
  return cur as (...a: unknown[]) => unknown;
}

/** Case args: float tensors require grad; lists of tensors stay lists; numbers and null as they are. */
function convertArg(a: unknown): unknown {
  if (isFixtureTensor(a)) return toTensor(a, { requiresGrad: true });
  if (Array.isArray(a)) return a.map(convertArg);
  return convert(a);
}

function call(step: Step, args: unknown[]): unknown {
  return resolve(step.fn)(...args, convert(step.options ?? {}));
}

function run(c: Case, args: unknown[]): unknown {
  if (c.fn !== 'pipeline') return call(c, args);
  let prev: unknown;
  for (const s of c.steps ?? []) {
    const sArgs = s.args.map((a) => (a === '$prev' ? prev : typeof a === 'string' && /^\$\d+$/.test(a) ? args[Number(a.slice(1))] : convertArg(a)));
    prev = call(s, sArgs);
  }
  return prev;
}

/** An extra result: a property of the returned tensor (max's `indices`), or an arg updated in place. */
function extraValue(key: string, result: unknown, args: unknown[]): Tensor {
  const own = (result as Record<string, unknown>)[key];
  if (own instanceof Tensor) return own;
  // F.batchNorm updates its running statistics (args[1], args[2]) in place
  const inPlace: Record<string, number> = { runningMean: 1, runningVar: 2 };
  if (key in inPlace && args[inPlace[key]] instanceof Tensor) return args[inPlace[key]] as Tensor;
  return assert.fail(`extra.${key}: neither a property of the result nor an in-place argument`);
}

function gradOf(args: unknown[], key: string): Tensor | null {
  const [i, j] = key.split('.').map(Number);
  const t = (j === undefined ? args[i] : (args[i] as unknown[])[j]) as Tensor;
  return t.grad;
}

/** Backpropagates `loss` and compares every gradient the case lists. */
function checkGrads(c: Case, args: unknown[], loss: Tensor): void {
  const gradKeys = Object.keys(c.grads ?? {});
  if (!gradKeys.length) return;
  loss.backward();
  for (const key of gradKeys) {
    const g = gradOf(args, key);
    assert.ok(g, `${c.id}: args ${key} received no gradient`);
    assertClose(g, c.grads![key], `${c.id} grad ${key}`, RTOL, ATOL);
  }
}

describe(`ops fixtures: ${file}`, () => {
  for (const c of fixture.cases) {
    it(c.id, () => {
      const args = c.args.map(convertArg);
      const result = run(c, args);
      if (c.out === null) {
        assert.ok(result === null || result === undefined, `${c.id}: expected no result`);
        return;
      }
      if (Array.isArray(c.out)) {
        // a list result (split, chunk): compare each tensor; the gradient is of the sum of all of them
        const outs = c.out;
        assert.ok(Array.isArray(result) && result.length === outs.length && result.every((t) => t instanceof Tensor),
          `${c.id}: expected a list of ${outs.length} tensors, got ${Array.isArray(result) ? `a list of ${result.length}` : typeof result}`);
        (result as Tensor[]).forEach((t, k) => assertClose(t, outs[k], `${c.id} out[${k}]`, RTOL, ATOL));
        checkGrads(c, args, (result as Tensor[]).map((t) => sum(t)).reduce((a, b) => a.add(b)));
        return;
      }
      assert.ok(result instanceof Tensor, `${c.id}: expected a Tensor result, got ${typeof result}`);
      assertClose(result, c.out, `${c.id} out`, RTOL, ATOL);
      for (const [key, want] of Object.entries(c.extra ?? {})) {
        assertClose(extraValue(key, result, args), want, `${c.id} extra.${key}`, RTOL, ATOL);
      }
      if (!Object.keys(c.grads ?? {}).length) return;
      checkGrads(c, args, c.gradWeight ? sum(mul(result, toTensor(c.gradWeight))) : result.ndim === 0 ? result : sum(result));
    });
  }
});
