// Every training check, by name: `checks.smoke()`, `checks.convergence({ epochs: 3 })`, ...
export { smoke, lossAtInit, gradientFlow, overfitOneBatch } from './basic.js';
export { convergence, fitAnalysis, lossCurve, hyperparameterSensitivity, seedStability } from './training.js';
export { reproducibility, inferenceDeterminism, batchIndependence } from './determinism.js';
export { robustness, invariants } from './robustness.js';
export { gradcheckCheck as gradcheck } from './gradcheck-check.js';
export { analyzeCurve, wilsonInterval, type CurveAnalysis, type CurveThresholds } from './curves.js';
