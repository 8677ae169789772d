// Module: the base of every layer (torch.nn.Module) — registration of parameters, buffers and
// submodules, traversal with dotted names, train/eval, hooks, state dicts and the repr.
import type { DType } from '../backend/types.js';
import { TrainlabError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';
import { castParam, loadStateDictInto, type LoadStateDictResult, type StateDict } from './state-dict.js';
import { RemovableHandle, type AnyModule, type ForwardHook, type ForwardPreHook } from './hooks.js';

export { RemovableHandle, type AnyModule, type ForwardHook, type ForwardPreHook };

interface BufferEntry { name: string; attr: string; persistent: boolean }

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new ValueError(`${what}: name must be a non-empty string without ".", got ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * Base class of all layers. Assigning a Parameter or a Module to a property registers it
 * (order = order of first assignment, as in torch); plain-tensor buffers go through
 * `registerBuffer`. Subclasses define `forward`; call a module with `module.call(x)`.
 * @example
 * class Net extends Module { fc = new Linear(4, 2); forward(x: Tensor) { return this.fc.call(x); } }
 */
export class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Whether the module is in training mode (see train()/eval()). */
  training = true;
  #params: string[] = [];
  #modules: string[] = [];
  #buffers: BufferEntry[] = [];
  // stored untyped so that Module<In, Out> stays assignable to AnyModule
  #preHooks = new Map<number, unknown>();
  #hooks = new Map<number, unknown>();

  /** The computation; every layer overrides it. */
  forward(..._args: In): Out {
    throw new TrainlabError(`${this.constructor.name}: forward() is not implemented`);
  }

  /** Runs the forward pre-hooks, forward, then the forward hooks (torch's `module(x)`). */
  call(...args: In): Out {
    for (const h of [...this.#preHooks.values()] as ForwardPreHook<In>[]) {
      const r = h(this, args);
      if (r !== undefined) args = (Array.isArray(r) ? r : [r]) as In;
    }
    let out = this.forward(...args);
    for (const h of [...this.#hooks.values()] as ForwardHook<In, Out>[]) {
      const r = h(this, args, out);
      if (r !== undefined) out = r;
    }
    return out;
  }

  /** Registers `hook(module, args)` to run before forward. */
  registerForwardPreHook(hook: ForwardPreHook<In>): RemovableHandle {
    const h = new RemovableHandle(this.#preHooks);
    this.#preHooks.set(h.id, hook);
    return h;
  }

  /** Registers `hook(module, args, output)` to run after forward. */
  registerForwardHook(hook: ForwardHook<In, Out>): RemovableHandle {
    const h = new RemovableHandle(this.#hooks);
    this.#hooks.set(h.id, hook);
    return h;
  }

  // ---- registration ----------------------------------------------------------------------

  private get props(): Record<string, unknown> { return this as unknown as Record<string, unknown>; }

  /** Picks up Parameters and Modules assigned to own properties since the last query. */
  #discover(): void {
    const bufAttrs = new Set(this.#buffers.map((b) => b.attr));
    for (const k of Object.keys(this)) {
      const v = this.props[k];
      if (v instanceof Parameter && !bufAttrs.has(k) && !this.#params.includes(k)) this.#params.push(k);
      else if (v instanceof Module && !this.#modules.includes(k)) this.#modules.push(k);
    }
  }

  #checkFree(name: string, what: string, own: string[]): void {
    this.#discover();
    if (!own.includes(name) && name in this && this.props[name] !== undefined && this.props[name] !== null) {
      throw new ValueError(`${what}: attribute "${name}" already exists on ${this.constructor.name}`);
    }
  }

  /** Registers (or, with null, declares an absent) parameter under `name`. */
  registerParameter(name: string, param: Parameter | null): void {
    checkName(name, 'registerParameter');
    if (param !== null && !(param instanceof Parameter)) {
      throw new TrainlabError(`registerParameter: "${name}" must be a Parameter or null (wrap tensors in new Parameter(t))`);
    }
    this.#checkFree(name, 'registerParameter', this.#params);
    if (!this.#params.includes(name)) this.#params.push(name);
    this.props[name] = param;
  }

  /**
   * Registers a buffer: state that is not trained but saved (unless `persistent: false`), like
   * BatchNorm's running stats. `attr` is the property holding it when it differs from the
   * state-dict name (e.g. name `running_mean`, attr `runningMean`).
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean; attr?: string } = {}): void {
    checkName(name, 'registerBuffer');
    if (tensor !== null && !(tensor instanceof Tensor)) throw new TrainlabError(`registerBuffer: "${name}" must be a Tensor or null`);
    const attr = opts.attr ?? name;
    const existing = this.#buffers.find((b) => b.name === name);
    if (!existing) this.#checkFree(attr, 'registerBuffer', []);
    if (existing) existing.persistent = opts.persistent ?? true;
    else this.#buffers.push({ name, attr, persistent: opts.persistent ?? true });
    this.props[attr] = tensor;
  }

  /** Registers a child module under `name` (also reachable as a property of that name). */
  registerModule(name: string, module: AnyModule | null): void {
    checkName(name, 'registerModule');
    if (module !== null && !(module instanceof Module)) throw new TrainlabError(`registerModule: "${name}" must be a Module or null`);
    this.#checkFree(name, 'registerModule', this.#modules);
    if (!this.#modules.includes(name)) this.#modules.push(name);
    this.props[name] = module;
  }

  /** Alias of registerModule, as torch's add_module. */
  addModule(name: string, module: AnyModule | null): void { this.registerModule(name, module); }

  // ---- traversal -------------------------------------------------------------------------

  /** This module's own parameters (not recursive), by name. */
  protected ownParameters(): [string, Parameter][] {
    this.#discover();
    return this.#params.flatMap((k) => (this.props[k] instanceof Parameter ? [[k, this.props[k] as Parameter]] : []));
  }

  /** This module's own buffers (not recursive), by state-dict name. */
  protected ownBuffers(persistentOnly = false): [string, Tensor][] {
    return this.#buffers.flatMap((b) => {
      const v = this.props[b.attr];
      return v instanceof Tensor && (!persistentOnly || b.persistent) ? [[b.name, v] as [string, Tensor]] : [];
    });
  }

  /** Every registered child by name, duplicates included (what containers iterate and print). */
  protected registeredModules(): [string, AnyModule][] {
    this.#discover();
    return this.#modules.flatMap((k) => (this.props[k] instanceof Module ? [[k, this.props[k] as AnyModule]] : []));
  }

  /** Removes the parameter, buffer or module registered as `name`, and its property. */
  protected unregister(name: string): void {
    this.#discover();
    this.#params = this.#params.filter((k) => k !== name);
    this.#modules = this.#modules.filter((k) => k !== name);
    const b = this.#buffers.find((e) => e.name === name);
    this.#buffers = this.#buffers.filter((e) => e !== b);
    delete this.props[b ? b.attr : name];
  }

  /** Direct children with their names, in registration order. */
  *namedChildren(): Generator<[string, AnyModule]> {
    this.#discover();
    const seen = new Set<AnyModule>();
    for (const k of this.#modules) {
      const m = this.props[k];
      if (m instanceof Module && !seen.has(m)) { seen.add(m); yield [k, m]; }
    }
  }
  *children(): Generator<AnyModule> { for (const [, m] of this.namedChildren()) yield m; }

  /** This module and all below it, pre-order, with dotted names ('' for this one). */
  *namedModules(prefix = '', memo = new Set<AnyModule>()): Generator<[string, AnyModule]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [k, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${k}` : k, memo);
  }
  *modules(): Generator<AnyModule> { for (const [, m] of this.namedModules()) yield m; }

  /** All parameters with dotted names (`0.weight`, `linear1.bias`); shared ones once. */
  *namedParameters(opts: { prefix?: string; recurse?: boolean } = {}): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const mods: Iterable<[string, AnyModule]> = opts.recurse === false ? [[opts.prefix ?? '', this]] : this.namedModules(opts.prefix ?? '');
    for (const [mp, m] of mods) {
      for (const [k, p] of m.ownParameters()) {
        if (!seen.has(p)) { seen.add(p); yield [mp ? `${mp}.${k}` : k, p]; }
      }
    }
  }
  /** All parameters, in the order torch gives them (e.g. to hand to an optimizer). */
  parameters(opts: { recurse?: boolean } = {}): Parameter[] { return [...this.namedParameters(opts)].map(([, p]) => p); }

  /** All buffers with dotted names (`1.running_mean`). */
  *namedBuffers(opts: { prefix?: string; recurse?: boolean } = {}): Generator<[string, Tensor]> {
    const seen = new Set<Tensor>();
    const mods: Iterable<[string, AnyModule]> = opts.recurse === false ? [[opts.prefix ?? '', this]] : this.namedModules(opts.prefix ?? '');
    for (const [mp, m] of mods) {
      for (const [k, b] of m.ownBuffers()) {
        if (!seen.has(b)) { seen.add(b); yield [mp ? `${mp}.${k}` : k, b]; }
      }
    }
  }
  buffers(opts: { recurse?: boolean } = {}): Tensor[] { return [...this.namedBuffers(opts)].map(([, b]) => b); }

  /** The submodule at a dotted path (`'features.0'`); '' is this module. */
  getSubmodule(target: string): AnyModule {
    return target === '' ? this : target.split('.').reduce<AnyModule>((m, part) => {
      const next = [...m.namedChildren()].find(([k]) => k === part);
      if (!next) throw new ValueError(`getSubmodule: ${m.constructor.name} has no submodule "${part}" (path "${target}")`);
      return next[1];
    }, this);
  }

  // ---- modes and bulk operations ---------------------------------------------------------

  /** Sets training mode on this module and every submodule. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError(`train: mode must be a boolean, got ${typeof mode}`);
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  /** Evaluation mode: `train(false)`. */
  eval(): this { return this.train(false); }

  /** Sets requiresGrad on every parameter (freeze with `requiresGrad_(false)`). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /** Clears gradients: to null (default) or to zeros in place with `setToNone: false`. */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (opts.setToNone ?? true) p.grad = null;
      else { p.grad = p.grad.detach(); p.grad.zero_(); }
    }
  }

  /** Calls `fn` on every submodule (children first) then on this one, e.g. for custom init. */
  apply(fn: (m: AnyModule) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /** Casts every floating point parameter and buffer in place (same objects) to `dtype`. */
  to(dtype: DType): this {
    for (const t of [...this.parameters(), ...this.buffers()]) castParam(t, dtype);
    return this;
  }
  double(): this { return this.to('float64'); }
  float(): this { return this.to('float32'); }

  // ---- state dict ------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers by dotted name, in torch's order (own parameters, own
   * buffers, then each child). The tensors share storage with the module (detached).
   */
  stateDict(opts: { prefix?: string; keepVars?: boolean } = {}): StateDict {
    const out: StateDict = {};
    const prefix = opts.prefix ?? '';
    for (const [k, p] of this.ownParameters()) out[prefix + k] = opts.keepVars ? p : p.detach();
    for (const [k, b] of this.ownBuffers(true)) out[prefix + k] = opts.keepVars ? b : b.detach();
    for (const [k, m] of this.namedChildren()) Object.assign(out, m.stateDict({ ...opts, prefix: `${prefix}${k}.` }));
    return out;
  }

  /**
   * Copies values from `stateDict` in place. Everything is validated first; on any error
   * (missing or unexpected keys when strict, a shape mismatch always) nothing is written and a
   * StateDictError lists every problem. Returns the missing and unexpected keys.
   */
  loadStateDict(stateDict: StateDict | Map<string, Tensor>, opts: { strict?: boolean } = {}): LoadStateDictResult {
    return loadStateDictInto(this.constructor.name, this.stateDict({ keepVars: true }), stateDict, opts.strict ?? true);
  }

  // ---- printing --------------------------------------------------------------------------

  /** Extra text inside the repr parentheses, e.g. `in_features=4, out_features=8, bias=True`. */
  extraRepr(): string { return ''; }

  /** torch's repr: `Name(extra)` or a nested listing of the children, two-space indented. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this.registeredModules().map(([k, m]) => `(${k}): ${String(m).split('\n').join('\n  ')}`);
    const lines = [...extraLines, ...childLines];
    let s = `${this.constructor.name}(`;
    if (lines.length) s += extraLines.length === 1 && !childLines.length ? extraLines[0] : `\n  ${lines.join('\n  ')}\n`;
    return `${s})`;
  }
}
