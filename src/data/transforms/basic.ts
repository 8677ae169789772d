// Deterministic and pixel-wise transforms: Compose, Lambda, Normalize, GaussianNoise, and toTensor
// for raw pixel arrays.
import { allocArray } from '../../backend/types.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import type { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { RandomTransform, Transform, applyTransform, imageLayout, mapSamples, requireFloatImage, type TransformLike } from './base.js';

/**
 * Applies transforms one after another.
 * @example new Compose([new RandomCrop(28, { padding: 2 }), new Normalize([0.1307], [0.3081])])
 */
export class Compose extends Transform {
  readonly transforms: TransformLike[];
  constructor(transforms: readonly TransformLike[]) {
    super();
    transforms.forEach((t, i) => {
      if (typeof t !== 'function' && typeof (t as Transform)?.call !== 'function') {
        throw new ValueError(`Compose: transforms[${i}] is neither a Transform nor a function`);
      }
    });
    this.transforms = [...transforms];
  }
  call(x: Tensor): Tensor {
    return this.transforms.reduce((acc, t) => applyTransform(t, acc), x);
  }
}

/** Wraps a function as a transform. */
export class Lambda extends Transform {
  constructor(readonly fn: (x: Tensor) => Tensor) {
    super();
    if (typeof fn !== 'function') throw new ValueError('Lambda: expected a function');
  }
  call(x: Tensor): Tensor { return this.fn(x); }
}

/**
 * Per-channel standardisation: out[c] = (x[c] − mean[c]) / std[c], on [C,H,W] or [N,C,H,W]
 * (a single value applies to every channel).
 * @example new Normalize([0.5, 0.5, 0.5], [0.25, 0.25, 0.25])
 */
export class Normalize extends Transform {
  readonly mean: number[];
  readonly std: number[];
  constructor(mean: number | readonly number[], std: number | readonly number[]) {
    super();
    this.mean = typeof mean === 'number' ? [mean] : [...mean];
    this.std = typeof std === 'number' ? [std] : [...std];
    if (this.mean.length === 0 || this.mean.length !== this.std.length && this.std.length !== 1 && this.mean.length !== 1) {
      throw new ValueError(`Normalize: mean has ${this.mean.length} values and std has ${this.std.length}`);
    }
    const bad = this.std.find((s) => !(s !== 0 && Number.isFinite(s)));
    if (bad !== undefined) throw new ValueError(`Normalize: std must be finite and nonzero, got ${bad}`);
    if (this.mean.some((m) => !Number.isFinite(m))) throw new ValueError(`Normalize: mean must be finite, got [${this.mean.join(', ')}]`);
  }
  call(x: Tensor): Tensor {
    requireFloatImage(x, 'Normalize');
    const C = imageLayout(x, 'Normalize').channels;
    const k = Math.max(this.mean.length, this.std.length);
    if (k !== 1 && k !== C) {
      throw new ShapeError(`Normalize: ${k} mean/std values for an input with ${C} channels (shape ${fmtShape(x.shape)})`);
    }
    return mapSamples(x, 'Normalize', (src, dst, n, lay) => {
      const hw = lay.height * lay.width;
      for (let c = 0; c < C; c++) {
        const m = this.mean[this.mean.length === 1 ? 0 : c], s = this.std[this.std.length === 1 ? 0 : c];
        const base = (n * C + c) * hw;
        for (let i = base; i < base + hw; i++) dst[i] = (src[i] - m) / s;
      }
    });
  }
}

/** Adds independent N(mean, std²) noise to every element (float images only). */
export class GaussianNoise extends RandomTransform {
  readonly std: number;
  readonly mean: number;
  constructor(std: number, opts: { mean?: number; generator?: Generator } = {}) {
    super(opts.generator);
    if (!(std >= 0 && Number.isFinite(std))) throw new ValueError(`GaussianNoise: std must be finite and >= 0, got ${std}`);
    this.std = std;
    this.mean = opts.mean ?? 0;
  }
  call(x: Tensor): Tensor {
    requireFloatImage(x, 'GaussianNoise');
    const src = x.contiguousData();
    const out = allocArray(x.dtype, src.length);
    const g = this.rng;
    for (let i = 0; i < src.length; i++) out[i] = src[i] + this.mean + this.std * g.normal();
    return Tensor.fromArray(out, x.shape, x.dtype);
  }
}

/**
 * Raw pixels in height-width-channel order (as images are stored) → a float32 [C,H,W] tensor,
 * each value divided by `divisor` (default 255, like torchvision's ToTensor on 8-bit images).
 * @example toTensor(rgbaBytes, [32, 32, 4]) // → [4,32,32] in [0,1]
 */
export function toTensor(pixels: ArrayLike<number>, hwc: readonly [number, number, number] | readonly [number, number],
  opts: { divisor?: number } = {}): Tensor {
  const [H, W, C = 1] = hwc;
  if (![H, W, C].every((v) => Number.isInteger(v) && v > 0)) throw new ShapeError(`toTensor: invalid [H,W,C] ${fmtShape([...hwc])}`);
  if (pixels.length !== H * W * C) {
    throw new ShapeError(`toTensor: ${pixels.length} values do not fill an image of [H,W,C] = ${fmtShape([H, W, C])} (${H * W * C} values)`);
  }
  const d = opts.divisor ?? 255;
  if (!(d !== 0 && Number.isFinite(d))) throw new ValueError(`toTensor: divisor must be finite and nonzero, got ${d}`);
  const out = new Float32Array(H * W * C);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < C; c++) out[(c * H + y) * W + x] = pixels[(y * W + x) * C + c] / d;
    }
  }
  return Tensor.fromArray(out, [C, H, W], 'float32');
}
