// Autograd-free convolution drivers on flat NCHW arrays: forward, input gradient and weight
// gradient, each as im2col/col2im + the backend's batched GEMM. conv2d and convTranspose2d use all three.
import { backend } from '../backend/index.js';
import type { DType, FloatArray } from '../backend/types.js';
import { allocUninit, releaseScratch } from '../tensor/tensor.js';
import { allocFloat } from './conv-args.js';

/** A float array the caller overwrites entirely (no zero fill). */
const scratch = (dtype: DType, n: number): FloatArray => allocUninit(dtype, n) as FloatArray;

/**
 * The geometry of a conv2d from an [n, c, h, w] input to an [n, o, oh, ow] output with weight
 * [o, c/groups, kh, kw]. (A transposed convolution is described by the conv2d it is the adjoint of.)
 */
export interface ConvGeom {
  n: number; c: number; h: number; w: number; o: number; groups: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number;
  dh: number; dw: number; oh: number; ow: number;
}

/** Upper bound on the im2col scratch (elements): images are processed in chunks below it. */
const COLS_LIMIT = 1 << 23;

function sizes(g: ConvGeom) {
  const L = g.oh * g.ow, K = (g.c / g.groups) * g.kh * g.kw;
  const colsPerImage = g.groups * K * L;
  const chunk = Math.max(1, Math.min(g.n, Math.floor(COLS_LIMIT / Math.max(colsPerImage, 1))));
  return { L, K, Og: g.o / g.groups, img: g.c * g.h * g.w, colsPerImage, chunk };
}

/** im2col of `images` consecutive images starting at xOff into consecutive column blocks. */
function im2col(x: FloatArray, xOff: number, g: ConvGeom, cols: FloatArray, images = 1): void {
  backend().im2col(x, xOff, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow, cols, images);
}

/** y [n, o, oh, ow] = conv(x [n, c, h, w], w [o, c/groups, kh, kw]). */
export function convForwardRaw(x: FloatArray, w: FloatArray, g: ConvGeom, dtype: DType): FloatArray {
  const { L, K, Og, img, colsPerImage, chunk } = sizes(g);
  // the GEMMs write all of y (zeros when K = 0); im2col writes every column of the images it packs
  const y = scratch(dtype, g.n * g.o * L);
  const cols = scratch(dtype, chunk * colsPerImage);
  const be = backend();
  for (let n0 = 0; n0 < g.n; n0 += chunk) {
    const nb = Math.min(chunk, g.n - n0);
    im2col(x, n0 * img, g, cols, nb);
    if (g.groups === 1) {
      // one GEMM for the chunk: the weight is shared (batch stride 0), cols and y advance per image
      be.gemm(w, 0, 0, false, cols, 0, colsPerImage, false, y.subarray(n0 * g.o * L), nb, g.o, K, L, false);
    } else {
      // per image, one GEMM batched over groups: W_g [Og, K] · cols_g [K, L]
      for (let i = 0; i < nb; i++) {
        be.gemm(w, 0, Og * K, false, cols, i * colsPerImage, K * L, false, y.subarray((n0 + i) * g.o * L),
          g.groups, Og, K, L, false);
      }
    }
  }
  releaseScratch(cols);
  return y;
}

/** gx [n, c, h, w] from gy [n, o, oh, ow]: dcols = Wᵀ·gy, then col2im (the adjoint of forward). */
export function convInputGradRaw(gy: FloatArray, w: FloatArray, g: ConvGeom, dtype: DType): FloatArray {
  const { L, K, Og, img, colsPerImage, chunk } = sizes(g);
  const gx = allocFloat(dtype, g.n * img);
  const dcols = scratch(dtype, chunk * colsPerImage);  // written by the GEMMs, not accumulated
  const be = backend();
  for (let n0 = 0; n0 < g.n; n0 += chunk) {
    const nb = Math.min(chunk, g.n - n0);
    if (g.groups === 1) {
      be.gemm(w, 0, 0, true, gy, n0 * g.o * L, g.o * L, false, dcols, nb, K, g.o, L, false);
    } else {
      for (let i = 0; i < nb; i++) {
        be.gemm(w, 0, Og * K, true, gy, (n0 + i) * g.o * L, Og * L, false, dcols.subarray(i * colsPerImage),
          g.groups, K, Og, L, false);
      }
    }
    be.col2im(dcols, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow, gx, n0 * img, nb);
  }
  releaseScratch(dcols);
  return gx;
}

/** gw [o, c/groups, kh, kw] = Σ_images gy_g [Og, L] · cols_gᵀ [L, K]. */
export function convWeightGradRaw(x: FloatArray, gy: FloatArray, g: ConvGeom, dtype: DType): FloatArray {
  const { L, K, Og, img, colsPerImage, chunk } = sizes(g);
  // the first image's GEMM writes gw, later ones accumulate into it (zeros only when there is no image)
  const gw = g.n === 0 ? allocFloat(dtype, g.o * K) : scratch(dtype, g.o * K);
  const cols = scratch(dtype, Math.min(chunk, g.n) * colsPerImage);
  // groups = 1: one GEMM batched over the chunk's images into per-image partials (split across threads
  // by image), then one sum over images; else per image, one GEMM batched over groups, accumulating
  const partial = g.groups === 1 && g.n > 1 ? scratch(dtype, Math.min(chunk, g.n) * g.o * K) : null;
  const sum = partial && g.n > chunk ? scratch(dtype, g.o * K) : null;
  const be = backend();
  for (let n0 = 0; n0 < g.n; n0 += chunk) {
    const nb = Math.min(chunk, g.n - n0);
    im2col(x, n0 * img, g, cols, nb);
    if (partial) {
      be.gemm(gy, n0 * g.o * L, g.o * L, false, cols, 0, colsPerImage, true, partial, nb, g.o, L, K, false);
      be.reduce('sum', partial, 1, nb, g.o * K, n0 === 0 ? gw : sum!);
      if (n0 > 0) be.binary('add', { data: gw, offset: 0, strides: [1] }, { data: sum!, offset: 0, strides: [1] }, [g.o * K], gw);
      continue;
    }
    for (let i = 0; i < nb; i++) {
      const n = n0 + i;
      be.gemm(gy, n * g.o * L, Og * L, false, cols, i * colsPerImage, K * L, true, gw, g.groups, Og, L, K, n > 0);
    }
  }
  for (const a of [cols, partial, sum]) if (a) releaseScratch(a);
  return gw;
}

/** Adds bias[oc] to every element of channel oc of y [n, o, L], in place. */
export function addBiasRaw(y: FloatArray, b: ArrayLike<number>, n: number, o: number, L: number): void {
  if (n * o * L === 0) return;
  // one broadcast add, in place (an elementwise kernel reads each element before writing it)
  const bias = b.constructor === y.constructor ? b as FloatArray : Float64Array.from(b) as FloatArray;
  backend().binary('add', { data: y, offset: 0, strides: [o * L, L, 1] }, { data: bias, offset: 0, strides: [0, 1, 0] },
    [n, o, L], y);
}

/** Bias gradient: the sum of gy [n, o, L] over images and positions. */
export function biasGradRaw(gy: ArrayLike<number>, n: number, o: number, L: number, dtype: DType): FloatArray {
  const gb = allocFloat(dtype, o);
  if (n * o * L === 0) return gb;
  const src = gy.constructor === gb.constructor && gy.length === n * o * L ? gy as FloatArray : Float64Array.from(gy) as FloatArray;
  // Σ over positions ([n·o, L] → [n·o]), then over images ([n, o] → [o])
  const perImage = scratch(dtype, n * o);
  backend().reduce('sum', src, n * o, L, 1, perImage);
  backend().reduce('sum', perImage, 1, n, o, gb);
  releaseScratch(perImage);
  return gb;
}
