// ModelCheckpoint: writes the model's state dict as safetensors (atomically) when the monitored
// value improves and/or after every epoch; a custom saveFn can write full checkpoints instead.
import { join } from 'node:path';
import { ValueError } from '../../errors.js';
import { saveCheckpoint, type CheckpointState, type OptimizerLike as CkptOptimizer } from '../checkpoint.js';
import { saveFile } from '../safetensors.js';
import type { Callback, EpochLogs, TrainContext } from '../types.js';

export interface ModelCheckpointOptions {
  /** Directory for `best.safetensors` and `last.safetensors`. One of dirpath / filepath is needed. */
  dirpath?: string;
  /**
   * File name template, filled from the epoch's logs: `{epoch}` (1-based) and `{<logKey>}`
   * (4 decimals), e.g. `ckpt/epoch{epoch}-{valLoss}.safetensors`. Written every epoch, or only on
   * improvement when saveBest is set.
   */
  filepath?: string;
  /** Logged value that decides the best epoch (default 'valLoss'). */
  monitor?: string;
  mode?: 'min' | 'max';
  /** Save when the monitored value improves (default true). NaN/Inf never counts as improving. */
  saveBest?: boolean;
  /** With dirpath: also write `last.safetensors` after every epoch (default true). */
  saveLast?: boolean;
  /**
   * Write full training checkpoints (checkpoint.ts: model, the fit optimizer's state, and what is
   * given here) instead of bare state dicts; `epoch` is the number of completed epochs.
   */
  full?: boolean | { scheduler?: CheckpointState['scheduler']; generators?: CheckpointState['generators']; monitor?: { toJSON(): unknown } };
  /**
   * Writes one file (default: the model's state dict through safetensors.saveFile with the epoch,
   * step and logs as metadata). Pass e.g. checkpoint.ts's saver to keep optimizer state too.
   */
  saveFn?: (ctx: TrainContext, path: string, logs: EpochLogs) => void;
}

/** safetensors metadata of a checkpoint: epoch, step, monitor and every logged value. */
function defaultSave(ctx: TrainContext, path: string, logs: EpochLogs): void {
  saveFile(ctx.model.stateDict(), path, {
    metadata: { format: 'pt', epoch: String(ctx.epoch + 1), step: String(ctx.step), logs: JSON.stringify(logs) },
  });
}

function fullSaver(full: Exclude<ModelCheckpointOptions['full'], undefined | false>) {
  const o = full === true ? {} : full;
  return (ctx: TrainContext, path: string, logs: EpochLogs): void => {
    const opt = ctx.optimizer as unknown as Partial<CkptOptimizer>;
    saveCheckpoint(path, {
      model: ctx.model, optimizer: typeof opt.stateDict === 'function' ? opt as CkptOptimizer : undefined,
      scheduler: o.scheduler, generators: o.generators, monitorHistory: o.monitor?.toJSON(),
      epoch: ctx.epoch + 1, step: ctx.step, extra: { logs },
    });
  };
}

/**
 * Saves the model during fit(): the best epoch by `monitor`, the last epoch, or a file per epoch.
 * @example new ModelCheckpoint({ dirpath: 'ckpt', monitor: 'valAccuracy', mode: 'max' })
 *   // → ckpt/best.safetensors, ckpt/last.safetensors; model.loadStateDict(safetensors.loadFile(...))
 */
export class ModelCheckpoint implements Callback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly saveBest: boolean;
  readonly saveLast: boolean;
  /** Best monitored value so far (NaN before the first finite one). */
  best = NaN;
  bestEpoch = -1;
  bestPath: string | null = null;
  lastPath: string | null = null;
  /** Every file written, in order. */
  saved: string[] = [];
  private readonly save: (ctx: TrainContext, path: string, logs: EpochLogs) => void;

  constructor(private readonly o: ModelCheckpointOptions) {
    if (!o || (o.dirpath === undefined) === (o.filepath === undefined)) {
      throw new ValueError('ModelCheckpoint: give exactly one of dirpath (best/last files) and filepath (a name template)');
    }
    this.monitor = o.monitor ?? 'valLoss';
    this.mode = o.mode ?? 'min';
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(`ModelCheckpoint: mode must be 'min' or 'max', got ${String(this.mode)}`);
    this.saveBest = o.saveBest ?? true;
    this.saveLast = o.saveLast ?? true;
    this.save = o.saveFn ?? (o.full ? fullSaver(o.full) : defaultSave);
  }

  onTrainStart(): void {
    this.best = NaN; this.bestEpoch = -1; this.bestPath = null; this.lastPath = null; this.saved = [];
  }

  private improved(v: number): boolean {
    if (!Number.isFinite(v)) return false;
    if (Number.isNaN(this.best)) return true;
    return this.mode === 'min' ? v < this.best : v > this.best;
  }

  private write(ctx: TrainContext, path: string, logs: EpochLogs): string {
    this.save(ctx, path, logs);
    this.saved.push(path);
    return path;
  }

  onEpochEnd(ctx: TrainContext, logs: EpochLogs): void {
    const v = logs[this.monitor];
    if (this.saveBest && v === undefined) {
      throw new ValueError(`ModelCheckpoint: '${this.monitor}' is not logged (have ${Object.keys(logs).join(', ')})`);
    }
    const better = this.saveBest && this.improved(v);
    if (better) { this.best = v; this.bestEpoch = ctx.epoch; }
    if (this.o.filepath !== undefined) {
      if (better || !this.saveBest) {
        const p = this.write(ctx, fillTemplate(this.o.filepath, ctx, logs), logs);
        this.lastPath = p;
        if (better) this.bestPath = p;
      }
      return;
    }
    const dir = this.o.dirpath as string;
    if (better) this.bestPath = this.write(ctx, join(dir, 'best.safetensors'), logs);
    if (this.saveLast) this.lastPath = this.write(ctx, join(dir, 'last.safetensors'), logs);
  }
}

function fillTemplate(t: string, ctx: TrainContext, logs: EpochLogs): string {
  return t.replace(/\{(\w+)\}/g, (m, key: string) => {
    if (key === 'epoch') return String(ctx.epoch + 1);
    if (key === 'step') return String(ctx.step);
    const v = logs[key];
    if (v === undefined) throw new ValueError(`ModelCheckpoint: filepath ${t} names {${key}}, which is not logged (have ${Object.keys(logs).join(', ')})`);
    return v.toFixed(4);
  });
}
