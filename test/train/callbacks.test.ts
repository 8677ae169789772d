// Callbacks: every hook sees each kind of termination, TerminateOnNaN (injected NaN, exploding lr,
// poisoned weight), CSVLogger file content, ProgressBar lines on a fake stream (TTY and not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, nn, optim, tensor } from '../../src/index.js';
import { DataLoader, TensorDataset } from '../../src/data/index.js';
import { CSVLogger, EarlyStopping, ProgressBar, TerminateOnNaN, fit, type Callback } from '../../src/train/index.js';
import { close, mse, tinyLinear, tinyLoader } from './train-helpers.js';

/** Records every hook call as a word. */
function recorder(): Callback & { calls: string[]; reasons: string[] } {
  const calls: string[] = [], reasons: string[] = [];
  return {
    calls, reasons,
    onTrainStart: () => { calls.push('trainStart'); },
    onEpochStart: (ctx) => { calls.push(`epochStart${ctx.epoch}`); },
    onBatchStart: (_c, b) => { calls.push(`batch${b}`); },
    onAfterBackward: () => { calls.push('backward'); },
    onBatchEnd: () => { calls.push('batchEnd'); },
    onValidationEnd: () => { calls.push('val'); },
    onEpochEnd: () => { calls.push('epochEnd'); },
    onTrainEnd: (ctx) => { calls.push('trainEnd'); reasons.push(ctx.stopReason); },
  };
}

test('hook order, and onTrainEnd once with the reason on every kind of termination', () => {
  const run = (extra: Callback[], lossFn = mse, epochs = 2) => {
    const rec = recorder(), model = tinyLinear();
    let thrown: unknown = null;
    try {
      fit({ model, lossFn, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }), trainLoader: tinyLoader(),
        valLoader: tinyLoader(3), epochs, callbacks: [rec, ...extra] });
    } catch (e) { thrown = e; }
    return { rec, thrown };
  };
  const done = run([], mse, 1);
  assert.deepEqual(done.rec.calls, ['trainStart', 'epochStart0', 'batch0', 'backward', 'batchEnd', 'batch1', 'backward', 'batchEnd',
    'val', 'epochEnd', 'trainEnd']);
  assert.deepEqual(done.rec.reasons, ['completed']);
  // patience 0 on a monitor that cannot improve (the constant lr): stops after epoch 2
  const stopped = run([new EarlyStopping({ monitor: 'lr', patience: 0 })], mse, 5);
  assert.deepEqual(stopped.rec.reasons, ['early-stopping']);
  assert.equal(stopped.rec.calls.filter((c) => c === 'epochEnd').length, 2);
  const nan = run([new TerminateOnNaN()], (o, t) => mse(o, t).mul(NaN));
  assert.deepEqual(nan.rec.reasons, ['nan']);
  assert.equal(nan.rec.calls.filter((c) => c === 'batchEnd').length, 1); // stops after the first batch
  const err = new Error('loss failed');
  const failed = run([], () => { throw err; });
  assert.equal(failed.thrown, err);
  assert.deepEqual(failed.rec.reasons, ['error']);
  // an onTrainEnd that throws does not hide the training error nor skip the callbacks after it
  const late = recorder();
  const bad: Callback = { onTrainEnd: () => { throw new Error('callback failed'); } };
  const model = tinyLinear();
  assert.throws(() => fit({ model, lossFn: () => { throw err; }, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
    trainLoader: tinyLoader(), epochs: 1, callbacks: [bad, late] }), /loss failed/);
  assert.deepEqual(late.reasons, ['error']);
});

test('TerminateOnNaN: a NaN sample in the data stops before the step that would spread it', () => {
  // 8 samples y = x, batches of 4; sample 5 is NaN → the 2nd batch's loss is NaN
  const xs = [1, 2, 3, 4, 5, NaN, 7, 8];
  const ds = new TensorDataset(tensor(xs.map((v) => [v]), { dtype: 'float64' }), tensor(xs.map((v) => [v]), { dtype: 'float64' }));
  const model = tinyLinear(0.5);
  const afterFirst: number[] = [];
  const nan = new TerminateOnNaN();
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.001 }), epochs: 3,
    trainLoader: new DataLoader(ds, { batchSize: 4 }), callbacks: [{ onBatchEnd: () => { afterFirst.push(model.weight.item()); } }, nan] });
  assert.equal(nan.reason, 'loss is NaN at step 2 (epoch 1)');
  assert.deepEqual([r.stopReason, r.steps, r.epochsRun], ['nan', 1, 1]);
  assert.ok(Number.isNaN(r.history[0].trainLoss));
  // step 1: w = 0.5 − 0.001·mean(2(0.5 − 1)x²) over x = 1..4 = 0.5 + 0.001·(1 + 4 + 9 + 16)/4 = 0.5075
  close(model.weight.item(), 0.5075);
  assert.equal(afterFirst[0], model.weight.item());
});

test('TerminateOnNaN: an exploding lr overflows the float32 loss at a hand-derived step', () => {
  // loss = (w·1 − 0)² = w², grad 2w, SGD lr 1000: w ← w(1 − 2000) = −1999·w from w = 1, so
  // |w_k| ≈ 1999^k. float32 overflows above 3.4e38: w_5² ≈ 1.0e33 is finite, w_6² ≈ 4.1e39 is not,
  // so the 7th step's loss is Infinity; the weight stays at w_6 ≈ 6.38e19 (finite).
  const model = new nn.Linear(1, 1, { bias: false });
  nn.init.constant_(model.weight, 1);
  const ds = new TensorDataset(tensor([[1]]), tensor([[0]]));
  const nan = new TerminateOnNaN();
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 1000 }), epochs: 50,
    trainLoader: new DataLoader(ds, { batchSize: 1 }), callbacks: [nan] });
  assert.equal(nan.reason, 'loss is Infinity at step 7 (epoch 7)');
  assert.deepEqual([r.stopReason, r.steps, r.epochsRun], ['nan', 6, 7]);
  close(model.weight.item(), 1999 ** 6, 1e-5);
});

test('TerminateOnNaN: a non-finite weight after a step is named', () => {
  const model = tinyLinear(1);
  const poison: Callback = { onBatchEnd: () => { nn.init.constant_(model.weight, Infinity); } };
  const nan = new TerminateOnNaN();
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }), epochs: 3,
    trainLoader: tinyLoader(), callbacks: [poison, nan] });
  assert.equal(nan.reason, 'weight weight is not finite after step 1');
  assert.equal(r.steps, 1);
  const off = new TerminateOnNaN({ weights: false });
  const model2 = tinyLinear(1);
  fit({ model: model2, lossFn: mse, optimizer: new optim.SGD(model2.parameters(), { lr: 0 }), epochs: 1, trainLoader: tinyLoader(),
    callbacks: [{ onBatchEnd: () => { nn.init.constant_(model2.weight, NaN); } }, off] });
  assert.equal(off.reason, 'loss is NaN at step 2 (epoch 1)'); // caught only once the loss turns NaN
});

test('CSVLogger writes a header and one row per epoch; append keeps earlier rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainlab-csv-'));
  try {
    const path = join(dir, 'log.csv');
    const model = tinyLinear();
    const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), trainLoader: tinyLoader(),
      epochs: 2, callbacks: [new CSVLogger(path)] });
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines[0], 'epoch,trainLoss,lr');
    assert.deepEqual(lines.slice(1), [...r.history.map((h) => `${h.epoch},${h.trainLoss},${h.lr}`), '']);
    const [, loss1] = lines[1].split(',').map(Number);
    close(loss1, 40.25 / 3); // the hand-worked first epoch of trainer.test.ts
    fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), trainLoader: tinyLoader(),
      epochs: 1, callbacks: [new CSVLogger(path, { append: true })] });
    assert.equal(readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('epoch')).length, 2);
    assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, 5);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

/** A write stream stand-in that keeps what is written. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, columns: 100, text: '', write(x: string) { s.text += x; return true; },
    cursorTo() { return true; }, clearLine() { return true; }, moveCursor() { return true; }, on() { return s; }, removeListener() { return s; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

test('ProgressBar: one plain line per epoch on a non-TTY stream', () => {
  const stream = fakeStream(false);
  const model = tinyLinear();
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), trainLoader: tinyLoader(),
    valLoader: tinyLoader(), epochs: 2, callbacks: [new ProgressBar({ stream })] });
  const lines = stream.text.split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[2], '');
  // epoch 1: trainLoss 40.25/3 = 13.4167, valLoss 0.105 (trainer.test.ts), lr 0.05
  assert.match(lines[0], /^epoch 1\/2 {2}trainLoss 13\.4167 {2}lr 0\.0500 {2}valLoss 0\.1050 {2}\(\d+\.\ds\)$/);
  const h = r.history[1];
  assert.ok(lines[1].startsWith(`epoch 2/2  trainLoss ${h.trainLoss.toFixed(4)}  lr 0.0500  valLoss `), lines[1]);
  const quiet = fakeStream(false);
  fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), trainLoader: tinyLoader(), epochs: 1,
    callbacks: [new ProgressBar({ stream: quiet, silent: true })] });
  assert.equal(quiet.text, '');
});

test('ProgressBar: a bar with batch counts on a TTY stream', () => {
  const stream = fakeStream(true);
  const model = tinyLinear();
  fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), trainLoader: tinyLoader(), epochs: 1,
    callbacks: [new ProgressBar({ stream })] });
  assert.match(stream.text, /epoch 1\/1 \[[^\]]*\] 0\/2/); // the bar starts at 0 of 2 batches
  assert.match(stream.text, /epoch 1\/1 \[[^\]]*\] 2\/2 \| ETA \d+s \| loss \d+\.\d{4}/); // and ends full
  assert.match(stream.text, / {2}trainLoss 13\.4167 {2}lr 0\.0500\n/);
});

test('fit accepts a Tensor-yielding generator as loader', () => {
  const model = tinyLinear();
  function* gen(): Generator<[Tensor, Tensor]> { yield* tinyLoader(); }
  const r = fit({ model, lossFn: mse, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), trainLoader: { [Symbol.iterator]: gen }, epochs: 1 });
  close(r.history[0].trainLoss, 40.25 / 3);
});
