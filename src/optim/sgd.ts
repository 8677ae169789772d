// SGD with momentum, dampening, Nesterov momentum, weight decay and maximize (torch.optim.SGD).
import { backend } from '../backend/index.js';
import type { FloatArray } from '../backend/types.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, dataOf, sameFloatType, stateLike, type ParamGroupInput, type ParamState } from './optimizer.js';
import { checkBool, checkNonNegative } from './validate.js';

/** SGD hyperparameters (torch defaults: lr 1e-3, the rest 0/false). */
export interface SGDOptions { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean }

/**
 * One SGD step on flat arrays, in place:
 * d = ±g + wd·p; with momentum, buf = d on the first step, else buf = μ·buf + (1−dampening)·d,
 * and d = d + μ·buf (Nesterov) or d = buf; finally p −= lr·d.
 * `buf` is null when momentum is 0; `fresh` marks a buffer that has not been filled yet.
 */
export function sgdUpdate(param: FloatArray, grad: ArrayLike<number>, buf: FloatArray | null, fresh: boolean, h: SGDOptions): void {
  const { lr, momentum: mu, dampening, weightDecay: wd, nesterov, maximize } = h;
  for (let i = 0; i < param.length; i++) {
    let d = maximize ? -grad[i] : grad[i];
    if (wd !== 0) d += wd * param[i];
    if (buf !== null) {
      buf[i] = fresh ? d : mu * buf[i] + (1 - dampening) * d;
      d = nesterov ? d + mu * buf[i] : buf[i];
    }
    param[i] -= lr * d;
  }
}

/**
 * Stochastic gradient descent, as torch.optim.SGD.
 * @example const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<SGDOptions>>, options: Partial<SGDOptions> = {}) {
    super(params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
  }
  protected validate(g: SGDOptions): void {
    checkNonNegative('SGD', 'learning rate', g.lr);
    checkNonNegative('SGD', 'momentum value', g.momentum);
    checkNonNegative('SGD', 'weight_decay value', g.weightDecay);
    checkNonNegative('SGD', 'dampening value', g.dampening);
    checkBool('SGD', 'nesterov', g.nesterov);
    checkBool('SGD', 'maximize', g.maximize);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new ValueError(`SGD: Nesterov momentum requires a momentum > 0 and zero dampening (got momentum ${g.momentum}, dampening ${g.dampening})`);
    }
  }
  protected initState(): ParamState { return { momentum_buffer: null }; }
  protected update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: SGDOptions, p: Tensor): void {
    let fresh = false;
    if (g.momentum !== 0 && st.momentum_buffer === null) { st.momentum_buffer = stateLike(p); fresh = true; }
    const buf = g.momentum !== 0 ? dataOf(st.momentum_buffer) : null;
    const b = backend();
    if (b.sgdUpdate !== undefined && sameFloatType(param, grad, buf)) {
      // the backend's fused entry computes exactly what sgdUpdate does (double math per element)
      b.sgdUpdate(param, grad as FloatArray, buf, fresh, g.lr, g.momentum, g.dampening, g.weightDecay, g.nesterov, g.maximize);
    } else sgdUpdate(param, grad, buf, fresh, g);
  }
}
