// Backend selection: the JS reference backend is always present; the native addon replaces it when
// built, unless TRAINLAB_BACKEND=js. TRAINLAB_BACKEND=native insists on it (error when missing).
import type { Backend } from './interface.js';
import { jsBackend } from './js/index.js';
import { loadAddon, type NativeAddon } from './native/addon.js';
import { makeNativeBackend } from './native/index.js';
import { ValueError } from '../errors.js';

export type { Backend, BinaryOp, ReduceOp, StridedView, UnaryOp } from './interface.js';
export * from './types.js';
export { jsBackend };

/** What `backendInfo()` reports. */
export interface BackendInfo {
  /** 'native' or 'js'. */
  name: string;
  /** Widest SIMD level the native kernels use on this CPU ('scalar' for the JS backend). */
  simd: 'avx512' | 'avx2' | 'scalar';
  /** Threads the native kernels may use (1 for the JS backend). */
  threads: number;
}

let addon: NativeAddon | undefined;
let nativeBackend: Backend | undefined;

function select(): Backend {
  const want = process.env.TRAINLAB_BACKEND;
  if (want !== undefined && want !== '' && want !== 'js' && want !== 'native') {
    throw new ValueError(`TRAINLAB_BACKEND=${want}: expected 'js' or 'native'`);
  }
  if (want === 'js') return jsBackend;
  const loaded = loadAddon();
  if (typeof loaded === 'string') {
    if (want === 'native') throw new ValueError(`TRAINLAB_BACKEND=native: ${loaded}`);
    return jsBackend;
  }
  addon = loaded;
  nativeBackend = makeNativeBackend(loaded);
  return nativeBackend;
}

let active: Backend = select();

/** The backend every op dispatches to. */
export function backend(): Backend {
  return active;
}

/** Replaces the active backend (used by the native loader and by tests that compare backends). */
export function setBackend(b: Backend): void {
  active = b;
}

/** The native backend if the addon loaded (even when another backend is active), else undefined. */
export function nativeBackendIfBuilt(): Backend | undefined {
  if (!nativeBackend && !addon) {
    const loaded = loadAddon();
    if (typeof loaded !== 'string') { addon = loaded; nativeBackend = makeNativeBackend(loaded); }
  }
  return nativeBackend;
}

/**
 * The active backend's name, SIMD level and thread count.
 * @example backendInfo() // { name: 'native', simd: 'avx2', threads: 2 }
 */
export function backendInfo(): BackendInfo {
  if (active === nativeBackend && addon) {
    const i = addon.info();
    return { name: active.name, simd: i.simd, threads: i.threads };
  }
  return { name: active.name, simd: 'scalar', threads: 1 };
}

/**
 * Sets the native kernels' thread count (n ≤ 0 restores the default: TRAINLAB_NUM_THREADS or the
 * number of cores). No effect on the JS backend.
 */
export function setNumThreads(n: number): void {
  nativeBackendIfBuilt();
  addon?.setNumThreads(n);
}
