// Vector norms and the distances built on them: norm, cosineSimilarity, pairwiseDistance,
// normalize (torch.nn.functional semantics, eps clamps included).
import { record } from '../autograd/node.js';
import { ValueError } from '../errors.js';
import { requireFloat } from '../tensor/dtype.js';
import { broadcastShapes, normDims } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { clamp } from './activation.js';
import { add, binaryRaw, div, mul, sub } from './binary.js';
import { expand, reshape } from './movement.js';
import { amax } from './reduce.js';
import { sum } from './reduce-core.js';
import { keepShape, reduceRaw } from './reduce-raw.js';
import { abs, unaryRaw } from './unary.js';
import { argsToOptions, checkTensor } from './util.js';

export interface NormOptions { p?: number; dim?: number | number[] | null; keepdim?: boolean }

/**
 * The p-norm (Σ|x|^p)^(1/p) over `dim` (all dims by default); p = Infinity is max|x|. Its
 * gradient sign(x)·|x|^(p−1)/‖x‖^(p−1) is taken as 0 where the norm is 0 (as torch does).
 * @example norm(x, { p: 2, dim: -1, keepdim: true })
 */
export function norm(x: Tensor, ...rest: (number | NormOptions)[]): Tensor {
  checkTensor(x, 'norm');
  requireFloat(x.dtype, 'norm');
  const o = argsToOptions<NormOptions>(rest, ['p', 'dim', 'keepdim']);
  const p = o.p ?? 2;
  if (typeof p !== 'number' || !(p > 0)) throw new ValueError(`norm: p must be a positive number or Infinity, got ${p}`);
  if (p === Infinity) return amax(abs(x), { dim: o.dim, keepdim: o.keepdim });
  const dims = normDims(o.dim, x.ndim, 'norm');
  const ax = unaryRaw('abs', x);
  const s = reduceRaw('sum', p === 1 ? ax : binaryRaw('pow', ax, p), dims);
  const nk = p === 1 ? s : binaryRaw('pow', s, 1 / p);
  const outShape = o.keepdim ? nk.shape : x.shape.filter((_, i) => !dims.includes(i));
  const out = Tensor.fromArray(nk.storage.data, outShape, x.dtype);
  return record('NormBackward', out, [x], (g) => {
    const gk = Tensor.fromArray(g.contiguousData(), keepShape(x.shape, dims), g.dtype);
    // sign(x)·|x|^(p−1) / n^(p−1) · g
    const num = p === 1 ? unaryRaw('sign', x) : binaryRaw('mul', unaryRaw('sign', x), binaryRaw('pow', ax, p - 1));
    const den = p === 1 ? null : binaryRaw('pow', nk, p - 1);
    const gx = binaryRaw('mul', num, den ? binaryRaw('div', gk, den) : gk);
    if (den) {
      const nz = binaryRaw('eq', expandRaw(nk, x.shape), 0).storage.data, d = gx.storage.data;
      for (let i = 0; i < d.length; i++) if (nz[i]) d[i] = 0;
    }
    return [gx];
  }, [x]);
}

function expandRaw(t: Tensor, shape: number[]): Tensor {
  return binaryRaw('add', t, Tensor.empty(shape, t.dtype));
}

/** Both tensors expanded to their broadcast shape (gradients sum back through expand). */
function broadcastPair(a: Tensor, b: Tensor, op: string): [Tensor, Tensor] {
  const shape = broadcastShapes(a.shape, b.shape, op);
  return [expand(a, shape), expand(b, shape)];
}

/**
 * Σ x1·x2 / (max(‖x1‖, eps)·max(‖x2‖, eps)) along `dim` (default 1, eps 1e-8); inputs broadcast.
 * @example cosineSimilarity(a, b, { dim: -1 })
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, ...rest: (number | { dim?: number; eps?: number })[]): Tensor {
  checkTensor(x1, 'cosineSimilarity', 'x1');
  checkTensor(x2, 'cosineSimilarity', 'x2');
  const o = argsToOptions<{ dim?: number; eps?: number }>(rest, ['dim', 'eps']);
  const dim = o.dim ?? 1, eps = o.eps ?? 1e-8;
  const [a, b] = broadcastPair(x1, x2, 'cosineSimilarity');
  const w12 = sum(mul(a, b), { dim });
  const n1 = clamp(norm(a, { dim }), { min: eps }), n2 = clamp(norm(b, { dim }), { min: eps });
  return div(w12, mul(n1, n2));
}

/**
 * ‖x1 − x2 + eps‖_p over the last dim (defaults p = 2, eps = 1e-6, keepdim false).
 * @example pairwiseDistance(a, b, { p: 1 })
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, ...rest: (number | boolean | { p?: number; eps?: number; keepdim?: boolean })[]): Tensor {
  checkTensor(x1, 'pairwiseDistance', 'x1');
  checkTensor(x2, 'pairwiseDistance', 'x2');
  const o = argsToOptions<{ p?: number; eps?: number; keepdim?: boolean }>(rest, ['p', 'eps', 'keepdim']);
  const d = add(sub(x1, x2), o.eps ?? 1e-6);
  if (d.ndim === 0) return norm(reshape(d, [1]), { p: o.p ?? 2 });
  return norm(d, { p: o.p ?? 2, dim: -1, keepdim: o.keepdim ?? false });
}

/**
 * x / max(‖x‖_p, eps) along `dim` (defaults p = 2, dim = 1, eps = 1e-12).
 * @example normalize(embeddings, { dim: -1 })
 */
export function normalize(x: Tensor, ...rest: (number | { p?: number; dim?: number; eps?: number })[]): Tensor {
  checkTensor(x, 'normalize');
  const o = argsToOptions<{ p?: number; dim?: number; eps?: number }>(rest, ['p', 'dim', 'eps']);
  const n = clamp(norm(x, { p: o.p ?? 2, dim: o.dim ?? 1, keepdim: true }), { min: o.eps ?? 1e-12 });
  return div(x, n);
}
