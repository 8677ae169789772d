// The loops shared by batch, layer and group norm: the input is viewed as [P, Q, R] rows, each
// row (p, q) belongs to one normalisation segment, and the affine weight is indexed by q or by r.
import type { DType, FloatArray } from '../backend/types.js';
import { allocFloat } from './conv-args.js';

export interface NormLayout {
  P: number; Q: number; R: number;
  /** Number of segments; each holds P·Q·R / nSeg elements. */
  nSeg: number;
  /** The segment of row (p, q). */
  seg: (p: number, q: number) => number;
  /** Whether weight/bias are indexed by the channel q (batch/group norm) or by r (layer norm). */
  weightPer: 'q' | 'r';
}

/** Per-segment mean and biased variance (two passes in float64, stable for large means). */
export function segmentStats(x: ArrayLike<number>, L: NormLayout): { mean: Float64Array; variance: Float64Array } {
  const { P, Q, R } = L;
  const mean = new Float64Array(L.nSeg), variance = new Float64Array(L.nSeg);
  const m = (P * Q * R) / L.nSeg;
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      const s = L.seg(p, q), base = (p * Q + q) * R;
      let acc = 0;
      for (let r = 0; r < R; r++) acc += x[base + r];
      mean[s] += acc;
    }
  }
  for (let s = 0; s < L.nSeg; s++) mean[s] /= m;
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      const s = L.seg(p, q), mu = mean[s], base = (p * Q + q) * R;
      let acc = 0;
      for (let r = 0; r < R; r++) { const d = x[base + r] - mu; acc += d * d; }
      variance[s] += acc;
    }
  }
  for (let s = 0; s < L.nSeg; s++) variance[s] /= m;
  return { mean, variance };
}

/** 1/√(var + eps) per segment. */
export function invStd(variance: Float64Array, eps: number): Float64Array {
  return variance.map((v) => 1 / Math.sqrt(v + eps));
}

/** y = (x − mean)·invstd·w + b, with w/b indexed per L.weightPer (null = 1 / 0). */
export function normApply(x: ArrayLike<number>, L: NormLayout, mean: Float64Array, inv: Float64Array,
  w: ArrayLike<number> | null, b: ArrayLike<number> | null, dtype: DType): FloatArray {
  const { P, Q, R } = L;
  const y = allocFloat(dtype, P * Q * R);
  const perQ = L.weightPer === 'q';
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      const s = L.seg(p, q), mu = mean[s], is = inv[s], base = (p * Q + q) * R;
      for (let r = 0; r < R; r++) {
        const k = perQ ? q : r;
        y[base + r] = (x[base + r] - mu) * is * (w ? w[k] : 1) + (b ? b[k] : 0);
      }
    }
  }
  return y;
}

export interface NormGrads { gx: FloatArray | null; gw: FloatArray | null; gb: FloatArray | null }

/**
 * Backward of normApply. With `batchStats` the mean and variance were computed from x itself, so
 * the gradient flows through them too:
 *   gx = invstd·(ĝ − mean_seg(ĝ) − x̂·mean_seg(ĝ·x̂)),  ĝ = g·w,  x̂ = (x − mean)·invstd;
 * otherwise (running statistics) gx = ĝ·invstd. gw = Σ g·x̂ and gb = Σ g per weight index.
 */
export function normBackward(x: ArrayLike<number>, g: ArrayLike<number>, L: NormLayout, mean: Float64Array,
  inv: Float64Array, w: ArrayLike<number> | null, batchStats: boolean,
  want: { x: boolean; w: boolean; b: boolean }, dtypes: { x: DType; w: DType }): NormGrads {
  const { P, Q, R } = L;
  const perQ = L.weightPer === 'q';
  const nW = perQ ? Q : R;
  const gw = want.w ? allocFloat(dtypes.w, nW) : null, gb = want.b ? allocFloat(dtypes.w, nW) : null;
  const sumG = new Float64Array(L.nSeg), sumGX = new Float64Array(L.nSeg);
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      const s = L.seg(p, q), mu = mean[s], is = inv[s], base = (p * Q + q) * R;
      let a = 0, c = 0;
      for (let r = 0; r < R; r++) {
        const k = perQ ? q : r, gi = g[base + r], xh = (x[base + r] - mu) * is;
        const gh = gi * (w ? w[k] : 1);
        a += gh;
        c += gh * xh;
        if (gw) gw[k] += gi * xh;
        if (gb) gb[k] += gi;
      }
      sumG[s] += a;
      sumGX[s] += c;
    }
  }
  if (!want.x) return { gx: null, gw, gb };
  const m = (P * Q * R) / L.nSeg;
  const gx = allocFloat(dtypes.x, P * Q * R);
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      const s = L.seg(p, q), mu = mean[s], is = inv[s], base = (p * Q + q) * R;
      const mg = batchStats ? sumG[s] / m : 0, mgx = batchStats ? sumGX[s] / m : 0;
      for (let r = 0; r < R; r++) {
        const k = perQ ? q : r, xh = (x[base + r] - mu) * is;
        gx[base + r] = is * (g[base + r] * (w ? w[k] : 1) - mg - xh * mgx);
      }
    }
  }
  return { gx, gw, gb };
}
