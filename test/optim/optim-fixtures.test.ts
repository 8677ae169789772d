// Runs every case of optim.json (or the file named by TRAINLAB_OPTIM_FIXTURE) against PyTorch's
// trajectories: param groups, 6 steps of given gradients, final state under torch's names, x² demos.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { assertClose, loadFixture, toTensor, isFixtureTensor, type FixtureTensor } from '../helpers/fixtures.js';

const RTOL = 1e-5;
const ATOL = 1e-6;

interface TrajectoryCase {
  id: string; fn: string; options: Record<string, unknown>;
  paramGroups?: (Record<string, unknown> & { params: number[] })[];
  params: FixtureTensor[]; gradSteps: FixtureTensor[][]; paramsAfter: FixtureTensor[][];
  finalState?: Record<string, unknown>[];
}
interface QuadraticCase { id: string; fn: string; options: Record<string, unknown>; x0: number; iterations: number; losses: number[]; xs: number[] }
type Case = TrajectoryCase | QuadraticCase;

type OptCtor = new (params: unknown, options: Record<string, unknown>) => optim.Optimizer;

/** The optimizer class a fixture's `fn` names (`optim.SGD` → optim.SGD). */
export function optimizerClass(fn: string): OptCtor {
  const name = fn.replace(/^optim\./, '');
  const C = (optim as unknown as Record<string, unknown>)[name];
  assert.ok(typeof C === 'function', `no optimizer named ${fn}`);
  return C as OptCtor;
}

const file = process.env.TRAINLAB_OPTIM_FIXTURE ?? 'optim.json';
const cases = loadFixture<{ cases: Case[] }>(file).cases;

function runTrajectory(c: TrajectoryCase): void {
  const params = c.params.map((p) => toTensor(p, { requiresGrad: true }));
  const groups = c.paramGroups?.map((g) => ({ ...g, params: g.params.map((i) => params[i]) }));
  const opt = new (optimizerClass(c.fn))(groups ?? params, c.options);
  c.gradSteps.forEach((grads, k) => {
    grads.forEach((g, i) => { params[i].grad = toTensor(g); });
    opt.step();
    params.forEach((p, i) => assertClose(p, c.paramsAfter[k][i], `${c.id} step ${k + 1} param ${i}`, RTOL, ATOL));
  });
  c.finalState?.forEach((expected, i) => {
    const st = opt.state.get(params[i]);
    assert.ok(st, `${c.id}: no state for param ${i}`);
    for (const [key, v] of Object.entries(expected)) {
      const what = `${c.id} final state '${key}' of param ${i}`;
      const actual = st[key];
      if (v === null) assert.ok(actual === null || actual === undefined, `${what}: expected null, got ${String(actual)}`);
      else if (isFixtureTensor(v)) {
        assert.ok(actual instanceof Tensor, `${what}: expected a tensor`);
        assertClose(actual, v, what, RTOL, ATOL);
      } else assertClose(actual as number, v as number, what, RTOL, ATOL);
    }
  });
}

function runQuadratic(c: QuadraticCase): void {
  const x = tensor([c.x0], { requiresGrad: true });
  const opt = new (optimizerClass(c.fn))([x], c.options);
  for (let k = 0; k < c.iterations; k++) {
    opt.zeroGrad();
    const loss = x.pow(2);
    assertClose(loss.item(), c.losses[k], `${c.id} loss before step ${k}`, RTOL, ATOL);
    loss.sum().backward();
    opt.step();
    assertClose(x.item(), c.xs[k], `${c.id} x after step ${k}`, RTOL, ATOL);
  }
}

test(`${file}: has cases`, () => assert.ok(cases.length > 0));
for (const c of cases) {
  test(c.id, () => ('x0' in c ? runQuadratic(c) : runTrajectory(c)));
}
