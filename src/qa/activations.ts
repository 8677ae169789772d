// Activation statistics through forward hooks: mean/std per layer, dead-ReLU fraction and
// sigmoid/tanh saturation, accumulated (streaming, no copy of the outputs) over real forward passes.
import { ValueError } from '../errors.js';
import { ReLU, Sigmoid, Tanh } from '../nn/layers/activation.js';
import type { Tensor } from '../tensor/tensor.js';

export interface HookableModule {
  namedModules(): Iterable<[string, HookableModule]>;
  registerForwardHook(hook: (m: HookableModule, input: unknown, output: unknown) => unknown): { remove(): void };
  constructor: { name: string };
}

export interface ActivationStats {
  /** The layer's dotted name ('' for a model that is itself a single layer). */
  name: string;
  /** 'ReLU', 'Sigmoid', 'Tanh' for those layers (subclasses included), else the class name. */
  kind: string;
  /** Output values seen (all forwards together). */
  count: number;
  /** Mean and torch's unbiased std of the finite outputs. */
  mean: number;
  std: number;
  /** Fraction of exact zeros (for ReLU: inactive outputs on these batches). */
  zeroFraction: number;
  /** Fraction of units (index along dim 1 of an [N, C, ...] output) that were 0 for every sample; NaN for rank < 2. */
  deadUnitFraction: number;
  /** Fraction of outputs within `saturationTolerance` of a bound (Sigmoid: 0 or 1; Tanh: ±1); 0 for other layers. */
  saturation: number;
  nonFinite: number;
  flags: ('dead-relu' | 'saturated' | 'non-finite')[];
}

export interface ActivationThresholds {
  /** ReLU layers with at least this fraction of zero outputs are flagged 'dead-relu' (default 0.7). */
  deadFraction?: number;
  /** Sigmoid/Tanh layers with at least this fraction saturated are flagged 'saturated' (default 0.7). */
  saturatedFraction?: number;
  /** Distance from a bound that counts as saturated (default 1e-2). */
  saturationTolerance?: number;
}

interface Acc { kind: string; n: number; count: number; mean: number; m2: number; zeros: number; sat: number; nonFinite: number; alive: Uint8Array | null; rankOk: boolean }

function kindOf(m: HookableModule): string {
  if (m instanceof ReLU) return 'ReLU';
  if (m instanceof Sigmoid) return 'Sigmoid';
  if (m instanceof Tanh) return 'Tanh';
  return m.constructor.name;
}

/** Adds one output tensor to the running statistics (Chan's pairwise mean/M2 combination). */
function accumulate(e: Acc, o: Tensor, tol: number): void {
  const d = o.contiguousData();
  let nb = 0, sb = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!Number.isFinite(v)) { e.nonFinite++; continue; }
    nb++; sb += v;
    if (v === 0) e.zeros++;
    if (e.kind === 'Sigmoid' && (v <= tol || v >= 1 - tol)) e.sat++;
    if (e.kind === 'Tanh' && Math.abs(v) >= 1 - tol) e.sat++;
  }
  e.count += d.length;
  if (nb > 0) {
    const mb = sb / nb;
    let m2b = 0;
    for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i])) m2b += (d[i] - mb) * (d[i] - mb);
    const n = e.n + nb, delta = mb - e.mean;
    e.m2 += m2b + delta * delta * e.n * nb / n;
    e.mean += delta * nb / n;
    e.n = n;
  }
  // dead units: a unit is alive once any sample gives it a nonzero output
  if (o.ndim < 2) { e.rankOk = false; return; }
  const c = o.shape[1], inner = o.shape.slice(2).reduce((a, b) => a * b, 1);
  if (e.alive === null) e.alive = new Uint8Array(c);
  if (e.alive.length !== c) { e.rankOk = false; return; }
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) e.alive[Math.floor(i / inner) % c] = 1;
}

/**
 * Records the output statistics of every leaf layer while `run` performs forward passes (through
 * `module.call`); flags ReLU layers with ≥ deadFraction zeros, Sigmoid/Tanh layers with ≥
 * saturatedFraction saturated outputs, and any NaN/Inf output. The hooks are removed afterwards,
 * even if `run` throws.
 * @example const stats = activationStats(model, () => model.call(x)); stats.filter((s) => s.flags.length)
 */
export function activationStats(model: HookableModule, run: () => void, t: ActivationThresholds = {}): ActivationStats[] {
  if (model === null || typeof model !== 'object' || typeof model.namedModules !== 'function') {
    throw new ValueError(`activationStats: expected a module with namedModules(), got ${model === null ? 'null' : typeof model}`);
  }
  if (typeof run !== 'function') throw new ValueError(`activationStats: run must be a function that calls the model, got ${typeof run}`);
  const dead = t.deadFraction ?? 0.7, sat = t.saturatedFraction ?? 0.7, tol = t.saturationTolerance ?? 1e-2;
  for (const [k, v] of [['deadFraction', dead], ['saturatedFraction', sat], ['saturationTolerance', tol]] as const) {
    if (!(v > 0 && v <= 1)) throw new ValueError(`activationStats: ${k} must be in (0, 1], got ${v}`);
  }
  const seen = new Map<string, Acc>();
  const handles: { remove(): void }[] = [];
  try {
    for (const [name, m] of model.namedModules()) {
      const isLeaf = [...m.namedModules()].length === 1;
      if (!isLeaf) continue;
      handles.push(m.registerForwardHook((_m, _in, out) => {
        const o = out as Tensor;
        if (!o || typeof o.contiguousData !== 'function') return;
        let e = seen.get(name);
        if (!e) {
          e = { kind: kindOf(m), n: 0, count: 0, mean: 0, m2: 0, zeros: 0, sat: 0, nonFinite: 0, alive: null, rankOk: true };
          seen.set(name, e);
        }
        accumulate(e, o, tol);
      }));
    }
    run();
  } finally {
    for (const h of handles) h.remove();
  }
  return [...seen.entries()].map(([name, e]) => {
    const zeroFraction = e.count ? e.zeros / e.count : 0;
    const saturation = e.count ? e.sat / e.count : 0;
    const deadUnitFraction = e.rankOk && e.alive ? e.alive.filter((a) => a === 0).length / e.alive.length : NaN;
    const flags: ActivationStats['flags'] = [];
    if (e.kind === 'ReLU' && zeroFraction >= dead) flags.push('dead-relu');
    if ((e.kind === 'Sigmoid' || e.kind === 'Tanh') && saturation >= sat) flags.push('saturated');
    if (e.nonFinite > 0) flags.push('non-finite');
    return { name, kind: e.kind, count: e.count, mean: e.n ? e.mean : NaN, std: e.n > 1 ? Math.sqrt(e.m2 / (e.n - 1)) : 0,
      zeroFraction, deadUnitFraction, saturation, nonFinite: e.nonFinite, flags };
  });
}
