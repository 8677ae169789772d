// TrainingMonitor (seed §5.1): per-epoch train/val loss and accuracy and the lr (per step on
// request), the 4-panel training-history figure, and a fit verdict with its numbers.
import { ValueError } from '../errors.js';
import type { Callback, BatchEnd, EpochLogs, TrainContext } from './types.js';
import { analyzeFit, type FitAnalysis, type FitThresholds } from './fit-analysis.js';
import { saveTrainingHistory, type PlotLang } from './monitor-plot.js';

export interface MonitorHistory {
  trainLosses: number[];
  valLosses: number[];
  trainAccuracies: number[];
  valAccuracies: number[];
  learningRates: number[];
  /** Per optimizer step, when the monitor was made with { perStep: true }. */
  stepLosses: number[];
  stepLrs: number[];
}

export class TrainingMonitor implements Callback {
  history: MonitorHistory = emptyHistory();
  private stepLr = NaN;
  constructor(private readonly opts: { perStep?: boolean; accuracyKey?: string } = {}) {}

  get trainLosses(): number[] { return this.history.trainLosses; }
  get valLosses(): number[] { return this.history.valLosses; }
  get trainAccuracies(): number[] { return this.history.trainAccuracies; }
  get valAccuracies(): number[] { return this.history.valAccuracies; }
  get learningRates(): number[] { return this.history.learningRates; }

  /** Records one epoch (the seed's record_metrics); NaN marks a value that was not measured. */
  recordMetrics(trainLoss: number, valLoss: number, trainAcc: number, valAcc: number, lr: number): void {
    const h = this.history;
    h.trainLosses.push(trainLoss); h.valLosses.push(valLoss);
    h.trainAccuracies.push(trainAcc); h.valAccuracies.push(valAcc);
    h.learningRates.push(lr);
  }

  onEpochEnd(_ctx: TrainContext, logs: EpochLogs): void {
    const acc = this.opts.accuracyKey ?? 'Accuracy';
    this.recordMetrics(logs.trainLoss ?? NaN, logs.valLoss ?? NaN, logs[`train${acc}`] ?? NaN,
      logs[`val${acc}`] ?? NaN, logs.lr ?? NaN);
  }

  /** The lr in effect for this step (a per-step scheduler changes it before onBatchEnd). */
  onBatchStart(ctx: TrainContext): void {
    if (this.opts.perStep) this.stepLr = ctx.optimizer.paramGroups[0]?.lr ?? NaN;
  }

  onBatchEnd(_ctx: TrainContext, info: BatchEnd): void {
    if (!this.opts.perStep) return;
    this.history.stepLosses.push(info.loss);
    this.history.stepLrs.push(this.stepLr);
  }

  /** Over-/under-fitting verdict from the recorded loss curves (see analyzeFit). */
  analyzeFit(thresholds: FitThresholds = {}): FitAnalysis {
    return analyzeFit(this.history.trainLosses, this.history.valLosses, thresholds);
  }

  /**
   * Writes the seed's 4-panel figure (loss, accuracy, lr, over-fitting view) as SVG and PNG:
   * `<path>.svg` and `<path>.png` (default path 'training-history'); returns the files written.
   * @example await monitor.plotTrainingHistory({ path: 'runs/mlp/history', lang: 'zh-CN' });
   */
  plotTrainingHistory(opts: { path?: string; lang?: PlotLang } = {}): Promise<string[]> {
    return saveTrainingHistory(this.history, opts.path ?? 'training-history', opts.lang);
  }

  /** Plain data for checkpoints and reports. */
  toJSON(): MonitorHistory {
    return structuredClone(this.history);
  }

  /** Restores a history saved by toJSON (e.g. from a checkpoint). */
  loadHistory(h: MonitorHistory): void {
    const keys = Object.keys(emptyHistory()) as (keyof MonitorHistory)[];
    if (h === null || typeof h !== 'object') throw new ValueError(`TrainingMonitor.loadHistory: expected a history object (from toJSON), got ${String(h)}`);
    for (const k of keys) {
      if (!Array.isArray(h[k]) || h[k].some((v) => typeof v !== 'number')) {
        throw new ValueError(`TrainingMonitor.loadHistory: '${k}' must be an array of numbers, got ${JSON.stringify(h[k])?.slice(0, 60)}`);
      }
    }
    this.history = structuredClone(h);
  }
}

function emptyHistory(): MonitorHistory {
  return { trainLosses: [], valLosses: [], trainAccuracies: [], valAccuracies: [], learningRates: [], stepLosses: [], stepLrs: [] };
}
