// Adam (with amsgrad, L2 weight decay, maximize) and AdamW (decoupled weight decay): one pure
// update rule shared by both, as torch.optim.Adam / torch.optim.AdamW compute it.
import { backend } from '../backend/index.js';
import type { FloatArray } from '../backend/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, dataOf, sameFloatType, stateLike, type ParamGroupInput, type ParamState } from './optimizer.js';
import { checkBetas, checkBool, checkNonNegative } from './validate.js';

/** Adam/AdamW hyperparameters. */
export interface AdamOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean }

/**
 * One Adam step (t = `step`, already incremented) on flat arrays, in place:
 * g = ±grad (+ wd·p unless decoupled; decoupled: p ← p·(1 − lr·wd) first),
 * m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², v̂max = max(v̂max, v) with amsgrad,
 * p −= lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + eps).
 */
export function adamUpdate(param: FloatArray, grad: ArrayLike<number>, expAvg: FloatArray, expAvgSq: FloatArray,
  maxExpAvgSq: FloatArray | null, step: number, h: AdamOptions, decoupled: boolean): void {
  const { lr, eps, weightDecay: wd, maximize } = h;
  const [b1, b2] = h.betas;
  const stepSize = lr / (1 - b1 ** step);
  const bc2Sqrt = Math.sqrt(1 - b2 ** step);
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (decoupled) param[i] *= 1 - lr * wd;
    else if (wd !== 0) g += wd * param[i];
    expAvg[i] = b1 * expAvg[i] + (1 - b1) * g;
    expAvgSq[i] = b2 * expAvgSq[i] + (1 - b2) * g * g;
    let v = expAvgSq[i];
    if (maxExpAvgSq !== null) { maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], v); v = maxExpAvgSq[i]; }
    param[i] -= stepSize * expAvg[i] / (Math.sqrt(v) / bc2Sqrt + eps);
  }
}

function validateAdam(name: string, g: AdamOptions): void {
  checkNonNegative(name, 'learning rate', g.lr);
  checkNonNegative(name, 'epsilon value', g.eps);
  checkBetas(name, g.betas);
  checkNonNegative(name, 'weight_decay value', g.weightDecay);
  checkBool(name, 'amsgrad', g.amsgrad);
  checkBool(name, 'maximize', g.maximize);
}

function adamState(p: Tensor, g: AdamOptions): ParamState {
  const st: ParamState = { step: 0, exp_avg: stateLike(p), exp_avg_sq: stateLike(p) };
  if (g.amsgrad) st.max_exp_avg_sq = stateLike(p);
  return st;
}

function adamStep(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: AdamOptions, p: Tensor, decoupled: boolean): void {
  st.step = (st.step as number) + 1;
  if (g.amsgrad && !st.max_exp_avg_sq) st.max_exp_avg_sq = stateLike(p);
  const m = dataOf(st.exp_avg), v = dataOf(st.exp_avg_sq), mx = g.amsgrad ? dataOf(st.max_exp_avg_sq) : null;
  const b = backend();
  if (b.adamUpdate !== undefined && sameFloatType(param, grad, m, v, mx)) {
    // the backend's fused entry computes exactly what adamUpdate does (double math per element)
    b.adamUpdate(param, grad as FloatArray, m, v, mx, st.step, g.lr, g.betas[0], g.betas[1], g.eps, g.weightDecay, g.maximize, decoupled);
  } else adamUpdate(param, grad, m, v, mx, st.step, g, decoupled);
}

/**
 * Adam, as torch.optim.Adam (defaults lr 1e-3, betas [0.9, 0.999], eps 1e-8, no weight decay).
 * @example const opt = new Adam(model.parameters(), { lr: 0.01, amsgrad: true });
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, options: Partial<AdamOptions> = {}, wd = 0) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: wd, amsgrad: false, maximize: false, ...options });
  }
  protected validate(g: AdamOptions): void { validateAdam(this.name, g); }
  protected initState(p: Tensor, g: AdamOptions): ParamState { return adamState(p, g); }
  protected update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: AdamOptions, p: Tensor): void {
    adamStep(param, grad, st, g, p, false);
  }
}

/**
 * AdamW: Adam with decoupled weight decay p ← p·(1 − lr·wd), as torch.optim.AdamW (weightDecay 0.01).
 * @example const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends Adam {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, options: Partial<AdamOptions> = {}) {
    super(params, options, 0.01);
  }
  protected override update(param: FloatArray, grad: ArrayLike<number>, st: ParamState, g: AdamOptions, p: Tensor): void {
    adamStep(param, grad, st, g, p, true);
  }
}
