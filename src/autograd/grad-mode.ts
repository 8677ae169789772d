// Grad modes: whether ops record the graph (noGrad / enableGrad), and anomaly detection.
let gradEnabled = true;
let anomalyEnabled = false;

export function isGradEnabled(): boolean { return gradEnabled; }
export function setGradEnabled(on: boolean): void { gradEnabled = on; }

function withGrad<T>(on: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = on;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/**
 * Runs `fn` without recording the graph, like `with torch.no_grad()`. Synchronous only: an
 * async function would leave the mode before its awaits resume.
 * @example const y = noGrad(() => model.call(x));
 */
export function noGrad<T>(fn: () => T): T { return withGrad(false, fn); }
/** Runs `fn` with graph recording on, even inside noGrad. */
export function enableGrad<T>(fn: () => T): T { return withGrad(true, fn); }

export function isAnomalyEnabled(): boolean { return anomalyEnabled; }
/** Turns anomaly detection on or off globally (slower: every op output is scanned for NaN/Inf). */
export function setDetectAnomaly(on: boolean): void { anomalyEnabled = on; }
/** Runs `fn` with anomaly detection on: a NaN/Inf produced in forward or backward names its op. */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = anomalyEnabled;
  anomalyEnabled = true;
  try {
    return fn();
  } finally {
    anomalyEnabled = prev;
  }
}
