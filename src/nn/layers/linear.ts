// Linear and Identity layers, and torch's default init for Linear/Conv weights.
import type { DType } from '../../backend/types.js';
import { ValueError } from '../../errors.js';
import { linear } from '../../ops/matmul.js';
import type { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { py } from './util.js';

/** Options shared by layers that own weights. */
export interface FactoryOptions { dtype?: DType; generator?: Generator }

/**
 * torch's default init of Linear and Conv: weight kaimingUniform_(a=√5), i.e. U(−1/√fanIn, 1/√fanIn),
 * and bias U(−1/√fanIn, 1/√fanIn) with fanIn from the weight.
 */
export function resetDefault(weight: Tensor, bias: Tensor | null, generator?: Generator): void {
  kaimingUniform_(weight, { a: Math.sqrt(5), generator });
  if (bias) {
    const { fanIn } = calculateFanInAndFanOut(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound, { generator });
  }
}

export function checkPositiveInt(v: unknown, what: string, op: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ValueError(`${op}: ${what} must be a non-negative integer, got ${String(v)}`);
  return v;
}

/**
 * y = x·Wᵀ + b. Weight [outFeatures, inFeatures], bias [outFeatures]; input [..., inFeatures].
 * @example const fc = new Linear(4, 8); const y = fc.call(randn([2, 4])); // [2, 8]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, opts: FactoryOptions & { bias?: boolean } = {}) {
    super();
    this.inFeatures = checkPositiveInt(inFeatures, 'inFeatures', 'Linear');
    this.outFeatures = checkPositiveInt(outFeatures, 'outFeatures', 'Linear');
    const dtype = opts.dtype ?? 'float32';
    this.weight = new Parameter(Tensor.empty([outFeatures, inFeatures], dtype));
    this.bias = opts.bias ?? true ? new Parameter(Tensor.empty([outFeatures], dtype)) : null;
    this.registerParameter('bias', this.bias);
    this.resetParameters(opts.generator);
  }

  /** Re-draws weight and bias with torch's default init. */
  resetParameters(generator?: Generator): void { resetDefault(this.weight, this.bias, generator); }

  override forward(x: Tensor): Tensor { return linear(x, this.weight, this.bias); }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${py(this.bias !== null)}`;
  }
}

/** Returns its input unchanged (a placeholder layer). */
export class Identity extends Module<unknown[], unknown> {
  override forward(...args: unknown[]): unknown { return args[0]; }
}
