// Re-exports of the public API used by the QA test suites.
export { Generator, manualSeed, Tensor, tensor, record, F, nn } from '../../src/index.js';
export type { TrainableModel } from '../../src/train/types.js';
