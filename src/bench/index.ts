// trainlab/bench: inference speed, memory, batch scaling, accuracy, architecture comparison and
// regression baselines.
export * from './timing.js';
export * from './inference.js';
export * from './memory.js';
export * from './scaling.js';
export * from './compare.js';
export * from './baseline.js';
export * from './models.js';
export type { BenchModel } from './model-types.js';
