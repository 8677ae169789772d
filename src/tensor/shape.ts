// Shape arithmetic: sizes, contiguous strides, dim normalisation and broadcasting rules.
import { IndexError, ShapeError, fmtShape } from '../errors.js';

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) { st[d] = s; s *= shape[d]; }
  return st;
}

/** Maps a possibly negative dim into [0, ndim); `op` names the caller in the error. */
export function normDim(dim: number, ndim: number, op: string): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(`${op}: dimension ${dim} out of range (expected to be in range of [${-n}, ${n - 1}])`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a dim option (number, list or undefined = all dims) to a sorted unique list. */
export function normDims(dim: number | readonly number[] | undefined | null, ndim: number, op: string): number[] {
  if (dim === undefined || dim === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dim === 'number' ? [dim] : [...dim];
  const out = [...new Set(list.map((d) => normDim(d, ndim, op)))];
  if (out.length !== list.length) throw new IndexError(`${op}: dim ${JSON.stringify(dim)} repeats a dimension`);
  return out.sort((a, b) => a - b);
}

/** The broadcast shape of two shapes (NumPy/PyTorch rules), or a ShapeError naming both. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast ` +
        `(size ${x} vs ${y} at dimension ${i - n})`);
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if expanded to `target` (stride 0 on new dims). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[],
  target: readonly number[]): number[] {
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 && target[off + i] !== 1 ? 0 : strides[i];
  return out;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Validates a shape given by the user (non-negative integers). */
export function checkShape(shape: readonly number[], op: string): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new ShapeError(`${op}: invalid shape ${fmtShape(shape)}: sizes must be non-negative integers`);
  }
  return [...shape];
}
