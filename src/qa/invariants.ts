// Exact training invariants, observed through hooks and callbacks during a real run: gradients
// cleared before each backward, every trainable parameter gets a gradient, step() moves every
// parameter with a nonzero gradient and no frozen one, no parameter in two groups, train mode while
// training and eval mode while validating, finite loss. `watch` reports the step where one broke.
import { isGradEnabled } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback, OptimizerLike, TrainContext } from '../train/types.js';

export interface WatchableModel {
  namedParameters(): Iterable<[string, Tensor]>;
  namedModules(): Iterable<[string, { training: boolean; registerForwardHook(h: (...a: unknown[]) => unknown): { remove(): void } }]>;
  training: boolean;
}

export interface Violation { step: number; invariant: string; message: string }

export interface Watcher extends Callback {
  violations: Violation[];
  /** Removes the hooks. */
  close(): void;
}

function eq(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Attaches invariant checks to a model and optimizer; pass the returned callback to fit() (or call
 * its methods from your own loop). Violations are collected, one per invariant and step.
 */
export function watch(model: WatchableModel, optimizer: OptimizerLike): Watcher {
  const violations: Violation[] = [];
  let step = 0;
  const fresh = new Map<Tensor, ArrayLike<number>>();
  const before = new Map<Tensor, Float64Array>();
  const params = [...model.namedParameters()];
  const add = (invariant: string, message: string) => {
    if (!violations.some((v) => v.invariant === invariant && v.step === step)) violations.push({ step, invariant, message });
  };
  // no parameter in two param groups
  const seen = new Map<Tensor, number>();
  optimizer.paramGroups.forEach((g, gi) => {
    for (const p of (g.params as Tensor[] | undefined) ?? []) {
      if (seen.has(p)) add('unique-param-groups', `a parameter is in param groups ${seen.get(p)} and ${gi}`);
      seen.set(p, gi);
    }
  });
  const hooks = params.filter(([, p]) => p.requiresGrad).map(([, p]) => p.registerHook((g) => { fresh.set(p, g.toTypedArray()); }));
  const fwd = [...model.namedModules()].map(([name, m]) => m.registerForwardHook(() => {
    if (!isGradEnabled() && m.training) add('eval-mode-validation', `module '${name || 'model'}' ran a no-grad (validation) forward in train mode`);
    if (isGradEnabled() && !m.training) add('train-mode-training', `module '${name || 'model'}' ran a training forward in eval mode`);
  }));
  return {
    violations,
    onBatchStart() { step++; fresh.clear(); },
    onAfterBackward(_ctx: TrainContext, _b: number, loss: number) {
      if (!Number.isFinite(loss)) add('finite-loss', `loss is ${loss}`);
      for (const [name, p] of params) {
        if (!p.requiresGrad) continue;
        if (!p.grad) { add('every-param-gets-grad', `${name} received no gradient`); continue; }
        const f = fresh.get(p);
        if (f && !eq(p.grad.contiguousData(), f)) add('zero-grad', `${name}: .grad holds more than this step's gradient (zeroGrad was not called before backward)`);
      }
      before.clear();
      for (const [, p] of params) before.set(p, Float64Array.from(p.contiguousData()));
    },
    onBatchEnd() {
      for (const [name, p] of params) {
        const b = before.get(p);
        if (!b) continue;
        const moved = !eq(p.contiguousData(), b);
        if (!p.requiresGrad && moved) add('frozen-unchanged', `${name} is frozen (requiresGrad false) but step() changed it`);
        const g = p.grad?.contiguousData();
        const nonzero = g ? Array.prototype.some.call(g, (v: number) => v !== 0) : false;
        if (p.requiresGrad && nonzero && !moved) add('step-moves-params', `${name} has a nonzero gradient but step() left it unchanged (not in the optimizer?)`);
      }
    },
    close() { for (const h of [...hooks, ...fwd]) h.remove(); },
  };
}
