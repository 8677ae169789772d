// The shapes the training loop works with: model, optimizer, scheduler, metrics and callbacks.
// Structural types, so any Module / Optimizer / LRScheduler of trainlab (or a stand-in) fits.
import type { Tensor } from '../tensor/tensor.js';

export interface TrainableModel {
  call(x: Tensor): Tensor;
  train(mode?: boolean): unknown;
  eval(): unknown;
  training: boolean;
  parameters(): Tensor[];
  namedParameters?(): [string, Tensor][] | Iterable<[string, Tensor]>;
  stateDict(): Record<string, Tensor>;
  loadStateDict(sd: Record<string, Tensor>, opts?: { strict?: boolean }): unknown;
}

export interface OptimizerLike {
  zeroGrad(opts?: { setToNone?: boolean }): void;
  step(): unknown;
  paramGroups: { lr: number; [k: string]: unknown }[];
}

export interface SchedulerLike {
  step(metric?: number): void;
  getLastLr?(): number[];
}

/** A metric accumulated over batches: exact over the epoch, not a mean of batch means. */
export interface Metric {
  update(output: Tensor, target: Tensor): void;
  compute(): number;
  reset(): void;
}

export type LossFn = (output: Tensor, target: Tensor) => Tensor;
/** A batch as DataLoader yields it from a (input, target) dataset. */
export type Batch = [Tensor, Tensor] | { input: Tensor; target: Tensor };
export type BatchSource = Iterable<Batch> & { length?: number };

/** Per-epoch logs: trainLoss, valLoss, lr, and `train<Metric>` / `val<Metric>` for each metric. */
export type EpochLogs = Record<string, number>;

export interface TrainContext {
  model: TrainableModel;
  optimizer: OptimizerLike;
  epoch: number;
  /** Optimizer steps taken so far. */
  step: number;
  epochs: number;
  batchesPerEpoch: number | undefined;
  history: EpochLogs[];
  /** Set by a callback to end training after the current batch. */
  stopTraining: boolean;
  /** Why training stopped: 'completed', 'early-stopping', 'nan', 'error', or a callback's word. */
  stopReason: string;
}

export interface BatchEnd {
  batch: number;
  loss: number;
  output: Tensor;
  target: Tensor;
}

/** Observers of the loop; every method is optional. */
export interface Callback {
  onTrainStart?(ctx: TrainContext): void;
  onEpochStart?(ctx: TrainContext): void;
  onBatchStart?(ctx: TrainContext, batch: number): void;
  /** After loss.backward() and before clipping and optimizer.step(): gradients are in place. */
  onAfterBackward?(ctx: TrainContext, batch: number, loss: number): void;
  onBatchEnd?(ctx: TrainContext, info: BatchEnd): void;
  onValidationEnd?(ctx: TrainContext, logs: EpochLogs): void;
  onEpochEnd?(ctx: TrainContext, logs: EpochLogs): void;
  /** Called on every kind of termination (completed, stopped, NaN, thrown error). */
  onTrainEnd?(ctx: TrainContext): void;
}
