// NAdam (torch.optim.NAdam, PyTorch >= 2.0 semantics): Adam with Nesterov momentum and a
// momentum schedule μ_t = β1·(1 − ½·0.96^(t·ψ)).
import type { FloatArray } from '../backend/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, dataOf, stateLike, type ParamGroupInput, type ParamState } from './optimizer.js';
import { checkBetas, checkNonNegative } from './validate.js';

/** NAdam hyperparameters (torch defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8, momentumDecay 4e-3). */
export interface NAdamOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; momentumDecay: number }

/**
 * One NAdam step (t = `step`, already incremented; `muProduct` = Π μ_1..μ_{t−1}) on flat arrays,
 * in place; returns the new μ product. g = grad + wd·p, m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g²,
 * d = √(v/(1−β2ᵗ)) + eps, p −= lr·(1−μ_t)/(1−Πμ_t)·g/d + lr·μ_{t+1}/(1−Πμ_t·μ_{t+1})·m/d.
 * (torch 1.13 multiplied μ in twice in the last term; fixed upstream in pytorch/pytorch#92699.)
 */
export function nadamUpdate(param: FloatArray, grad: ArrayLike<number>, expAvg: FloatArray, expAvgSq: FloatArray,
  step: number, muProduct: number, h: NAdamOptions): number {
  const { lr, eps, weightDecay: wd, momentumDecay } = h;
  const [b1, b2] = h.betas;
  const bc2 = 1 - b2 ** step;
  const mu = b1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
  const muNext = b1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
  const prod = muProduct * mu;
  const prodNext = prod * muNext;
  const cGrad = lr * (1 - mu) / (1 - prod);
  const cAvg = lr * muNext / (1 - prodNext);
  for (let i = 0; i < param.length; i++) {
    let g = grad[i];
    if (wd !== 0) g += wd * param[i];
    expAvg[i] = b1 * expAvg[i] + (1 - b1) * g;
    expAvgSq[i] = b2 * expAvgSq[i] + (1 - b2) * g * g;
    const denom = Math.sqrt(expAvgSq[i] / bc2) + eps;
    param[i] -= cGrad * g / denom + cAvg * expAvg[i] / denom;
  }
  return prod;
}

/**
 * NAdam, as torch.optim.NAdam (≥ 2.0).
 * @example const opt = new NAdam(model.parameters(), { lr: 2e-3 });
 */
export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<NAdamOptions>>, options: Partial<NAdamOptions> = {}) {
    super(params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, ...options });
  }
  protected validate(g: NAdamOptions): void {
    checkNonNegative('NAdam', 'learning rate', g.lr);
    checkNonNegative('NAdam', 'epsilon value', g.eps);
    checkBetas('NAdam', g.betas);
    checkNonNegative('NAdam', 'weight_decay value', g.weightDecay);
    checkNonNegative('NAdam', 'momentum_decay value', g.momentumDecay);
  }
  protected initState(p: Tensor): ParamState {
    return { step: 0, mu_product: 1, exp_avg: stateLike(p), exp_avg_sq: stateLike(p) };
  }
  protected update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: NAdamOptions): void {
    st.step = (st.step as number) + 1;
    st.mu_product = nadamUpdate(param, grad, dataOf(st.exp_avg), dataOf(st.exp_avg_sq), st.step, st.mu_product as number, g);
  }
}
