// Loops of adaptive pooling on [planes, H, W]: window i of n over size S covers [⌊i·S/n⌋, ⌈(i+1)·S/n⌉).
// (No backend entry: each input element falls in at most two windows per axis, so this is O(input).)
import type { FloatArray } from '../backend/types.js';

function start(i: number, n: number, size: number): number { return Math.floor((i * size) / n); }
function end(i: number, n: number, size: number): number { return Math.ceil(((i + 1) * size) / n); }

/**
 * 'avg': out[p, i, j] = mean of window (i, j) of x; 'avgBackward': spreads gy (passed as `src`)
 * evenly over each window into `dst` (accumulating); 'max': max of each window, its flat index
 * within the plane into `argmax` (NaN wins, like the max-pool kernel).
 */
export function adaptiveRaw(mode: 'avg' | 'avgBackward' | 'max', src: FloatArray, planes: number, h: number,
  w: number, oh: number, ow: number, dst: FloatArray, argmax: Int32Array | null): void {
  for (let p = 0; p < planes; p++) {
    const xo = p * h * w, oo = p * oh * ow;
    for (let i = 0; i < oh; i++) {
      const y0 = start(i, oh, h), y1 = end(i, oh, h);
      for (let j = 0; j < ow; j++) {
        const x0 = start(j, ow, w), x1 = end(j, ow, w);
        const o = oo + i * ow + j;
        if (mode === 'avg') {
          let s = 0;
          for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) s += src[xo + y * w + x];
          dst[o] = s / ((y1 - y0) * (x1 - x0));
        } else if (mode === 'avgBackward') {
          const g = src[o] / ((y1 - y0) * (x1 - x0));
          for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) dst[xo + y * w + x] += g;
        } else {
          let best = -Infinity, bi = -1;
          for (let y = y0; y < y1 && best === best; y++) {
            for (let x = x0; x < x1; x++) {
              const v = src[xo + y * w + x];
              if (v > best || v !== v || bi < 0) { best = v; bi = y * w + x; if (v !== v) break; }
            }
          }
          dst[o] = best;
          argmax![o] = bi;
        }
      }
    }
  }
}
