// Embedding layer: a lookup table of numEmbeddings vectors of size embeddingDim.
import { IndexError } from '../../errors.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { embedding } from '../../ops/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkPositiveInt, type FactoryOptions } from './linear.js';

/**
 * Maps integer indices [...] to rows of `weight` [numEmbeddings, embeddingDim] → [..., embeddingDim].
 * Init N(0, 1); the `paddingIdx` row starts at zero and gets no gradient.
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts: FactoryOptions & { paddingIdx?: number | null; weight?: Tensor } = {}) {
    super();
    this.numEmbeddings = checkPositiveInt(numEmbeddings, 'numEmbeddings', 'Embedding');
    this.embeddingDim = checkPositiveInt(embeddingDim, 'embeddingDim', 'Embedding');
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings) {
        throw new IndexError(`Embedding: paddingIdx ${pad} must be within [-${numEmbeddings}, ${numEmbeddings})`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.weight = new Parameter(opts.weight ?? Tensor.empty([numEmbeddings, embeddingDim], opts.dtype ?? 'float32'));
    if (!opts.weight) this.resetParameters(opts);
  }

  /** N(0, 1) init, then zeroes the padding row. */
  resetParameters(opts: FactoryOptions = {}): void {
    normal_(this.weight, 0, 1, { generator: opts.generator });
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).zero_());
  }

  override forward(idx: Tensor): Tensor {
    return embedding(idx, this.weight, { paddingIdx: this.paddingIdx ?? undefined });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
