// Containers: Sequential (runs its children in order), ModuleList and ModuleDict (hold modules so
// their parameters are registered). Children are named '0', '1', ... or by their keys.
import { IndexError, TrainlabError, ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module, type AnyModule } from '../module.js';

function checkModule(m: unknown, op: string): AnyModule {
  if (!(m instanceof Module)) throw new TrainlabError(`${op}: expected a Module, got ${m === null ? 'null' : typeof m}`);
  return m;
}

function normIndex(i: number, n: number, op: string): number {
  if (!Number.isInteger(i) || i < -n || i >= n) throw new IndexError(`${op}: index ${i} is out of range for ${n} modules`);
  return i < 0 ? i + n : i;
}

/** Shared by Sequential and ModuleList: children indexed 0..n-1. */
abstract class IndexedModules<In extends unknown[], Out> extends Module<In, Out> {
  protected init(modules: Iterable<AnyModule>, op: string): void {
    for (const m of modules) this.append(checkModule(m, op));
  }

  /** Number of children. */
  get length(): number { return this.registeredModules().length; }

  /** The child at index `i` (negative counts from the end). */
  get(i: number): AnyModule {
    const all = this.registeredModules();
    return all[normIndex(i, all.length, `${this.constructor.name}.get`)][1];
  }

  /** Replaces the child at index `i`. */
  set(i: number, m: AnyModule): void {
    const all = this.registeredModules();
    const [name] = all[normIndex(i, all.length, `${this.constructor.name}.set`)];
    (this as unknown as Record<string, unknown>)[name] = checkModule(m, `${this.constructor.name}.set`);
  }

  /** Adds a module at the end. */
  append(m: AnyModule): this {
    this.registerModule(String(this.length), checkModule(m, `${this.constructor.name}.append`));
    return this;
  }

  /** Appends every module of `modules`. */
  extend(modules: Iterable<AnyModule>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts a module before index `i` (renumbering those after it). */
  insert(i: number, m: AnyModule): this {
    const mods = [...this].map((x) => x);
    const n = mods.length;
    const at = i < 0 ? Math.max(0, n + i) : Math.min(i, n);
    mods.splice(at, 0, checkModule(m, `${this.constructor.name}.insert`));
    for (let k = 0; k < n; k++) this.unregister(String(k));
    for (const x of mods) this.append(x);
    return this;
  }

  *[Symbol.iterator](): Iterator<AnyModule> { for (const [, m] of this.registeredModules()) yield m; }
}

/**
 * Runs its children in order, feeding each the previous output: `new Sequential(a, b, c)`, or
 * with names `new Sequential({ conv: a, act: b })`. Parameter names are `<index or name>.weight`.
 * @example const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
 */
export class Sequential extends IndexedModules<[Tensor], Tensor> {
  constructor(...modules: AnyModule[] | [Record<string, AnyModule> | Map<string, AnyModule>]) {
    super();
    const first = modules[0] as unknown;
    if (modules.length === 1 && !(first instanceof Module) && typeof first === 'object' && first !== null) {
      const entries = first instanceof Map ? [...first.entries()] : Object.entries(first);
      for (const [k, m] of entries) this.registerModule(k, checkModule(m, 'Sequential'));
    } else {
      this.init(modules as AnyModule[], 'Sequential');
    }
  }

  override forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const m of this) x = m.call(x);
    return x as Tensor;
  }

  /** A new Sequential holding children start..end-1 (same modules, same names, as torch). */
  slice(start = 0, end = this.length): Sequential {
    const entries = this.registeredModules().slice(start, end);
    return new Sequential(new Map(entries));
  }
}

/** A list of modules whose parameters are registered; it has no forward of its own. */
export class ModuleList extends IndexedModules<unknown[], unknown> {
  constructor(modules: Iterable<AnyModule> = []) {
    super();
    this.init(modules, 'ModuleList');
  }
}

/** Modules by string key (insertion order); it has no forward of its own. */
export class ModuleDict extends Module<unknown[], unknown> {
  constructor(modules: Record<string, AnyModule> | Map<string, AnyModule> | Iterable<[string, AnyModule]> = {}) {
    super();
    this.update(modules);
  }

  get length(): number { return this.registeredModules().length; }
  has(key: string): boolean { return this.registeredModules().some(([k]) => k === key); }

  /** The module under `key` (an IndexError names the keys there are). */
  get(key: string): AnyModule {
    const e = this.registeredModules().find(([k]) => k === key);
    if (!e) throw new IndexError(`ModuleDict.get: no key ${JSON.stringify(key)} (keys: ${this.keys().join(', ')})`);
    return e[1];
  }

  /** Adds or replaces the module under `key`. */
  set(key: string, m: AnyModule): this {
    if (this.has(key)) (this as unknown as Record<string, unknown>)[key] = checkModule(m, 'ModuleDict.set');
    else this.registerModule(key, checkModule(m, 'ModuleDict.set'));
    return this;
  }

  /** Removes and returns the module under `key`. */
  pop(key: string): AnyModule {
    const m = this.get(key);
    this.unregister(key);
    return m;
  }

  update(modules: Record<string, AnyModule> | Map<string, AnyModule> | Iterable<[string, AnyModule]>): this {
    if (modules === null || typeof modules !== 'object') throw new ValueError('ModuleDict.update: expected an object, Map or iterable of [key, module] pairs');
    const entries = modules instanceof Map || Symbol.iterator in modules
      ? [...(modules as Iterable<[string, AnyModule]>)] : Object.entries(modules);
    for (const [k, m] of entries) this.set(k, m);
    return this;
  }

  keys(): string[] { return this.registeredModules().map(([k]) => k); }
  values(): AnyModule[] { return this.registeredModules().map(([, m]) => m); }
  entries(): [string, AnyModule][] { return this.registeredModules(); }
}
