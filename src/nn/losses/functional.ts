// The functional loss forms only (what `F` re-exports).
export * from './regression.js';
export * from './classification.js';
export * from './binary.js';
export * from './embedding.js';
export * from './custom.js';
export { type Reduction, type ReductionOptions } from './util.js';
