// The pointwise part of an LSTM step and its backward (Backend.lstmCell / lstmCellBackward: the
// backend's where it has them, else the reference below). Each value is computed in double from the
// stored (rounded) operands and rounded once when stored, as the native kernels do.
import { backend, type Backend } from '../backend/index.js';
import type { FloatArray } from '../backend/types.js';

type Cells = Required<Pick<Backend, 'lstmCell' | 'lstmCellBackward'>>;

const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/** The reference LSTM step kernels (see Backend.lstmCell / lstmCellBackward). */
export const jsLstmCells: Cells = {
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
};

/** The backend's LSTM step kernels when it has them for this array type, else the reference. */
export function lstmCells(like: FloatArray): Cells {
  const be = backend();
  if (!be.lstmCell || !be.lstmCellBackward || !(like instanceof Float32Array || like instanceof Float64Array)) return jsLstmCells;
  return be as Cells;
}
