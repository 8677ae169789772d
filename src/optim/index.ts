// Public surface of optim: the Optimizer base, the algorithms (each a class + its pure update
// function), the optimizer info table, and the LR schedulers as `lrScheduler`.
export * from './optimizer.js';
export { SGD, sgdUpdate, type SGDOptions } from './sgd.js';
export { Adam, AdamW, adamUpdate, type AdamOptions } from './adam.js';
export { RMSprop, rmspropUpdate, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, adagradUpdate, type AdagradOptions } from './adagrad.js';
export { Adamax, adamaxUpdate, type AdamaxOptions } from './adamax.js';
export { Adadelta, adadeltaUpdate, type AdadeltaOptions } from './adadelta.js';
export { NAdam, nadamUpdate, type NAdamOptions } from './nadam.js';
export { RAdam, radamUpdate, type RAdamOptions } from './radam.js';
export * as lrScheduler from './lr-scheduler/index.js';
export { simulateSchedule } from './lr-scheduler/simulate.js';
export { OPTIMIZER_INFO, optimizerInfoLines, type InfoLang, type OptimizerInfo } from './optimizer-info.js';
