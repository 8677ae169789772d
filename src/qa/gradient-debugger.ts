// Gradient debugger (seed §5.2): gradient flow per parameter, total gradient norm, and the size
// of one optimizer update relative to the weights — each with the numbers and the flags raised.
import { noGrad } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
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
  /** requiresGrad is false: reported, never flagged, left out of the layer-ratio rule. */
  frozen: boolean;
  /** mean |g| over the finite entries (NaN when there are none). */
  meanAbs: number;
  /** torch's unbiased std (divisor n − 1) over the finite entries; 0 for one entry. */
  std: number;
  /** L2 norm over the finite entries. */
  norm: number;
  maxAbs: number;
  /** Fraction of exact zeros among all entries. */
  zeroFraction: number;
  nanCount: number;
  infCount: number;
  flags: ('no-gradient' | 'vanishing' | 'exploding' | 'non-finite')[];
}

export interface GradientFlowReport {
  params: ParamGradStats[];
  /** Gradient norm per layer (the module owning the parameters: `0` for `0.weight` and `0.bias`). */
  layers: { name: string; norm: number }[];
  /** Gradient norm of the first layer divided by that of the last (NaN with fewer than 2 layers). */
  firstLastRatio: number;
  flags: string[];
  healthy: boolean;
}

type Stats = Omit<ParamGradStats, 'name' | 'shape' | 'hasGrad' | 'frozen' | 'flags'>;

/**
 * Statistics of one array: mean |x|, torch's unbiased std (two-pass, so equal values give exactly
 * 0), L2 norm and max |x| over the finite entries; zero fraction over all; NaN and Inf counts.
 */
export function gradStats(d: ArrayLike<number>): Stats {
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
  let m2 = 0;
  for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i])) m2 += (d[i] - m) * (d[i] - m);
  return {
    meanAbs: n ? sumAbs / n : NaN, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, norm: Math.sqrt(sumSq),
    maxAbs: n ? maxAbs : NaN, zeroFraction: d.length ? zeros / d.length : 0, nanCount: nan, infCount: inf,
  };
}

function checkModel(what: string, model: NamedParams): void {
  if (model === null || typeof model !== 'object' || typeof model.namedParameters !== 'function') {
    throw new ValueError(`${what}: expected a model with namedParameters(), got ${model === null ? 'null' : typeof model}`);
  }
}

/** Every given threshold must be a positive finite number. */
function checkThresholds(what: string, t: object): void {
  for (const [k, v] of Object.entries(t)) {
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
      throw new ValueError(`${what}: threshold '${k}' must be a positive finite number, got ${String(v)}`);
    }
  }
}

const layerOf = (name: string) => (name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '');

/**
 * Per-parameter gradient statistics with the seed's flags (mean |g| < 1e-7 vanishing, > 1e2
 * exploding), non-finite gradients, "no gradient" for a trainable parameter without one, and the
 * layer-ratio rule: ‖g‖ of the first layer / ‖g‖ of the last < 1e-3 vanishing, > 70 exploding.
 * Call after loss.backward().
 * @example const r = checkGradientFlow(model); if (!r.healthy) console.log(r.flags)
 */
export function checkGradientFlow(model: NamedParams, t: GradFlowThresholds = {}): GradientFlowReport {
  checkModel('checkGradientFlow', model);
  checkThresholds('checkGradientFlow', t);
  const van = t.vanishing ?? 1e-7, exp = t.exploding ?? 1e2, lo = t.ratioLow ?? 1e-3, hi = t.ratioHigh ?? 70;
  if (van >= exp) throw new ValueError(`checkGradientFlow: vanishing threshold ${van} must be below exploding threshold ${exp}`);
  if (lo >= hi) throw new ValueError(`checkGradientFlow: ratioLow ${lo} must be below ratioHigh ${hi}`);
  const params: ParamGradStats[] = [];
  const flags: string[] = [];
  const layerSq = new Map<string, number>();
  for (const [name, p] of model.namedParameters()) {
    const frozen = !p.requiresGrad;
    if (!p.grad) {
      params.push({ name, shape: [...p.shape], hasGrad: false, frozen, meanAbs: NaN, std: NaN, norm: NaN, maxAbs: NaN,
        zeroFraction: NaN, nanCount: 0, infCount: 0, flags: frozen ? [] : ['no-gradient'] });
      if (!frozen) flags.push(`${name}: no gradient (not connected to the loss, or cut off by a detach)`);
      continue;
    }
    const s = gradStats(p.grad.contiguousData());
    const f: ParamGradStats['flags'] = [];
    params.push({ name, shape: [...p.shape], hasGrad: true, frozen, ...s, flags: f });
    if (frozen) continue;
    if (s.nanCount || s.infCount) { f.push('non-finite'); flags.push(`${name}: gradient has ${s.nanCount} NaN and ${s.infCount} Inf values`); }
    if (s.meanAbs < van) { f.push('vanishing'); flags.push(`${name}: mean |grad| ${s.meanAbs.toExponential(3)} < ${van} (vanishing)`); }
    else if (s.meanAbs > exp) { f.push('exploding'); flags.push(`${name}: mean |grad| ${s.meanAbs.toExponential(3)} > ${exp} (exploding)`); }
    // a layer with a non-finite gradient has no meaningful norm: it stays out of the ratio rule
    const layer = layerOf(name);
    const prev = layerSq.has(layer) ? layerSq.get(layer)! : 0;
    layerSq.set(layer, s.nanCount || s.infCount ? NaN : prev + s.norm * s.norm);
  }
  const layers = [...layerSq].filter(([, sq]) => Number.isFinite(sq)).map(([name, sq]) => ({ name, norm: Math.sqrt(sq) }));
  let firstLastRatio = NaN;
  if (layers.length >= 2) {
    const first = layers[0], last = layers[layers.length - 1];
    firstLastRatio = first.norm / last.norm;
    const lf = first.name || '(model)', ll = last.name || '(model)';
    if (firstLastRatio < lo) flags.push(`gradient norm of layer ${lf} is ${firstLastRatio.toExponential(3)}× that of layer ${ll} (< ${lo}: vanishing toward the input)`);
    else if (firstLastRatio > hi) flags.push(`gradient norm of layer ${lf} is ${firstLastRatio.toFixed(1)}× that of layer ${ll} (> ${hi}: exploding toward the input)`);
  }
  return { params, layers, firstLastRatio, flags, healthy: flags.length === 0 };
}

export interface GradientNormReport {
  /** sqrt(Σ over parameters with a gradient of Σ g²); NaN/Inf when a gradient is not finite. */
  totalNorm: number;
  /** Parameters that have a gradient. */
  withGrad: number;
  advice: 'clip' | 'vanishing' | 'ok' | 'non-finite' | 'no-gradient';
  message: string;
}

/**
 * Total L2 norm of all gradients with the seed's advice: > 1000 → 'clip'; < 1e-3 → 'vanishing'.
 * A NaN or Inf norm is 'non-finite' (clipping cannot repair it); no gradient at all is 'no-gradient'.
 * @example const { totalNorm, advice } = gradientNormAnalysis(model)
 */
export function gradientNormAnalysis(model: NamedParams, t: { high?: number; low?: number } = {}): GradientNormReport {
  checkModel('gradientNormAnalysis', model);
  checkThresholds('gradientNormAnalysis', t);
  const high = t.high ?? 1000, low = t.low ?? 1e-3;
  if (low >= high) throw new ValueError(`gradientNormAnalysis: low threshold ${low} must be below high threshold ${high}`);
  let sq = 0, withGrad = 0;
  const bad: string[] = [];
  for (const [name, p] of model.namedParameters()) {
    if (!p.grad) continue;
    withGrad++;
    const d = p.grad.contiguousData();
    let psq = 0;
    for (let i = 0; i < d.length; i++) psq += d[i] * d[i];
    if (!Number.isFinite(psq)) bad.push(name);
    sq += psq;
  }
  const totalNorm = Math.sqrt(sq);
  if (withGrad === 0) return { totalNorm, withGrad, advice: 'no-gradient', message: 'no parameter has a gradient: call loss.backward() first' };
  if (!Number.isFinite(totalNorm)) {
    return { totalNorm, withGrad, advice: 'non-finite',
      message: `total gradient norm is ${totalNorm}: non-finite gradients in ${bad.join(', ')}; clipping cannot repair this, find the NaN/Inf source (detectAnomaly)` };
  }
  if (totalNorm > high) return { totalNorm, withGrad, advice: 'clip', message: `total gradient norm ${totalNorm.toExponential(3)} > ${high}: clip gradients (clipGradNorm_) or lower the lr` };
  if (totalNorm < low) return { totalNorm, withGrad, advice: 'vanishing', message: `total gradient norm ${totalNorm.toExponential(3)} < ${low}: gradients may be vanishing` };
  return { totalNorm, withGrad, advice: 'ok', message: `total gradient norm ${totalNorm.toFixed(6)}` };
}

export interface ParamUpdateStats {
  name: string;
  /** mean |Δw| (the seed's figure). */
  meanAbsUpdate: number;
  /** ‖Δw‖ / ‖w‖ with w before the step; healthy near 1e-3. NaN when ‖w‖ = 0 (undefined, not flagged). */
  updateRatio: number;
  changed: boolean;
  /** Whether the optimizer's paramGroups hold the parameter (null for an optimizer without paramGroups). */
  inOptimizer: boolean | null;
  flag: 'too-small' | 'too-large' | 'frozen' | 'non-finite' | null;
}

/**
 * Runs one `optimizer.step()` and measures each parameter's update: mean |Δw| and ‖Δw‖/‖w‖
 * (healthy near 1e-3; below `low` (1e-5) or above `high` (1e-1) is flagged). A parameter with a
 * nonzero gradient that the step left unchanged is 'frozen' (most often: the optimizer does not
 * hold it; see `inOptimizer`); a step that wrote NaN/Inf is 'non-finite'. Call after loss.backward().
 * @example for (const u of parameterUpdateAnalysis(model, opt)) console.log(u.name, u.updateRatio)
 */
export function parameterUpdateAnalysis(model: NamedParams, optimizer: { step(): unknown; paramGroups?: { params?: unknown }[] },
  t: { low?: number; high?: number } = {}): ParamUpdateStats[] {
  checkModel('parameterUpdateAnalysis', model);
  if (optimizer === null || typeof optimizer !== 'object' || typeof optimizer.step !== 'function') {
    throw new ValueError(`parameterUpdateAnalysis: expected an optimizer with step(), got ${optimizer === null ? 'null' : typeof optimizer}`);
  }
  checkThresholds('parameterUpdateAnalysis', t);
  const low = t.low ?? 1e-5, high = t.high ?? 1e-1;
  if (low >= high) throw new ValueError(`parameterUpdateAnalysis: low threshold ${low} must be below high threshold ${high}`);
  const held = Array.isArray(optimizer.paramGroups)
    ? new Set(optimizer.paramGroups.flatMap((g) => (Array.isArray(g.params) ? g.params : []))) : null;
  const params = [...model.namedParameters()];
  const before = params.map(([, p]) => Float64Array.from(p.contiguousData()));
  noGrad(() => optimizer.step());
  return params.map(([name, p], k) => {
    const b = before[k], a = p.contiguousData();
    let sumAbs = 0, dsq = 0, wsq = 0;
    for (let i = 0; i < a.length; i++) { const d = a[i] - b[i]; sumAbs += Math.abs(d); dsq += d * d; wsq += b[i] * b[i]; }
    const ratio = wsq > 0 ? Math.sqrt(dsq) / Math.sqrt(wsq) : NaN;
    const gradNonZero = p.grad ? Array.prototype.some.call(p.grad.contiguousData(), (v: number) => v !== 0) : false;
    const changed = !b.every((v, i) => Object.is(v, a[i]));
    let flag: ParamUpdateStats['flag'] = null;
    if (!changed && gradNonZero) flag = 'frozen';
    else if (changed && !Number.isFinite(dsq)) flag = 'non-finite';
    else if (changed && ratio < low) flag = 'too-small';
    else if (changed && ratio > high) flag = 'too-large';
    return { name, meanAbsUpdate: a.length ? sumAbs / a.length : 0, updateRatio: ratio, changed, inOptimizer: held ? held.has(p) : null, flag };
  });
}
