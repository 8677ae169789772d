// Training invariants: watch() on hand-written loops made to break one invariant each (the step
// where it broke is known by construction), on healthy loops (no violation), and through fit().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch, type Violation, type Watcher } from '../../src/qa/index.js';
import { noGrad } from '../../src/autograd/grad-mode.js';
import { ValueError } from '../../src/errors.js';
import { StepLR } from '../../src/optim/lr-scheduler/index.js';
import type { Optimizer } from '../../src/optim/index.js';
import { fit } from '../../src/train/trainer.js';
import { TerminateOnNaN } from '../../src/train/callbacks/index.js';
import { Fn, SGD, Adam, blobs, manualSeed, mlp, tensor } from './suites.js';
import { nn, F, Tensor } from './imports.js';

const data = blobs(64, 4);
const batch = (i: number): [Tensor, Tensor] => [data[0].narrow(0, 16 * (i % 4), 16), data[1].narrow(0, 16 * (i % 4), 16)];
const first = (w: Watcher): Violation | undefined => w.violations[0];
const brief = (w: Watcher) => w.violations.map((v) => [v.step, v.invariant]);

interface LoopOptions { steps?: number; zeroGrad?: boolean; setToNone?: boolean; before?: (i: number) => void; after?: (i: number) => void }
/** zeroGrad / forward / backward / step, calling the watcher as fit() does. */
function loop(model: nn.Module, opt: Optimizer, w: Watcher, o: LoopOptions = {}): void {
  model.train();
  for (let i = 0; i < (o.steps ?? 3); i++) {
    o.before?.(i);
    w.onBatchStart();
    if (o.zeroGrad ?? true) opt.zeroGrad({ setToNone: o.setToNone ?? true });
    const [x, y] = batch(i);
    const loss = F.crossEntropy(model.call(x), y);
    loss.backward();
    w.onAfterBackward(undefined, i, loss.item());
    opt.step();
    w.onBatchEnd();
    o.after?.(i);
  }
}

test('a healthy loop (SGD, validation in eval mode under noGrad) breaks nothing', () => {
  manualSeed(1);
  for (const setToNone of [true, false]) {
    const m = mlp(), opt = new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
    const w = watch(m, opt);
    loop(m, opt, w, { steps: 4, setToNone, after: () => { m.eval(); noGrad(() => m.call(batch(0)[0])); m.train(); } });
    w.close();
    assert.deepEqual(w.violations, []);
  }
});

test('zero-grad: a loop that forgets zeroGrad breaks it at step 2 (step 1 starts from no gradient)', () => {
  manualSeed(1);
  const m = mlp(), opt = new SGD(m.parameters(), { lr: 0.1 });
  const w = watch(m, opt);
  loop(m, opt, w, { zeroGrad: false });
  w.close();
  assert.deepEqual(first(w), { step: 2, invariant: 'zero-grad', message: "0.weight: .grad holds more than this step's gradient (zeroGrad was not called before backward)" });
  assert.deepEqual([...new Set(w.violations.map((v) => v.step))], [2, 3]);
});

test('zero-grad: accumulating two backward passes within one step is not a violation', () => {
  manualSeed(1);
  const m = mlp(), opt = new SGD(m.parameters(), { lr: 0.1 });
  const w = watch(m, opt);
  for (let i = 0; i < 3; i++) {
    w.onBatchStart();
    opt.zeroGrad();
    let total = 0;
    for (const k of [0, 1]) { const [x, y] = batch(2 * i + k); const l = F.crossEntropy(m.call(x), y).mul(0.5); l.backward(); total += l.item(); }
    w.onAfterBackward(undefined, i, total);
    opt.step();
    w.onBatchEnd();
  }
  w.close();
  assert.deepEqual(w.violations, []);
});

test('every-param-gets-grad: a detached branch breaks it at step 1; a frozen layer does not', () => {
  manualSeed(2);
  const det = new nn.Sequential(new nn.Linear(4, 16), new Fn((x) => x.detach()), new nn.ReLU(), new nn.Linear(16, 3));
  const opt = new SGD(det.parameters(), { lr: 0.1 });
  const w = watch(det, opt);
  loop(det, opt, w);
  w.close();
  assert.deepEqual(first(w), { step: 1, invariant: 'every-param-gets-grad', message: "0.weight received no gradient in this step's backward" });
  assert.deepEqual(brief(w), [[1, 'every-param-gets-grad'], [2, 'every-param-gets-grad'], [3, 'every-param-gets-grad']]);
  // cut from step 2 on, with zeroGrad({ setToNone: false }): 0.weight keeps a zeroed (not null) .grad,
  // which must not hide that no gradient arrived
  let cut = false;
  const late = new nn.Sequential(new nn.Linear(4, 16), new Fn((x) => (cut ? x.detach() : x)), new nn.ReLU(), new nn.Linear(16, 3));
  const o1 = new SGD(late.parameters(), { lr: 0.1 });
  const w1 = watch(late, o1);
  loop(late, o1, w1, { setToNone: false, before: (i) => { cut = i >= 1; } });
  w1.close();
  assert.ok(late.parameters()[0].grad !== null);
  assert.deepEqual(brief(w1), [[2, 'every-param-gets-grad'], [3, 'every-param-gets-grad']]);
  const frozen = mlp();
  frozen.get(0).requiresGrad_(false);
  const o2 = new SGD(frozen.parameters(), { lr: 0.1 });
  const w2 = watch(frozen, o2);
  loop(frozen, o2, w2);
  w2.close();
  assert.deepEqual(w2.violations, []);
});

test('step-moves-params: a parameter missing from the optimizer; no false alarm below float32 resolution', () => {
  manualSeed(3);
  const m = mlp(), opt = new SGD(m.parameters().slice(0, 3), { lr: 0.1 }); // 2.bias left out
  const w = watch(m, opt);
  loop(m, opt, w, { steps: 2 });
  w.close();
  assert.deepEqual(first(w), { step: 1, invariant: 'step-moves-params', message: '2.bias has a nonzero gradient but step() left it unchanged: the optimizer does not hold it' });
  // opt.zeroGrad() does not clear what the optimizer does not hold either: its .grad accumulates,
  // which the zero-grad invariant reports from step 2 on
  assert.deepEqual(brief(w), [[1, 'step-moves-params'], [2, 'zero-grad'], [2, 'step-moves-params']]);
  assert.match(w.violations[1].message, /^2\.bias: \.grad holds more/);
  // w ≈ 0.5, g = 1e-12·x, lr 0.1: lr·|g| ≤ 1e-12 < 2⁻²³·|w| ≈ 6e-8, so the float32 weight cannot move
  const lin = new nn.Linear(1, 1);
  lin.weight.storage.data[0] = 0.5;
  lin.bias!.storage.data[0] = 0.25;
  const o2 = new SGD(lin.parameters(), { lr: 0.1 });
  const w2 = watch(lin, o2);
  for (let i = 0; i < 2; i++) {
    w2.onBatchStart(); o2.zeroGrad();
    const loss = lin.call(tensor([[1]])).mul(1e-12).sum();
    loss.backward(); w2.onAfterBackward(undefined, i, loss.item()); o2.step(); w2.onBatchEnd();
  }
  w2.close();
  assert.equal(lin.weight.toTypedArray()[0], 0.5); // it indeed did not move
  assert.deepEqual(w2.violations, []);
});

test('frozen-unchanged: a layer frozen mid-run keeps moving through its SGD momentum buffer (step 3)', () => {
  manualSeed(4);
  const m = mlp(), opt = new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
  const w = watch(m, opt);
  // zeroGrad({ setToNone: false }) leaves a zero .grad on the frozen layer, so SGD still applies
  // μ·buf to it: the same bug in PyTorch
  loop(m, opt, w, { steps: 4, setToNone: false, before: (i) => { if (i === 2) m.get(0).requiresGrad_(false); } });
  w.close();
  assert.deepEqual(first(w), { step: 3, invariant: 'frozen-unchanged', message: '0.weight is frozen (requiresGrad false) but step() changed it' });
  assert.ok(w.violations.every((v) => v.invariant === 'frozen-unchanged'));
});

test('unique-param-groups: groups built around the optimizer\'s own check, and a stand-in', () => {
  const m = mlp(), opt = new SGD(m.parameters(), { lr: 0.1 });
  assert.throws(() => opt.addParamGroup({ params: [m.parameters()[0]] }), /more than one parameter group/);
  opt.paramGroups.push({ ...opt.paramGroups[0], params: [m.parameters()[1]] }); // bypasses addParamGroup
  const w = watch(m, opt);
  assert.deepEqual(w.violations, [{ step: 0, invariant: 'unique-param-groups', message: '0.bias is in param groups 0 and 1' }]);
  w.close();
  const [a, b] = m.parameters();
  const standIn = { paramGroups: [{ params: [a, b], lr: 1 }, { params: [b], lr: 1 }], zeroGrad() {}, step() {} };
  assert.equal(watch(m, standIn).violations[0].invariant, 'unique-param-groups');
  const fine = { paramGroups: [{ params: [a], lr: 1 }, { params: [b], lr: 1 }], zeroGrad() {}, step() {} };
  assert.deepEqual(watch(m, fine).violations, []);
});

test('modes: validating in train mode breaks eval-mode-validation; training in eval mode breaks train-mode-training', () => {
  manualSeed(5);
  const m = mlp(), opt = new Adam(m.parameters(), { lr: 0.01 });
  const w = watch(m, opt);
  loop(m, opt, w, { after: (i) => { if (i === 1) noGrad(() => m.call(batch(3)[0])); } }); // forgot m.eval()
  w.close();
  assert.deepEqual(brief(w), [[2, 'eval-mode-validation']]);
  assert.match(first(w)!.message, /module '0' ran a no-grad \(validation\) forward in train mode/);
  const m2 = mlp(), o2 = new Adam(m2.parameters(), { lr: 0.01 });
  const w2 = watch(m2, o2);
  // validation after step 1 leaves the model in eval mode; the next step trains in it
  loop(m2, o2, w2, { after: (i) => { if (i === 0) { m2.eval(); noGrad(() => m2.call(batch(3)[0])); } } });
  w2.close();
  assert.deepEqual(brief(w2), [[2, 'train-mode-training'], [3, 'train-mode-training']]); // the loop never calls train() again
});

/** Three epochs of two batches; the scheduler steps per epoch before the batches when `early`. */
function epochs(early: boolean, schedulerInterval: 'epoch' | 'step' = 'epoch'): Watcher {
  manualSeed(6);
  const m = mlp(), opt = new SGD(m.parameters(), { lr: 0.1 });
  const warnings: string[] = [];
  const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5, onWarning: (s) => warnings.push(s) });
  const w = watch(m, opt, { scheduler: sched });
  w.onTrainStart();
  for (let e = 0; e < 3; e++) {
    w.onEpochStart();
    if (early && schedulerInterval === 'epoch') sched.step();
    loop(m, opt, w, { steps: 2, before: () => { if (early && schedulerInterval === 'step') sched.step(); },
      after: () => { if (!early && schedulerInterval === 'step') sched.step(); } });
    if (!early && schedulerInterval === 'epoch') sched.step();
    w.onEpochEnd();
  }
  w.onTrainEnd();
  w.close();
  // the scheduler's own warning agrees with the watcher
  assert.equal(warnings.length, early ? 1 : 0);
  return w;
}

test('scheduler-after-optimizer: observed through lastEpoch and stepCount, per epoch or per step', () => {
  assert.deepEqual(epochs(false).violations, []);
  assert.deepEqual(epochs(false, 'step').violations, []);
  const e = epochs(true);
  assert.deepEqual(brief(e), [[1, 'scheduler-after-optimizer']]);
  assert.match(e.violations[0].message, /scheduler\.step\(\) ran 1 time\(s\) but optimizer\.step\(\) only 0/);
  // stepping the scheduler before the optimizer in every step: ahead by one at each backward
  assert.deepEqual(brief(epochs(true, 'step')), [1, 2, 3, 4, 5, 6].map((s) => [s, 'scheduler-after-optimizer']));
  const m = mlp(), opt = new SGD(m.parameters(), { lr: 0.1 });
  assert.throws(() => watch(m, opt, { scheduler: { step() {} } }), (x: Error) => x instanceof ValueError && /numeric lastEpoch/.test(x.message));
});

test('finite-loss: a NaN in the data breaks it at the step that sees it', () => {
  manualSeed(7);
  const m = mlp(), opt = new SGD(m.parameters(), { lr: 0.1 });
  const w2 = watch(m, opt);
  const clean = batch(1)[0];
  const x = Tensor.fromArray(clean.toTypedArray(), clean.shape, clean.dtype);
  x.storage.data[0] = NaN;
  w2.onBatchStart(); opt.zeroGrad();
  const loss = F.crossEntropy(m.call(x), batch(1)[1]);
  loss.backward(); w2.onAfterBackward(undefined, 0, loss.item());
  w2.close();
  assert.deepEqual(brief(w2), [[1, 'finite-loss']]);
  assert.throws(() => watch(null as never, opt), /watch: expected a model/);
  assert.throws(() => watch(m, {} as never), /watch: expected an optimizer with a paramGroups array/);
});

test('through fit(): a healthy run with a scheduler and validation holds; broken setups report their step', () => {
  const [x, y] = blobs(64, 8), [vx, vy] = blobs(32, 9);
  const loader = [0, 1, 2, 3].map((i): [Tensor, Tensor] => [x.narrow(0, 16 * i, 16), y.narrow(0, 16 * i, 16)]);
  const val = [[vx, vy] as [Tensor, Tensor]];
  const run = (model: nn.Module, opt: Optimizer, extra: object[] = []) => {
    const sched = new StepLR(opt, { stepSize: 1, onWarning: () => undefined });
    const w = watch(model, opt, { scheduler: sched });
    try {
      fit({ model, optimizer: opt, lossFn: (o, t) => F.crossEntropy(o, t), trainLoader: loader, valLoader: val, epochs: 2, scheduler: sched, callbacks: [...extra, w] });
    } finally { w.close(); }
    return w;
  };
  manualSeed(8);
  const m = mlp();
  assert.deepEqual(run(m, new Adam(m.parameters(), { lr: 0.01 })).violations, []);
  const m2 = mlp();
  const w2 = run(m2, new Adam(m2.parameters().slice(1), { lr: 0.01 }));
  const moves = w2.violations.filter((v) => v.invariant === 'step-moves-params');
  assert.deepEqual(moves.map((v) => v.step), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(w2.violations.filter((v) => v.invariant === 'zero-grad').map((v) => v.step), [2, 3, 4, 5, 6, 7, 8]);
  assert.match(moves[0].message, /^0\.weight .* does not hold it/);
  // a callback that stops training after backward skips the step: that batch is not compared
  const m4 = mlp();
  const stopper = { onAfterBackward(ctx: { stopTraining: boolean }) { ctx.stopTraining = true; } };
  assert.deepEqual(run(m4, new SGD(m4.parameters(), { lr: 0.1 }), [stopper]).violations, []);
  // TerminateOnNaN stops on the NaN loss before the step
  const m3 = mlp();
  (m3.get(2) as nn.Linear).bias!.storage.data[0] = NaN;
  const w3 = run(m3, new SGD(m3.parameters(), { lr: 0.1 }), [new TerminateOnNaN()]);
  assert.deepEqual(brief(w3), [[1, 'finite-loss']]);
});
