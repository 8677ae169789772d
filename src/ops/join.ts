// Joining and splitting: cat, stack, split, chunk (views), and F.pad (constant, reflect,
// replicate, circular) with their backward passes.
import { record } from '../autograd/node.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { promoteTypes } from '../tensor/dtype.js';
import { contiguousStrides, normDim, numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { narrow, unsqueeze } from './movement.js';
import { argsToOptions, castData, checkTensor, writeStrided } from './util.js';

type DimArg = number | { dim?: number } | undefined;

function dimOf(rest: DimArg[]): number {
  return argsToOptions<{ dim?: number }>(rest, ['dim']).dim ?? 0;
}

function checkList(tensors: unknown, op: string): Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new ValueError(`${op}: expected a non-empty list of tensors`);
  tensors.forEach((t, i) => checkTensor(t, op, `tensors[${i}]`));
  return tensors as Tensor[];
}

/**
 * Concatenates tensors along an existing dim; all other sizes must match (dtypes promote).
 * @example cat([a, b], { dim: 0 }); cat([a, b], 1)
 */
export function cat(tensors: Tensor[], ...rest: DimArg[]): Tensor {
  const ts = checkList(tensors, 'cat');
  const ref = ts[0];
  if (ref.ndim === 0) throw new ShapeError('cat: zero-dimensional tensors cannot be concatenated (use stack)');
  const d = normDim(dimOf(rest), ref.ndim, 'cat');
  ts.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((s, k) => k !== d && s !== ref.shape[k])) {
      throw new ShapeError(`cat: tensors[${i}] has shape ${fmtShape(t.shape)} but tensors[0] has ${fmtShape(ref.shape)}: ` +
        `sizes must match except in dimension ${d}`);
    }
  });
  const dtype = ts.map((t) => t.dtype).reduce(promoteTypes);
  const shape = [...ref.shape];
  shape[d] = ts.reduce((a, t) => a + t.shape[d], 0);
  const out = Tensor.uninit(shape, dtype);  // the blocks below cover every element
  const starts: number[] = [];
  let at = 0;
  for (const t of ts) {
    starts.push(at);
    const block = new Tensor(out.storage, [...t.shape], [...out.strides], at * out.strides[d], dtype);
    writeStrided(block, castData(t, dtype).contiguousData());
    at += t.shape[d];
  }
  return record('CatBackward', out, ts, (g) => ts.map((t, i) => {
    const v = new Tensor(g.storage, [...t.shape], [...g.strides], g.offset + starts[i] * g.strides[d], g.dtype);
    return Tensor.fromArray(v.toTypedArray(), t.shape, g.dtype);
  }));
}

/**
 * Stacks same-shape tensors along a new dim.
 * @example stack([a, b], { dim: 0 }) // two [3] → [2, 3]
 */
export function stack(tensors: Tensor[], ...rest: DimArg[]): Tensor {
  const ts = checkList(tensors, 'stack');
  ts.forEach((t, i) => {
    if (t.ndim !== ts[0].ndim || t.shape.some((s, k) => s !== ts[0].shape[k])) {
      throw new ShapeError(`stack: expects each tensor to be equal size, but got ${fmtShape(ts[0].shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normDim(dimOf(rest), ts[0].ndim + 1, 'stack');
  return cat(ts.map((t) => unsqueeze(t, d)), d);
}

/**
 * Splits into views along `dim`: pieces of `size` (the last may be smaller) or of the listed sizes.
 * @example split(x, 2, { dim: 0 }); split(x, [1, 3], 1)
 */
export function split(x: Tensor, sizeOrSections: number | number[], ...rest: DimArg[]): Tensor[] {
  checkTensor(x, 'split');
  const d = normDim(dimOf(rest), x.ndim, 'split');
  const n = x.shape[d];
  let sizes: number[];
  if (Array.isArray(sizeOrSections)) {
    sizes = sizeOrSections;
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== n) {
      throw new ShapeError(`split: sections ${fmtShape(sizes)} must be non-negative and sum to ${n}, the size of dimension ${d} of ${fmtShape(x.shape)}`);
    }
  } else {
    const s = sizeOrSections;
    if (!Number.isInteger(s) || s <= 0) throw new ValueError(`split: split size must be a positive integer, got ${s}`);
    sizes = [];
    for (let at = 0; at < n; at += s) sizes.push(Math.min(s, n - at));
    if (n === 0) sizes.push(0);
  }
  let at = 0;
  return sizes.map((s) => { const v = narrow(x, d, at, s); at += s; return v; });
}

/**
 * Splits into `chunks` views of ceil(n/chunks) along `dim` (fewer when n is small), as torch.chunk.
 * @example const [a, b] = chunk(x, 2, { dim: -1 })
 */
export function chunk(x: Tensor, chunks: number, ...rest: DimArg[]): Tensor[] {
  checkTensor(x, 'chunk');
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ValueError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normDim(dimOf(rest), x.ndim, 'chunk');
  return split(x, Math.max(1, Math.ceil(x.shape[d] / chunks)), d);
}

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';
export interface PadOptions { pad?: number[]; mode?: PadMode; value?: number }

/** Source index along one dim for output position o (−1 = the constant value). */
function sourceIndex(mode: PadMode, o: number, left: number, n: number): number {
  const i = o - left;
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant': return -1;
    case 'replicate': return i < 0 ? 0 : n - 1;
    case 'circular': return ((i % n) + n) % n;
    case 'reflect': {
      // mirror without repeating the edge: −1 → 1, n → n − 2
      const period = 2 * (n - 1);
      const r = ((i % period) + period) % period;
      return r < n ? r : period - r;
    }
  }
}

/**
 * Pads (or, with negative amounts, crops) the last dims. `pad` lists (left, right) pairs from
 * the last dim backwards, as torch: [1, 1, 2, 0] pads the last dim by 1|1 and the one before by 2|0.
 * @example pad(x, { pad: [1, 1], mode: 'constant', value: 0 })
 */
export function pad(x: Tensor, ...rest: (number[] | PadMode | number | PadOptions)[]): Tensor {
  checkTensor(x, 'pad');
  const o = argsToOptions<PadOptions>(rest, ['pad', 'mode', 'value']);
  const p = o.pad, mode = o.mode ?? 'constant', value = o.value ?? 0;
  if (!Array.isArray(p) || p.length % 2 !== 0 || p.some((v) => !Number.isInteger(v))) {
    throw new ValueError(`pad: pad must be a list of integers of even length, got ${JSON.stringify(p)}`);
  }
  if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) throw new ValueError(`pad: unknown mode ${JSON.stringify(mode)}`);
  const k = p.length / 2;
  if (k > x.ndim) throw new ShapeError(`pad: ${p.length} pad values need at least ${k} dimensions, input has shape ${fmtShape(x.shape)}`);
  if (mode !== 'constant' && value !== 0) throw new ValueError(`pad: value applies only to mode 'constant', got mode ${JSON.stringify(mode)}`);
  const outShape = [...x.shape];
  const maps: (Int32Array | null)[] = x.shape.map(() => null);
  for (let j = 0; j < k; j++) {
    const d = x.ndim - 1 - j, left = p[2 * j], right = p[2 * j + 1], n = x.shape[d];
    const size = n + left + right;
    if (size < 0) throw new ShapeError(`pad: padding ${left},${right} makes dimension ${d} of ${fmtShape(x.shape)} negative`);
    if (mode === 'reflect' && (left >= n || right >= n)) {
      throw new ValueError(`pad: reflect padding ${left},${right} must be smaller than dimension ${d} of size ${n} (shape ${fmtShape(x.shape)})`);
    }
    if (mode !== 'constant' && (left < 0 || right < 0 || n === 0)) throw new ValueError(`pad: mode ${mode} needs non-negative padding of a non-empty dimension`);
    outShape[d] = size;
    maps[d] = Int32Array.from({ length: size }, (_, q) => sourceIndex(mode, q, left, n));
  }
  // src[k] = flat offset into contiguous x for output element k, or −1 for the padding value
  const src = new Float64Array(numel(outShape));
  const xs = contiguousStrides(x.shape), pos = new Array<number>(x.ndim).fill(0);
  for (let q = 0; q < src.length; q++) {
    let off = 0;
    for (let d = 0; d < x.ndim; d++) {
      const s = maps[d] ? maps[d]![pos[d]] : pos[d];
      if (s < 0) { off = -1; break; }
      off += s * xs[d];
    }
    src[q] = off;
    for (let d = x.ndim - 1; d >= 0; d--) { if (++pos[d] < outShape[d]) break; pos[d] = 0; }
  }
  const xd = x.contiguousData();
  const out = Tensor.empty(outShape, x.dtype), od = out.storage.data;
  for (let q = 0; q < src.length; q++) od[q] = src[q] < 0 ? value : xd[src[q]];
  return record('PadBackward', out, [x], (g) => {
    const gx = Tensor.empty(x.shape, g.dtype), gd = g.contiguousData(), r = gx.storage.data;
    for (let q = 0; q < src.length; q++) if (src[q] >= 0) r[src[q]] += gd[q];
    return [gx];
  });
}

