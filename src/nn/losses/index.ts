// Loss functions: functional forms (re-exported through `F`) and the module classes (nn.XLoss).
export * from './regression.js';
export * from './classification.js';
export * from './binary.js';
export * from './embedding.js';
export * from './custom.js';
export { type Reduction, type ReductionOptions } from './util.js';
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
  CosineEmbeddingLoss, MarginRankingLoss, HingeEmbeddingLoss, TripletMarginLoss, FocalLoss, SigmoidFocalLoss, DiceLoss,
  ContrastiveLoss,
} from './modules.js';
