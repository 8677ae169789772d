// Gradient debugger (seed §5.2): gradient flow per parameter, total gradient norm, and the size
// of one optimizer update relative to the weights — each with the numbers and the flags raised.
import { noGrad } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';

export interface NamedParams { namedParameters(): Iterable<[string, Tensor]> }

export interface GradFlowThresholds {
  /** mean |g| below this flags vanishing (the seed's 1e-7). */
  vanishing?: number;
  /** mean |g| above this flags exploding (the seed's 1e2). */
  exploding?: number;
  /** first/last layer gradient-norm ratio below this flags vanishing (default 1e-3). */
  ratioLow?: number;
  /** first/last layer gradient-norm ratio above this flags exploding (default 70). */
  ratioHigh?: number;
}

export interface ParamGradStats {
  name: string;
  shape: number[];
  hasGrad: boolean;
  meanAbs: number;
  std: number;
  norm: number;
  maxAbs: number;
  zeroFraction: number;
  nanCount: number;
  infCount: number;
  flags: ('no-gradient' | 'vanishing' | 'exploding' | 'non-finite')[];
}

export interface GradientFlowReport {
  params: ParamGradStats[];
  /** Gradient norm of the first parameter with a gradient divided by that of the last. */
  firstLastRatio: number;
  flags: string[];
  healthy: boolean;
}

/** Statistics of one gradient array (std is torch's unbiased std). */
export function gradStats(d: ArrayLike<number>): Omit<ParamGradStats, 'name' | 'shape' | 'hasGrad' | 'flags'> {
  let sumAbs = 0, sum = 0, sumSq = 0, maxAbs = 0, zeros = 0, nan = 0, inf = 0, n = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (Number.isNaN(v)) { nan++; continue; }
    if (!Number.isFinite(v)) { inf++; continue; }
    n++; sum += v; sumAbs += Math.abs(v); sumSq += v * v;
    if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
    if (v === 0) zeros++;
  }
  const m = n ? sum / n : 0;
  const variance = n > 1 ? (sumSq - n * m * m) / (n - 1) : 0;
  return {
    meanAbs: n ? sumAbs / n : NaN, std: Math.sqrt(Math.max(variance, 0)), norm: Math.sqrt(sumSq), maxAbs,
    zeroFraction: d.length ? zeros / d.length : 0, nanCount: nan, infCount: inf,
  };
}

/**
 * Per-parameter gradient statistics with the seed's flags (mean |g| < 1e-7 vanishing, > 1e2
 * exploding) and the layer-ratio rule (first/last gradient norm < 1e-3 vanishing, > 70 exploding).
 * Call after loss.backward().
 * @example const r = checkGradientFlow(model); if (!r.healthy) console.log(r.flags)
 */
export function checkGradientFlow(model: NamedParams, t: GradFlowThresholds = {}): GradientFlowReport {
  const van = t.vanishing ?? 1e-7, exp = t.exploding ?? 1e2, lo = t.ratioLow ?? 1e-3, hi = t.ratioHigh ?? 70;
  const params: ParamGradStats[] = [];
  const flags: string[] = [];
  for (const [name, p] of model.namedParameters()) {
    if (!p.requiresGrad) continue;
    if (!p.grad) {
      params.push({ name, shape: [...p.shape], hasGrad: false, meanAbs: NaN, std: NaN, norm: NaN, maxAbs: NaN,
        zeroFraction: NaN, nanCount: 0, infCount: 0, flags: ['no-gradient'] });
      flags.push(`${name}: no gradient (not connected to the loss, or frozen by a detach)`);
      continue;
    }
    const s = gradStats(p.grad.contiguousData());
    const f: ParamGradStats['flags'] = [];
    if (s.nanCount || s.infCount) { f.push('non-finite'); flags.push(`${name}: gradient has ${s.nanCount} NaN and ${s.infCount} Inf values`); }
    if (s.meanAbs < van) { f.push('vanishing'); flags.push(`${name}: mean |grad| ${s.meanAbs.toExponential(3)} < ${van} (vanishing)`); }
    else if (s.meanAbs > exp) { f.push('exploding'); flags.push(`${name}: mean |grad| ${s.meanAbs.toExponential(3)} > ${exp} (exploding)`); }
    params.push({ name, shape: [...p.shape], hasGrad: true, ...s, flags: f });
  }
  const withGrad = params.filter((p) => p.hasGrad && Number.isFinite(p.norm));
  let firstLastRatio = NaN;
  if (withGrad.length >= 2) {
    const first = withGrad[0], last = withGrad[withGrad.length - 1];
    firstLastRatio = first.norm / last.norm;
    if (firstLastRatio < lo) flags.push(`gradient norm of ${first.name} is ${firstLastRatio.toExponential(3)}× that of ${last.name} (< ${lo}: vanishing toward the input)`);
    else if (firstLastRatio > hi) flags.push(`gradient norm of ${first.name} is ${firstLastRatio.toFixed(1)}× that of ${last.name} (> ${hi}: exploding toward the input)`);
  }
  return { params, firstLastRatio, flags, healthy: flags.length === 0 };
}

export interface GradientNormReport {
  totalNorm: number;
  advice: 'clip' | 'vanishing' | 'ok';
  message: string;
}

/** Total L2 norm of all gradients with the seed's advice (> 1000: clip; < 1e-3: vanishing). */
export function gradientNormAnalysis(model: NamedParams, t: { high?: number; low?: number } = {}): GradientNormReport {
  const high = t.high ?? 1000, low = t.low ?? 1e-3;
  let sq = 0;
  for (const [, p] of model.namedParameters()) {
    if (!p.grad) continue;
    const d = p.grad.contiguousData();
    for (let i = 0; i < d.length; i++) sq += d[i] * d[i];
  }
  const totalNorm = Math.sqrt(sq);
  if (!(totalNorm <= high)) return { totalNorm, advice: 'clip', message: `total gradient norm ${totalNorm.toExponential(3)} > ${high}: clip gradients (clipGradNorm_) or lower the lr` };
  if (totalNorm < low) return { totalNorm, advice: 'vanishing', message: `total gradient norm ${totalNorm.toExponential(3)} < ${low}: gradients may be vanishing` };
  return { totalNorm, advice: 'ok', message: `total gradient norm ${totalNorm.toFixed(6)}` };
}

export interface ParamUpdateStats {
  name: string;
  /** mean |Δw| (the seed's figure). */
  meanAbsUpdate: number;
  /** ‖Δw‖ / ‖w‖ before the step; healthy near 1e-3. */
  updateRatio: number;
  changed: boolean;
  flag: 'too-small' | 'too-large' | 'frozen' | null;
}

/**
 * Runs one `optimizer.step()` and measures each parameter's update: mean |Δw| and ‖Δw‖/‖w‖
 * (healthy near 1e-3; below `low` or above `high` is flagged; a parameter with a nonzero
 * gradient that did not move is 'frozen').
 */
export function parameterUpdateAnalysis(model: NamedParams, optimizer: { step(): unknown },
  t: { low?: number; high?: number } = {}): ParamUpdateStats[] {
  const low = t.low ?? 1e-5, high = t.high ?? 1e-1;
  const before = new Map<string, ArrayLike<number>>();
  const params = [...model.namedParameters()];
  for (const [name, p] of params) before.set(name, p.toTypedArray());
  noGrad(() => optimizer.step());
  return params.map(([name, p]) => {
    const b = before.get(name)!, a = p.contiguousData();
    let sumAbs = 0, dsq = 0, wsq = 0;
    for (let i = 0; i < a.length; i++) { const d = a[i] - b[i]; sumAbs += Math.abs(d); dsq += d * d; wsq += b[i] * b[i]; }
    const ratio = Math.sqrt(dsq) / (Math.sqrt(wsq) || 1);
    const gradNonZero = p.grad ? Array.prototype.some.call(p.grad.contiguousData(), (v: number) => v !== 0) : false;
    const changed = dsq > 0;
    const flag = !changed && gradNonZero ? 'frozen' : !changed ? null : ratio < low ? 'too-small' : ratio > high ? 'too-large' : null;
    return { name, meanAbsUpdate: a.length ? sumAbs / a.length : 0, updateRatio: ratio, changed, flag };
  });
}
