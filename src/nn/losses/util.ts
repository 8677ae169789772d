// Shared pieces of the loss functions: the reduction option and the input checks.
import { DTypeError, ShapeError, TrainlabError, ValueError, fmtShape } from '../../errors.js';
import { mean, sum } from '../../ops/reduce-core.js';
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
