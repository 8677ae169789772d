// RMSprop with smoothing constant alpha, momentum, centered variant and weight decay (torch.optim.RMSprop).
import type { FloatArray } from '../backend/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, dataOf, stateLike, type ParamGroupInput, type ParamState } from './optimizer.js';
import { checkBool, checkNonNegative } from './validate.js';

/** RMSprop hyperparameters (torch defaults: lr 1e-2, alpha 0.99, eps 1e-8). */
export interface RMSpropOptions { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean; maximize: boolean }

/**
 * One RMSprop step on flat arrays, in place: g = ±grad + wd·p, v = α·v + (1−α)·g²,
 * centered: ḡ = α·ḡ + (1−α)·g and avg = √(v − ḡ²) + eps, else avg = √v + eps;
 * momentum: buf = μ·buf + g/avg, p −= lr·buf; otherwise p −= lr·g/avg.
 * `gradAvg` is null unless centered, `buf` null unless momentum > 0.
 */
export function rmspropUpdate(param: FloatArray, grad: ArrayLike<number>, squareAvg: FloatArray, gradAvg: FloatArray | null,
  buf: FloatArray | null, h: RMSpropOptions): void {
  const { lr, alpha, eps, weightDecay: wd, momentum, maximize } = h;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (wd !== 0) g += wd * param[i];
    squareAvg[i] = alpha * squareAvg[i] + (1 - alpha) * g * g;
    let avg: number;
    if (gradAvg !== null) {
      gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g;
      avg = Math.sqrt(squareAvg[i] - gradAvg[i] * gradAvg[i]) + eps;
    } else avg = Math.sqrt(squareAvg[i]) + eps;
    if (buf !== null) {
      buf[i] = momentum * buf[i] + g / avg;
      param[i] -= lr * buf[i];
    } else param[i] -= lr * g / avg;
  }
}

/**
 * RMSprop, as torch.optim.RMSprop.
 * @example const opt = new RMSprop(model.parameters(), { lr: 0.01, centered: true });
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<RMSpropOptions>>, options: Partial<RMSpropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...options });
  }
  protected validate(g: RMSpropOptions): void {
    checkNonNegative('RMSprop', 'learning rate', g.lr);
    checkNonNegative('RMSprop', 'epsilon value', g.eps);
    checkNonNegative('RMSprop', 'momentum value', g.momentum);
    checkNonNegative('RMSprop', 'weight_decay value', g.weightDecay);
    checkNonNegative('RMSprop', 'alpha value', g.alpha);
    checkBool('RMSprop', 'centered', g.centered);
    checkBool('RMSprop', 'maximize', g.maximize);
  }
  protected initState(p: Tensor, g: RMSpropOptions): ParamState {
    const st: ParamState = { step: 0, square_avg: stateLike(p) };
    if (g.momentum > 0) st.momentum_buffer = stateLike(p);
    if (g.centered) st.grad_avg = stateLike(p);
    return st;
  }
  protected update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: RMSpropOptions, p: Tensor): void {
    st.step = (st.step as number) + 1;
    if (g.momentum > 0 && !st.momentum_buffer) st.momentum_buffer = stateLike(p);
    if (g.centered && !st.grad_avg) st.grad_avg = stateLike(p);
    rmspropUpdate(param, grad, dataOf(st.square_avg), g.centered ? dataOf(st.grad_avg) : null,
      g.momentum > 0 ? dataOf(st.momentum_buffer) : null, g);
  }
}
