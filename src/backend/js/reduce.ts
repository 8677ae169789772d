// Reference reductions over the middle axis of [outer, n, inner], and softmax over the last axis.
import type { ReduceOp } from '../interface.js';
import type { AnyArray, FloatArray } from '../types.js';

export function reduce(op: ReduceOp, x: AnyArray, outer: number, n: number, inner: number,
  out: AnyArray, indices?: AnyArray): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let acc: number;
      let arg = 0;
      if (op === 'sum') {
        acc = 0;
        for (let i = 0; i < n; i++) acc += x[base + i * inner];
      } else if (op === 'prod') {
        acc = 1;
        for (let i = 0; i < n; i++) acc *= x[base + i * inner];
      } else {
        acc = op === 'max' ? -Infinity : Infinity;
        for (let i = 0; i < n; i++) {
          const v = x[base + i * inner];
          // NaN wins and sticks, as in torch.max
          if (v !== v) { acc = v; arg = i; break; }
          if (op === 'max' ? v > acc : v < acc) { acc = v; arg = i; }
        }
        if (n === 0) acc = NaN;
      }
      out[o * inner + j] = acc;
      if (indices) indices[o * inner + j] = arg;
    }
  }
}

export function softmax(x: FloatArray, outer: number, n: number, out: FloatArray, log: boolean): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n;
    let m = -Infinity;
    for (let i = 0; i < n; i++) if (x[base + i] > m) m = x[base + i];
    // subtracting the max keeps exp from overflowing; an all -inf row stays NaN as in torch
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(x[base + i] - m);
    if (log) {
      const ls = Math.log(s);
      for (let i = 0; i < n; i++) out[base + i] = x[base + i] - m - ls;
    } else {
      for (let i = 0; i < n; i++) out[base + i] = Math.exp(x[base + i] - m) / s;
    }
  }
}
