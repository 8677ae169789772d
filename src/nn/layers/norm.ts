// Normalisation layers: BatchNorm1d/2d (running stats as buffers with torch's state-dict names),
// LayerNorm and GroupNorm (affine weight/bias).
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { batchNorm, groupNorm, layerNorm } from '../../ops/norm.js';
import { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkPositiveInt, type FactoryOptions } from './linear.js';
import { py, pyFloat } from './util.js';

const filled = (shape: number[], v: number, o: FactoryOptions) => {
  const t = Tensor.empty(shape, o.dtype ?? 'float32');
  t.storage.data.fill(v);
  return t;
};

export interface BatchNormOptions extends FactoryOptions {
  eps?: number;
  /** Weight of the new batch statistic in the running average; null = cumulative average. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/** BatchNorm over the channel dim 1: y = (x − mean)/√(var + eps)·weight + bias. */
abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  /** Buffers; in the state dict as `running_mean`, `running_var`, `num_batches_tracked`. */
  runningMean!: Tensor | null;
  runningVar!: Tensor | null;
  numBatchesTracked!: Tensor | null;

  constructor(numFeatures: number, opts: BatchNormOptions) {
    super();
    this.numFeatures = checkPositiveInt(numFeatures, 'numFeatures', this.constructor.name);
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? true;
    this.trackRunningStats = opts.trackRunningStats ?? true;
    this.weight = this.affine ? new Parameter(filled([numFeatures], 1, opts)) : null;
    this.bias = this.affine ? new Parameter(filled([numFeatures], 0, opts)) : null;
    this.registerParameter('weight', this.weight);
    this.registerParameter('bias', this.bias);
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? filled([numFeatures], 0, opts) : null, { attr: 'runningMean' });
    this.registerBuffer('running_var', track ? filled([numFeatures], 1, opts) : null, { attr: 'runningVar' });
    this.registerBuffer('num_batches_tracked', track ? Tensor.empty([], 'int64') : null, { attr: 'numBatchesTracked' });
  }

  /** Zeroes the running mean and count, sets the running variance to one. */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.fill_(0);
      this.runningVar?.fill_(1);
      this.numBatchesTracked?.fill_(0);
    });
  }

  protected abstract checkInput(x: Tensor): void;

  override forward(x: Tensor): Tensor {
    this.checkInput(x);
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${this.constructor.name}: input ${fmtShape(x.shape)} has ${x.shape[1]} channels, expected ${this.numFeatures}`);
    }
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked) {
      noGrad(() => this.numBatchesTracked!.add_(1));
      if (this.momentum === null) factor = 1 / this.numBatchesTracked.item();
    }
    const useBatch = this.training || (this.runningMean === null && this.runningVar === null);
    const keepStats = !this.training || this.trackRunningStats;
    return batchNorm(x, keepStats ? this.runningMean : null, keepStats ? this.runningVar : null, this.weight, this.bias,
      { training: useBatch, momentum: factor, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, ` +
      `affine=${py(this.affine)}, track_running_stats=${py(this.trackRunningStats)}`;
  }
}

/** BatchNorm over [N, C] or [N, C, L] inputs. */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, opts: BatchNormOptions = {}) { super(numFeatures, opts); }
  protected checkInput(x: Tensor): void {
    if (x.ndim !== 2 && x.ndim !== 3) throw new ShapeError(`BatchNorm1d: expected 2D or 3D input, got ${x.ndim}D input ${fmtShape(x.shape)}`);
  }
}

/** BatchNorm over [N, C, H, W] inputs. */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, opts: BatchNormOptions = {}) { super(numFeatures, opts); }
  protected checkInput(x: Tensor): void {
    if (x.ndim !== 4) throw new ShapeError(`BatchNorm2d: expected 4D input, got ${x.ndim}D input ${fmtShape(x.shape)}`);
  }
}

/** Normalises over the last dims `normalizedShape` of each sample, then weight·x̂ + bias. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: FactoryOptions & { eps?: number; elementwiseAffine?: boolean; bias?: boolean } = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.normalizedShape.forEach((s) => checkPositiveInt(s, 'normalizedShape', 'LayerNorm'));
    this.eps = opts.eps ?? 1e-5;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(filled(this.normalizedShape, 1, opts)) : null;
    this.bias = this.elementwiseAffine && (opts.bias ?? true) ? new Parameter(filled(this.normalizedShape, 0, opts)) : null;
    this.registerParameter('weight', this.weight);
    this.registerParameter('bias', this.bias);
  }

  override forward(x: Tensor): Tensor {
    return layerNorm(x, this.weight, this.bias, { normalizedShape: this.normalizedShape, eps: this.eps });
  }

  override extraRepr(): string {
    return `${py(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${py(this.elementwiseAffine)}`;
  }
}

/**
 * Splits the C channels into numGroups groups and normalises each group of each sample (biased
 * variance), then a per-channel affine. Input [N, C, *].
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, opts: FactoryOptions & { eps?: number; affine?: boolean } = {}) {
    super();
    this.numGroups = checkPositiveInt(numGroups, 'numGroups', 'GroupNorm');
    this.numChannels = checkPositiveInt(numChannels, 'numChannels', 'GroupNorm');
    if (numGroups === 0 || numChannels % numGroups) throw new ValueError(`GroupNorm: numChannels ${numChannels} must be divisible by numGroups ${numGroups}`);
    this.eps = opts.eps ?? 1e-5;
    this.affine = opts.affine ?? true;
    this.weight = this.affine ? new Parameter(filled([numChannels], 1, opts)) : null;
    this.bias = this.affine ? new Parameter(filled([numChannels], 0, opts)) : null;
    this.registerParameter('weight', this.weight);
    this.registerParameter('bias', this.bias);
  }

  override forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new ShapeError(`GroupNorm: expected input [N, ${this.numChannels}, *], got ${fmtShape(x.shape)}`);
    }
    return groupNorm(x, this.weight, this.bias, { numGroups: this.numGroups, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${py(this.affine)}`;
  }
}
