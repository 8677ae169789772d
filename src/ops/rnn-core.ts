// The pointwise part of an LSTM or GRU step and its backward (Backend.lstmCell, gruCell and their
// backwards: the backend's where it has them, else the reference below). Each value is computed in
// double from the stored (rounded) operands and rounded once when stored, as the native kernels do.
import { backend, type Backend } from '../backend/index.js';
import type { FloatArray } from '../backend/types.js';

type Cells = Required<Pick<Backend, 'lstmCell' | 'lstmCellBackward' | 'gruCell' | 'gruCellBackward'>>;

const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/** The reference step kernels (see Backend.lstmCell, gruCell and their backwards). */
export const jsCells: Cells = {
  lstmCell(gates, gOff, cPrev, cpOff, c, cOff, h, hOff, tc, tcOff, N, H): void {
    for (let n = 0; n < N; n++) {
      const g0 = gOff + 4 * H * n;
      for (let j = 0; j < H; j++) {
        const k = g0 + j, r = n * H + j;
        gates[k] = sigmoid(gates[k]);
        gates[k + H] = sigmoid(gates[k + H]);
        gates[k + 2 * H] = Math.tanh(gates[k + 2 * H]);
        gates[k + 3 * H] = sigmoid(gates[k + 3 * H]);
        c[cOff + r] = gates[k + H] * cPrev[cpOff + r] + gates[k] * gates[k + 2 * H];
        tc[tcOff + r] = Math.tanh(c[cOff + r]);
        h[hOff + r] = gates[k + 3 * H] * tc[tcOff + r];
      }
    }
  },
  lstmCellBackward(gates, gOff, cPrev, cpOff, tc, tcOff, gy, gyOff, dhNext, dc, dz, dzOff, N, H): void {
    for (let n = 0; n < N; n++) {
      const g0 = gOff + 4 * H * n, z0 = dzOff + 4 * H * n;
      for (let j = 0; j < H; j++) {
        const r = n * H + j;
        const i = gates[g0 + j], f = gates[g0 + H + j], g = gates[g0 + 2 * H + j], o = gates[g0 + 3 * H + j];
        const t = tc[tcOff + r], dh = gy[gyOff + r] + dhNext[r];
        const dcv = dc[r] + dh * o * (1 - t * t);
        dz[z0 + j] = dcv * g * i * (1 - i);
        dz[z0 + H + j] = dcv * cPrev[cpOff + r] * f * (1 - f);
        dz[z0 + 2 * H + j] = dcv * i * (1 - g * g);
        dz[z0 + 3 * H + j] = dh * t * o * (1 - o);
        dc[r] = dcv * f;
      }
    }
  },
  gruCell(gi, giOff, gh, ghOff, hPrev, hpOff, h, hOff, N, H): void {
    for (let n = 0; n < N; n++) {
      const a = giOff + 3 * H * n, b = ghOff + 3 * H * n;
      for (let j = 0; j < H; j++) {
        const r = n * H + j;
        gi[a + j] = sigmoid(gi[a + j] + gh[b + j]);
        gi[a + H + j] = sigmoid(gi[a + H + j] + gh[b + H + j]);
        gi[a + 2 * H + j] = Math.tanh(gi[a + 2 * H + j] + gi[a + j] * gh[b + 2 * H + j]);
        const z = gi[a + H + j];
        h[hOff + r] = (1 - z) * gi[a + 2 * H + j] + z * hPrev[hpOff + r];
      }
    }
  },
  gruCellBackward(gi, giOff, gh, ghOff, hPrev, hpOff, gy, gyOff, dhNext, dgi, dgiOff, dgh, dghOff, N, H): void {
    for (let n = 0; n < N; n++) {
      const a = giOff + 3 * H * n, b = ghOff + 3 * H * n, p = dgiOff + 3 * H * n, q = dghOff + 3 * H * n;
      for (let j = 0; j < H; j++) {
        const k = n * H + j;
        const r = gi[a + j], z = gi[a + H + j], nv = gi[a + 2 * H + j], hn = gh[b + 2 * H + j];
        const dh = gy[gyOff + k] + dhNext[k];
        const dan = dh * (1 - z) * (1 - nv * nv);
        const dar = dan * hn * r * (1 - r), daz = dh * (hPrev[hpOff + k] - nv) * z * (1 - z);
        dgi[p + j] = dar; dgi[p + H + j] = daz; dgi[p + 2 * H + j] = dan;
        dgh[q + j] = dar; dgh[q + H + j] = daz; dgh[q + 2 * H + j] = dan * r;
        dhNext[k] = dh * z;
      }
    }
  },
};

/** The backend's step kernels when it has them for this array type, else the reference. */
export function rnnCells(like: FloatArray): Cells {
  const be = backend();
  const has = be.lstmCell && be.lstmCellBackward && be.gruCell && be.gruCellBackward;
  return has && (like instanceof Float32Array || like instanceof Float64Array) ? be as Cells : jsCells;
}
