// Types shared by Module and its hooks: any-module alias, forward (pre-)hook signatures and the
// removable handle that hook registration returns.
import type { Module } from './module.js';

/** Any module, whatever its forward signature (used by containers and traversals). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any[], any>;

/** Called before forward with the inputs; returning an array replaces the inputs. */
export type ForwardPreHook<In extends unknown[]> = (module: AnyModule, args: In) => In | void;
/** Called after forward with inputs and output; returning a value replaces the output. */
export type ForwardHook<In extends unknown[], Out> = (module: AnyModule, args: In, output: Out) => Out | void;

/** Returned by hook registration; `remove()` unregisters the hook (idempotent). */
export class RemovableHandle {
  private static nextId = 0;
  readonly id = RemovableHandle.nextId++;
  constructor(private readonly hooks: Map<number, unknown>) {}
  remove(): void { this.hooks.delete(this.id); }
}
