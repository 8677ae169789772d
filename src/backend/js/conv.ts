// Reference im2col/col2im and 2-D pooling kernels on [C,H,W] planes.
import type { FloatArray } from '../types.js';

export function im2col(x: FloatArray, xOff: number, c: number, h: number, w: number, kh: number,
  kw: number, sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number,
  ow: number, cols: FloatArray, images = 1): void {
  const L = oh * ow, img = c * h * w, block = c * kh * kw * L;
  for (let i = 1; i < images; i++) {
    im2col(x, xOff + i * img, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cols.subarray(i * block));
  }
  for (let ch = 0; ch < c; ch++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const row = (ch * kh + ki) * kw + kj;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh - ph + ki * dh;
          for (let ox = 0; ox < ow; ox++) {
            const ix = ox * sw - pw + kj * dw;
            cols[row * L + oy * ow + ox] = iy >= 0 && iy < h && ix >= 0 && ix < w
              ? x[xOff + (ch * h + iy) * w + ix] : 0;
          }
        }
      }
    }
  }
}

export function col2im(cols: FloatArray, c: number, h: number, w: number, kh: number, kw: number,
  sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number,
  x: FloatArray, xOff: number, images = 1): void {
  const L = oh * ow, img = c * h * w, block = c * kh * kw * L;
  for (let i = 1; i < images; i++) {
    col2im(cols.subarray(i * block), c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, x, xOff + i * img);
  }
  for (let ch = 0; ch < c; ch++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const row = (ch * kh + ki) * kw + kj;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh - ph + ki * dh;
          if (iy < 0 || iy >= h) continue;
          for (let ox = 0; ox < ow; ox++) {
            const ix = ox * sw - pw + kj * dw;
            if (ix >= 0 && ix < w) x[xOff + (ch * h + iy) * w + ix] += cols[row * L + oy * ow + ox];
          }
        }
      }
    }
  }
}

export function maxPool2d(x: FloatArray, planes: number, h: number, w: number, kh: number, kw: number,
  sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number,
  out: FloatArray, argmax: Int32Array): void {
  for (let p = 0; p < planes; p++) {
    const xo = p * h * w, oo = p * oh * ow;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let best = -Infinity, bi = -1;
        for (let ki = 0; ki < kh; ki++) {
          const iy = oy * sh - ph + ki * dh;
          if (iy < 0 || iy >= h) continue;
          for (let kj = 0; kj < kw; kj++) {
            const ix = ox * sw - pw + kj * dw;
            if (ix < 0 || ix >= w) continue;
            const v = x[xo + iy * w + ix];
            if (v > best || v !== v || bi < 0) { best = v; bi = iy * w + ix; if (v !== v) break; }
          }
        }
        out[oo + oy * ow + ox] = best;
        argmax[oo + oy * ow + ox] = bi;
      }
    }
  }
}

export function maxPool2dBackward(gy: FloatArray, argmax: Int32Array, planes: number, hw: number,
  ohw: number, gx: FloatArray): void {
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < ohw; i++) {
      const a = argmax[p * ohw + i];
      if (a >= 0) gx[p * hw + a] += gy[p * ohw + i];
    }
  }
}

/** Window bounds and divisor of avg pooling, shared by forward and backward. */
function avgWindow(o: number, s: number, pad: number, k: number, size: number): [number, number, number] {
  const start = o * s - pad;
  const endPadded = Math.min(start + k, size + pad);
  return [Math.max(start, 0), Math.min(start + k, size), endPadded - start];
}

function forEachAvgWindow(planes: number, h: number, w: number, kh: number, kw: number, sh: number,
  sw: number, ph: number, pw: number, oh: number, ow: number, countIncludePad: boolean,
  divisorOverride: number, fn: (p: number, o: number, y0: number, y1: number, x0: number, x1: number,
    div: number) => void): void {
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++) {
      const [y0, y1, ySpan] = avgWindow(oy, sh, ph, kh, h);
      for (let ox = 0; ox < ow; ox++) {
        const [x0, x1, xSpan] = avgWindow(ox, sw, pw, kw, w);
        const div = divisorOverride > 0 ? divisorOverride
          : countIncludePad ? ySpan * xSpan : (y1 - y0) * (x1 - x0);
        fn(p, oy * ow + ox, y0, y1, x0, x1, div);
      }
    }
  }
}

export function avgPool2d(x: FloatArray, planes: number, h: number, w: number, kh: number, kw: number,
  sh: number, sw: number, ph: number, pw: number, oh: number, ow: number, countIncludePad: boolean,
  divisorOverride: number, out: FloatArray): void {
  forEachAvgWindow(planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, countIncludePad, divisorOverride,
    (p, o, y0, y1, x0, x1, div) => {
      let s = 0;
      for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) s += x[p * h * w + y * w + xx];
      out[p * oh * ow + o] = s / div;
    });
}

export function avgPool2dBackward(gy: FloatArray, planes: number, h: number, w: number, kh: number,
  kw: number, sh: number, sw: number, ph: number, pw: number, oh: number, ow: number,
  countIncludePad: boolean, divisorOverride: number, gx: FloatArray): void {
  forEachAvgWindow(planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, countIncludePad, divisorOverride,
    (p, o, y0, y1, x0, x1, div) => {
      const g = gy[p * oh * ow + o] / div;
      for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) gx[p * h * w + y * w + xx] += g;
    });
}
