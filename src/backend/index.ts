// Backend selection: the JS reference backend is always present; a native backend may replace it.
import type { Backend } from './interface.js';
import { jsBackend } from './js/index.js';

export type { Backend, BinaryOp, ReduceOp, StridedView, UnaryOp } from './interface.js';
export * from './types.js';
export { jsBackend };

let active: Backend = jsBackend;

/** The backend every op dispatches to. */
export function backend(): Backend {
  return active;
}

/** Replaces the active backend (used by the native loader and by tests that compare backends). */
export function setBackend(b: Backend): void {
  active = b;
}
