// Convolutions: conv2d, conv1d (conv2d on a unit height) and convTranspose2d (conv2d's adjoint),
// all through im2col + GEMM, with their backward passes.
import { markExclusiveGrad } from '../autograd/engine.js';
import { record } from '../autograd/node.js';
import type { FloatArray } from '../backend/types.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { floatArg, pair, type Size2 } from './conv-args.js';
import { addBiasRaw, biasGradRaw, convForwardRaw, convInputGradRaw, convWeightGradRaw, type ConvGeom } from './conv-raw.js';
import { squeeze, unsqueeze } from './movement.js';
import { floatData, isOptions } from './util.js';

export interface Conv2dOptions {
  /** Step of the window: a number or [h, w] (default 1). */
  stride?: Size2;
  /** Zero padding on each side: a number, [h, w], 'valid' (none) or 'same' (output size = input size; stride 1 only). */
  padding?: Size2 | 'same' | 'valid';
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2;
  /** Channel groups: input and output channels are split into this many independent convolutions. */
  groups?: number;
}

export interface ConvTranspose2dOptions {
  stride?: Size2;
  padding?: Size2;
  /** Extra size added to one side of the output (must be < stride or < dilation). */
  outputPadding?: Size2;
  groups?: number;
  dilation?: Size2;
}

type BiasArg<O> = Tensor | null | undefined | O;

function splitBias<O extends object>(bias: BiasArg<O>, opts: O): [Tensor | null, O] {
  return isOptions(bias) ? [null, bias as O] : [(bias as Tensor | null | undefined) ?? null, opts];
}

function checkGroups(groups: number | undefined, op: string): number {
  const g = groups ?? 1;
  if (!Number.isInteger(g) || g < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  return g;
}

function checkBias(bias: Tensor | null, channels: number, x: Tensor, op: string): Tensor | null {
  if (!bias) return null;
  floatArg(bias, op, 'bias', x);
  if (bias.ndim !== 1 || bias.shape[0] !== channels) {
    throw new ShapeError(`${op}: bias must have shape [${channels}] (one per output channel), got ${fmtShape(bias.shape)}`);
  }
  return bias;
}

/** Records the bias-adding, backward-carrying output of a conv; `grads` computes the x and w grads. */
function finish(name: string, y: FloatArray, shape: number[], x: Tensor, weight: Tensor, bias: Tensor | null,
  grads: (gy: FloatArray) => [FloatArray | null, FloatArray | null]): Tensor {
  const [n, o] = shape, L = shape[2] * shape[3];
  if (bias) addBiasRaw(y, bias.contiguousData(), n, o, L);
  const out = Tensor.fromArray(y, shape, x.dtype);
  return record(name, out, [x, weight, bias], (g) => {
    const gy = floatData(g);
    const [gx, gw] = grads(gy);
    // fresh buffers returned nowhere else: a leaf may adopt them as .grad without a copy
    const own = (d: FloatArray | null, like: Tensor) => d && markExclusiveGrad(Tensor.fromArray(d, like.shape, like.dtype));
    return [own(gx, x), own(gw, weight), bias?.requiresGrad ? own(biasGradRaw(gy, n, o, L, bias.dtype), bias) : null];
  }, [x, weight]);
}

/**
 * 2-D convolution (cross-correlation, as torch): input [N, C, H, W] (or [C, H, W]), weight
 * [O, C/groups, kH, kW], optional bias [O] → [N, O, Hout, Wout] with
 * Hout = ⌊(H + 2·padH − dilH·(kH−1) − 1)/strideH⌋ + 1.
 * @example conv2d(x, weight, bias, { stride: 2, padding: 1 })
 * conv2d(x, weight, { padding: 'same' }) // no bias
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: BiasArg<Conv2dOptions>, opts: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  let b: Tensor | null;
  [b, opts] = splitBias(bias, opts);
  floatArg(x, op, 'input');
  floatArg(weight, op, 'weight', x);
  if (x.ndim === 3) return squeeze(conv2d(unsqueeze(x, 0), weight, b, opts), 0);
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected a 3-D [C,H,W] or 4-D [N,C,H,W] input, got ${fmtShape(x.shape)}`);
  if (weight.ndim !== 4) throw new ShapeError(`${op}: weight must be 4-D [out, in/groups, kH, kW], got ${fmtShape(weight.shape)}`);
  const groups = checkGroups(opts.groups, op);
  const [n, c, h, w] = x.shape, [o, cg, kh, kw] = weight.shape;
  if (c % groups || o % groups) {
    throw new ShapeError(`${op}: groups ${groups} must divide both the input channels ${c} (input ${fmtShape(x.shape)}) and the output channels ${o} (weight ${fmtShape(weight.shape)})`);
  }
  if (cg * groups !== c) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has ${c} channels but weight ${fmtShape(weight.shape)} expects ${cg * groups} (${cg} per group × groups ${groups})`);
  }
  b = checkBias(b, o, x, op);
  const [sh, sw] = pair(opts.stride, 1, 'stride', op, 1);
  const [dh, dw] = pair(opts.dilation, 1, 'dilation', op, 1);
  let ph: number, pw: number, oh: number, ow: number;
  if (opts.padding === 'same') {
    if (sh !== 1 || sw !== 1) throw new ValueError(`${op}: padding='same' is not supported for strided convolutions (stride [${sh},${sw}])`);
    // total padding d·(k−1); an odd total puts the extra row/column at the end, as torch does:
    // im2col with oh = H reads the missing trailing row as zero padding
    [ph, pw, oh, ow] = [Math.floor((dh * (kh - 1)) / 2), Math.floor((dw * (kw - 1)) / 2), h, w];
  } else {
    [ph, pw] = opts.padding === 'valid' ? [0, 0] : pair(opts.padding, 0, 'padding', op, 0);
    oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
    ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  }
  if (oh < 1 || ow < 1) {
    throw new ShapeError(`${op}: kernel ${kh}x${kw} (dilated to ${dh * (kh - 1) + 1}x${dw * (kw - 1) + 1}) is larger than ` +
      `the padded input ${h + 2 * ph}x${w + 2 * pw} (input ${fmtShape(x.shape)}, padding [${ph},${pw}])`);
  }
  const g: ConvGeom = { n, c, h, w, o, groups, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
  const xd = floatData(x), wd = floatData(weight);
  const y = convForwardRaw(xd, wd, g, x.dtype);
  return finish('ConvolutionBackward', y, [n, o, oh, ow], x, weight, b, (gy) => [
    x.requiresGrad ? convInputGradRaw(gy, wd, g, x.dtype) : null,
    weight.requiresGrad ? convWeightGradRaw(xd, gy, g, x.dtype) : null,
  ]);
}

/**
 * 1-D convolution: input [N, C, L] (or [C, L]), weight [O, C/groups, k], optional bias [O]
 * → [N, O, Lout]; computed as conv2d on a unit height.
 * @example conv1d(x, weight, bias, { stride: 2, padding: 1 })
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: BiasArg<Conv2dOptions>, opts: Conv2dOptions = {}): Tensor {
  const op = 'conv1d';
  let b: Tensor | null;
  [b, opts] = splitBias(bias, opts);
  floatArg(x, op, 'input');
  floatArg(weight, op, 'weight', x);
  if (x.ndim === 2) return squeeze(conv1d(unsqueeze(x, 0), weight, b, opts), 0);
  if (x.ndim !== 3) throw new ShapeError(`${op}: expected a 2-D [C,L] or 3-D [N,C,L] input, got ${fmtShape(x.shape)}`);
  if (weight.ndim !== 3) throw new ShapeError(`${op}: weight must be 3-D [out, in/groups, k], got ${fmtShape(weight.shape)}`);
  const groups = checkGroups(opts.groups, op);
  if (weight.shape[1] * groups !== x.shape[1]) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has ${x.shape[1]} channels but weight ${fmtShape(weight.shape)} expects ${weight.shape[1] * groups} (${weight.shape[1]} per group × groups ${groups})`);
  }
  // the unit height gets stride 1, padding 0, dilation 1; `d` is also the default and the minimum
  const one = (v: Size2 | undefined, d: number, what: string): [number, number] => {
    if (Array.isArray(v) && v.length !== 1) throw new ValueError(`${op}: ${what} must be an integer or a 1-element list, got ${JSON.stringify(v)}`);
    return [d, pair(v, d, what, op, d)[1]];
  };
  const padding = opts.padding === 'same' || opts.padding === 'valid' ? opts.padding : one(opts.padding, 0, 'padding');
  const y = conv2d(unsqueeze(x, 2), unsqueeze(weight, 2), b, {
    stride: one(opts.stride, 1, 'stride'), dilation: one(opts.dilation, 1, 'dilation'), padding, groups,
  });
  return squeeze(y, 2);
}

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its input): input
 * [N, Cin, H, W] (or [Cin, H, W]), weight [Cin, Cout/groups, kH, kW], optional bias [Cout] →
 * [N, Cout, Hout, Wout], Hout = (H−1)·strideH − 2·padH + dilH·(kH−1) + outputPadH + 1.
 * @example convTranspose2d(x, weight, bias, { stride: 2, padding: 1, outputPadding: 1 }) // doubles H, W
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias?: BiasArg<ConvTranspose2dOptions>,
  opts: ConvTranspose2dOptions = {}): Tensor {
  const op = 'convTranspose2d';
  let b: Tensor | null;
  [b, opts] = splitBias(bias, opts);
  floatArg(x, op, 'input');
  floatArg(weight, op, 'weight', x);
  if (x.ndim === 3) return squeeze(convTranspose2d(unsqueeze(x, 0), weight, b, opts), 0);
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected a 3-D [C,H,W] or 4-D [N,C,H,W] input, got ${fmtShape(x.shape)}`);
  if (weight.ndim !== 4) throw new ShapeError(`${op}: weight must be 4-D [in, out/groups, kH, kW], got ${fmtShape(weight.shape)}`);
  const groups = checkGroups(opts.groups, op);
  const [n, cin, h, w] = x.shape, [wcin, cog, kh, kw] = weight.shape;
  if (wcin !== cin) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has ${cin} channels but weight ${fmtShape(weight.shape)} expects ${wcin} (weight is [in, out/groups, kH, kW])`);
  }
  if (cin % groups) throw new ShapeError(`${op}: groups ${groups} must divide the input channels ${cin} (input ${fmtShape(x.shape)})`);
  const cout = cog * groups;
  b = checkBias(b, cout, x, op);
  const [sh, sw] = pair(opts.stride, 1, 'stride', op, 1);
  const [dh, dw] = pair(opts.dilation, 1, 'dilation', op, 1);
  const [ph, pw] = pair(opts.padding, 0, 'padding', op, 0);
  const [oph, opw] = pair(opts.outputPadding, 0, 'outputPadding', op, 0);
  if ((oph >= sh && oph >= dh) || (opw >= sw && opw >= dw)) {
    throw new ValueError(`${op}: outputPadding [${oph},${opw}] must be smaller than either stride [${sh},${sw}] or dilation [${dh},${dw}]`);
  }
  const ho = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
  const wo = (w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
  if (ho < 1 || wo < 1) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} with kernel ${kh}x${kw}, stride [${sh},${sw}] and padding [${ph},${pw}] gives an empty output ${ho}x${wo}`);
  }
  // the conv2d this is the adjoint of: from the [n, cout, ho, wo] output back to x [n, cin, h, w]
  const g: ConvGeom = { n, c: cout, h: ho, w: wo, o: cin, groups, kh, kw, sh, sw, ph, pw, dh, dw, oh: h, ow: w };
  const xd = floatData(x), wd = floatData(weight);
  const y = convInputGradRaw(xd, wd, g, x.dtype);
  return finish('ConvolutionBackward', y, [n, cout, ho, wo], x, weight, b, (gy) => [
    x.requiresGrad ? convForwardRaw(gy, wd, g, x.dtype) : null,
    weight.requiresGrad ? convWeightGradRaw(gy, xd, g, x.dtype) : null,
  ]);
}
