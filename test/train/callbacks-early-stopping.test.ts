// EarlyStopping: patience/minDelta/mode/checkFinite on hand-made curves, and restoreBestWeights on
// every kind of termination (completed, early stop, NaN via TerminateOnNaN, thrown error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, ValueError, optim, tensor } from '../../src/index.js';
import { EarlyStopping, TerminateOnNaN, fit, type Callback, type TrainContext } from '../../src/train/index.js';
import { close, mse, tinyLinear, tinyLoader } from './train-helpers.js';

/** Feeds `values` of `monitor` to a fresh EarlyStopping; returns the epoch index it stopped at (−1: never). */
function stopsAt(o: ConstructorParameters<typeof EarlyStopping>[0], values: number[]): number {
  const es = new EarlyStopping(o);
  const ctx = { stopTraining: false, stopReason: 'completed', epoch: 0 } as TrainContext;
  es.onTrainStart();
  for (let i = 0; i < values.length; i++) {
    ctx.epoch = i;
    es.onEpochEnd(ctx, { valLoss: values[i] });
    if (ctx.stopTraining) return i;
  }
  return -1;
}

test('patience, minDelta, mode and checkFinite on hand-made curves', () => {
  // min, minDelta 0.1, patience 2: 1 best; 0.95 (not < 0.9) wait 1; 0.85 (< 0.9) best; 0.9 wait 1; 0.8 (not < 0.75) wait 2 → stop at 4
  assert.equal(stopsAt({ patience: 2, minDelta: 0.1 }, [1, 0.95, 0.85, 0.9, 0.8, 0.1]), 4);
  // without minDelta 0.95 and 0.85 and 0.8 are improvements: never stops
  assert.equal(stopsAt({ patience: 2 }, [1, 0.95, 0.85, 0.9, 0.8]), -1);
  // max, patience 1: 0.5 best, 0.6 best, 0.6 equal → wait 1 → stop at 2
  assert.equal(stopsAt({ patience: 1, mode: 'max' }, [0.5, 0.6, 0.6]), 2);
  // patience 0 stops at the first non-improvement
  assert.equal(stopsAt({ patience: 0 }, [1, 2]), 1);
  // checkFinite: NaN stops at once; without it, NaN and Inf are just no improvement
  assert.equal(stopsAt({ patience: 5 }, [1, NaN]), 1);
  assert.equal(stopsAt({ patience: 5 }, [1, Infinity]), 1);
  assert.equal(stopsAt({ patience: 2, checkFinite: false }, [NaN, 1, NaN, NaN, 0.5]), 3);
});

test('bad options and an unlogged monitor are named', () => {
  assert.throws(() => new EarlyStopping({ mode: 'up' as never }), (e: Error) => e instanceof ValueError && /mode must be 'min' or 'max', got up/.test(e.message));
  assert.throws(() => new EarlyStopping({ patience: -1 }), /patience must be a non-negative integer, got -1/);
  const es = new EarlyStopping({ monitor: 'valAccuracy' });
  assert.throws(() => es.onEpochEnd({} as TrainContext, { trainLoss: 1 }), /'valAccuracy' is not logged \(have trainLoss\)/);
});

// The restore scenario: train on y = 2x from w = 0 with SGD lr 0.01, validate on y = x. w rises
// 0.442, 0.7863, 1.0545, 1.2635, 1.4263, ... (hand-iterated: per batch w −= lr·mean(2(w−2)x²)), so
// valLoss = (w − 1)²·14/3 is smallest after epoch 3. The truth is taken from the run itself: the
// weight recorded at the epoch of the smallest recorded valLoss.
interface Run { weights: number[]; valLosses: number[]; model: ReturnType<typeof tinyLinear>; reason: string; thrown?: unknown }

function restoreRun(opts: { epochs: number; patience: number; extra?: Callback[]; trainLoader?: Iterable<[Tensor, Tensor]>;
  lossFn?: (o: Tensor, t: Tensor, epoch: number) => Tensor; }): Run {
  const model = tinyLinear(0);
  const weights: number[] = [], valLosses: number[] = [];
  let epoch = 0;
  const recorder: Callback = {
    onEpochStart: (ctx) => { epoch = ctx.epoch; },
    onEpochEnd: (_ctx, logs) => { weights.push(model.weight.item()); valLosses.push(logs.valLoss); },
  };
  const run: Run = { weights, valLosses, model, reason: '' };
  const stopper: Callback = { onTrainEnd: (ctx) => { run.reason = ctx.stopReason; } };
  try {
    fit({ model, lossFn: (o, t) => (opts.lossFn ?? mse)(o, t, epoch), optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
      trainLoader: opts.trainLoader ?? tinyLoader(), valLoader: tinyLoader(3, 1), epochs: opts.epochs,
      callbacks: [recorder, ...(opts.extra ?? []), new EarlyStopping({ patience: opts.patience, restoreBestWeights: true }), stopper] });
  } catch (e) { run.thrown = e; }
  return run;
}

function bestWeight(r: Run): number {
  let b = 0;
  r.valLosses.forEach((v, i) => { if (v < r.valLosses[b]) b = i; });
  assert.equal(b, 2, 'the scenario has its best epoch at 3');
  return r.weights[b];
}

test('restoreBestWeights when training completes', () => {
  const r = restoreRun({ epochs: 6, patience: 10 });
  assert.equal(r.reason, 'completed');
  assert.equal(r.weights.length, 6);
  close(r.weights[2], 1.0545, 1e-4); // hand-iterated value above
  assert.equal(r.model.weight.item(), bestWeight(r));
  assert.notEqual(r.weights[5], bestWeight(r));
});

test('restoreBestWeights when early stopping ends the run', () => {
  // best at epoch 3; epochs 4 and 5 do not improve → patience 2 stops after epoch 5
  const r = restoreRun({ epochs: 20, patience: 2 });
  assert.equal(r.reason, 'early-stopping');
  assert.equal(r.weights.length, 5);
  assert.equal(r.model.weight.item(), bestWeight(r));
});

test('restoreBestWeights when TerminateOnNaN stops on a NaN batch', () => {
  // the 5th pass over the data yields a NaN input: the loss is NaN, TerminateOnNaN stops before the step
  let pass = 0;
  const loader = {
    length: 2,
    *[Symbol.iterator](): Generator<[Tensor, Tensor]> {
      pass++;
      for (const [x, y] of tinyLoader()) yield [pass === 5 ? tensor(x.shape[0] === 2 ? [[NaN], [2]] : [[NaN]], { dtype: 'float64' }) : x, y];
    },
  };
  const nan = new TerminateOnNaN();
  const r = restoreRun({ epochs: 20, patience: 10, trainLoader: loader, extra: [nan] });
  assert.equal(r.reason, 'nan');
  assert.equal(nan.reason, 'loss is NaN at step 9 (epoch 5)'); // 4 epochs × 2 steps, then the 1st batch of epoch 5
  assert.equal(r.weights.length, 5);
  assert.equal(r.model.weight.item(), bestWeight(r));
});

test('restoreBestWeights when the loss function throws mid-training', () => {
  const boom = new Error('boom in epoch 5');
  const r = restoreRun({ epochs: 20, patience: 10, lossFn: (o, t, epoch) => { if (epoch === 4) throw boom; return mse(o, t); } });
  assert.equal(r.thrown, boom);
  assert.equal(r.reason, 'error');
  assert.equal(r.weights.length, 4);
  assert.equal(r.model.weight.item(), bestWeight(r));
});
