// Adagrad with lr decay, weight decay and an initial accumulator value (torch.optim.Adagrad).
import type { FloatArray } from '../backend/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, dataOf, stateLike, type ParamGroupInput, type ParamState } from './optimizer.js';
import { checkBool, checkNonNegative } from './validate.js';

/** Adagrad hyperparameters (torch defaults: lr 1e-2, lrDecay 0, eps 1e-10). */
export interface AdagradOptions { lr: number; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number; maximize: boolean }

/**
 * One Adagrad step (t = `step`, already incremented) on flat arrays, in place:
 * g = ±grad + wd·p, clr = lr / (1 + (t−1)·lrDecay), sum += g², p −= clr·g / (√sum + eps).
 */
export function adagradUpdate(param: FloatArray, grad: ArrayLike<number>, sum: FloatArray, step: number, h: AdagradOptions): void {
  const { lr, lrDecay, weightDecay: wd, eps, maximize } = h;
  const clr = lr / (1 + (step - 1) * lrDecay);
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (wd !== 0) g += wd * param[i];
    sum[i] += g * g;
    param[i] -= clr * g / (Math.sqrt(sum[i]) + eps);
  }
}

/**
 * Adagrad, as torch.optim.Adagrad.
 * @example const opt = new Adagrad(model.parameters(), { lr: 0.1, lrDecay: 0.01 });
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdagradOptions>>, options: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...options });
  }
  protected validate(g: AdagradOptions): void {
    checkNonNegative('Adagrad', 'learning rate', g.lr);
    checkNonNegative('Adagrad', 'lr_decay value', g.lrDecay);
    checkNonNegative('Adagrad', 'weight_decay value', g.weightDecay);
    checkNonNegative('Adagrad', 'initial_accumulator_value', g.initialAccumulatorValue);
    checkNonNegative('Adagrad', 'epsilon value', g.eps);
    checkBool('Adagrad', 'maximize', g.maximize);
  }
  protected initState(p: Tensor, g: AdagradOptions): ParamState {
    return { step: 0, sum: stateLike(p, g.initialAccumulatorValue) };
  }
  protected update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: AdagradOptions): void {
    st.step = (st.step as number) + 1;
    adagradUpdate(param, grad, dataOf(st.sum), st.step, g);
  }
}
