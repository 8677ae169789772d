// Pooling layers: MaxPool2d, AvgPool2d, AdaptiveAvgPool2d (wrapping the ops of the same names).
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../../ops/pool.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { py } from './util.js';

type Size = number | readonly number[];

/** Max over kH×kW windows; stride defaults to the kernel size. Input [N, C, H, W] or [C, H, W]. */
export class MaxPool2d extends Module {
  readonly kernelSize: Size;
  readonly stride: Size;
  readonly padding: Size;
  readonly dilation: Size;
  readonly ceilMode: boolean;
  constructor(kernelSize: Size, opts: { stride?: Size | null; padding?: Size; dilation?: Size; ceilMode?: boolean } = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.ceilMode = opts.ceilMode ?? false;
  }
  override forward(x: Tensor): Tensor {
    return maxPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}, ` +
      `dilation=${py(this.dilation)}, ceil_mode=${py(this.ceilMode)}`;
  }
}

/** Mean over kH×kW windows; `countIncludePad: false` divides by the non-padding count. */
export class AvgPool2d extends Module {
  readonly kernelSize: Size;
  readonly stride: Size;
  readonly padding: Size;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  constructor(kernelSize: Size, opts: { stride?: Size | null; padding?: Size; ceilMode?: boolean; countIncludePad?: boolean; divisorOverride?: number | null } = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }
  override forward(x: Tensor): Tensor {
    return avgPool2d(x, {
      kernelSize: this.kernelSize, stride: this.stride, padding: this.padding,
      ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }
  override extraRepr(): string { return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`; }
}

/** Average pooling to a fixed output size; windows [floor(i·H/oh), ceil((i+1)·H/oh)). */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: Size;
  constructor(outputSize: Size) {
    super();
    this.outputSize = outputSize;
  }
  override forward(x: Tensor): Tensor { return adaptiveAvgPool2d(x, { outputSize: this.outputSize }); }
  override extraRepr(): string { return `output_size=${py(this.outputSize)}`; }
}
