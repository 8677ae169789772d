// Adamax: Adam with the infinity norm (torch.optim.Adamax).
import type { FloatArray } from '../backend/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, dataOf, stateLike, type ParamGroupInput, type ParamState } from './optimizer.js';
import { checkBetas, checkBool, checkNonNegative } from './validate.js';

/** Adamax hyperparameters (torch defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8). */
export interface AdamaxOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; maximize: boolean }

/**
 * One Adamax step (t = `step`, already incremented) on flat arrays, in place:
 * g = ±grad + wd·p, m = β1·m + (1−β1)·g, u = max(β2·u, |g| + eps), p −= lr/(1−β1ᵗ) · m/u.
 */
export function adamaxUpdate(param: FloatArray, grad: ArrayLike<number>, expAvg: FloatArray, expInf: FloatArray,
  step: number, h: AdamaxOptions): void {
  const { lr, eps, weightDecay: wd, maximize } = h;
  const [b1, b2] = h.betas;
  const clr = lr / (1 - b1 ** step);
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (wd !== 0) g += wd * param[i];
    expAvg[i] = b1 * expAvg[i] + (1 - b1) * g;
    expInf[i] = Math.max(b2 * expInf[i], Math.abs(g) + eps);
    param[i] -= clr * expAvg[i] / expInf[i];
  }
}

/**
 * Adamax, as torch.optim.Adamax.
 * @example const opt = new Adamax(model.parameters(), { lr: 0.002 });
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamaxOptions>>, options: Partial<AdamaxOptions> = {}) {
    super(params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, ...options });
  }
  protected validate(g: AdamaxOptions): void {
    checkNonNegative('Adamax', 'learning rate', g.lr);
    checkNonNegative('Adamax', 'epsilon value', g.eps);
    checkBetas('Adamax', g.betas);
    checkNonNegative('Adamax', 'weight_decay value', g.weightDecay);
    checkBool('Adamax', 'maximize', g.maximize);
  }
  protected initState(p: Tensor): ParamState { return { step: 0, exp_avg: stateLike(p), exp_inf: stateLike(p) }; }
  protected update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: AdamaxOptions): void {
    st.step = (st.step as number) + 1;
    adamaxUpdate(param, grad, dataOf(st.exp_avg), dataOf(st.exp_inf), st.step, g);
  }
}
