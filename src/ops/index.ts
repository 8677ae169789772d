// Every op, as plain functions; importing this module also installs the Tensor methods.
import './methods.js';
export * from './binary.js';
export * from './unary.js';
export * from './movement.js';
export * from './reduce-core.js';
export { sumToShape, reduceRaw } from './reduce-raw.js';
export * from './matmul.js';
export * from './activation.js';
export * from './reduce.js';
export * from './indexing.js';
export * from './join.js';
export * from './distance.js';
export * from './dropout.js';
export * from './conv.js';
export * from './pool.js';
export * from './norm.js';
export { cumsum } from './cumulative.js';
export { castData } from './util.js';
