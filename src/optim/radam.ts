// RAdam (torch.optim.RAdam): Adam with a rectified adaptive term, plain momentum SGD while the
// variance estimate is unreliable (ρ_t ≤ 5).
import type { FloatArray } from '../backend/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, dataOf, stateLike, type ParamGroupInput, type ParamState } from './optimizer.js';
import { checkBetas, checkNonNegative } from './validate.js';

/** RAdam hyperparameters (torch defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8). */
export interface RAdamOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number }

/**
 * One RAdam step (t = `step`, already incremented) on flat arrays, in place:
 * g = grad + wd·p, m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², m̂ = m/(1−β1ᵗ),
 * ρ∞ = 2/(1−β2) − 1, ρ_t = ρ∞ − 2t·β2ᵗ/(1−β2ᵗ); if ρ_t > 5:
 * r = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t)), p −= lr·m̂·r·√(1−β2ᵗ)/(√v + eps); else p −= lr·m̂.
 */
export function radamUpdate(param: FloatArray, grad: ArrayLike<number>, expAvg: FloatArray, expAvgSq: FloatArray,
  step: number, h: RAdamOptions): void {
  const { lr, eps, weightDecay: wd } = h;
  const [b1, b2] = h.betas;
  const bc1 = 1 - b1 ** step;
  const bc2 = 1 - b2 ** step;
  const rhoInf = 2 / (1 - b2) - 1;
  const rhoT = rhoInf - 2 * step * b2 ** step / bc2;
  const rect = rhoT > 5 ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
  for (let i = 0; i < param.length; i++) {
    let g = grad[i];
    if (wd !== 0) g += wd * param[i];
    expAvg[i] = b1 * expAvg[i] + (1 - b1) * g;
    expAvgSq[i] = b2 * expAvgSq[i] + (1 - b2) * g * g;
    const mHat = expAvg[i] / bc1;
    if (rhoT > 5) param[i] -= mHat * lr * (Math.sqrt(bc2) / (Math.sqrt(expAvgSq[i]) + eps)) * rect;
    else param[i] -= mHat * lr;
  }
}

/**
 * RAdam, as torch.optim.RAdam.
 * @example const opt = new RAdam(model.parameters(), { lr: 1e-3 });
 */
export class RAdam extends Optimizer<RAdamOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<RAdamOptions>>, options: Partial<RAdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, ...options });
  }
  protected validate(g: RAdamOptions): void {
    checkNonNegative('RAdam', 'learning rate', g.lr);
    checkNonNegative('RAdam', 'epsilon value', g.eps);
    checkBetas('RAdam', g.betas);
    checkNonNegative('RAdam', 'weight_decay value', g.weightDecay);
  }
  protected initState(p: Tensor): ParamState { return { step: 0, exp_avg: stateLike(p), exp_avg_sq: stateLike(p) }; }
  protected update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: RAdamOptions): void {
    st.step = (st.step as number) + 1;
    radamUpdate(param, grad, dataOf(st.exp_avg), dataOf(st.exp_avg_sq), st.step, g);
  }
}
