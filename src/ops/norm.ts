// Normalisation ops: batchNorm (batch statistics and running-stat updates), layerNorm and
// groupNorm, with their backward passes (through the batch statistics when they are used).
import { record } from '../autograd/node.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { floatArg } from './conv-args.js';
import { invStd, normApply, normBackward, segmentStats, type NormLayout } from './norm-core.js';
import { isOptions, writeStrided } from './util.js';

type Maybe = Tensor | null | undefined;

export interface BatchNormOptions {
  /** Normalise with the batch statistics and update the running ones (default false). */
  training?: boolean;
  /** Weight of the batch statistic in the running average (default 0.1). */
  momentum?: number;
  eps?: number;
}

/** Checks an optional per-feature tensor (weight, bias, running stat) of shape `shape`. */
function optParam(t: Maybe, shape: readonly number[], x: Tensor, op: string, what: string): Tensor | null {
  if (t === null || t === undefined) return null;
  // affine parameters must share the input's dtype; running statistics may be stored in another
  floatArg(t, op, what, what.startsWith('running') ? undefined : x);
  if (!sameShape(t.shape, shape)) {
    throw new ShapeError(`${op}: ${what} must have shape ${fmtShape(shape)} to match input ${fmtShape(x.shape)}, got ${fmtShape(t.shape)}`);
  }
  return t;
}

function checkEps(eps: number, op: string): number {
  if (!(eps >= 0)) throw new ValueError(`${op}: eps must be a non-negative number, got ${eps}`);
  return eps;
}

/** Normalises with `layout`, records the backward; shared by the three ops. */
function normalize(name: string, x: Tensor, L: NormLayout, mean: Float64Array, inv: Float64Array,
  weight: Tensor | null, bias: Tensor | null, batchStats: boolean): Tensor {
  const xd = x.contiguousData();
  const wd = weight ? weight.contiguousData() : null;
  const y = normApply(xd, L, mean, inv, wd, bias ? bias.contiguousData() : null, x.dtype);
  return record(name, Tensor.fromArray(y, x.shape, x.dtype), [x, weight, bias], (g) => {
    const r = normBackward(xd, g.contiguousData(), L, mean, inv, wd, batchStats,
      { x: x.requiresGrad, w: !!weight?.requiresGrad, b: !!bias?.requiresGrad },
      { x: x.dtype, w: x.dtype });
    return [
      r.gx && Tensor.fromArray(r.gx, x.shape, x.dtype),
      r.gw && weight ? Tensor.fromArray(r.gw, weight.shape, weight.dtype) : null,
      r.gb && bias ? Tensor.fromArray(r.gb, bias.shape, bias.dtype) : null,
    ];
  }, [x, ...(weight ? [weight] : [])]);
}

/**
 * Batch normalisation over dim 1 of [N, C] or [N, C, *]: y = (x − mean)/√(var + eps)·weight + bias.
 * `training: true` uses the batch mean and biased variance and updates runningMean/runningVar in
 * place (r ← (1−momentum)·r + momentum·stat, with the unbiased variance for runningVar); otherwise
 * the running statistics are used. Running stats may be null in training (not tracked).
 * @example batchNorm(x, runningMean, runningVar, weight, bias, { training: true, momentum: 0.1 })
 */
export function batchNorm(x: Tensor, runningMean: Maybe, runningVar: Maybe, weight?: Maybe | BatchNormOptions,
  bias?: Maybe | BatchNormOptions, opts: BatchNormOptions = {}): Tensor {
  const op = 'batchNorm';
  if (isOptions(weight)) { opts = weight as BatchNormOptions; weight = null; bias = null; }
  if (isOptions(bias)) { opts = bias as BatchNormOptions; bias = null; }
  floatArg(x, op, 'input');
  if (x.ndim < 2) throw new ShapeError(`${op}: expected an input [N, C] or [N, C, *], got ${fmtShape(x.shape)}`);
  const [n, c] = x.shape, s = x.numel() / Math.max(n * c, 1);
  const rm = optParam(runningMean, [c], x, op, 'runningMean'), rv = optParam(runningVar, [c], x, op, 'runningVar');
  const w = optParam(weight as Maybe, [c], x, op, 'weight'), b = optParam(bias as Maybe, [c], x, op, 'bias');
  const training = opts.training ?? false, momentum = opts.momentum ?? 0.1, eps = checkEps(opts.eps ?? 1e-5, op);
  const L: NormLayout = { P: n, Q: c, R: s, nSeg: c, seg: (_p, q) => q, weightPer: 'q' };
  if (!training) {
    if (!rm || !rv) throw new ValueError(`${op}: runningMean and runningVar are required when training is false`);
    const mean = Float64Array.from(rm.contiguousData());
    return normalize('NativeBatchNormBackward', x, L, mean, invStd(Float64Array.from(rv.contiguousData()), eps), w, b, false);
  }
  const m = n * s;
  if (m <= 1) throw new ValueError(`${op}: expected more than 1 value per channel when training, got input of shape ${fmtShape(x.shape)}`);
  const { mean, variance } = segmentStats(x.contiguousData(), L);
  const update = (t: Tensor | null, stat: Float64Array, scale: number) => {
    if (!t) return;
    const old = t.contiguousData();
    writeStrided(t, Array.from(stat, (v, i) => (1 - momentum) * old[i] + momentum * v * scale));
    t.bumpVersion();
  };
  update(rm, mean, 1);
  update(rv, variance, m / (m - 1));
  return normalize('NativeBatchNormBackward', x, L, mean, invStd(variance, eps), w, b, true);
}

export interface LayerNormOptions {
  /** The trailing dims to normalise over (defaults to weight's shape). */
  normalizedShape?: number | readonly number[];
  eps?: number;
}

/** Splits trailing call arguments into positional ones and the options object (if last). */
function splitArgs(args: unknown[]): [unknown[], Record<string, unknown>] {
  const rest = [...args];
  while (rest.length && rest[rest.length - 1] === undefined) rest.pop();
  const o = rest.length && isOptions(rest[rest.length - 1]) ? rest.pop() as Record<string, unknown> : {};
  return [rest, o];
}

/**
 * Layer normalisation over the trailing `normalizedShape` dims of each sample (biased variance),
 * then weight·x̂ + bias with weight/bias of shape normalizedShape. Also accepts torch's positional
 * form layerNorm(x, normalizedShape, weight?, bias?, eps?).
 * @example layerNorm(x, weight, bias, { normalizedShape: [512], eps: 1e-5 })
 */
export function layerNorm(x: Tensor, weight?: Maybe | LayerNormOptions, bias?: Maybe | LayerNormOptions, opts?: LayerNormOptions): Tensor;
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight?: Maybe, bias?: Maybe,
  eps?: number | LayerNormOptions): Tensor;
export function layerNorm(x: Tensor, ...args: unknown[]): Tensor {
  const op = 'layerNorm';
  const [rest, opt] = splitArgs(args);
  const o = opt as LayerNormOptions;
  let ns = o.normalizedShape, eps = o.eps;
  if (typeof rest[0] === 'number' || Array.isArray(rest[0])) {
    ns = rest.shift() as number | number[];
    if (typeof rest[2] === 'number') eps = rest[2];
  }
  const [w, b] = rest as Maybe[];
  floatArg(x, op, 'input');
  ns ??= w?.shape;
  if (ns === undefined) throw new ValueError(`${op}: normalizedShape is required (or pass a weight of that shape)`);
  const shape = typeof ns === 'number' ? [ns] : [...ns];
  const k = shape.length;
  if (k === 0 || k > x.ndim || !sameShape(x.shape.slice(x.ndim - k), shape)) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} does not end with normalizedShape ${fmtShape(shape)}`);
  }
  const wt = optParam(w, shape, x, op, 'weight'), bt = optParam(b, shape, x, op, 'bias');
  const R = shape.reduce((a, v) => a * v, 1), P = x.numel() / Math.max(R, 1);
  const L: NormLayout = { P, Q: 1, R, nSeg: P, seg: (p) => p, weightPer: 'r' };
  const { mean, variance } = segmentStats(x.contiguousData(), L);
  return normalize('NativeLayerNormBackward', x, L, mean, invStd(variance, checkEps(eps ?? 1e-5, op)), wt, bt, true);
}

export interface GroupNormOptions {
  numGroups?: number;
  eps?: number;
}

/**
 * Group normalisation of [N, C, *]: the C channels are split into numGroups groups and each
 * (sample, group) is normalised (biased variance), then a per-channel weight [C] and bias [C].
 * Two call forms: groupNorm(x, weight, bias, { numGroups, eps }) (the options convention, as the
 * fixtures store layerNorm) and torch's positional groupNorm(x, numGroups, weight?, bias?, eps?).
 * @example groupNorm(x, weight, bias, { numGroups: 4 })
 * groupNorm(x, 4, weight, bias)
 */
export function groupNorm(x: Tensor, weight?: Maybe | GroupNormOptions, bias?: Maybe | GroupNormOptions, opts?: GroupNormOptions): Tensor;
export function groupNorm(x: Tensor, numGroups: number, weight?: Maybe, bias?: Maybe, eps?: number | GroupNormOptions): Tensor;
export function groupNorm(x: Tensor, ...args: unknown[]): Tensor {
  const op = 'groupNorm';
  const [rest, opt] = splitArgs(args);
  const o = opt as GroupNormOptions;
  let G = o.numGroups, eps = o.eps;
  if (typeof rest[0] === 'number') {
    G = rest.shift() as number;
    if (typeof rest[2] === 'number') eps = rest[2];
  }
  const [w, b] = rest as Maybe[];
  floatArg(x, op, 'input');
  if (x.ndim < 2) throw new ShapeError(`${op}: expected an input [N, C, *], got ${fmtShape(x.shape)}`);
  const [n, c] = x.shape;
  if (G === undefined || !Number.isInteger(G) || G < 1 || c % G) {
    throw new ValueError(`${op}: numGroups must be a positive integer dividing the ${c} channels of input ${fmtShape(x.shape)}, got ${G}`);
  }
  const wt = optParam(w, [c], x, op, 'weight'), bt = optParam(b, [c], x, op, 'bias');
  const groups = G, cg = c / G, s = x.numel() / Math.max(n * c, 1);
  const L: NormLayout = { P: n, Q: c, R: s, nSeg: n * G, seg: (p, q) => p * groups + Math.floor(q / cg), weightPer: 'q' };
  const { mean, variance } = segmentStats(x.contiguousData(), L);
  return normalize('NativeGroupNormBackward', x, L, mean, invStd(variance, checkEps(eps ?? 1e-5, op)), wt, bt, true);
}
