// Convolution layers: Conv1d, Conv2d, ConvTranspose2d (weights in torch's layout, torch's default init).
import { ValueError } from '../../errors.js';
import { conv1d, conv2d, convTranspose2d } from '../../ops/conv.js';
import type { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkPositiveInt, resetDefault, type FactoryOptions } from './linear.js';
import { ntuple, py } from './util.js';

type Size = number | readonly number[];
export interface ConvOptions extends FactoryOptions {
  stride?: Size;
  /** A size, or 'valid' (no padding) / 'same' (output size = input size; stride 1 only). */
  padding?: Size | 'valid' | 'same';
  dilation?: Size;
  groups?: number;
  bias?: boolean;
}

/** What Conv1d/Conv2d/ConvTranspose2d share: sizes, weight, bias, init and the repr. */
abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly dilation: number[];
  readonly groups: number;
  readonly outputPadding: number[];
  weight: Parameter;
  bias: Parameter | null;

  constructor(n: number, transposed: boolean, inChannels: number, outChannels: number, kernelSize: Size,
    opts: ConvOptions & { outputPadding?: Size }) {
    super();
    const op = this.constructor.name;
    this.inChannels = checkPositiveInt(inChannels, 'inChannels', op);
    this.outChannels = checkPositiveInt(outChannels, 'outChannels', op);
    this.kernelSize = ntuple(kernelSize, n, 'kernelSize', op);
    this.stride = ntuple(opts.stride ?? 1, n, 'stride', op);
    this.dilation = ntuple(opts.dilation ?? 1, n, 'dilation', op);
    this.groups = opts.groups ?? 1;
    this.outputPadding = ntuple(opts.outputPadding ?? 0, n, 'outputPadding', op);
    if (!Number.isInteger(this.groups) || this.groups < 1 || inChannels % this.groups || outChannels % this.groups) {
      throw new ValueError(`${op}: groups ${this.groups} must be a positive integer dividing inChannels ${inChannels} and outChannels ${outChannels}`);
    }
    this.padding = this.resolvePadding(opts.padding ?? 0, n, transposed, op);
    const wShape = transposed ? [inChannels, outChannels / this.groups, ...this.kernelSize]
      : [outChannels, inChannels / this.groups, ...this.kernelSize];
    const dtype = opts.dtype ?? 'float32';
    this.weight = new Parameter(Tensor.empty(wShape, dtype));
    this.bias = opts.bias ?? true ? new Parameter(Tensor.empty([outChannels], dtype)) : null;
    this.registerParameter('bias', this.bias);
    this.resetParameters(opts.generator);
  }

  private resolvePadding(p: Size | 'valid' | 'same', n: number, transposed: boolean, op: string): number[] {
    if (p === 'valid') return Array<number>(n).fill(0);
    if (p !== 'same') return ntuple(p, n, 'padding', op);
    if (transposed || this.stride.some((s) => s !== 1)) throw new ValueError(`${op}: padding='same' is not supported for strided or transposed convolutions`);
    return this.kernelSize.map((k, i) => {
      const total = this.dilation[i] * (k - 1);
      if (total % 2) throw new ValueError(`${op}: padding='same' with kernel ${k} and dilation ${this.dilation[i]} needs asymmetric padding, which is not supported`);
      return total / 2;
    });
  }

  /** Re-draws weight and bias with torch's default init (U(±1/√fanIn), fanIn from the weight). */
  resetParameters(generator?: Generator): void { resetDefault(this.weight, this.bias, generator); }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}`;
    if (this.padding.some((v) => v !== 0)) s += `, padding=${py(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${py(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}

/**
 * 1-d convolution: input [N, Cin, L] (or [Cin, L]) → [N, Cout, Lout]; weight [Cout, Cin/groups, k].
 * @example new Conv1d(3, 8, 5, { padding: 2 })
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: Size, opts: ConvOptions = {}) {
    super(1, false, inChannels, outChannels, kernelSize, opts);
  }
  override forward(x: Tensor): Tensor {
    return conv1d(x, this.weight, this.bias, { stride: this.stride[0], padding: this.padding[0], dilation: this.dilation[0], groups: this.groups });
  }
}

/**
 * 2-d convolution: input [N, Cin, H, W] → [N, Cout, Hout, Wout]; weight [Cout, Cin/groups, kH, kW].
 * @example new Conv2d(1, 16, 3, { padding: 1 })
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: Size, opts: ConvOptions = {}) {
    super(2, false, inChannels, outChannels, kernelSize, opts);
  }
  override forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * Transposed 2-d convolution (the gradient of conv2d w.r.t. its input): weight
 * [Cin, Cout/groups, kH, kW]; Hout = (H−1)·stride − 2·padding + dilation·(kH−1) + outputPadding + 1.
 */
export class ConvTranspose2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: Size,
    opts: Omit<ConvOptions, 'padding'> & { padding?: Size; outputPadding?: Size } = {}) {
    super(2, true, inChannels, outChannels, kernelSize, opts);
  }
  override forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding, outputPadding: this.outputPadding, groups: this.groups, dilation: this.dilation,
    });
  }
}
