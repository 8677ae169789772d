// RandomErasing (Zhong et al. 2017, torchvision's algorithm): blanks a random rectangle of each image.
import { ValueError } from '../../errors.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { RandomTransform, checkProb, copySample, mapSamples, requireFloatImage } from './base.js';

export interface RandomErasingOptions {
  /** Probability of erasing an image (default 0.5). */
  p?: number;
  /** Range of the erased area as a fraction of the image (default [0.02, 0.33]). */
  scale?: readonly [number, number];
  /** Range of the rectangle's aspect ratio h/w, drawn log-uniformly (default [0.3, 3.3]). */
  ratio?: readonly [number, number];
  /** Fill: a number, one number per channel, or 'random' for N(0,1) noise (default 0). */
  value?: number | readonly number[] | 'random';
  generator?: Generator;
}

/**
 * With probability p, picks a rectangle of area ∈ scale·H·W and aspect ∈ ratio (up to 10 tries
 * to find one that fits, else the image is left as is) and fills it with `value`.
 * @example new RandomErasing({ p: 0.5, value: 'random' })
 */
export class RandomErasing extends RandomTransform {
  readonly p: number;
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly value: number | number[] | 'random';
  constructor(opts: RandomErasingOptions = {}) {
    super(opts.generator);
    const op = 'RandomErasing';
    this.p = checkProb(opts.p ?? 0.5, op);
    this.scale = [...(opts.scale ?? [0.02, 0.33])] as [number, number];
    this.ratio = [...(opts.ratio ?? [0.3, 3.3])] as [number, number];
    if (!(this.scale[0] >= 0 && this.scale[0] <= this.scale[1] && this.scale[1] <= 1)) {
      throw new ValueError(`${op}: scale must be a range [min, max] within [0, 1], got ${JSON.stringify(opts.scale)}`);
    }
    if (!(this.ratio[0] > 0 && this.ratio[0] <= this.ratio[1] && Number.isFinite(this.ratio[1]))) {
      throw new ValueError(`${op}: ratio must be a positive range [min, max], got ${JSON.stringify(opts.ratio)}`);
    }
    const v = opts.value ?? 0;
    if (v !== 'random' && !(typeof v === 'number' ? Number.isFinite(v) : Array.isArray(v) && v.every(Number.isFinite))) {
      throw new ValueError(`${op}: value must be a number, a list of numbers or 'random', got ${JSON.stringify(v)}`);
    }
    this.value = typeof v === 'object' ? [...v] : v;
  }

  call(x: Tensor): Tensor {
    const op = 'RandomErasing';
    requireFloatImage(x, op);
    return mapSamples(x, op, (src, dst, n, lay) => {
      copySample(src, dst, n, lay);
      const g = this.rng;
      if (!(g.uniform53() < this.p)) return;
      const { channels: C, height: H, width: W } = lay;
      if (Array.isArray(this.value) && this.value.length !== 1 && this.value.length !== C) {
        throw new ValueError(`${op}: ${this.value.length} fill values for ${C} channels`);
      }
      const area = H * W, lr0 = Math.log(this.ratio[0]), lr1 = Math.log(this.ratio[1]);
      for (let attempt = 0; attempt < 10; attempt++) {
        const eraseArea = area * (this.scale[0] + (this.scale[1] - this.scale[0]) * g.uniform53());
        const aspect = Math.exp(lr0 + (lr1 - lr0) * g.uniform53());
        const h = Math.round(Math.sqrt(eraseArea * aspect)), w = Math.round(Math.sqrt(eraseArea / aspect));
        if (!(h < H && w < W)) continue;
        const top = g.below(H - h + 1), left = g.below(W - w + 1);
        for (let c = 0; c < C; c++) {
          const base = (n * C + c) * H * W;
          const fillC = Array.isArray(this.value) ? this.value[this.value.length === 1 ? 0 : c] : this.value;
          for (let i = top; i < top + h; i++) {
            for (let j = left; j < left + w; j++) dst[base + i * W + j] = fillC === 'random' ? g.normal() : fillC;
          }
        }
        return;
      }
    });
  }
}
