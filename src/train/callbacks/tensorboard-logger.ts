// TensorBoardLogger: the epoch's logged values as TensorBoard scalars (trainLoss → loss/train,
// valAccuracy → accuracy/val, lr → lr), optional per-step loss, and histograms of weights and gradients.
import type { Tensor } from '../../tensor/tensor.js';
import { SummaryWriter } from '../tensorboard.js';
import type { BatchEnd, Callback, EpochLogs, TrainContext } from '../types.js';

export interface TensorBoardLoggerOptions {
  /** Histograms of every parameter and its gradient each `histogramEvery` epochs (default 1; 0 = never). */
  histogramEvery?: number;
  /** Also log each step's loss as `loss/step` (default false). */
  perStep?: boolean;
}

/** 'trainLoss' → 'loss/train', 'valAccuracy' → 'accuracy/val'; other keys unchanged. */
export function scalarTag(key: string): string {
  const m = /^(train|val)([A-Z].*)$/.exec(key);
  return m ? `${m[2].charAt(0).toLowerCase()}${m[2].slice(1)}/${m[1]}` : key;
}

/**
 * Logs a fit() run to TensorBoard event files (one scalar per logged value per epoch, step = epoch
 * number; histograms `weights/<name>` and `grads/<name>`, the gradients of the epoch's last batch).
 * @example fit({ ..., callbacks: [new TensorBoardLogger('runs/mlp')] }) // tensorboard --logdir runs
 */
export class TensorBoardLogger implements Callback {
  writer: SummaryWriter | null = null;
  private readonly every: number;

  /** `target`: a log directory (a writer is opened at train start and closed at train end) or a writer you own. */
  constructor(private readonly target: string | SummaryWriter, private readonly o: TensorBoardLoggerOptions = {}) {
    this.every = o.histogramEvery ?? 1;
  }

  onTrainStart(): void {
    this.writer = typeof this.target === 'string' ? new SummaryWriter(this.target) : this.target;
  }

  onBatchEnd(ctx: TrainContext, info: BatchEnd): void {
    if (this.o.perStep && this.writer && Number.isFinite(info.loss)) this.writer.addScalar('loss/step', info.loss, ctx.step);
  }

  onEpochEnd(ctx: TrainContext, logs: EpochLogs): void {
    const w = this.writer;
    if (!w) return;
    const step = ctx.epoch + 1;
    for (const [k, v] of Object.entries(logs)) if (k !== 'epoch' && typeof v === 'number') w.addScalar(scalarTag(k), v, step);
    if (this.every > 0 && step % this.every === 0) {
      for (const [name, p] of named(ctx)) {
        // a histogram needs finite values: a diverged tensor is left out (TerminateOnNaN reports it)
        if (p.numel() > 0 && allFinite(p)) w.addHistogram(`weights/${name}`, p, step);
        if (p.grad && p.grad.numel() > 0 && allFinite(p.grad)) w.addHistogram(`grads/${name}`, p.grad, step);
      }
    }
    w.flush();
  }

  onTrainEnd(): void {
    if (!this.writer) return;
    if (typeof this.target === 'string') this.writer.close(); else this.writer.flush();
    this.writer = null;
  }
}

function named(ctx: TrainContext): [string, Tensor][] {
  return ctx.model.namedParameters ? [...ctx.model.namedParameters()] : ctx.model.parameters().map((p, i) => [String(i), p]);
}

function allFinite(t: Tensor): boolean {
  const d = t.contiguousData();
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  return true;
}
