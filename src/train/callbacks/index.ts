// Callbacks for fit().
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { TerminateOnNaN } from './terminate-on-nan.js';
export { CSVLogger } from './csv-logger.js';
export { ProgressBar, type ProgressOptions, type ProgressStream } from './progress.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './model-checkpoint.js';
export { TensorBoardLogger, scalarTag, type TensorBoardLoggerOptions } from './tensorboard-logger.js';
