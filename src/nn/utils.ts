// nn.utils: gradient clipping (clipGradNorm_, clipGradValue_) and flattening parameters to one
// vector and back.
import { noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/node.js';
import { DTypeError, ShapeError, TrainlabError, ValueError, fmtShape } from '../errors.js';
import { narrow, reshape } from '../ops/movement.js';
import { Tensor } from '../tensor/tensor.js';
import '../ops/methods.js';

function toList(params: Tensor | Iterable<Tensor>, op: string): Tensor[] {
  const list = params instanceof Tensor ? [params] : [...params];
  list.forEach((p, i) => { if (!(p instanceof Tensor)) throw new TrainlabError(`${op}: parameter ${i} is not a Tensor`); });
  return list;
}

/**
 * Scales all gradients together so that their joint norm is at most `maxNorm`:
 * total = ‖(‖g₁‖, ‖g₂‖, …)‖_p, coef = maxNorm/(total + 1e−6), every g multiplied by min(coef, 1).
 * Returns the total norm before clipping. `normType` is p > 0, or Infinity / 'inf' for the largest |g|.
 * @example const norm = clipGradNorm_(model.parameters(), 1.0);
 */
export function clipGradNorm_(params: Tensor | Iterable<Tensor>, maxNorm: number,
  opts: { normType?: number | 'inf'; errorIfNonfinite?: boolean } = {}): number {
  const op = 'clipGradNorm_';
  const p = opts.normType === 'inf' ? Infinity : opts.normType ?? 2;
  if (typeof p !== 'number' || !(p > 0)) throw new ValueError(`${op}: normType must be a positive number or 'inf', got ${JSON.stringify(opts.normType)}`);
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm)) throw new ValueError(`${op}: maxNorm must be a number, got ${String(maxNorm)}`);
  const grads = toList(params, op).map((t) => t.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return 0;
  let acc = 0;
  for (const g of grads) {
    const d = g.contiguousData();
    for (let i = 0; i < d.length; i++) {
      const a = Math.abs(d[i]);
      // Math.max and + both propagate NaN, so a NaN gradient gives a NaN norm (as torch)
      acc = p === Infinity ? Math.max(acc, a) : acc + a ** p;
    }
  }
  const total = p === Infinity ? acc : acc ** (1 / p);
  if (opts.errorIfNonfinite && !Number.isFinite(total)) {
    throw new ValueError(`${op}: the total norm of order ${p} for gradients from ${grads.length} parameters is ${total}, ` +
      'so the gradients cannot be clipped; pass errorIfNonfinite: false to clip anyway');
  }
  const coef = maxNorm / (total + 1e-6);
  // torch multiplies by the clamped coefficient (so a NaN norm turns the grads to NaN, as there)
  const scale = Number.isNaN(coef) ? NaN : Math.min(coef, 1);
  if (scale !== 1) noGrad(() => grads.forEach((g) => g.mul_(scale)));
  return total;
}

/** Clamps every gradient element into [−clipValue, clipValue], in place. */
export function clipGradValue_(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  const op = 'clipGradValue_';
  if (typeof clipValue !== 'number' || Number.isNaN(clipValue)) throw new ValueError(`${op}: clipValue must be a number, got ${String(clipValue)}`);
  const c = Math.abs(clipValue);
  for (const t of toList(params, op)) {
    const g = t.grad;
    if (g === null) continue;
    const d = g.toTypedArray();
    for (let i = 0; i < d.length; i++) d[i] = Math.min(c, Math.max(-c, d[i]));
    noGrad(() => g.copy_(Tensor.fromArray(d, g.shape, g.dtype)));
  }
}

/**
 * Concatenates the flattened parameters into one 1-d tensor (differentiable, like torch's cat of
 * views). All parameters must share a dtype.
 */
export function parametersToVector(params: Iterable<Tensor>): Tensor {
  const list = toList(params, 'parametersToVector');
  if (list.length === 0) throw new ValueError('parametersToVector: expected at least one parameter');
  const dtype = list[0].dtype;
  const n = list.reduce((s, t) => s + t.numel(), 0);
  const out = Tensor.empty([n], dtype);
  let off = 0;
  for (const t of list) {
    if (t.dtype !== dtype) throw new DTypeError(`parametersToVector: all parameters must have dtype ${dtype}, got ${t.dtype}`);
    out.storage.data.set(t.contiguousData(), off);
    off += t.numel();
  }
  const offsets = list.map((_, i) => list.slice(0, i).reduce((s, t) => s + t.numel(), 0));
  return record('CatBackward', out, list, (g) => list.map((t, i) => reshape(narrow(g, 0, offsets[i], t.numel()), t.shape)));
}

/** Copies consecutive slices of the 1-d `vec` into the parameters (in place, no grad). */
export function vectorToParameters(vec: Tensor, params: Iterable<Tensor>): void {
  const list = toList(params, 'vectorToParameters');
  if (!(vec instanceof Tensor) || vec.ndim !== 1) throw new ShapeError(`vectorToParameters: expected a 1-d vector, got ${vec instanceof Tensor ? fmtShape(vec.shape) : typeof vec}`);
  const n = list.reduce((s, t) => s + t.numel(), 0);
  if (vec.numel() !== n) throw new ShapeError(`vectorToParameters: vector of ${vec.numel()} elements, but the parameters hold ${n}`);
  let off = 0;
  noGrad(() => {
    for (const t of list) {
      t.copy_(reshape(narrow(vec, 0, off, t.numel()), t.shape));
      off += t.numel();
    }
  });
}
