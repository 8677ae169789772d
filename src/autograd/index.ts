// Public surface of autograd.
export { backward, type BackwardOptions } from './engine.js';
export { record, needsGrad, checkAnomaly, type BackwardFn } from './node.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled, detectAnomaly, setDetectAnomaly, isAnomalyEnabled } from './grad-mode.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck.js';
