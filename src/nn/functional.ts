// `F`: the functional API (torch.nn.functional) — every op plus the losses.
export * from '../ops/index.js';
export * from './losses/functional.js';
