// The loops shared by batch, layer and group norm: the input is viewed as [P, Q, R] rows, each
// row (p, q) belongs to one normalisation segment, and the affine weight is indexed by q or by r.
// The O(P·Q·R) passes are row kernels (rowReduce, rowAffine: the backend's where it has them, else
// the reference below); only the per-row constants are computed here. Layer norm's per-r weights
// keep their own loops.
import { backend, type Backend } from '../backend/index.js';
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

type Rows = Required<Pick<Backend, 'rowReduce' | 'rowAffine'>>;

/** The reference row kernels (see Backend.rowReduce / rowAffine): sequential sums in double. */
const jsRows = {
  rowReduce(mode: 0 | 1 | 2, x: ArrayLike<number>, g: ArrayLike<number> | null, rows: number, R: number,
    m: Float64Array | null, o1: Float64Array, o2: Float64Array | null): void {
    for (let i = 0; i < rows; i++) {
      const base = i * R, mi = m ? m[i] : 0;
      let a = 0, c = 0;
      if (mode === 0) for (let r = 0; r < R; r++) a += x[base + r];
      else if (mode === 1) for (let r = 0; r < R; r++) { const d = x[base + r] - mi; a += d * d; }
      else for (let r = 0; r < R; r++) { const gi = g![base + r]; a += gi; c += gi * (x[base + r] - mi); }
      o1[i] = a;
      if (o2) o2[i] = c;
    }
  },
  rowAffine(x: ArrayLike<number>, g: ArrayLike<number> | null, rows: number, R: number, m: Float64Array,
    a: Float64Array, c: Float64Array, d: Float64Array | null, out: FloatArray): void {
    for (let i = 0; i < rows; i++) {
      const base = i * R, mi = m[i], ai = a[i], ci = c[i];
      if (g) { const di = d![i]; for (let r = 0; r < R; r++) out[base + r] = g[base + r] * ai - ci - (x[base + r] - mi) * di; }
      else for (let r = 0; r < R; r++) out[base + r] = (x[base + r] - mi) * ai + ci;
    }
  },
};

/** The backend's row kernels when it has them and the arrays are float typed arrays of one type, else the reference. */
function rowKernels(...arrays: (ArrayLike<number> | null)[]): Rows {
  const be = backend();
  const t = arrays[0];
  if (!be.rowReduce || !be.rowAffine || !(t instanceof Float32Array || t instanceof Float64Array)) return jsRows as Rows;
  if (arrays.some((a) => a !== null && a.constructor !== t.constructor)) return jsRows as Rows;
  return be as Rows;
}

/** Per-row copies of per-segment values: out[p·Q + q] = v[seg(p, q)]. */
function perRow(v: Float64Array, L: NormLayout): Float64Array {
  const out = new Float64Array(L.P * L.Q);
  for (let p = 0; p < L.P; p++) for (let q = 0; q < L.Q; q++) out[p * L.Q + q] = v[L.seg(p, q)];
  return out;
}

/** Adds per-row values into their segments. */
function addToSegments(rowVals: Float64Array, L: NormLayout, into: Float64Array): void {
  for (let p = 0; p < L.P; p++) for (let q = 0; q < L.Q; q++) into[L.seg(p, q)] += rowVals[p * L.Q + q];
}

/** Per-segment mean and biased variance (two passes in float64, stable for large means). */
export function segmentStats(x: ArrayLike<number>, L: NormLayout): { mean: Float64Array; variance: Float64Array } {
  const { P, Q, R } = L;
  const mean = new Float64Array(L.nSeg), variance = new Float64Array(L.nSeg);
  const m = (P * Q * R) / L.nSeg;
  const k = rowKernels(x);
  const xs = x as FloatArray, rows = P * Q, sums = new Float64Array(rows);
  k.rowReduce(0, xs, null, rows, R, null, sums, null);
  addToSegments(sums, L, mean);
  for (let s = 0; s < L.nSeg; s++) mean[s] /= m;
  k.rowReduce(1, xs, null, rows, R, perRow(mean, L), sums, null);
  addToSegments(sums, L, variance);
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
  if (L.weightPer === 'q') {
    // one weight per row: y = (x − mean)·a + c with a = invstd·w, c = b
    const rows = P * Q, a = new Float64Array(rows), c = new Float64Array(rows);
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const i = p * Q + q;
        a[i] = inv[L.seg(p, q)] * (w ? w[q] : 1);
        c[i] = b ? b[q] : 0;
      }
    }
    rowKernels(x, y).rowAffine(x as FloatArray, null, rows, R, perRow(mean, L), a, c, null, y);
    return y;
  }
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      const s = L.seg(p, q), mu = mean[s], is = inv[s], base = (p * Q + q) * R;
      if (w && b) {
        for (let r = 0; r < R; r++) y[base + r] = (x[base + r] - mu) * is * w[r] + b[r];
      } else {
        for (let r = 0; r < R; r++) y[base + r] = (x[base + r] - mu) * is * (w ? w[r] : 1) + (b ? b[r] : 0);
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
 * otherwise (running statistics) gx = ĝ·invstd. gw = Σ g·x̂ and gb = Σ g per weight index, summed
 * in float64.
 */
export function normBackward(x: ArrayLike<number>, g: ArrayLike<number>, L: NormLayout, mean: Float64Array,
  inv: Float64Array, w: ArrayLike<number> | null, batchStats: boolean,
  want: { x: boolean; w: boolean; b: boolean }, dtypes: { x: DType; w: DType }): NormGrads {
  const { P, Q, R } = L;
  const perQ = L.weightPer === 'q';
  const nW = perQ ? Q : R, rows = P * Q;
  const sw = new Float64Array(nW), sb = new Float64Array(nW);  // Σ g·x̂ and Σ g per weight index
  const sumG = new Float64Array(L.nSeg), sumGX = new Float64Array(L.nSeg);  // Σ ĝ and Σ ĝ·x̂ per segment
  const k = rowKernels(x, g), mRow = perQ ? perRow(mean, L) : null;
  if (perQ) {
    // per row: Σ g and Σ g·(x − mean); the row's weight scales both
    const ra = new Float64Array(rows), rc = new Float64Array(rows);
    k.rowReduce(2, x as FloatArray, g as FloatArray, rows, R, mRow, ra, rc);
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const i = p * Q + q, s = L.seg(p, q), wq = w ? w[q] : 1, a = ra[i], c = rc[i] * inv[s];
        sw[q] += c;
        sb[q] += a;
        sumG[s] += a * wq;
        sumGX[s] += c * wq;
      }
    }
  } else {
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const s = L.seg(p, q), mu = mean[s], is = inv[s], base = (p * Q + q) * R;
        let a = 0, c = 0;
        for (let r = 0; r < R; r++) {
          const gi = g[base + r], xh = (x[base + r] - mu) * is, gh = w ? gi * w[r] : gi;
          a += gh;
          c += gh * xh;
          sw[r] += gi * xh;
          sb[r] += gi;
        }
        sumG[s] += a;
        sumGX[s] += c;
      }
    }
  }
  const gw = want.w ? allocFloat(dtypes.w, nW) : null, gb = want.b ? allocFloat(dtypes.w, nW) : null;
  if (gw) gw.set(sw);
  if (gb) gb.set(sb);
  if (!want.x) return { gx: null, gw, gb };
  const m = (P * Q * R) / L.nSeg;
  const gx = allocFloat(dtypes.x, P * Q * R);
  if (mRow) {
    // gx = is·(g·w − mg − (x − mean)·is·mgx) with the constants of each row folded
    const a = new Float64Array(rows), c = new Float64Array(rows), d = new Float64Array(rows);
    for (let p = 0; p < P; p++) {
      for (let q = 0; q < Q; q++) {
        const i = p * Q + q, s = L.seg(p, q), is = inv[s];
        a[i] = is * (w ? w[q] : 1);
        c[i] = batchStats ? is * (sumG[s] / m) : 0;
        d[i] = batchStats ? is * is * (sumGX[s] / m) : 0;
      }
    }
    k.rowAffine(x as FloatArray, g as FloatArray, rows, R, mRow, a, c, d, gx);
    return { gx, gw, gb };
  }
  for (let p = 0; p < P; p++) {
    for (let q = 0; q < Q; q++) {
      const s = L.seg(p, q), mu = mean[s], is = inv[s], base = (p * Q + q) * R;
      const mg = batchStats ? sumG[s] / m : 0, mgx = batchStats ? sumGX[s] / m : 0;
      for (let r = 0; r < R; r++) {
        const xh = (x[base + r] - mu) * is;
        gx[base + r] = is * (g[base + r] * (w ? w[r] : 1) - mg - xh * mgx);
      }
    }
  }
  return { gx, gw, gb };
}
