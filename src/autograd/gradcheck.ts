// Numerical gradient check in float64, like torch.autograd.gradcheck: central differences against
// the gradients backward computes, element by element.
import { DTypeError, TrainlabError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { backward } from './engine.js';
import { noGrad } from './grad-mode.js';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Check at most this many elements per input (evenly spaced), for large inputs. */
  maxElements?: number;
}
export interface GradcheckMismatch {
  /** Which input (position in `inputs`). */
  input: number;
  /** Flat element index (row-major) within that input. */
  index: number;
  /** Flat index of the output element whose derivative disagrees. */
  output: number;
  analytical: number;
  numerical: number;
}
export interface GradcheckResult {
  passed: boolean;
  maxAbsError: number;
  mismatch: GradcheckMismatch | null;
}

function outputsOf(r: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(r) ? r : [r];
}

/** Writes v at flat row-major element `i` of a (possibly strided) tensor. */
function elementOffset(t: Tensor, i: number): number {
  let off = t.offset;
  for (let d = t.ndim - 1; d >= 0; d--) {
    off += (i % t.shape[d]) * t.strides[d];
    i = Math.floor(i / t.shape[d]);
  }
  return off;
}

/**
 * Checks the gradients of `fn` at `inputs` (float64 tensors; those with requiresGrad are checked).
 * Returns the first element whose analytical and numerical derivatives differ by more than
 * atol + rtol·|numerical|.
 * @example gradcheck((a, b) => mul(a, b), [randn([3], { dtype: 'float64', requiresGrad: true }), ...])
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[],
  opts: GradcheckOptions = {}): GradcheckResult {
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  inputs.forEach((x, i) => {
    if (x.requiresGrad && x.dtype !== 'float64') {
      throw new DTypeError(`gradcheck: input ${i} is ${x.dtype}; gradcheck needs float64 inputs for meaningful finite differences`);
    }
  });
  const checked = inputs.map((x, i) => [x, i] as const).filter(([x]) => x.requiresGrad);
  if (!checked.length) throw new TrainlabError('gradcheck: no input requires grad');
  const picks = checked.map(([x]) => pickElements(x.numel(), opts.maxElements));
  const outs = outputsOf(fn(...inputs));
  const outSizes = outs.map((o) => o.numel());
  // numerical[j][i][k]: d out_k / d input_j[i]
  const numerical = checked.map(([x], j) => {
    const cols: Float64Array[] = [];
    const data = x.storage.data;
    for (const i of picks[j]) {
      const off = elementOffset(x, i);
      const orig = data[off];
      const eval_ = (v: number) => {
        data[off] = v;
        const r = noGrad(() => outputsOf(fn(...inputs)));
        return r.flatMap((o) => Array.from(o.contiguousData(), Number));
      };
      const plus = eval_(orig + eps), minus = eval_(orig - eps);
      data[off] = orig;
      cols.push(Float64Array.from(plus, (p, k) => (p - minus[k]) / (2 * eps)));
    }
    return cols;
  });
  let maxAbsError = 0;
  let k = 0;
  for (let o = 0; o < outs.length; o++) {
    for (let e = 0; e < outSizes[o]; e++, k++) {
      for (const [x] of checked) x.grad = null;
      const out = outputsOf(fn(...inputs))[o];
      if (!out.requiresGrad) continue;
      const seed = Tensor.empty(out.shape, out.dtype);
      seed.storage.data[e] = 1;
      backward(out, seed);
      for (let j = 0; j < checked.length; j++) {
        const [x, inputIdx] = checked[j];
        const g = x.grad ? x.grad.contiguousData() : null;
        for (let q = 0; q < picks[j].length; q++) {
          const i = picks[j][q];
          const a = g ? g[i] : 0, n = numerical[j][q][k];
          const err = Math.abs(a - n);
          maxAbsError = Math.max(maxAbsError, err);
          if (!(err <= atol + rtol * Math.abs(n))) {
            for (const [xx] of checked) xx.grad = null;
            return { passed: false, maxAbsError: err, mismatch: { input: inputIdx, index: i, output: k, analytical: a, numerical: n } };
          }
        }
      }
    }
  }
  for (const [x] of checked) x.grad = null;
  return { passed: true, maxAbsError, mismatch: null };
}

function pickElements(n: number, max?: number): number[] {
  if (!max || n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
}
