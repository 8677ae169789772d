// LR scheduler contract: state dict round trips on every schedulers.json case, the call-order
// warning, simulateSchedule against the fixtures, closed forms, and bad options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, zeros, simulateSchedule } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { loadFixture } from '../helpers/fixtures.js';
import { buildOptimizer, buildScheduler } from './fixture-builders.js';

const { lrScheduler: S } = optim;
interface SchedCase {
  id: string; fn: string; options: Record<string, unknown>;
  optimizer: { fn: string; options: Record<string, unknown>; groupLrs?: number[] };
  epochs?: number; lrs?: number[]; metrics?: number[]; lrsAfter?: number[];
}
type Sched = { step(m?: number): void; stateDict(): Record<string, unknown>; loadStateDict(sd: Record<string, unknown>): void };
const cases = loadFixture<{ cases: SchedCase[] }>(process.env.TRAINLAB_SCHEDULERS_FIXTURE ?? 'schedulers.json').cases;
const close = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) <= 1e-14 + 1e-9 * Math.abs(e), `${what}: got ${a}, expected ${e}`);

for (const c of cases) {
  test(`scheduler stateDict round trip: ${c.id}`, () => {
    const n = c.metrics ? c.metrics.length : c.epochs!;
    const half = Math.floor(n / 2);
    const opt = buildOptimizer(c.optimizer);
    const s = buildScheduler(c.fn, opt, c.options) as unknown as Sched;
    const advance = (o: optim.Optimizer, sc: Sched, e: number) => { o.step(); if (c.metrics) sc.step(c.metrics[e]); else sc.step(); };
    for (let e = 0; e < half; e++) advance(opt, s, e);
    const optSd = opt.stateDict();
    const sSd = JSON.parse(JSON.stringify(s.stateDict())) as Record<string, unknown>; // must survive JSON
    const opt2 = buildOptimizer(c.optimizer);
    const s2 = buildScheduler(c.fn, opt2, c.options) as unknown as Sched;
    opt2.loadStateDict(optSd);
    s2.loadStateDict(sSd);
    for (let e = half; e < n; e++) {
      const want = c.metrics ? c.lrsAfter![e - 1] : c.lrs![e];
      close(opt2.paramGroups[0].lr, want, `${c.id}: resumed lr at epoch ${e}`);
      assert.equal(opt2.paramGroups[0].lr, opt.paramGroups[0].lr, `${c.id}: resumed and original differ at epoch ${e}`);
      advance(opt, s, e); advance(opt2, s2, e);
    }
  });
}

test('simulateSchedule reproduces the fixture sequences of single-group SGD cases', () => {
  let n = 0;
  for (const c of cases) {
    if (c.metrics || c.optimizer.groupLrs || c.optimizer.fn !== 'optim.SGD') continue;
    const { lr, ...rest } = c.optimizer.options as { lr: number };
    const got = simulateSchedule((o) => buildScheduler(c.fn, o, c.options), c.epochs!, { lr, optimizerOptions: rest });
    got.forEach((v, e) => close(v, c.lrs![e], `${c.id} simulated epoch ${e}`));
    n++;
  }
  assert.ok(n > 0);
});

test('simulateSchedule feeds metrics to ReduceLROnPlateau', () => {
  // patience 0, factor 0.5: every non-improving epoch halves the lr → 0.1, 0.1, 0.05, 0.025
  const lrs = simulateSchedule((o) => new S.ReduceLROnPlateau(o, { factor: 0.5, patience: 0 }), 4, { metrics: [1, 2, 2, 2] });
  assert.deepEqual(lrs, [0.1, 0.1, 0.05, 0.025]);
  assert.throws(() => simulateSchedule((o) => new S.ReduceLROnPlateau(o), 2), ValueError);
});

test('warns once when scheduler.step() comes before optimizer.step()', () => {
  const warnings: string[] = [];
  const opt = new optim.SGD([zeros([1])], { lr: 0.1 });
  const s = new S.StepLR(opt, { stepSize: 1, onWarning: (m) => warnings.push(m) });
  s.step();
  s.step();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /before `optimizer.step\(\)`/);
  // default: console.warn
  const opt2 = new optim.SGD([zeros([1])], { lr: 0.1 });
  const s2 = new S.ExponentialLR(opt2, { gamma: 0.5 });
  const orig = console.warn; const seen: unknown[] = [];
  console.warn = (m: unknown) => { seen.push(m); };
  try { s2.step(); } finally { console.warn = orig; }
  assert.equal(seen.length, 1);
  // right order: no warning
  const opt3 = new optim.SGD([zeros([1])], { lr: 0.1 });
  const quiet: string[] = [];
  const s3 = new S.StepLR(opt3, { stepSize: 1, onWarning: (m) => quiet.push(m) });
  opt3.step(); s3.step();
  assert.deepEqual(quiet, []);
});

test('LambdaLR and MultiplicativeLR (hand-derived)', () => {
  // LambdaLR: lr = 0.1·0.5^e; MultiplicativeLR: lr_e = lr_{e−1}·0.9 from epoch 1
  const l = simulateSchedule((o) => new S.LambdaLR(o, { lrLambda: (e) => 0.5 ** e }), 4);
  [0.1, 0.05, 0.025, 0.0125].forEach((v, i) => close(l[i], v, `LambdaLR ${i}`));
  const m = simulateSchedule((o) => new S.MultiplicativeLR(o, { lrLambda: () => 0.9 }), 4);
  [0.1, 0.09, 0.081, 0.0729].forEach((v, i) => close(m[i], v, `MultiplicativeLR ${i}`));
  const opt = new optim.SGD([{ params: [zeros([1])] }, { params: [zeros([1])], lr: 1 }], { lr: 0.1 });
  assert.throws(() => new S.LambdaLR(opt, { lrLambda: [() => 1] }), /expected 2 lrLambdas, got 1/);
  const s = new S.LambdaLR(opt, { lrLambda: () => 1 });
  assert.ok(!('lrLambdas' in s.stateDict()), 'functions are not saved');
});

test('step(epoch) jumps with the closed form', () => {
  const opt = new optim.SGD([zeros([1])], { lr: 0.1 });
  const s = new S.StepLR(opt, { stepSize: 30, gamma: 0.1 });
  s.step(65); // 0.1·0.1^⌊65/30⌋ = 0.001
  close(s.getLastLr()[0], 0.1 * 0.1 ** 2, 'StepLR step(65)');
  const opt2 = new optim.SGD([zeros([1])], { lr: 0.1 });
  const w = new S.CosineAnnealingWarmRestarts(opt2, { T0: 10 });
  w.step(15); // Tcur = 5 of Ti = 10: 0.1·(1 + cos(π/2))/2 = 0.05
  close(w.getLastLr()[0], 0.05, 'WarmRestarts step(15)');
  w.step(2.5); // fractional epoch: 0.1·(1 + cos(π/4))/2
  close(w.getLastLr()[0], 0.1 * (1 + Math.cos(Math.PI / 4)) / 2, 'WarmRestarts step(2.5)');
});

test('bad scheduler options are refused with clear errors', () => {
  const sgd = () => new optim.SGD([zeros([1])], { lr: 0.1, momentum: 0.9 });
  const cases: [() => unknown, RegExp][] = [
    [() => new S.OneCycleLR(sgd(), { maxLr: 0.1 }), /totalSteps OR \(epochs AND stepsPerEpoch\)/],
    [() => new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, pctStart: 1.5 }), /pctStart.*1\.5/],
    [() => new S.OneCycleLR(sgd(), { maxLr: [0.1, 0.2], totalSteps: 10 }), /expected 1 values for maxLr/],
    [() => new S.CyclicLR(sgd(), { baseLr: 0.1, maxLr: 1, mode: 'zigzag' as 'triangular' }), /mode 'zigzag'/],
    [() => new S.CyclicLR(new optim.Adagrad([zeros([1])]), { baseLr: 0.1, maxLr: 1 }), /momentum or beta1/],
    [() => new S.ReduceLROnPlateau(sgd(), { factor: 1 }), /factor should be < 1\.0, got 1/],
    [() => new S.ReduceLROnPlateau(sgd(), { mode: 'up' as 'min' }), /mode up/],
    [() => new S.LinearLR(sgd(), { startFactor: 0 }), /greater than 0.*got 0/],
    [() => new S.ConstantLR(sgd(), { factor: 2 }), /between 0 and 1, got 2/],
    [() => new S.StepLR(sgd(), { stepSize: 0 }), /stepSize must be a positive integer, got 0/],
    [() => new S.CosineAnnealingWarmRestarts(sgd(), { T0: 10, TMult: 0 }), /TMult >= 1, got 0/],
    [() => new S.StepLR(sgd(), { stepSize: 1, lastEpoch: 5 }), /initialLr/],
  ];
  for (const [fn, msg] of cases) assert.throws(fn, (e: Error) => e instanceof ValueError && msg.test(e.message), String(msg));
  const o = sgd();
  const a = new S.ExponentialLR(o, { gamma: 0.9 });
  assert.throws(() => new S.SequentialLR(o, { schedulers: [a], milestones: [3] }), /expected 0 milestones/);
  assert.throws(() => new S.ChainedScheduler([a, new S.ExponentialLR(sgd(), { gamma: 0.9 })]), /different optimizer/);
  assert.throws(() => a.loadStateDict({ gamma: 0.5, bogus: 1 }), /unexpected key\(s\) bogus/);
  assert.equal(a.gamma, 0.9, 'a refused load changes nothing');
  const one = new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 2 });
  one.step(); one.step();
  assert.throws(() => one.step(), /tried to step 3 times; the specified number of total steps is 2/);
});

test('ReduceLROnPlateau state survives JSON before its first step (best = Infinity)', () => {
  const opt = new optim.SGD([zeros([1])], { lr: 0.1 });
  const s = new S.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
  const sd = JSON.parse(JSON.stringify(s.stateDict())) as Record<string, unknown>;
  assert.equal(sd.best, null);
  const s2 = new S.ReduceLROnPlateau(new optim.SGD([zeros([1])], { lr: 0.1 }), { patience: 0, factor: 0.5 });
  s2.loadStateDict(sd);
  assert.equal(s2.best, Infinity);
  s2.step(5); // any finite metric improves on +Infinity: best 5, no bad epoch
  assert.deepEqual([s2.best, s2.numBadEpochs], [5, 0]);
  assert.throws(() => s2.loadStateDict({ best: 'x' }), /best must be a number/);
});
