// Optimizer base class with PyTorch's public contract: param groups with defaults, lazily created
// per-parameter state, zeroGrad, step(closure?), and a state dict that validates before it loads.
import { enableGrad, noGrad } from '../autograd/index.js';
import { allocArray, type DType, type FloatArray } from '../backend/types.js';
import { ShapeError, TrainlabError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** One optimizer state entry: a tensor (moment buffers), a number (`step`) or null (torch's None). */
export type StateValue = Tensor | number | null;
/** The state of one parameter, under torch's names (`exp_avg`, `momentum_buffer`, `step`...). */
export type ParamState = Record<string, StateValue>;

/** A parameter group: its parameters plus every hyperparameter, resolved against the defaults. */
export interface ParamGroup { params: Tensor[]; lr: number; [key: string]: unknown }
/** What a caller passes for a group: the parameters plus per-group overrides. */
export type ParamGroupInput<H> = { params: Iterable<Tensor> } & Partial<H> & Record<string, unknown>;

/** A serialisable snapshot: state per parameter index, groups with parameter indices (as torch). */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/** A closure that re-evaluates the model and returns the loss. */
export type Closure = () => Tensor | number;

const copyValue = (v: unknown): unknown => (Array.isArray(v) ? [...v] : v);

/** A copy of `t` as a fresh contiguous tensor of dtype `dtype` (no autograd). */
export function cloneStateTensor(t: Tensor, dtype: DType = t.dtype): Tensor {
  const src = t.contiguousData();
  const out = allocArray(dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i];
  return Tensor.fromArray(out, t.shape, dtype);
}

/** A zero tensor (or one filled with `value`) of `p`'s shape and dtype, for optimizer state. */
export function stateLike(p: Tensor, value = 0): Tensor {
  const t = Tensor.empty(p.shape, p.dtype);
  if (value !== 0) t.storage.data.fill(value);
  return t;
}

/** The flat data of a state tensor (always contiguous: the optimizer made it). */
export function dataOf(t: StateValue): FloatArray {
  if (!(t instanceof Tensor)) throw new TrainlabError('optimizer: expected a state tensor, found ' + String(t));
  return t.storage.data as FloatArray;
}

/**
 * Base class of the optimizers. A subclass gives its defaults, validates a group's
 * hyperparameters, creates a parameter's state, and applies its pure update rule.
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export abstract class Optimizer<H extends { lr: number } = { lr: number }> {
  /** The defaults every group falls back on. */
  readonly defaults: H;
  /** The parameter groups: `{ params, ...hyperparameters }`, read and written by schedulers. */
  paramGroups: (ParamGroup & H)[] = [];
  /** Per-parameter state, created on the parameter's first step. */
  state = new Map<Tensor, ParamState>();
  /** How many times step() has run (LR schedulers use it to warn about a wrong call order). */
  stepCount = 0;
  /** Name used in messages (`SGD`, `Adam`): the class name, available during construction. */
  protected get name(): string { return this.constructor.name; }

  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<H>>, defaults: H) {
    this.defaults = defaults;
    const list = [...params] as (Tensor | ParamGroupInput<H>)[];
    if (list.length === 0) throw new ValueError(`${new.target.name}: optimizer got an empty parameter list`);
    const groups = list[0] instanceof Tensor ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<H>] : list as ParamGroupInput<H>[];
    for (const g of groups) this.addParamGroup(g);
  }

  /** Checks a resolved group's hyperparameters; throws ValueError naming the bad value. */
  protected abstract validate(group: H): void;
  /** Creates the state of a parameter on its first step. */
  protected abstract initState(p: Tensor, group: H): ParamState;
  /** Applies the update rule to one parameter in place (`param` is its flat data). */
  protected abstract update(param: FloatArray, grad: ArrayLike<number>, state: ParamState, group: H, p: Tensor): void;

  /** Adds a group; missing hyperparameters take the defaults. A parameter may be in one group only. */
  addParamGroup(group: ParamGroupInput<H>): void {
    if (group === null || typeof group !== 'object' || group.params === undefined) {
      throw new ValueError(`${this.name}: a parameter group must be an object with a 'params' list`);
    }
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    if (params.length === 0) throw new ValueError(`${this.name}: a parameter group has an empty 'params' list`);
    const seen = new Set<Tensor>();
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${this.name}: params[${i}] is not a Tensor`);
      if (p.dtype !== 'float32' && p.dtype !== 'float64') {
        throw new ValueError(`${this.name}: can only optimize float32/float64 tensors, params[${i}] is ${p.dtype}`);
      }
      if (!p.isLeaf) throw new ValueError(`${this.name}: can't optimize a non-leaf Tensor (params[${i}], shape ${fmtShape(p.shape)})`);
      if (!p.isContiguous()) throw new ValueError(`${this.name}: params[${i}] of shape ${fmtShape(p.shape)} is not contiguous`);
      if (seen.has(p)) throw new ValueError(`${this.name}: params[${i}] appears twice in the same parameter group`);
      seen.add(p);
      for (const g of this.paramGroups) {
        if (g.params.includes(p)) throw new ValueError(`${this.name}: some parameters appear in more than one parameter group (params[${i}], shape ${fmtShape(p.shape)})`);
      }
    });
    const resolved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.defaults)) resolved[k] = copyValue(v);
    for (const [k, v] of Object.entries(group)) if (k !== 'params') resolved[k] = copyValue(v);
    this.validate(resolved as unknown as H);
    this.paramGroups.push({ ...resolved, params } as unknown as ParamGroup & H);
  }

  /** Clears the gradients: sets them to null (default, as torch) or zeroes them in place. */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (setToNone) p.grad = null;
        else { p.grad.storage.data.fill(0); p.grad.bumpVersion(); }
      }
    }
  }

  /**
   * One update of every parameter that has a gradient. `closure`, if given, re-evaluates the
   * loss (with grad enabled) before the update; its value is returned.
   */
  step(closure?: Closure): Tensor | number | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          if (p.grad.numel() !== p.numel()) {
            throw new ShapeError(`${this.name}.step: gradient of shape ${fmtShape(p.grad.shape)} does not match parameter of shape ${fmtShape(p.shape)}`);
          }
          let st = this.state.get(p);
          if (st === undefined) { st = this.initState(p, group); this.state.set(p, st); }
          const data = (p.storage.data as FloatArray).subarray(p.offset, p.offset + p.numel());
          this.update(data, p.grad.contiguousData(), st, group, p);
          p.bumpVersion();
        }
      }
    });
    this.stepCount++;
    return loss;
  }

  /** A snapshot (copied tensors) of the state and groups; parameters are referenced by index. */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') out[k] = copyValue(v);
      return { ...out, params: g.params.map((p) => { if (!index.has(p)) index.set(p, index.size); return index.get(p)!; }) };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, st] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = copyState(st, null);
    }
    return { state, paramGroups };
  }

  /** Loads a stateDict() result. Checks group count, group sizes and state shapes before changing anything. */
  loadStateDict(sd: OptimizerStateDict): void {
    const what = `${this.name}.loadStateDict`;
    if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || typeof sd.state !== 'object' || sd.state === null) {
      throw new ValueError(`${what}: expected {state, paramGroups}, got ${JSON.stringify(Object.keys(sd ?? {}))}`);
    }
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new ValueError(`${what}: loaded state dict has ${sd.paramGroups.length} parameter group(s), this optimizer has ${this.paramGroups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    sd.paramGroups.forEach((g, gi) => {
      const mine = this.paramGroups[gi].params;
      if (!Array.isArray(g.params) || g.params.length !== mine.length) {
        throw new ValueError(`${what}: loaded group ${gi} has ${g.params?.length} parameter(s), this optimizer's group ${gi} has ${mine.length}`);
      }
      g.params.forEach((idx, j) => byIndex.set(idx, mine[j]));
    });
    for (const [k, st] of Object.entries(sd.state)) {
      const p = byIndex.get(Number(k));
      if (p === undefined) throw new ValueError(`${what}: state for parameter index ${k} refers to no parameter in the groups`);
      for (const [name, v] of Object.entries(st)) {
        if (v instanceof Tensor && v.numel() !== p.numel()) {
          throw new ShapeError(`${what}: state '${name}' of parameter ${k} has shape ${fmtShape(v.shape)}, the parameter has shape ${fmtShape(p.shape)}`);
        }
      }
    }
    // Everything checked: now replace state and hyperparameters.
    const state = new Map<Tensor, ParamState>();
    for (const [k, st] of Object.entries(sd.state)) {
      const p = byIndex.get(Number(k))!;
      state.set(p, copyState(st, p));
    }
    this.state = state;
    this.paramGroups = sd.paramGroups.map((g, gi) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') out[k] = copyValue(v);
      return { ...out, params: this.paramGroups[gi].params } as unknown as ParamGroup & H;
    });
  }
}

/** Copies a parameter's state; tensors are cloned (cast to `p`'s dtype and shape when given). */
function copyState(st: ParamState, p: Tensor | null): ParamState {
  const out: ParamState = {};
  for (const [k, v] of Object.entries(st)) {
    if (v instanceof Tensor) {
      const c = cloneStateTensor(v, p ? p.dtype : v.dtype);
      out[k] = p ? Tensor.fromArray(c.storage.data, p.shape, p.dtype) : c;
    } else out[k] = v;
  }
  return out;
}

/**
 * Whether every array is a Float32Array (or every one a Float64Array) of the parameter's length:
 * the condition for handing them to a backend's fused update.
 */
export function sameFloatType(param: FloatArray, grad: ArrayLike<number>, ...rest: (FloatArray | null)[]): boolean {
  const ctor = param.constructor;
  if ((ctor !== Float32Array && ctor !== Float64Array) || grad.constructor !== ctor || grad.length !== param.length) return false;
  for (const a of rest) if (a !== null && (a.constructor !== ctor || a.length !== param.length)) return false;
  return true;
}
