// Exact training invariants, observed through hooks and callbacks during a real run: gradients
// cleared before each backward, every trainable parameter gets a gradient, step() moves every
// parameter with a nonzero gradient and no frozen one, no parameter in two groups, train mode while
// training and eval mode while validating, the scheduler after the optimizer, finite loss.
import { isGradEnabled } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback, OptimizerLike, SchedulerLike, TrainContext } from '../train/types.js';

export interface WatchableModel {
  namedParameters(): Iterable<[string, Tensor]>;
  namedModules(): Iterable<[string, { training: boolean; registerForwardHook(h: (...a: unknown[]) => unknown): { remove(): void } }]>;
  training: boolean;
}

/** The invariants, by the name a violation carries. */
export type InvariantName = 'zero-grad' | 'every-param-gets-grad' | 'step-moves-params' | 'frozen-unchanged'
  | 'unique-param-groups' | 'train-mode-training' | 'eval-mode-validation' | 'scheduler-after-optimizer' | 'finite-loss';

/** `step` is the training step (1-based, counted by onBatchStart) in which the invariant broke; 0 = before training. */
export interface Violation { step: number; invariant: InvariantName; message: string }

export interface WatchOptions {
  /** A scheduler whose steps must never outnumber the optimizer's (it needs a numeric `lastEpoch`,
   * and the optimizer a numeric `stepCount`, as trainlab's have). */
  scheduler?: SchedulerLike & { lastEpoch?: number };
}

type Ctx = Partial<TrainContext> | undefined;

/** The callbacks watch() uses, callable from a hand-written loop (the context may be omitted). */
export interface Watcher extends Callback {
  violations: Violation[];
  onTrainStart(ctx?: Ctx): void;
  onEpochStart(ctx?: Ctx): void;
  /** Call at the start of every training step, before zeroGrad. */
  onBatchStart(ctx?: Ctx, batch?: number): void;
  /** Call after loss.backward(), before the optimizer step. */
  onAfterBackward(ctx: Ctx, batch: number, loss: number): void;
  /** Call after optimizer.step() (and the scheduler step, if any). */
  onBatchEnd(ctx?: Ctx): void;
  onValidationEnd(ctx?: Ctx): void;
  onEpochEnd(ctx?: Ctx): void;
  onTrainEnd(ctx?: Ctx): void;
  /** Removes the hooks (idempotent). */
  close(): void;
}

function eq(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** A float32 parameter's step is certainly visible when some lr·|g| exceeds ε·|w| (ε of its dtype). */
function visibleStep(p: Tensor, w: ArrayLike<number>, g: ArrayLike<number>, lr: number): boolean {
  const eps = p.dtype === 'float64' ? 2 ** -52 : 2 ** -23;
  for (let i = 0; i < g.length; i++) if (lr * Math.abs(g[i]) > eps * Math.abs(w[i])) return true;
  return false;
}

/**
 * Attaches invariant checks to a model and optimizer; pass the returned callback to fit() (or call
 * its methods from your own loop). Violations are collected, one per invariant and step.
 * - zero-grad: after backward, `.grad` equals exactly the gradient(s) this step's backward pass(es)
 *   produced (observed by tensor hooks), so a loop that forgets zeroGrad breaks it at step 2;
 * - every-param-gets-grad: every parameter with requiresGrad received a gradient this step;
 * - step-moves-params: step() changed every parameter with a nonzero gradient, unless its update was
 *   below the dtype's resolution (lr·|g| ≤ ε·|w|); a parameter the optimizer does not hold always counts;
 * - frozen-unchanged: no parameter with requiresGrad false changed;
 * - unique-param-groups: no parameter in two param groups (checked at watch() and each epoch start);
 * - train-mode-training / eval-mode-validation: a forward with grad enabled runs in train mode, a
 *   forward under noGrad in eval mode;
 * - scheduler-after-optimizer: the scheduler has never stepped more often than the optimizer
 *   (observed through `scheduler.lastEpoch` and `optimizer.stepCount`, without patching either);
 * - finite-loss: the loss passed to onAfterBackward is finite.
 * @example const w = watch(model, opt); fit({ ..., callbacks: [w] }); w.close(); console.log(w.violations)
 */
export function watch(model: WatchableModel, optimizer: OptimizerLike, opts: WatchOptions = {}): Watcher {
  if (model === null || typeof model !== 'object' || typeof model.namedParameters !== 'function' || typeof model.namedModules !== 'function') {
    throw new ValueError('watch: expected a model with namedParameters() and namedModules()');
  }
  if (optimizer === null || typeof optimizer !== 'object' || !Array.isArray(optimizer.paramGroups)) {
    throw new ValueError('watch: expected an optimizer with a paramGroups array');
  }
  const opt = optimizer as OptimizerLike & { stepCount?: number };
  const sched = opts.scheduler;
  if (sched !== undefined && (typeof sched.lastEpoch !== 'number' || typeof opt.stepCount !== 'number')) {
    throw new ValueError('watch: checking the scheduler order needs a scheduler with a numeric lastEpoch and an optimizer with a numeric stepCount');
  }
  const schedStart = sched?.lastEpoch ?? 0, optStart = opt.stepCount ?? 0;
  const violations: Violation[] = [];
  let step = 0, started = false, closed = false;
  let stepsAtBackward: number | undefined;
  const fresh = new Map<Tensor, Float32Array | Float64Array>();
  const before = new Map<Tensor, Float64Array>();
  const params = [...model.namedParameters()];
  const add = (invariant: InvariantName, message: string) => {
    if (!violations.some((v) => v.invariant === invariant && v.step === step)) violations.push({ step, invariant, message });
  };
  const checkGroups = () => {
    const seen = new Map<Tensor, number>();
    const names = new Map(params.map(([n, p]) => [p, n]));
    optimizer.paramGroups.forEach((g, gi) => {
      for (const p of (g.params as Tensor[] | undefined) ?? []) {
        if (seen.has(p) && seen.get(p) !== gi) add('unique-param-groups', `${names.get(p) ?? 'a parameter'} is in param groups ${seen.get(p)} and ${gi}`);
        seen.set(p, gi);
      }
    });
  };
  // once a callback has stopped the run (TerminateOnNaN), fit() still steps an epoch scheduler:
  // no lr of it will be used, so that is not reported
  const checkOrder = (ctx?: Ctx) => {
    if (!sched || ctx?.stopTraining) return;
    const s = (sched.lastEpoch as number) - schedStart, o = (opt.stepCount as number) - optStart;
    if (s > o) add('scheduler-after-optimizer', `scheduler.step() ran ${s} time(s) but optimizer.step() only ${o}: call optimizer.step() before scheduler.step()`);
  };
  // gradient hooks sum what this step's backward passes produce, in the parameter's own dtype
  // (as the engine accumulates), so .grad can be compared exactly
  const gradHooks = new Map<Tensor, { remove(): void }>();
  const hookTrainable = () => {
    for (const [, p] of params) {
      if (!p.requiresGrad || gradHooks.has(p)) continue;
      gradHooks.set(p, p.registerHook((g) => {
        const d = g.contiguousData(), acc = fresh.get(p);
        if (acc) for (let i = 0; i < acc.length; i++) acc[i] += d[i];
        else fresh.set(p, p.dtype === 'float64' ? Float64Array.from(d) : Float32Array.from(d));
      }));
    }
  };
  const beginStep = () => { step++; started = true; fresh.clear(); checkOrder(); };
  checkGroups();
  hookTrainable();
  const fwd = [...model.namedModules()].map(([name, m]) => m.registerForwardHook(() => {
    if (!isGradEnabled() && m.training) add('eval-mode-validation', `module '${name || 'model'}' ran a no-grad (validation) forward in train mode`);
    if (isGradEnabled() && !m.training) add('train-mode-training', `module '${name || 'model'}' ran a training forward in eval mode`);
  }));
  return {
    violations,
    onTrainStart() { checkGroups(); checkOrder(); },
    onEpochStart() { checkGroups(); checkOrder(); },
    onBatchStart() { hookTrainable(); beginStep(); },
    onAfterBackward(_ctx: Ctx, _b: number, loss: number) {
      if (!started) beginStep(); // a loop that skips onBatchStart still gets one step per backward
      started = false;
      checkOrder();
      if (!Number.isFinite(loss)) add('finite-loss', `loss is ${loss}`);
      for (const [name, p] of params) {
        if (!p.requiresGrad) continue;
        const f = gradHooks.has(p) ? fresh.get(p) : undefined;
        if (!p.grad || (gradHooks.has(p) && !f)) { add('every-param-gets-grad', `${name} received no gradient in this step's backward`); continue; }
        if (f && !eq(p.grad.contiguousData(), f)) add('zero-grad', `${name}: .grad holds more than this step's gradient (zeroGrad was not called before backward)`);
      }
      fresh.clear();
      before.clear();
      for (const [, p] of params) before.set(p, Float64Array.from(p.contiguousData()));
      stepsAtBackward = opt.stepCount;
    },
    onBatchEnd(ctx?: Ctx) {
      checkOrder(ctx);
      // no step was taken (a callback stopped training on a NaN): nothing to compare
      const stepped = typeof opt.stepCount === 'number' ? opt.stepCount !== stepsAtBackward : !ctx?.stopTraining;
      if (!stepped || before.size === 0) { before.clear(); return; }
      const lrOf = new Map<Tensor, number>();
      for (const g of optimizer.paramGroups) for (const p of (g.params as Tensor[] | undefined) ?? []) lrOf.set(p, g.lr);
      for (const [name, p] of params) {
        const b = before.get(p);
        if (!b) continue;
        const moved = !eq(p.contiguousData(), b);
        if (!p.requiresGrad && moved) add('frozen-unchanged', `${name} is frozen (requiresGrad false) but step() changed it`);
        if (!p.requiresGrad || moved || !p.grad) continue;
        const g = p.grad.contiguousData();
        if (!Array.prototype.some.call(g, (v: number) => v !== 0)) continue;
        const lr = lrOf.get(p);
        if (lr === undefined) add('step-moves-params', `${name} has a nonzero gradient but step() left it unchanged: the optimizer does not hold it`);
        else if (visibleStep(p, b, g, lr)) add('step-moves-params', `${name} has a nonzero gradient and lr ${lr} but step() left it unchanged`);
      }
      before.clear();
    },
    onValidationEnd(ctx?: Ctx) { checkOrder(ctx); },
    onEpochEnd(ctx?: Ctx) { checkOrder(ctx); },
    onTrainEnd(ctx?: Ctx) { checkOrder(ctx); },
    close() {
      if (closed) return;
      closed = true;
      for (const h of [...gradHooks.values(), ...fwd]) h.remove();
    },
  };
}
