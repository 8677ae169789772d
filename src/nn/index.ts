// torch.nn: Module, Parameter, layers, loss modules, init and utils (the functional API is `F`, separate).
export { Parameter } from './parameter.js';
export { Module, RemovableHandle, type AnyModule, type ForwardHook, type ForwardPreHook } from './module.js';
export { StateDictError, type StateDict, type LoadStateDictResult } from './state-dict.js';
export { Linear, Identity, type FactoryOptions } from './layers/linear.js';
export { Conv1d, Conv2d, ConvTranspose2d, type ConvOptions } from './layers/conv.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './layers/pool.js';
export { BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm, type BatchNormOptions } from './layers/norm.js';
export { Dropout } from './layers/dropout.js';
export { Embedding } from './layers/embedding.js';
export { Flatten, Unflatten } from './layers/flatten.js';
export { Sequential, ModuleList, ModuleDict } from './layers/container.js';
export { ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax, LogSoftmax, Softplus } from './layers/activation.js';
export { RNN, LSTM, GRU, type RNNOptions } from './layers/rnn.js';
export { RNNCell, LSTMCell, GRUCell, type RNNCellOptions } from './layers/rnn-cell.js';
export * as init from './init.js';
export * as utils from './utils.js';
// Loss modules (nn.MSELoss, nn.CrossEntropyLoss, ...), written in ./losses; the functional forms are in F.
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
  CosineEmbeddingLoss, MarginRankingLoss, HingeEmbeddingLoss, TripletMarginLoss, FocalLoss, SigmoidFocalLoss, DiceLoss,
  ContrastiveLoss,
} from './losses/modules.js';
