// The end-to-end training runs of training.json (README §7), or of another file of the same
// format named by TRAINLAB_TRAINING_FIXTURE: build the Sequential from `layers`, load the initial
// parameters, then zeroGrad/forward/loss/backward/record/clip/step/scheduler for every step and
// compare losses, grad norms, lrs, paramsAfterStep1 and finalParams with PyTorch's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import { nn, type Tensor } from '../../src/index.js';
import { loadFixture, toTensor, assertClose, type FixtureTensor } from '../helpers/fixtures.js';
import { buildScheduler } from '../optim/fixture-builders.js';
import type { Optimizer } from '../../src/optim/index.js';

const RTOL = 1e-4, ATOL = 1e-5;
type Spec = { fn: string; options?: Record<string, unknown> };
interface RunCase {
  id: string; model: { layers: Record<string, unknown>[]; paramOrder: string[] };
  initialParams: Record<string, FixtureTensor>; inputs: FixtureTensor; targets: FixtureTensor;
  optimizer: Spec; loss: Spec; scheduler?: Spec; clipGradNorm?: { maxNorm: number; normType: number | 'inf' };
  steps: number; losses: number[]; gradNorms: number[]; lrs: number[];
  paramsAfterStep1: Record<string, FixtureTensor>; finalParams: Record<string, FixtureTensor>;
}

const file = process.env.TRAINLAB_TRAINING_FIXTURE ?? 'training.json';
const cases = loadFixture<{ cases: RunCase[] }>(file).cases.filter((c) => c.model !== undefined);

/** One layer of a fixture model, with the defaults README §7/§9 state (Flatten from dim 1). */
function buildLayer(l: Record<string, unknown>): nn.AnyModule {
  const n = (k: string) => l[k] as number;
  switch (l.type) {
    case 'Linear': return new nn.Linear(n('inFeatures'), n('outFeatures'));
    case 'ReLU': return new nn.ReLU();
    case 'Conv2d': return new nn.Conv2d(n('inChannels'), n('outChannels'), n('kernelSize'), { padding: n('padding') ?? 0 });
    case 'MaxPool2d': return new nn.MaxPool2d(n('kernelSize'));
    case 'Flatten': return new nn.Flatten();
    case 'BatchNorm2d': return new nn.BatchNorm2d(n('numFeatures'));
    default: throw new Error(`${file}: unknown layer type ${String(l.type)}`);
  }
}

/** Looks up `optim.SGD`, `F.crossEntropy`, `optim.lrScheduler.StepLR` among the top-level exports. */
function resolve(path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], T);
}

interface Opt { zeroGrad(): void; step(): void; paramGroups: { lr: number }[] }

const l2 = (ts: Tensor[]) => Math.sqrt(ts.reduce((s, g) => s + [...g.contiguousData()].reduce((a, v) => a + v * v, 0), 0));
/** The total p-norm of all grads taken together (p = 1, 2 or 'inf'), as clipGradNorm_ returns it. */
function pNorm(ts: Tensor[], p: number | 'inf'): number {
  const vs = ts.flatMap((g) => [...g.contiguousData()].map(Math.abs));
  if (p === 'inf' || p === Infinity) return vs.reduce((m, v) => Math.max(m, v), 0);
  return vs.reduce((a, v) => a + v ** p, 0) ** (1 / p);
}

function compareParams(model: nn.Module, expected: Record<string, FixtureTensor>, what: string): void {
  const sd = model.stateDict();
  for (const [k, t] of Object.entries(expected)) assertClose(sd[k], t, `${what} ${k}`, RTOL, ATOL);
}

test(`${file} has end-to-end cases`, () => assert.ok(cases.length > 0));

for (const c of cases) {
  const needed = [c.optimizer.fn, c.loss.fn, ...(c.scheduler ? [c.scheduler.fn] : [])];
  test(`${file} ${c.id}`, () => {
    // a case naming something trainlab lacks fails (a skipped case would pass silently)
    const missing = needed.filter((p) => typeof resolve(p) !== 'function');
    assert.deepEqual(missing, [], `${c.id}: not exported by trainlab: ${missing.join(', ')}`);
    const model = new nn.Sequential(...c.model.layers.map(buildLayer));
    const named = new Map(model.namedParameters());
    assert.deepEqual([...named.keys()].sort(), [...c.model.paramOrder].sort(), 'parameter names');
    // buffers (BatchNorm running stats) may be absent from initialParams: they start at their defaults
    const r = model.loadStateDict(Object.fromEntries(Object.entries(c.initialParams).map(([k, v]) => [k, toTensor(v)])), { strict: false });
    assert.deepEqual(r.unexpectedKeys, []);
    assert.deepEqual(r.missingKeys.filter((k) => named.has(k)), [], 'every parameter has an initial value');
    const params = c.model.paramOrder.map((k) => named.get(k)!);
    const Optim = resolve(c.optimizer.fn) as new (p: unknown, o: unknown) => Opt;
    const opt = new Optim(params, c.optimizer.options ?? {});
    // nested schedulers (SequentialLR, ChainedScheduler) are built as the scheduler fixtures build them
    const sched = c.scheduler ? buildScheduler(c.scheduler.fn, opt as unknown as Optimizer, c.scheduler.options ?? {}) : null;
    const lossFn = resolve(c.loss.fn) as (out: Tensor, t: Tensor, o: unknown) => Tensor;
    const inputs = toTensor(c.inputs), targets = toTensor(c.targets);
    for (let step = 0; step < c.steps; step++) {
      opt.zeroGrad();
      const loss = lossFn(model.call(inputs), targets, c.loss.options ?? {});
      loss.backward();
      assertClose(loss.item(), c.losses[step], `loss at step ${step}`, RTOL, ATOL);
      const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
      assertClose(l2(grads), c.gradNorms[step], `grad norm at step ${step}`, RTOL, ATOL);
      assertClose(opt.paramGroups[0].lr, c.lrs[step], `lr at step ${step}`, RTOL, ATOL);
      if (c.clipGradNorm) {
        // gradNorms is the L2 norm (README §7); clipGradNorm_ returns the norm of its own normType
        const p = c.clipGradNorm.normType ?? 2;
        const want = p === 2 ? c.gradNorms[step] : pNorm(grads, p);
        const total = nn.utils.clipGradNorm_(params, c.clipGradNorm.maxNorm, { normType: p });
        assertClose(total, want, `clipGradNorm_ total (normType ${p}) at step ${step}`, RTOL, ATOL);
      }
      opt.step();
      sched?.step();
      if (step === 0) compareParams(model, c.paramsAfterStep1, 'after step 1:');
    }
    compareParams(model, c.finalParams, 'final:');
  });
}
