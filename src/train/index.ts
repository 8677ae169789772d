// trainlab/train: the training loop, callbacks, monitor, metrics and checkpoints.
export * from './types.js';
export { fit, evaluate, predict, type FitOptions, type FitResult } from './trainer.js';
export * from './callbacks/index.js';
export { TrainingMonitor, type MonitorHistory } from './monitor.js';
export { analyzeFit, slope, type FitAnalysis, type FitThresholds, type FitVerdict } from './fit-analysis.js';
export * from './metrics.js';
export * as safetensors from './safetensors.js';
export { writeFileAtomic, AtomicWriteError, type AtomicFs } from './atomic-write.js';
export { SummaryWriter, makeHistogram, type Histogram, type SummaryWriterOptions } from './tensorboard.js';
export { trainingHistoryFigure, saveTrainingHistory, type PlotLang } from './monitor-plot.js';
export { saveCheckpoint, loadCheckpoint, readCheckpoint, CheckpointError, type CheckpointState, type CheckpointTargets, type LoadedCheckpoint } from './checkpoint.js';
