// trainlab: PyTorch-style deep learning for TypeScript on Node.js.
export * from './errors.js';
export * from './tensor/index.js';
export * from './autograd/index.js';
export * from './ops/index.js';
export { backend, setBackend, jsBackend, type Backend, type DType } from './backend/index.js';
export { backendInfo, setNumThreads, type BackendInfo } from './backend/index.js';
export * as F from './nn/functional.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export { simulateSchedule } from './optim/lr-scheduler/simulate.js';
export * as data from './data/index.js';
export * as safetensors from './train/safetensors.js';
export { saveCheckpoint, loadCheckpoint, readCheckpoint, CheckpointError, type CheckpointState, type CheckpointTargets, type LoadedCheckpoint } from './train/checkpoint.js';
export { SummaryWriter, type SummaryWriterOptions } from './train/tensorboard.js';
