// Activation statistics through forward hooks: mean/std per layer, dead-ReLU fraction and
// sigmoid/tanh saturation, collected during real forward passes.
import type { Tensor } from '../tensor/tensor.js';
import { gradStats } from './gradient-debugger.js';

export interface HookableModule {
  namedModules(): Iterable<[string, HookableModule]>;
  registerForwardHook(hook: (m: HookableModule, input: unknown, output: unknown) => unknown): { remove(): void };
  constructor: { name: string };
}

export interface ActivationStats {
  name: string;
  kind: string;
  mean: number;
  std: number;
  /** Fraction of exact zeros (for ReLU: dead units on this batch). */
  zeroFraction: number;
  /** Fraction of outputs within 1e-2 of a saturation bound (Sigmoid: 0/1; Tanh: ±1). */
  saturation: number;
  flags: ('dead-relu' | 'saturated')[];
}

/**
 * Records the output statistics of every leaf layer while `run` performs forward passes; flags
 * ReLU layers with ≥ deadFraction zeros and sigmoid/tanh layers with ≥ saturatedFraction saturation.
 * Hooks are removed afterwards, even if `run` throws.
 */
export function activationStats(model: HookableModule, run: () => void,
  t: { deadFraction?: number; saturatedFraction?: number } = {}): ActivationStats[] {
  const dead = t.deadFraction ?? 0.7, sat = t.saturatedFraction ?? 0.7;
  const seen = new Map<string, { kind: string; values: number[] }>();
  const handles: { remove(): void }[] = [];
  for (const [name, m] of model.namedModules()) {
    const isLeaf = [...m.namedModules()].length === 1;
    if (!name || !isLeaf) continue;
    handles.push(m.registerForwardHook((_m, _in, out) => {
      const o = out as Tensor;
      if (!o || typeof o.contiguousData !== 'function') return;
      const e = seen.get(name) ?? { kind: m.constructor.name, values: [] };
      const d = o.contiguousData();
      for (let i = 0; i < d.length; i++) e.values.push(d[i]);
      seen.set(name, e);
    }));
  }
  try {
    run();
  } finally {
    for (const h of handles) h.remove();
  }
  return [...seen.entries()].map(([name, { kind, values }]) => {
    const s = gradStats(values);
    const n = values.length || 1;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    let saturated = 0;
    if (kind === 'Sigmoid') saturated = values.filter((v) => v < 1e-2 || v > 1 - 1e-2).length / n;
    if (kind === 'Tanh') saturated = values.filter((v) => Math.abs(v) > 1 - 1e-2).length / n;
    const flags: ActivationStats['flags'] = [];
    if (kind === 'ReLU' && s.zeroFraction >= dead) flags.push('dead-relu');
    if (saturated >= sat) flags.push('saturated');
    return { name, kind, mean, std: s.std, zeroFraction: s.zeroFraction, saturation: saturated, flags };
  });
}
