// Random flips and RandomCrop (with optional padding), drawn per image; [C,H,W] or [N,C,H,W].
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { RandomTransform, checkProb, copySample, mapSamples } from './base.js';

/** Mirrors each image left–right (reverses its columns) with probability p (default 0.5). */
export class RandomHorizontalFlip extends RandomTransform {
  readonly p: number;
  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super(opts.generator);
    this.p = checkProb(p, 'RandomHorizontalFlip');
  }
  call(x: Tensor): Tensor {
    return mapSamples(x, 'RandomHorizontalFlip', (src, dst, n, lay) => {
      if (!(this.rng.uniform53() < this.p)) return copySample(src, dst, n, lay);
      const { height: H, width: W } = lay;
      for (let r = n * lay.channels * H; r < (n + 1) * lay.channels * H; r++) {
        for (let j = 0; j < W; j++) dst[r * W + j] = src[r * W + W - 1 - j];
      }
    });
  }
}

/** Mirrors each image top–bottom (reverses its rows) with probability p (default 0.5). */
export class RandomVerticalFlip extends RandomTransform {
  readonly p: number;
  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super(opts.generator);
    this.p = checkProb(p, 'RandomVerticalFlip');
  }
  call(x: Tensor): Tensor {
    return mapSamples(x, 'RandomVerticalFlip', (src, dst, n, lay) => {
      if (!(this.rng.uniform53() < this.p)) return copySample(src, dst, n, lay);
      const { height: H, width: W } = lay;
      for (let c = n * lay.channels; c < (n + 1) * lay.channels; c++) {
        for (let i = 0; i < H; i++) dst.set(src.subarray((c * H + H - 1 - i) * W, (c * H + H - i) * W), (c * H + i) * W);
      }
    });
  }
}

export interface RandomCropOptions {
  /** Border added first: one number for all sides, [leftRight, topBottom], or [left, top, right, bottom]. */
  padding?: number | readonly number[];
  /** Pad an image smaller than the crop (by the deficit on both sides, as torchvision). */
  padIfNeeded?: boolean;
  /** Value of padded pixels (default 0). */
  fill?: number;
  generator?: Generator;
}

function normPadding(p: number | readonly number[] | undefined): [number, number, number, number] {
  const arr = p === undefined ? [0] : typeof p === 'number' ? [p] : [...p];
  const out = arr.length === 1 ? [arr[0], arr[0], arr[0], arr[0]] : arr.length === 2 ? [arr[0], arr[1], arr[0], arr[1]]
    : arr.length === 4 ? arr : null;
  if (!out || out.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new ValueError(`RandomCrop: padding must be a non-negative integer or a list of 2 or 4 of them, got ${JSON.stringify(p)}`);
  }
  return out as [number, number, number, number];
}

/**
 * Pads (optionally) and cuts a random `size` window out of each image; the window's top-left
 * corner is uniform over every position that fits.
 * @example new RandomCrop(32, { padding: 4 }) // the CIFAR augmentation
 */
export class RandomCrop extends RandomTransform {
  readonly size: [number, number];
  readonly padding: [number, number, number, number];
  readonly padIfNeeded: boolean;
  readonly fill: number;
  constructor(size: number | readonly [number, number], opts: RandomCropOptions = {}) {
    super(opts.generator);
    const s = typeof size === 'number' ? [size, size] : [...size];
    if (s.length !== 2 || s.some((v) => !Number.isInteger(v) || v < 1)) {
      throw new ValueError(`RandomCrop: size must be a positive integer or [height, width], got ${JSON.stringify(size)}`);
    }
    this.size = s as [number, number];
    this.padding = normPadding(opts.padding);
    this.padIfNeeded = opts.padIfNeeded ?? false;
    this.fill = opts.fill ?? 0;
  }
  call(x: Tensor): Tensor {
    const [th, tw] = this.size;
    return mapSamples(x, 'RandomCrop', (src, dst, n, lay) => {
      const { height: H, width: W, channels: C } = lay;
      let [pl, pt, pr, pb] = this.padding;
      if (this.padIfNeeded && H + pt + pb < th) { const d = th - (H + pt + pb); pt += d; pb += d; }
      if (this.padIfNeeded && W + pl + pr < tw) { const d = tw - (W + pl + pr); pl += d; pr += d; }
      const PH = H + pt + pb, PW = W + pl + pr;
      if (PH < th || PW < tw) {
        throw new ShapeError(`RandomCrop: crop size ${fmtShape([th, tw])} is larger than the (padded) image ` +
          `${fmtShape([PH, PW])} of input ${fmtShape(x.shape)}; use padIfNeeded or a smaller size`);
      }
      const top = this.rng.below(PH - th + 1), left = this.rng.below(PW - tw + 1);
      // Output pixel (i, j) is padded pixel (top + i, left + j) = source (top + i − pt, left + j − pl).
      for (let c = 0; c < C; c++) {
        const sBase = (n * C + c) * H * W, dBase = (n * C + c) * th * tw;
        for (let i = 0; i < th; i++) {
          const y = top + i - pt;
          for (let j = 0; j < tw; j++) {
            const xx = left + j - pl;
            dst[dBase + i * tw + j] = y >= 0 && y < H && xx >= 0 && xx < W ? src[sBase + y * W + xx] : this.fill;
          }
        }
      }
    }, this.size);
  }
}
