// Public surface of optim.lrScheduler: the LRScheduler base and torch's schedulers, plus simulateSchedule.
export { LRScheduler, ORDER_WARNING, type SchedulableOptimizer, type SchedulerOptions } from './scheduler.js';
export { StepLR, MultiStepLR, ExponentialLR, ConstantLR, LinearLR, PolynomialLR, LambdaLR, MultiplicativeLR } from './basic.js';
export { CosineAnnealingLR, CosineAnnealingWarmRestarts } from './cosine.js';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle.js';
export { CyclicLR, type CyclicLROptions } from './cyclic.js';
export { SequentialLR, ChainedScheduler } from './composite.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './plateau.js';
export { simulateSchedule, type AnyScheduler, type SimulateOptions } from './simulate.js';
