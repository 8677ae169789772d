// Activation layers: ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax, LogSoftmax, Softplus.
// Each wraps the op of the same name; numbers may be given positionally or as torch's keywords.
import { ValueError } from '../../errors.js';
import { elu, gelu, leakyRelu, logSoftmax, relu, sigmoid, silu, softmax, softplus, tanh } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { py, pyFloat } from './util.js';

function opt<T extends object>(arg: number | T | undefined, key: keyof T): T {
  return (typeof arg === 'number' ? { [key]: arg } : arg ?? {}) as T;
}

/** max(x, 0). */
export class ReLU extends Module {
  override forward(x: Tensor): Tensor { return relu(x); }
}

/** x for x ≥ 0, negativeSlope·x otherwise (default slope 0.01). */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  constructor(negativeSlope?: number | { negativeSlope?: number }) {
    super();
    this.negativeSlope = opt(negativeSlope, 'negativeSlope').negativeSlope ?? 0.01;
  }
  override forward(x: Tensor): Tensor { return leakyRelu(x, { negativeSlope: this.negativeSlope }); }
  override extraRepr(): string { return `negative_slope=${pyFloat(this.negativeSlope)}`; }
}

/** x for x > 0, alpha·(eˣ − 1) otherwise. */
export class ELU extends Module {
  readonly alpha: number;
  constructor(alpha?: number | { alpha?: number }) {
    super();
    this.alpha = opt(alpha, 'alpha').alpha ?? 1;
  }
  override forward(x: Tensor): Tensor { return elu(x, { alpha: this.alpha }); }
  override extraRepr(): string { return `alpha=${pyFloat(this.alpha)}`; }
}

/** x·Φ(x) (exact, with erf) or its tanh approximation with `approximate: 'tanh'`. */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(opts: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = opts.approximate ?? 'none';
    if (this.approximate !== 'none' && this.approximate !== 'tanh') {
      throw new ValueError(`GELU: approximate must be 'none' or 'tanh', got ${JSON.stringify(this.approximate)}`);
    }
  }
  override forward(x: Tensor): Tensor { return gelu(x, { approximate: this.approximate }); }
  override extraRepr(): string { return `approximate=${py(this.approximate)}`; }
}

/** x·sigmoid(x) (a.k.a. swish). */
export class SiLU extends Module {
  override forward(x: Tensor): Tensor { return silu(x); }
}

/** 1/(1 + e⁻ˣ). */
export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor { return sigmoid(x); }
}

/** tanh(x). */
export class Tanh extends Module {
  override forward(x: Tensor): Tensor { return tanh(x); }
}

/** torch's legacy choice when no dim is given: 0 for 0-, 1- and 3-d inputs, else 1. */
function implicitDim(x: Tensor): number { return x.ndim === 0 || x.ndim === 1 || x.ndim === 3 ? 0 : 1; }

/** exp(x)/Σ exp(x) along `dim`. */
export class Softmax extends Module {
  readonly dim: number | null;
  constructor(dim?: number | { dim?: number | null }) {
    super();
    this.dim = opt(dim, 'dim').dim ?? null;
  }
  override forward(x: Tensor): Tensor { return softmax(x, { dim: this.dim ?? implicitDim(x) }); }
  override extraRepr(): string { return `dim=${py(this.dim)}`; }
}

/** log(softmax(x)) along `dim`, computed stably. */
export class LogSoftmax extends Module {
  readonly dim: number | null;
  constructor(dim?: number | { dim?: number | null }) {
    super();
    this.dim = opt(dim, 'dim').dim ?? null;
  }
  override forward(x: Tensor): Tensor { return logSoftmax(x, { dim: this.dim ?? implicitDim(x) }); }
  override extraRepr(): string { return `dim=${py(this.dim)}`; }
}

/** log(1 + e^(beta·x))/beta, and x itself where beta·x > threshold. */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(opts: { beta?: number; threshold?: number } = {}) {
    super();
    this.beta = opts.beta ?? 1;
    this.threshold = opts.threshold ?? 20;
  }
  override forward(x: Tensor): Tensor { return softplus(x, { beta: this.beta, threshold: this.threshold }); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}
