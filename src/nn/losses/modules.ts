// Module forms of the losses (torch.nn.MSELoss, CrossEntropyLoss, ...): each keeps its options and
// calls the functional form in forward; `weight` / `posWeight` are registered as buffers, as in torch.
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv, type BCEOptions, type BCEWithLogitsOptions, type KLDivOptions } from './binary.js';
import { crossEntropy, nllLoss, type CrossEntropyOptions, type NllLossOptions } from './classification.js';
import {
  contrastiveLoss, diceLoss, focalLoss, sigmoidFocalLoss, type ContrastiveOptions, type DiceOptions, type FocalOptions,
} from './custom.js';
import {
  cosineEmbeddingLoss, hingeEmbeddingLoss, marginRankingLoss, tripletMarginLoss, type MarginOptions, type TripletMarginOptions,
} from './embedding.js';
import { huberLoss, l1Loss, mseLoss, smoothL1Loss, type HuberOptions, type SmoothL1Options } from './regression.js';
import { checkReduction, type Reduction, type ReductionOptions } from './util.js';

type Pair = [input: Tensor, target: Tensor];
type Triple = [a: Tensor, b: Tensor, c: Tensor];

/** Base of the two-argument losses: holds the options (reduction checked at construction). */
abstract class PairLoss<O extends { reduction?: string }> extends Module<Pair, Tensor> {
  readonly options: O;
  constructor(op: string, opts: O, allowed?: readonly string[]) {
    super();
    checkReduction(op, opts.reduction, allowed ?? ['mean', 'sum', 'none']);
    this.options = { ...opts };
  }
  get reduction(): string { return this.options.reduction ?? 'mean'; }
}

/** Base of the three-argument losses (x1, x2, y) / (anchor, positive, negative). */
abstract class TripleLoss<O extends { reduction?: Reduction }> extends Module<Triple, Tensor> {
  readonly options: O;
  constructor(op: string, opts: O) {
    super();
    checkReduction(op, opts.reduction);
    this.options = { ...opts };
  }
}

/** Registers `weight` (and `pos_weight`) as buffers and reads them back at forward time. */
function weighted<O extends { weight?: Tensor | null; posWeight?: Tensor | null }>(m: Module<Pair, Tensor>, o: O): void {
  m.registerBuffer('weight', o.weight ?? null);
  if ('posWeight' in o) m.registerBuffer('pos_weight', o.posWeight ?? null, { attr: 'posWeight' });
}
function buffers(m: object): { weight: Tensor | null; posWeight: Tensor | null } {
  const r = m as { weight?: Tensor | null; posWeight?: Tensor | null };
  return { weight: r.weight ?? null, posWeight: r.posWeight ?? null };
}

/** Mean squared error (see F.mseLoss). @example new MSELoss().call(pred, y) */
export class MSELoss extends PairLoss<ReductionOptions> {
  constructor(opts: ReductionOptions = {}) { super('MSELoss', opts); }
  override forward(input: Tensor, target: Tensor): Tensor { return mseLoss(input, target, this.options); }
}
/** Mean absolute error (see F.l1Loss). */
export class L1Loss extends PairLoss<ReductionOptions> {
  constructor(opts: ReductionOptions = {}) { super('L1Loss', opts); }
  override forward(input: Tensor, target: Tensor): Tensor { return l1Loss(input, target, this.options); }
}
/** Smooth L1 with `beta` (see F.smoothL1Loss). */
export class SmoothL1Loss extends PairLoss<SmoothL1Options> {
  constructor(opts: SmoothL1Options = {}) { super('SmoothL1Loss', opts); }
  override forward(input: Tensor, target: Tensor): Tensor { return smoothL1Loss(input, target, this.options); }
}
/** Huber loss with `delta` (see F.huberLoss). */
export class HuberLoss extends PairLoss<HuberOptions> {
  constructor(opts: HuberOptions = {}) { super('HuberLoss', opts); }
  override forward(input: Tensor, target: Tensor): Tensor { return huberLoss(input, target, this.options); }
}
/**
 * Cross entropy of logits (see F.crossEntropy); `weight` is a buffer.
 * @example new CrossEntropyLoss({ labelSmoothing: 0.1 }).call(logits, labels)
 */
export class CrossEntropyLoss extends PairLoss<CrossEntropyOptions> {
  constructor(opts: CrossEntropyOptions = {}) { super('CrossEntropyLoss', opts); weighted(this, opts); }
  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, { ...this.options, weight: buffers(this).weight });
  }
}
/** Negative log-likelihood of log-probabilities (see F.nllLoss); `weight` is a buffer. */
export class NLLLoss extends PairLoss<NllLossOptions> {
  constructor(opts: NllLossOptions = {}) { super('NLLLoss', opts); weighted(this, opts); }
  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { ...this.options, weight: buffers(this).weight });
  }
}
/** Binary cross entropy on probabilities (see F.binaryCrossEntropy); `weight` is a buffer. */
export class BCELoss extends PairLoss<BCEOptions> {
  constructor(opts: BCEOptions = {}) { super('BCELoss', opts); weighted(this, opts); }
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { ...this.options, weight: buffers(this).weight });
  }
}
/** Binary cross entropy on logits (see F.binaryCrossEntropyWithLogits); `weight`, `pos_weight` are buffers. */
export class BCEWithLogitsLoss extends PairLoss<BCEWithLogitsOptions> {
  constructor(opts: BCEWithLogitsOptions = {}) { super('BCEWithLogitsLoss', opts); weighted(this, { posWeight: null, ...opts }); }
  override forward(input: Tensor, target: Tensor): Tensor {
    const b = buffers(this);
    return binaryCrossEntropyWithLogits(input, target, { ...this.options, weight: b.weight, posWeight: b.posWeight });
  }
}
/** KL divergence of log-probability input (see F.klDiv); reduction may be 'batchmean'. */
export class KLDivLoss extends PairLoss<KLDivOptions> {
  constructor(opts: KLDivOptions = {}) { super('KLDivLoss', opts, ['mean', 'batchmean', 'sum', 'none']); }
  override forward(input: Tensor, target: Tensor): Tensor { return klDiv(input, target, this.options); }
}
/** Cosine embedding loss; forward(x1, x2, y) (see F.cosineEmbeddingLoss). */
export class CosineEmbeddingLoss extends TripleLoss<MarginOptions> {
  constructor(opts: MarginOptions = {}) { super('CosineEmbeddingLoss', opts); }
  override forward(x1: Tensor, x2: Tensor, y: Tensor): Tensor { return cosineEmbeddingLoss(x1, x2, y, this.options); }
}
/** Margin ranking loss; forward(x1, x2, y) (see F.marginRankingLoss). */
export class MarginRankingLoss extends TripleLoss<MarginOptions> {
  constructor(opts: MarginOptions = {}) { super('MarginRankingLoss', opts); }
  override forward(x1: Tensor, x2: Tensor, y: Tensor): Tensor { return marginRankingLoss(x1, x2, y, this.options); }
}
/** Hinge embedding loss; forward(input, y) (see F.hingeEmbeddingLoss). */
export class HingeEmbeddingLoss extends PairLoss<MarginOptions> {
  constructor(opts: MarginOptions = {}) { super('HingeEmbeddingLoss', opts); }
  override forward(input: Tensor, y: Tensor): Tensor { return hingeEmbeddingLoss(input, y, this.options); }
}
/** Triplet margin loss; forward(anchor, positive, negative) (see F.tripletMarginLoss). */
export class TripletMarginLoss extends TripleLoss<TripletMarginOptions> {
  constructor(opts: TripletMarginOptions = {}) { super('TripletMarginLoss', opts); }
  override forward(a: Tensor, p: Tensor, n: Tensor): Tensor { return tripletMarginLoss(a, p, n, this.options); }
}
/** The seed's focal loss (see focalLoss). */
export class FocalLoss extends PairLoss<FocalOptions> {
  constructor(opts: FocalOptions = {}) { super('FocalLoss', opts); }
  override forward(logits: Tensor, targets: Tensor): Tensor { return focalLoss(logits, targets, this.options); }
}
/** torchvision's sigmoid focal loss (see sigmoidFocalLoss). */
export class SigmoidFocalLoss extends PairLoss<FocalOptions> {
  constructor(opts: FocalOptions = {}) { super('SigmoidFocalLoss', opts); }
  override forward(logits: Tensor, targets: Tensor): Tensor { return sigmoidFocalLoss(logits, targets, this.options); }
}
/** Dice loss on logits (see diceLoss). */
export class DiceLoss extends PairLoss<DiceOptions & { reduction?: undefined }> {
  constructor(opts: DiceOptions = {}) { super('DiceLoss', opts); }
  override forward(logits: Tensor, targets: Tensor): Tensor { return diceLoss(logits, targets, this.options); }
}
/** Contrastive loss; forward(e1, e2, label) (see contrastiveLoss). */
export class ContrastiveLoss extends Module<Triple, Tensor> {
  readonly options: ContrastiveOptions;
  constructor(opts: ContrastiveOptions = {}) { super(); this.options = { ...opts }; }
  override forward(e1: Tensor, e2: Tensor, label: Tensor): Tensor { return contrastiveLoss(e1, e2, label, this.options); }
}
