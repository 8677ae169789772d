// torch.nn: Module, Parameter, layers, init and utils (the functional API is `F`, separate).
export { Parameter } from './parameter.js';
export { Module, RemovableHandle, type AnyModule, type ForwardHook, type ForwardPreHook } from './module.js';
export { StateDictError, type StateDict, type LoadStateDictResult } from './state-dict.js';
export { Linear, Identity, type FactoryOptions } from './layers/linear.js';
export { Flatten, Unflatten } from './layers/flatten.js';
export { Sequential, ModuleList, ModuleDict } from './layers/container.js';
export * as init from './init.js';
export * as utils from './utils.js';
// Layers that wrap ops still being added (conv, pool, norm, dropout, embedding, activations) are
// exported once those ops land in src/ops.
