// fit/evaluate/predict: train/eval modes and grad mode at every forward, sample-weighted losses
// against a hand-worked SGD run on y = w·x, scheduler stepping per epoch and per step, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, ValueError, isGradEnabled, nn, optim, tensor } from '../../src/index.js';
import { evaluate, fit, predict, type Callback, type SchedulerLike } from '../../src/train/index.js';
import { close, mse, tinyLinear, tinyLoader } from './train-helpers.js';

test('fit: trainLoss is the sample-weighted mean, weights follow the hand-worked SGD steps', () => {
  // w0 = 0, lr 0.05, loss = mean((w·x − y)²), dL/dw = mean(2(w·x − y)·x).
  // batch A x=[1,2] y=[2,4]: loss (4 + 16)/2 = 10, grad (−4 − 16)/2 = −10 → w = 0.5
  // batch B x=[3] y=[6]: pred 1.5, loss 4.5² = 20.25, grad 2·(−4.5)·3 = −27 → w = 0.5 + 1.35 = 1.85
  // epoch trainLoss = (10·2 + 20.25·1)/3 = 40.25/3 (a mean of batch means would give 15.125).
  // valLoss at w = 1.85: mean(0.15²·x²) = 0.0225·(1 + 4 + 9)/3 = 0.105.
  const model = tinyLinear();
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }),
    trainLoader: tinyLoader(), valLoader: tinyLoader(), epochs: 1 });
  close(r.history[0].trainLoss, 40.25 / 3);
  close(r.history[0].valLoss, 0.105);
  assert.equal(r.history[0].lr, 0.05);
  assert.equal(r.history[0].epoch, 1);
  close(model.weight.item(), 1.85);
  assert.deepEqual([r.steps, r.epochsRun, r.stopReason], [2, 1, 'completed']);
});

class Probe extends nn.Module {
  lin = new nn.Linear(1, 1, { bias: false, dtype: 'float64' });
  seen: { training: boolean; grad: boolean }[] = [];
  forward(x: Tensor): Tensor {
    this.seen.push({ training: this.training, grad: isGradEnabled() });
    return this.lin.call(x);
  }
}

test('fit trains in train mode with grad, validates in eval mode under noGrad, then restores train mode', () => {
  const model = new Probe();
  model.eval(); // fit must switch it to train mode itself
  fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
    trainLoader: tinyLoader(), valLoader: tinyLoader(3), epochs: 2 });
  const T = { training: true, grad: true }, E = { training: false, grad: false };
  assert.deepEqual(model.seen, [T, T, E, T, T, E]); // 2 train batches + 1 val batch, twice
  assert.equal(model.training, true);
  assert.equal(model.lin.training, true);
});

test('evaluate and predict run in eval mode under noGrad and restore the previous mode', () => {
  const model = new Probe();
  model.train();
  const logs = evaluate(model, tinyLoader(), mse);
  // w is random: loss = mean((w·x − 2x)²) = (w − 2)²·14/3
  const w = model.lin.weight.item();
  close(logs.loss, (w - 2) ** 2 * 14 / 3, 1e-12);
  const out = predict(model, tensor([[1], [2]], { dtype: 'float64' }));
  assert.equal(out.length, 1);
  assert.deepEqual(out[0].shape, [2, 1]);
  close(out[0].contiguousData()[1], 2 * w);
  assert.equal(out[0].requiresGrad, false);
  const perBatch = predict(model, tinyLoader());
  assert.deepEqual(perBatch.map((t) => t.shape[0]), [2, 1]);
  assert.ok(model.seen.every((s) => !s.training && !s.grad));
  assert.equal(model.training, true);
  model.eval();
  evaluate(model, tinyLoader(), mse);
  assert.equal(model.training, false);
});

test('scheduler stepped per epoch vs per step: the lr sequence seen by each batch', () => {
  const run = (interval: 'epoch' | 'step') => {
    const model = tinyLinear();
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const lrs: number[] = [];
    const rec: Callback = { onBatchStart: (ctx) => { lrs.push(ctx.optimizer.paramGroups[0].lr); } };
    const r = fit({ model, lossFn: mse, optimizer: opt, trainLoader: tinyLoader(), epochs: 3, callbacks: [rec],
      scheduler: new optim.lrScheduler.StepLR(opt, { stepSize: 1, gamma: 0.5 }), schedulerInterval: interval });
    return { lrs, logged: r.history.map((h) => h.lr) };
  };
  // per epoch: lr = 0.1·0.5^epoch for both batches of the epoch
  const e = run('epoch');
  assert.deepEqual(e.lrs.map((v) => +v.toPrecision(12)), [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  assert.deepEqual(e.logged.map((v) => +v.toPrecision(12)), [0.1, 0.05, 0.025]);
  // per step: lr = 0.1·0.5^k at step k; the logged lr is the one at the epoch's start
  const s = run('step');
  assert.deepEqual(s.lrs.map((v) => +v.toPrecision(12)), [0, 1, 2, 3, 4, 5].map((k) => +(0.1 * 0.5 ** k).toPrecision(12)));
  assert.deepEqual(s.logged.map((v) => +v.toPrecision(12)), [0.1, 0.025, 0.00625]);
});

test('a plateau scheduler is stepped with the monitored validation value', () => {
  // stand-in with ReduceLROnPlateau's `mode` and `patience`: records what it is stepped with
  const got: (number | undefined)[] = [];
  const plateauLike: SchedulerLike & { mode: string; patience: number } = { mode: 'min', patience: 0, step: (m) => { got.push(m); } };
  const model = tinyLinear();
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
    trainLoader: tinyLoader(), valLoader: tinyLoader(), epochs: 3, scheduler: plateauLike });
  assert.deepEqual(got, r.history.map((h) => h.valLoss));
  got.length = 0;
  fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
    trainLoader: tinyLoader(), epochs: 2, scheduler: plateauLike });
  assert.equal(got.length, 2); // without validation it watches trainLoss
  assert.throws(() => fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
    trainLoader: tinyLoader(), epochs: 1, scheduler: plateauLike, schedulerMonitor: 'valAccuracy' }), /monitors 'valAccuracy'/);
  assert.throws(() => fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
    trainLoader: tinyLoader(), epochs: 1, scheduler: plateauLike, schedulerInterval: 'step' }), ValueError);
});

test('ReduceLROnPlateau through fit: a constant valLoss halves the lr after patience + 1 bad epochs', () => {
  // The optimizer holds a parameter outside the model, so the model (and valLoss) never changes.
  // torch's rule with patience 1: epoch 1 sets best; epochs 2, 3 are bad; after the 2nd bad epoch
  // (num_bad 2 > 1) lr 0.1 → 0.05 and the count restarts; epochs 4, 5 bad → 0.025.
  const model = tinyLinear(1);
  const opt = new optim.SGD([new nn.Parameter(tensor([0]))], { lr: 0.1 });
  const sched = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
  const r = fit({ model, lossFn: mse, optimizer: opt, trainLoader: tinyLoader(), valLoader: tinyLoader(), epochs: 5, scheduler: sched });
  assert.deepEqual(r.history.map((h) => h.lr), [0.1, 0.1, 0.1, 0.05, 0.05]);
  assert.equal(opt.paramGroups[0].lr, 0.025);
});

test('metrics are exact over the epoch, not a mean of batch values', () => {
  // A stand-in metric counting samples: 3 samples in batches of 2 and 1 → 3 (a batch mean would be 1.5)
  const counter = () => { let n = 0; return { update: (o: Tensor) => { n += o.shape[0]; }, compute: () => n, reset: () => { n = 0; } }; };
  const model = tinyLinear();
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
    trainLoader: tinyLoader(), valLoader: tinyLoader(1), epochs: 2, metrics: { count: counter } });
  assert.deepEqual(r.history.map((h) => [h.trainCount, h.valCount]), [[3, 3], [3, 3]]);
});

test('bad input: empty loaders, bad epochs, bad batches', () => {
  const model = tinyLinear();
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  assert.throws(() => fit({ model, lossFn: mse, optimizer: opt, trainLoader: [], epochs: 1 }),
    (e: Error) => e instanceof ValueError && /training loader produced no batches/.test(e.message));
  assert.throws(() => evaluate(model, [], mse), (e: Error) => e instanceof ValueError && /evaluate: the loader produced no batches/.test(e.message));
  assert.throws(() => fit({ model, lossFn: mse, optimizer: opt, trainLoader: tinyLoader(), epochs: 0 }), /epochs must be a positive integer, got 0/);
  assert.throws(() => fit({ model, lossFn: mse, optimizer: opt, trainLoader: [[tensor([1])]] as never, epochs: 1 }), /must be \[input, target\]/);
  assert.throws(() => fit({ model, lossFn: mse, optimizer: opt, trainLoader: tinyLoader(), epochs: 1, schedulerInterval: 'batch' as never }), /schedulerInterval/);
});

test('{ input, target } batches are accepted', () => {
  const model = tinyLinear();
  const batches = [...tinyLoader()].map(([input, target]) => ({ input, target }));
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), trainLoader: batches, epochs: 1 });
  close(r.history[0].trainLoss, 40.25 / 3); // same run as the first test
});
