// Adadelta (torch.optim.Adadelta): per-element step sizes from running averages of g² and Δ².
import type { FloatArray } from '../backend/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, dataOf, stateLike, type ParamGroupInput, type ParamState } from './optimizer.js';
import { checkBool, checkNonNegative, checkRange } from './validate.js';

/** Adadelta hyperparameters (torch defaults: lr 1.0, rho 0.9, eps 1e-6). */
export interface AdadeltaOptions { lr: number; rho: number; eps: number; weightDecay: number; maximize: boolean }

/**
 * One Adadelta step on flat arrays, in place: g = ±grad + wd·p, v = ρ·v + (1−ρ)·g²,
 * Δ = √(u + eps)/√(v + eps) · g, u = ρ·u + (1−ρ)·Δ², p −= lr·Δ.
 */
export function adadeltaUpdate(param: FloatArray, grad: ArrayLike<number>, squareAvg: FloatArray, accDelta: FloatArray,
  h: AdadeltaOptions): void {
  const { lr, rho, eps, weightDecay: wd, maximize } = h;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (wd !== 0) g += wd * param[i];
    squareAvg[i] = rho * squareAvg[i] + (1 - rho) * g * g;
    const delta = Math.sqrt(accDelta[i] + eps) / Math.sqrt(squareAvg[i] + eps) * g;
    accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;
    param[i] -= lr * delta;
  }
}

/**
 * Adadelta, as torch.optim.Adadelta.
 * @example const opt = new Adadelta(model.parameters(), { rho: 0.95 });
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdadeltaOptions>>, options: Partial<AdadeltaOptions> = {}) {
    super(params, { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...options });
  }
  protected validate(g: AdadeltaOptions): void {
    checkNonNegative('Adadelta', 'learning rate', g.lr);
    checkRange('Adadelta', 'rho value', g.rho, 0, 1, true);
    checkNonNegative('Adadelta', 'epsilon value', g.eps);
    checkNonNegative('Adadelta', 'weight_decay value', g.weightDecay);
    checkBool('Adadelta', 'maximize', g.maximize);
  }
  protected initState(p: Tensor): ParamState { return { step: 0, square_avg: stateLike(p), acc_delta: stateLike(p) }; }
  protected update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: AdadeltaOptions): void {
    st.step = (st.step as number) + 1;
    adadeltaUpdate(param, grad, dataOf(st.square_avg), dataOf(st.acc_delta), g);
  }
}
