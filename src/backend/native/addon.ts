// Locates and loads the compiled addon (build/Release/trainlab_native.node) and types its entries.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyArray, FloatArray } from '../types.js';

/** The raw addon: kernels with op codes and packed shape/stride metadata (see native/addon.cc). */
export interface NativeAddon {
  copyStrided(src: AnyArray, offset: number, meta: Float64Array, ndim: number, out: AnyArray): void;
  unary(op: number, x: FloatArray, out: FloatArray): void;
  binary(op: number, a: FloatArray, aOff: number, b: FloatArray, bOff: number, meta: Float64Array,
    ndim: number, out: AnyArray): void;
  binaryScalar(op: number, x: FloatArray, s: number, out: AnyArray, scalarFirst: boolean): void;
  reduce(op: number, x: FloatArray, outer: number, n: number, inner: number, out: FloatArray,
    indices: AnyArray | undefined): void;
  gemm(a: FloatArray, aOff: number, aBatchStride: number, transA: boolean, b: FloatArray, bOff: number,
    bBatchStride: number, transB: boolean, c: FloatArray, batch: number, m: number, k: number, n: number,
    accumulate: boolean): void;
  softmax(x: FloatArray, outer: number, n: number, out: FloatArray, log: boolean): void;
  im2col(...args: unknown[]): void;
  col2im(...args: unknown[]): void;
  maxPool2d(...args: unknown[]): void;
  maxPool2dBackward(...args: unknown[]): void;
  avgPool2d(...args: unknown[]): void;
  avgPool2dBackward(...args: unknown[]): void;
  adamUpdate(param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray,
    maxExpAvgSq: FloatArray | undefined, step: number, lr: number, beta1: number, beta2: number, eps: number,
    weightDecay: number, maximize: boolean, decoupled: boolean): void;
  sgdUpdate(param: FloatArray, grad: FloatArray, buf: FloatArray | undefined, fresh: boolean, lr: number,
    momentum: number, dampening: number, weightDecay: number, nesterov: boolean, maximize: boolean): void;
  rowReduce(mode: number, x: FloatArray, g: FloatArray | undefined, rows: number, R: number, m: Float64Array | undefined,
    o1: Float64Array, o2: Float64Array | undefined): void;
  rowAffine(x: FloatArray, g: FloatArray | undefined, rows: number, R: number, m: Float64Array, a: Float64Array,
    c: Float64Array, d: Float64Array | undefined, out: FloatArray): void;
  lstmCell(gates: FloatArray, gOff: number, cPrev: FloatArray, cpOff: number, c: FloatArray, cOff: number,
    h: FloatArray, hOff: number, tc: FloatArray, tcOff: number, N: number, H: number): void;
  lstmCellBackward(gates: FloatArray, gOff: number, cPrev: FloatArray, cpOff: number, tc: FloatArray, tcOff: number,
    gy: FloatArray, gyOff: number, dhNext: FloatArray, dc: FloatArray, dz: FloatArray, dzOff: number, N: number, H: number): void;
  gruCell(gi: FloatArray, giOff: number, gh: FloatArray, ghOff: number, hPrev: FloatArray, hpOff: number,
    h: FloatArray, hOff: number, N: number, H: number): void;
  gruCellBackward(gi: FloatArray, giOff: number, gh: FloatArray, ghOff: number, hPrev: FloatArray, hpOff: number,
    gy: FloatArray, gyOff: number, dhNext: FloatArray, dgi: FloatArray, dgiOff: number, dgh: FloatArray, dghOff: number,
    N: number, H: number): void;
  noteWarm(a: unknown): void;
  info(): { simd: 'avx512' | 'avx2' | 'scalar'; threads: number };
  setNumThreads(n: number): void;
}

const FILE = join('build', 'Release', 'trainlab_native.node');

/** Path of the built addon, searched upwards from this module (works from src/ and from dist/). */
export function addonPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, FILE);
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** Loads the addon, or returns the reason it could not be loaded. */
export function loadAddon(): NativeAddon | string {
  const p = addonPath();
  if (!p) return `${FILE} not found (run npm install or node scripts/build-native.mjs)`;
  try {
    return createRequire(import.meta.url)(p) as NativeAddon;
  } catch (e) {
    return `${p} failed to load: ${(e as Error).message}`;
  }
}
