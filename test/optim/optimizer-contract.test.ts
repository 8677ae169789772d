// The Optimizer contract: state dict round trips (on every optim.json trajectory), load validation,
// bad hyperparameters, param groups, zeroGrad, closures, in-place updates outside autograd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, ValueError, ShapeError, noGrad, tensor, zeros } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { assertClose, loadFixture, toTensor, type FixtureTensor } from '../helpers/fixtures.js';

interface TrajectoryCase {
  id: string; fn: string; options: Record<string, unknown>; x0?: number;
  paramGroups?: (Record<string, unknown> & { params: number[] })[];
  params: FixtureTensor[]; gradSteps: FixtureTensor[][]; paramsAfter: FixtureTensor[][];
}
type OptCtor = new (params: unknown, options?: Record<string, unknown>) => optim.Optimizer;
const ctor = (fn: string): OptCtor => (optim as unknown as Record<string, OptCtor>)[fn.replace(/^optim\./, '')];

const cases = loadFixture<{ cases: TrajectoryCase[] }>(process.env.TRAINLAB_OPTIM_FIXTURE ?? 'optim.json').cases
  .filter((c) => c.x0 === undefined);

function build(c: TrajectoryCase, params: Tensor[]): optim.Optimizer {
  const groups = c.paramGroups?.map((g) => ({ ...g, params: g.params.map((i) => params[i]) }));
  return new (ctor(c.fn))(groups ?? params, c.options);
}
const cloneParam = (p: Tensor): Tensor => tensor(p.toTypedArray(), { shape: p.shape, dtype: p.dtype, requiresGrad: true });

for (const c of cases) {
  test(`stateDict round trip: ${c.id}`, () => {
    const params = c.params.map((p) => toTensor(p, { requiresGrad: true }));
    const opt = build(c, params);
    const half = Math.floor(c.gradSteps.length / 2);
    const run = (o: optim.Optimizer, ps: Tensor[], k: number) => {
      c.gradSteps[k].forEach((g, i) => { ps[i].grad = toTensor(g); });
      o.step();
    };
    for (let k = 0; k < half; k++) run(opt, params, k);
    const saved = opt.stateDict();
    const params2 = params.map(cloneParam);
    const opt2 = build(c, params2);
    opt2.loadStateDict(saved);
    for (let k = half; k < c.gradSteps.length; k++) { run(opt, params, k); run(opt2, params2, k); }
    params.forEach((p, i) => {
      assert.deepEqual(Array.from(params2[i].toTypedArray()), Array.from(p.toTypedArray()), `${c.id}: param ${i} differs after resuming`);
      // and both still follow PyTorch
      assertClose(params2[i], c.paramsAfter[c.gradSteps.length - 1][i], `${c.id} resumed param ${i}`, 1e-5, 1e-6);
    });
  });
}

test('loadStateDict validates group count, group sizes and state shapes before loading', () => {
  const a = zeros([2], { requiresGrad: true });
  const b = zeros([3], { requiresGrad: true });
  const opt = new optim.Adam([a, b], { lr: 0.1 });
  a.grad = tensor([1, 2]); b.grad = tensor([1, 2, 3]);
  opt.step();
  const sd = opt.stateDict();
  const two = new optim.Adam([{ params: [zeros([2])] }, { params: [zeros([3])] }]);
  assert.throws(() => two.loadStateDict(sd), (e: Error) => e instanceof ValueError && /1 parameter group\(s\), this optimizer has 2/.test(e.message));
  const small = new optim.Adam([zeros([2])]);
  assert.throws(() => small.loadStateDict(sd), (e: Error) => e instanceof ValueError && /group 0 has 2 parameter\(s\).*has 1/.test(e.message));
  const swapped = new optim.Adam([zeros([3]), zeros([2])], { lr: 0.5 });
  assert.throws(() => swapped.loadStateDict(sd), (e: Error) => e instanceof ShapeError && /exp_avg/.test(e.message));
  // nothing was loaded by the failed calls
  assert.equal(swapped.state.size, 0);
  assert.equal(swapped.paramGroups[0].lr, 0.5);
  assert.throws(() => small.loadStateDict({} as optim.OptimizerStateDict), ValueError);
});

test('stateDict is a snapshot: later steps do not change it', () => {
  const p = tensor([1, 2], { requiresGrad: true });
  const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
  p.grad = tensor([1, 1]);
  opt.step();
  const sd = opt.stateDict();
  opt.step();
  // after one step the buffer is the first gradient, [1, 1] (torch: buf = clone(d_p))
  assert.deepEqual(Array.from((sd.state[0].momentum_buffer as Tensor).toTypedArray()), [1, 1]);
  assert.deepEqual(sd.paramGroups[0].params, [0]);
});

const bad: [string, () => unknown, RegExp][] = [
  ['SGD negative lr', () => new optim.SGD([zeros([1])], { lr: -0.1 }), /learning rate: -0\.1/],
  ['SGD negative momentum', () => new optim.SGD([zeros([1])], { lr: 0.1, momentum: -1 }), /momentum value: -1/],
  ['SGD nesterov without momentum', () => new optim.SGD([zeros([1])], { lr: 0.1, nesterov: true }), /Nesterov.*momentum 0/],
  ['SGD nesterov with dampening', () => new optim.SGD([zeros([1])], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), /dampening 0\.1/],
  ['Adam beta1 = 1', () => new optim.Adam([zeros([1])], { betas: [1, 0.999] }), /index 0: 1/],
  ['Adam beta2 < 0', () => new optim.Adam([zeros([1])], { betas: [0.9, -0.1] }), /index 1: -0\.1/],
  ['Adam eps < 0', () => new optim.Adam([zeros([1])], { eps: -1e-8 }), /epsilon value: -1e-8/],
  ['AdamW negative weight decay', () => new optim.AdamW([zeros([1])], { weightDecay: -0.01 }), /weight_decay value: -0\.01/],
  ['RMSprop negative alpha', () => new optim.RMSprop([zeros([1])], { alpha: -0.5 }), /alpha value: -0\.5/],
  ['Adagrad negative lrDecay', () => new optim.Adagrad([zeros([1])], { lrDecay: -1 }), /lr_decay value: -1/],
  ['Adadelta rho > 1', () => new optim.Adadelta([zeros([1])], { rho: 1.5 }), /rho value: 1\.5/],
  ['NAdam negative momentumDecay', () => new optim.NAdam([zeros([1])], { momentumDecay: -1 }), /momentum_decay value: -1/],
  ['Adamax NaN lr', () => new optim.Adamax([zeros([1])], { lr: NaN }), /learning rate: NaN/],
  ['RAdam lr in a group', () => new optim.RAdam([{ params: [zeros([1])], lr: -1 }]), /learning rate: -1/],
  ['empty parameter list', () => new optim.SGD([], { lr: 0.1 }), /empty parameter list/],
  ['integer parameter', () => new optim.SGD([zeros([1], { dtype: 'int32' })], { lr: 0.1 }), /int32/],
  ['non-leaf parameter', () => new optim.SGD([zeros([2], { requiresGrad: true }).mul(2)], { lr: 0.1 }), /non-leaf/],
];
for (const [name, fn, msg] of bad) {
  test(`bad hyperparameters: ${name}`, () => assert.throws(fn, (e: Error) => e instanceof ValueError && msg.test(e.message), name));
}

test('a parameter in two groups is refused, at construction and in addParamGroup', () => {
  const p = zeros([2]);
  assert.throws(() => new optim.SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 }), /more than one parameter group/);
  const opt = new optim.SGD([p], { lr: 0.1 });
  assert.throws(() => opt.addParamGroup({ params: [p] }), /more than one parameter group/);
  assert.equal(opt.paramGroups.length, 1);
});

test('groups take the defaults and their own overrides; state is created lazily', () => {
  const a = zeros([1]); const b = zeros([1]);
  const opt = new optim.SGD([{ params: [a] }], { lr: 0.1, momentum: 0.9 });
  opt.addParamGroup({ params: [b], lr: 0.01 });
  assert.deepEqual([opt.paramGroups[1].lr, opt.paramGroups[1].momentum, opt.paramGroups[0].lr], [0.01, 0.9, 0.1]);
  assert.equal(opt.state.size, 0);
  a.grad = tensor([1]);
  opt.step();
  assert.ok(opt.state.has(a) && !opt.state.has(b), 'only the parameter with a gradient gets state');
});

test('step updates in place, outside autograd, in the parameter dtype', () => {
  const p = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
  const storage = p.storage;
  const v0 = p.version;
  const opt = new optim.SGD([p], { lr: 0.1, weightDecay: 0.5 });
  p.grad = tensor([0.3, 0.3], { dtype: 'float64' });
  opt.step();
  // p − lr·(g + wd·p) = [1 − 0.1·(0.3 + 0.5), −2 − 0.1·(0.3 − 1)] = [0.92, −1.93]
  assert.deepEqual(Array.from(p.toTypedArray()), [1 - 0.1 * (0.3 + 0.5 * 1), -2 - 0.1 * (0.3 + 0.5 * -2)]);
  assert.equal(p.storage, storage);
  assert.ok(p.version > v0, 'version bumped');
  assert.ok(p.isLeaf && p.gradFn === null && p.requiresGrad);
  assert.equal(p.dtype, 'float64');
});

test('maximize ascends: SGD p ← p + lr·g', () => {
  const p = tensor([1], { dtype: 'float64' });
  const opt = new optim.SGD([p], { lr: 0.5, maximize: true });
  p.grad = tensor([2], { dtype: 'float64' });
  opt.step();
  assert.equal(p.item(), 1 + 0.5 * 2);
});

test('zeroGrad sets grads to null by default, or zeroes them', () => {
  const p = zeros([2], { requiresGrad: true });
  const opt = new optim.SGD([p], { lr: 0.1 });
  p.grad = tensor([1, 2]);
  opt.zeroGrad({ setToNone: false });
  assert.deepEqual(Array.from(p.grad!.toTypedArray()), [0, 0]);
  opt.zeroGrad();
  assert.equal(p.grad, null);
});

test('step(closure) evaluates the loss with grad enabled and returns it', () => {
  const x = tensor([3], { requiresGrad: true });
  const opt = new optim.SGD([x], { lr: 0.1 });
  const closure = () => { opt.zeroGrad(); const loss = x.pow(2).sum(); loss.backward(); return loss; };
  const loss = noGrad(() => opt.step(closure)) as Tensor;
  assert.equal(loss.item(), 9);
  // d(x²)/dx = 2x = 6, so x ← 3 − 0.1·6 = 2.4
  assertClose(x, { shape: [1], dtype: 'float32', data: [2.4] }, 'x after closure step', 1e-6, 0);
  assert.equal(opt.stepCount, 1);
});

test('gradient of the wrong size is refused', () => {
  const p = zeros([3]);
  const opt = new optim.Adam([p]);
  p.grad = zeros([2]);
  assert.throws(() => opt.step(), (e: Error) => e instanceof ShapeError && /\[2\].*\[3\]/.test(e.message));
});
