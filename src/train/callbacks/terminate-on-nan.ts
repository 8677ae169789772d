// TerminateOnNaN: stops training at the first non-finite loss, gradient or weight, naming it.
import type { Callback, TrainContext } from '../types.js';

export class TerminateOnNaN implements Callback {
  /** What was found: e.g. "loss is NaN at step 12" or "gradient of 0.weight has Inf". */
  reason: string | null = null;
  constructor(private readonly opts: { gradients?: boolean; weights?: boolean } = {}) {}

  onTrainStart(): void { this.reason = null; }

  private stop(ctx: TrainContext, why: string): void {
    this.reason = why;
    ctx.stopTraining = true;
    ctx.stopReason = 'nan';
  }

  onAfterBackward(ctx: TrainContext, _batch: number, loss: number): void {
    if (!Number.isFinite(loss)) return this.stop(ctx, `loss is ${loss} at step ${ctx.step + 1} (epoch ${ctx.epoch + 1})`);
    if (this.opts.gradients === false) return;
    for (const [name, p] of named(ctx)) {
      if (p.grad && hasNonFinite(p.grad.contiguousData())) return this.stop(ctx, `gradient of ${name} is not finite at step ${ctx.step + 1}`);
    }
  }

  onBatchEnd(ctx: TrainContext): void {
    if (this.opts.weights === false || this.reason) return;
    for (const [name, p] of named(ctx)) {
      if (hasNonFinite(p.contiguousData())) return this.stop(ctx, `weight ${name} is not finite after step ${ctx.step}`);
    }
  }
}

function named(ctx: TrainContext) {
  return ctx.model.namedParameters ? [...ctx.model.namedParameters()] : ctx.model.parameters().map((p, i) => [String(i), p] as const);
}

function hasNonFinite(d: ArrayLike<number>): boolean {
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return true;
  return false;
}
