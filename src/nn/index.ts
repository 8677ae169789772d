// torch.nn: Module, Parameter, layers, init and utils (the functional API is `F`, separate).
export { Parameter } from './parameter.js';
export { Module, RemovableHandle, type AnyModule, type ForwardHook, type ForwardPreHook } from './module.js';
export { StateDictError, type StateDict, type LoadStateDictResult } from './state-dict.js';
