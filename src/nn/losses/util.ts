// Shared pieces of the loss functions: the reduction option, input checks, and small composed
// helpers (clampMin, logSoftmax along a dim, p-norm distance) built from the core ops.
import { DTypeError, ShapeError, TrainlabError, ValueError, fmtShape } from '../../errors.js';
import { abs, exp, log, sqrt, square } from '../../ops/unary.js';
import { add, ge, pow, sub, where } from '../../ops/binary.js';
import { mean, sum } from '../../ops/reduce-core.js';
import { reduceRaw } from '../../ops/reduce-raw.js';
import { isFloat } from '../../tensor/dtype.js';
import { sameShape } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';

/** How a loss combines its per-element values: torch's `reduction`. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every reducing loss takes. */
export interface ReductionOptions {
  /** 'mean' (default), 'sum' or 'none' (the per-element losses). */
  reduction?: Reduction;
}

/** The reduction option checked against the allowed strings (ValueError otherwise). */
export function checkReduction<R extends string = Reduction>(op: string, r: unknown, allowed: readonly R[] = ['mean', 'sum', 'none'] as unknown as R[]): R {
  const v = r === undefined ? 'mean' : r;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ValueError(`${op}: reduction must be ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(r)}`);
  }
  return v as R;
}

/** Applies a 'mean' | 'sum' | 'none' reduction to per-element losses. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? sum(loss) : mean(loss);
}

/** Throws a TrainlabError unless `t` is a floating-point Tensor. */
export function floatTensor(op: string, t: unknown, what: string): Tensor {
  if (!(t instanceof Tensor)) throw new TrainlabError(`${op}: ${what} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (!isFloat(t.dtype)) throw new DTypeError(`${op}: ${what} must be a floating point tensor, got ${t.dtype}`);
  return t;
}

/** Throws a ShapeError unless input and target have the same shape. */
export function checkSameShape(op: string, input: Tensor, target: Tensor, names = ['input', 'target']): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${op}: ${names[0]} shape ${fmtShape(input.shape)} and ${names[1]} shape ${fmtShape(target.shape)} differ; ` +
      'expected the same shape');
  }
}

/** Checks that every element of a label tensor is 1 or −1 (the ranking/embedding losses' convention). */
export function checkSignLabels(op: string, y: Tensor): void {
  const d = y.contiguousData();
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== 1 && d[i] !== -1) throw new ValueError(`${op}: labels must be 1 or -1, found ${d[i]} at element ${i}`);
  }
}

/** A number option that must be finite (ValueError naming it otherwise). */
export function numberOpt(op: string, name: string, v: unknown, dflt: number): number {
  const x = v === undefined ? dflt : v;
  if (typeof x !== 'number' || Number.isNaN(x)) throw new ValueError(`${op}: ${name} must be a number, got ${JSON.stringify(v)}`);
  return x;
}

/**
 * max(x, min) with torch's clamp_min gradient: 1 where x ≥ min (ties included), else 0.
 * (relu would give 0 at the tie.)
 */
export function clampMin(x: Tensor, min: number): Tensor {
  return where(ge(x, min), x, min);
}

/**
 * log-softmax along `dim`, composed: (x − m) − log Σ exp(x − m) with m the (constant) max,
 * which keeps exp from overflowing and leaves the gradient exact.
 */
export function logSoftmaxDim(x: Tensor, dim: number): Tensor {
  const m = reduceRaw('max', x, [dim]);
  const shifted = sub(x, m);
  return sub(shifted, log(sum(exp(shifted), { dim, keepdim: true })));
}

/**
 * torch's pairwise_distance: ‖x1 − x2 + eps‖_p over the last dim (p = 1, 2 or any p > 0).
 * @example pDistance(a, b, 2, 1e-6) // [N, D] → [N]
 */
export function pDistance(x1: Tensor, x2: Tensor, p: number, eps: number): Tensor {
  const d = add(sub(x1, x2), eps);
  const dim = Math.max(d.ndim - 1, 0);
  if (p === 1) return sum(abs(d), { dim });
  if (p === 2) return sqrt(sum(square(d), { dim }));
  return pow(sum(pow(abs(d), p), { dim }), 1 / p);
}
