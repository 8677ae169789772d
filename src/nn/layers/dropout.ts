// Dropout layer: zeroes elements with probability p in training (scaling the rest by 1/(1−p)),
// identity in eval.
import { ValueError } from '../../errors.js';
import { dropout } from '../../ops/index.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { py, pyFloat } from './util.js';

/** Dropout with probability `p` (default 0.5); pass a seeded generator for reproducible masks. */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  generator?: Generator;
  constructor(p?: number | { p?: number; inplace?: boolean; generator?: Generator }, opts: { inplace?: boolean; generator?: Generator } = {}) {
    super();
    const o = typeof p === 'number' ? { ...opts, p } : { ...opts, ...(p ?? {}) };
    this.p = o.p ?? 0.5;
    if (!(this.p >= 0 && this.p <= 1)) throw new ValueError(`Dropout: probability has to be between 0 and 1, but got ${this.p}`);
    this.inplace = o.inplace ?? false;
    this.generator = o.generator;
  }
  override forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, generator: this.generator });
  }
  override extraRepr(): string { return `p=${pyFloat(this.p)}, inplace=${py(this.inplace)}`; }
}
