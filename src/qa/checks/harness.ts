// Shared machinery for checks: seeded fresh runs, batch splitting, short training loops that
// record what the checks need (losses, finite-ness, parameters).
import { manualSeed } from '../../tensor/random.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Batch, OptimizerLike, TrainableModel } from '../../train/types.js';
import type { CheckContext, DataOptions, SuiteDefinition } from './types.js';

export interface Run { model: TrainableModel; optimizer: OptimizerLike }

/** A fresh model and optimizer with the global RNG seeded first (so init is reproducible). */
export function freshRun(s: SuiteDefinition, seed: number, hp: { lr?: number } = {}): Run {
  manualSeed(seed);
  const model = s.model();
  return { model, optimizer: s.optimizer(model.parameters(), hp) };
}

export function splitBatch(b: Batch): [Tensor, Tensor] {
  if (Array.isArray(b)) return [b[0], b[1]];
  return [b.input, b.target];
}

/** The first `n` batches of the suite's training data. */
export function takeBatches(s: SuiteDefinition, n: number, o: DataOptions = {}): [Tensor, Tensor][] {
  const out: [Tensor, Tensor][] = [];
  for (const b of s.data.train(o)) {
    out.push(splitBatch(b));
    if (out.length >= n) break;
  }
  if (!out.length) throw new ValueError('check: the suite\'s training data produced no batches');
  return out;
}

export interface TrainTrace {
  /** Loss per optimizer step. */
  stepLosses: number[];
  /** Mean training loss per epoch. */
  epochLosses: number[];
  /** Mean validation loss per epoch (empty without validation data). */
  valLosses: number[];
  /** First step (1-based) whose loss was not finite, or 0. */
  nonFiniteAt: number;
}

/** One training step; returns the loss value. */
export function trainStep(r: Run, lossFn: (o: Tensor, t: Tensor) => Tensor, x: Tensor, y: Tensor): number {
  r.model.train();
  r.optimizer.zeroGrad();
  const loss = lossFn(r.model.call(x), y);
  loss.backward();
  r.optimizer.step();
  return loss.item();
}

/** Mean loss on a loader in eval mode under noGrad. */
export function evalLoss(r: Run, s: SuiteDefinition, batches: Iterable<Batch>): number {
  r.model.eval();
  let total = 0, n = 0;
  noGrad(() => {
    for (const b of batches) {
      const [x, y] = splitBatch(b);
      total += s.loss(r.model.call(x), y).item() * x.shape[0];
      n += x.shape[0];
    }
  });
  r.model.train();
  return n ? total / n : NaN;
}

/** Trains for `epochs` epochs on the suite's data, stopping at the first non-finite loss. */
export function trainEpochs(ctx: CheckContext, r: Run, epochs: number, o: DataOptions = {}, validate = true): TrainTrace {
  const s = ctx.suite;
  const tr: TrainTrace = { stepLosses: [], epochLosses: [], valLosses: [], nonFiniteAt: 0 };
  for (let e = 0; e < epochs; e++) {
    let total = 0, n = 0;
    for (const b of s.data.train({ ...o, seed: (o.seed ?? ctx.seed) + e })) {
      const [x, y] = splitBatch(b);
      const l = trainStep(r, s.loss, x, y);
      tr.stepLosses.push(l);
      if (!Number.isFinite(l)) { tr.nonFiniteAt = tr.stepLosses.length; break; }
      total += l * x.shape[0];
      n += x.shape[0];
    }
    if (tr.nonFiniteAt) break;
    tr.epochLosses.push(total / n);
    if (validate && s.data.val) tr.valLosses.push(evalLoss(r, s, s.data.val(o)));
  }
  return tr;
}

/** Copies of every parameter's values, in order. */
export function paramSnapshot(m: TrainableModel): Float64Array[] {
  return m.parameters().map((p) => Float64Array.from(p.contiguousData()));
}
