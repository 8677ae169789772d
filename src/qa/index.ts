// trainlab/qa: gradient debugger, invariants, training checks and the check pipeline.
export * from './gradient-debugger.js';
export * from './activations.js';
export * from './invariants.js';
export * as checks from './checks/index.js';
export { defineSuite, result, type Check, type CheckContext, type CheckResult, type ChartData, type DataOptions,
  type Severity, type SuiteDefinition } from './checks/types.js';
export * from './pipeline.js';
