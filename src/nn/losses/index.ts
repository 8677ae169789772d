// Loss functions: functional forms (re-exported through `F`) and the module classes (nn.XLoss).
export * from './functional.js';
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
  CosineEmbeddingLoss, MarginRankingLoss, HingeEmbeddingLoss, TripletMarginLoss, FocalLoss, SigmoidFocalLoss, DiceLoss,
  ContrastiveLoss,
} from './modules.js';
