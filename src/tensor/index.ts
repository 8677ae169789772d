// Public surface of the tensor layer.
export { Tensor, allocationStats, measureAllocations, type GradFn, type GradHook, type Storage } from './tensor.js';
export * from './creation.js';
export { Generator, defaultGenerator, manualSeed } from './random.js';
export { formatTensor } from './print.js';
export * from './shape.js';
export * from './dtype.js';
export { tidy, keep } from './memory.js';
export { memoryStats, emptyCache } from './pool.js';
