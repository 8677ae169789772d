// EarlyStopping: stops when a logged value stops improving; can restore the best weights on
// every kind of termination (completed, stopped, NaN, error).
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Callback, EpochLogs, TrainContext } from '../types.js';

export interface EarlyStoppingOptions {
  /** Logged value to watch (default 'valLoss'). */
  monitor?: string;
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Stop at once when the monitored value is NaN or Inf (default true). */
  checkFinite?: boolean;
  /** Put back the weights of the best epoch when training ends (default false). */
  restoreBestWeights?: boolean;
}

export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  readonly checkFinite: boolean;
  readonly restoreBestWeights: boolean;
  best = NaN;
  bestEpoch = -1;
  wait = 0;
  stoppedEpoch = -1;
  private bestWeights: Record<string, Float32Array | Float64Array | Int32Array | Uint8Array> | null = null;

  constructor(o: EarlyStoppingOptions = {}) {
    this.monitor = o.monitor ?? 'valLoss';
    this.mode = o.mode ?? 'min';
    this.patience = o.patience ?? 3;
    this.minDelta = Math.abs(o.minDelta ?? 0);
    this.checkFinite = o.checkFinite ?? true;
    this.restoreBestWeights = o.restoreBestWeights ?? false;
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(`EarlyStopping: mode must be 'min' or 'max', got ${String(this.mode)}`);
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`EarlyStopping: patience must be a non-negative integer, got ${this.patience}`);
  }

  onTrainStart(): void {
    this.best = NaN; this.bestEpoch = -1; this.wait = 0; this.stoppedEpoch = -1; this.bestWeights = null;
  }

  private improved(v: number): boolean {
    if (!Number.isFinite(v)) return false; // with checkFinite off, NaN/Inf only count as no improvement
    if (Number.isNaN(this.best)) return true;
    return this.mode === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta;
  }

  onEpochEnd(ctx: TrainContext, logs: EpochLogs): void {
    const v = logs[this.monitor];
    if (v === undefined) throw new ValueError(`EarlyStopping: '${this.monitor}' is not logged (have ${Object.keys(logs).join(', ')})`);
    if (this.checkFinite && !Number.isFinite(v)) {
      ctx.stopTraining = true;
      ctx.stopReason = 'early-stopping';
      this.stoppedEpoch = ctx.epoch;
      return;
    }
    if (this.improved(v)) {
      this.best = v; this.bestEpoch = ctx.epoch; this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = snapshot(ctx.model.stateDict());
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      ctx.stopTraining = true;
      ctx.stopReason = 'early-stopping';
      this.stoppedEpoch = ctx.epoch;
    }
  }

  onTrainEnd(ctx: TrainContext): void {
    if (!this.restoreBestWeights || !this.bestWeights) return;
    const sd = ctx.model.stateDict();
    for (const [k, t] of Object.entries(sd)) {
      const saved = this.bestWeights[k];
      if (saved) { t.storage.data.set(saved, t.offset); t.bumpVersion(); }
    }
  }
}

function snapshot(sd: Record<string, Tensor>): Record<string, Float32Array | Float64Array | Int32Array | Uint8Array> {
  return Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, t.toTypedArray()]));
}
