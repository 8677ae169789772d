// Flatten and Unflatten: reshape layers (torch.nn.Flatten / nn.Unflatten).
import { ShapeError, fmtShape } from '../../errors.js';
import { flatten, reshape } from '../../ops/movement.js';
import { normDim } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';

/** Flattens dims startDim..endDim into one (defaults 1..-1: keeps the batch dim). */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  constructor(opts: { startDim?: number; endDim?: number } = {}) {
    super();
    this.startDim = opts.startDim ?? 1;
    this.endDim = opts.endDim ?? -1;
  }
  override forward(x: Tensor): Tensor { return flatten(x, this.startDim, this.endDim); }
  override extraRepr(): string { return `start_dim=${this.startDim}, end_dim=${this.endDim}`; }
}

/** Splits dimension `dim` into `unflattenedSize` (one entry may be -1). */
export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattenedSize: number[];
  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    this.dim = dim;
    this.unflattenedSize = [...unflattenedSize];
  }
  override forward(x: Tensor): Tensor {
    const d = normDim(this.dim, x.ndim, 'Unflatten');
    const known = this.unflattenedSize.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
    const n = x.shape[d];
    const ok = this.unflattenedSize.includes(-1) ? known > 0 && n % known === 0 : known === n;
    if (!ok) {
      throw new ShapeError(`Unflatten: sizes ${fmtShape(this.unflattenedSize)} do not multiply to dimension ${d} of size ${n} (input ${fmtShape(x.shape)})`);
    }
    return reshape(x, [...x.shape.slice(0, d), ...this.unflattenedSize, ...x.shape.slice(d + 1)]);
  }
  override extraRepr(): string {
    const s = this.unflattenedSize;
    return `dim=${this.dim}, unflattened_size=(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
  }
}
