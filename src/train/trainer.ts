// The training loop: fit() with evaluation, callbacks, metrics and LR scheduling; evaluate() and
// predict(). The model is in train mode while training and in eval mode under noGrad while
// evaluating; callbacks see every kind of termination.
import { noGrad } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Batch, BatchSource, Callback, EpochLogs, LossFn, Metric, OptimizerLike, SchedulerLike,
  TrainableModel, TrainContext } from './types.js';

export interface FitOptions {
  model: TrainableModel;
  lossFn: LossFn;
  optimizer: OptimizerLike;
  trainLoader: BatchSource;
  valLoader?: BatchSource;
  epochs: number;
  /** Stepped once per epoch (default) or per optimizer step; a ReduceLROnPlateau-like scheduler
   * (one with `mode` and `patience`) is stepped with the monitored validation value. */
  scheduler?: SchedulerLike;
  schedulerInterval?: 'epoch' | 'step';
  /** Name of the logged value a plateau scheduler watches (default 'valLoss', else 'trainLoss'). */
  schedulerMonitor?: string;
  /** Metric factories by name; logged as train<Name> and val<Name>. */
  metrics?: Record<string, () => Metric>;
  callbacks?: Callback[];
  /** Clip the total gradient norm before each step. */
  clipGradNorm?: { maxNorm: number; normType?: number; clip: (params: Tensor[], maxNorm: number, normType?: number) => number };
}

export interface FitResult {
  history: EpochLogs[];
  epochsRun: number;
  steps: number;
  stopReason: string;
}

function splitBatch(b: Batch): [Tensor, Tensor] {
  if (Array.isArray(b)) {
    if (b.length < 2) throw new ValueError(`fit: a batch must be [input, target], got an array of ${b.length}`);
    return [b[0], b[1]];
  }
  if (b && typeof b === 'object' && 'input' in b && 'target' in b) return [b.input, b.target];
  throw new ValueError('fit: a batch must be [input, target] or { input, target }');
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function isPlateau(s: SchedulerLike): boolean {
  return typeof s === 'object' && s !== null && 'patience' in s && 'mode' in s;
}

/**
 * Evaluates `model` on `loader` in eval mode under noGrad; returns the mean loss over samples
 * and each metric. The model's previous mode is restored.
 */
export function evaluate(model: TrainableModel, loader: BatchSource, lossFn: LossFn,
  metrics: Record<string, () => Metric> = {}): EpochLogs {
  const wasTraining = model.training;
  model.eval();
  const ms = Object.entries(metrics).map(([k, f]) => [k, f()] as const);
  let total = 0, count = 0;
  try {
    noGrad(() => {
      for (const b of loader) {
        const [x, y] = splitBatch(b);
        const out = model.call(x);
        const n = x.shape[0] ?? 1;
        total += lossFn(out, y).item() * n;
        count += n;
        for (const [, m] of ms) m.update(out, y);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  if (count === 0) throw new ValueError('evaluate: the loader produced no batches');
  const logs: EpochLogs = { loss: total / count };
  for (const [k, m] of ms) logs[k] = m.compute();
  return logs;
}

/** Runs the model in eval mode under noGrad on a tensor or on every batch input of a loader. */
export function predict(model: TrainableModel, input: Tensor | BatchSource): Tensor[] {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      if (typeof (input as Tensor).shape !== 'undefined' && !(Symbol.iterator in Object(input))) return [model.call(input as Tensor)];
      return [...(input as BatchSource)].map((b) => model.call(splitBatch(b)[0]));
    });
  } finally {
    model.train(wasTraining);
  }
}

/**
 * Trains `model` for `epochs` epochs. Logs per epoch: trainLoss (the batch losses weighted by
 * batch size, so exact over the epoch for a mean-reduced loss), lr (of group 0 at the epoch's
 * start), train metrics, and valLoss / val metrics when a validation loader is given.
 * A callback that sets `ctx.stopTraining` in onAfterBackward (TerminateOnNaN) stops before that
 * batch's optimizer step; onTrainEnd reaches every callback however training ends, and a thrown
 * error is rethrown after it.
 * @example fit({ model, lossFn: F.crossEntropy, optimizer, trainLoader, valLoader, epochs: 8,
 *   metrics: { accuracy: () => new Accuracy() }, callbacks: [new EarlyStopping()] })
 */
export function fit(o: FitOptions): FitResult {
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new ValueError(`fit: epochs must be a positive integer, got ${o.epochs}`);
  const interval = o.schedulerInterval ?? 'epoch';
  if (interval !== 'epoch' && interval !== 'step') throw new ValueError(`fit: schedulerInterval must be 'epoch' or 'step', got ${String(interval)}`);
  if (o.scheduler && interval === 'step' && isPlateau(o.scheduler)) {
    throw new ValueError("fit: a plateau scheduler (ReduceLROnPlateau) is stepped with an epoch's monitored value; use schedulerInterval 'epoch'");
  }
  const cbs = o.callbacks ?? [];
  const ctx: TrainContext = {
    model: o.model, optimizer: o.optimizer, epoch: 0, step: 0, epochs: o.epochs,
    batchesPerEpoch: o.trainLoader.length, history: [], stopTraining: false, stopReason: 'completed',
  };
  const call = <K extends keyof Callback>(k: K, ...args: unknown[]) => {
    for (const cb of cbs) (cb[k] as ((...a: unknown[]) => void) | undefined)?.call(cb, ctx, ...args);
  };
  const metricFactories = o.metrics ?? {};
  try {
    call('onTrainStart');
    for (let epoch = 0; epoch < o.epochs && !ctx.stopTraining; epoch++) {
      ctx.epoch = epoch;
      const logs = runEpoch(o, ctx, call, metricFactories);
      if (o.valLoader) {
        const v = evaluate(o.model, o.valLoader, o.lossFn, metricFactories);
        for (const [k, val] of Object.entries(v)) logs[`val${cap(k)}`] = val;
        call('onValidationEnd', logs);
      }
      if (o.scheduler && interval === 'epoch') stepEpochScheduler(o, o.scheduler, logs);
      ctx.history.push(logs);
      call('onEpochEnd', logs);
    }
  } catch (e) {
    ctx.stopReason = 'error';
    // every callback still sees the end (to restore weights, close files); the first error wins
    for (const cb of cbs) {
      try { cb.onTrainEnd?.(ctx); } catch { /* the training error is the one to report */ }
    }
    throw e;
  }
  call('onTrainEnd');
  return { history: ctx.history, epochsRun: ctx.history.length, steps: ctx.step, stopReason: ctx.stopReason };
}

function stepEpochScheduler(o: FitOptions, s: SchedulerLike, logs: EpochLogs): void {
  if (!isPlateau(s)) return s.step();
  const key = o.schedulerMonitor ?? (o.valLoader ? 'valLoss' : 'trainLoss');
  if (!(key in logs)) throw new ValueError(`fit: scheduler monitors '${key}', which is not logged (have ${Object.keys(logs).join(', ')})`);
  s.step(logs[key]);
}

function runEpoch(o: FitOptions, ctx: TrainContext, call: (k: keyof Callback, ...a: unknown[]) => void,
  metricFactories: Record<string, () => Metric>): EpochLogs {
  o.model.train();
  call('onEpochStart');
  const lr = o.optimizer.paramGroups[0]?.lr ?? NaN;
  const ms = Object.entries(metricFactories).map(([k, f]) => [k, f()] as const);
  let total = 0, count = 0, batch = 0;
  for (const b of o.trainLoader) {
    const [x, y] = splitBatch(b);
    call('onBatchStart', batch);
    o.optimizer.zeroGrad();
    const out = o.model.call(x);
    const loss = o.lossFn(out, y);
    loss.backward();
    const lv = loss.item();
    call('onAfterBackward', batch, lv);
    // a callback that stops here (TerminateOnNaN on a non-finite loss or gradient) stops before
    // the step that would write NaN into the weights
    if (!ctx.stopTraining) {
      if (o.clipGradNorm) o.clipGradNorm.clip(o.model.parameters(), o.clipGradNorm.maxNorm, o.clipGradNorm.normType);
      o.optimizer.step();
      ctx.step++;
      if (o.scheduler && o.schedulerInterval === 'step') o.scheduler.step();
    }
    const n = x.shape[0] ?? 1;
    total += lv * n;
    count += n;
    noGrad(() => { for (const [, m] of ms) m.update(out.detach(), y); });
    call('onBatchEnd', { batch, loss: lv, output: out, target: y });
    batch++;
    if (ctx.stopTraining) break;
  }
  if (count === 0) throw new ValueError('fit: the training loader produced no batches (empty dataset, or dropLast with fewer samples than batchSize)');
  const logs: EpochLogs = { epoch: ctx.epoch + 1, trainLoss: total / count, lr };
  for (const [k, m] of ms) logs[`train${cap(k)}`] = m.compute();
  return logs;
}
