// RandomAffine (rotation, translation, scale about the image centre) and RandomRotation, sampled
// by nearest neighbour or bilinear interpolation; pixels from outside the image take `fill`.
import type { AnyArray } from '../../backend/types.js';
import { ValueError } from '../../errors.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { RandomTransform, mapSamples, requireFloatImage, type ImageLayout } from './base.js';

export type Interpolation = 'nearest' | 'bilinear';

export interface RandomAffineOptions {
  /** Maximum shift as fractions [fx, fy] of width and height; shifts are uniform in ±f·size, rounded. */
  translate?: readonly [number, number];
  /** Scale factor range [min, max] (default no scaling). */
  scale?: readonly [number, number];
  interpolation?: Interpolation;
  /** Value of pixels mapped from outside the image (default 0). */
  fill?: number;
  generator?: Generator;
}

function range(v: number | readonly number[], op: string, what: string, symmetric: boolean): [number, number] {
  const r = typeof v === 'number' ? (symmetric ? [-v, v] : [v, v]) : [...v];
  if (r.length !== 2 || !r.every(Number.isFinite) || r[0] > r[1] || (typeof v === 'number' && symmetric && v < 0)) {
    throw new ValueError(`${op}: ${what} must be a non-negative number or a [min, max] range, got ${JSON.stringify(v)}`);
  }
  return r as [number, number];
}

/** Parameters of one draw: angle in degrees (counter-clockwise as displayed), shift in pixels, scale. */
export interface AffineParams { angle: number; tx: number; ty: number; scale: number }

/**
 * Writes sample n of `src` transformed by `p` into `dst`. Inverse mapping: output pixel (x, y),
 * relative to the centre c = ((W−1)/2, (H−1)/2) and minus the shift, is rotated back by the angle
 * and divided by the scale to find the source point. With y pointing down, a positive angle turns
 * the picture counter-clockwise on screen, as torchvision does.
 */
export function affineSample(src: AnyArray, dst: AnyArray, n: number, lay: ImageLayout, p: AffineParams,
  interpolation: Interpolation, fill: number): void {
  const { channels: C, height: H, width: W } = lay;
  const th = (p.angle * Math.PI) / 180, cos = Math.cos(th), sin = Math.sin(th);
  const cx = (W - 1) / 2, cy = (H - 1) / 2;
  const at = (base: number, yy: number, xx: number): number =>
    (yy >= 0 && yy < H && xx >= 0 && xx < W ? src[base + yy * W + xx] : fill);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const ox = x - cx - p.tx, oy = y - cy - p.ty;
      const sx = (ox * cos - oy * sin) / p.scale + cx, sy = (ox * sin + oy * cos) / p.scale + cy;
      for (let c = 0; c < C; c++) {
        const base = (n * C + c) * H * W;
        let v: number;
        if (interpolation === 'nearest') {
          v = at(base, Math.round(sy), Math.round(sx));
        } else {
          const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
          v = (1 - fy) * ((1 - fx) * at(base, y0, x0) + fx * at(base, y0, x0 + 1)) +
            fy * ((1 - fx) * at(base, y0 + 1, x0) + fx * at(base, y0 + 1, x0 + 1));
        }
        dst[base + y * W + x] = v;
      }
    }
  }
}

/**
 * Random rotation (uniform angle in `degrees`, a number d meaning [−d, d]), shift and scale of
 * each image about its centre. Float images only.
 * @example new RandomAffine(10, { translate: [0.1, 0.1], scale: [0.9, 1.1], interpolation: 'bilinear' })
 */
export class RandomAffine extends RandomTransform {
  readonly degrees: [number, number];
  readonly translate?: [number, number];
  readonly scale: [number, number];
  readonly interpolation: Interpolation;
  readonly fill: number;
  constructor(degrees: number | readonly [number, number], opts: RandomAffineOptions = {}) {
    super(opts.generator);
    const op = new.target.name;
    this.degrees = range(degrees, op, 'degrees', true);
    if (opts.translate) {
      const t = [...opts.translate];
      if (t.length !== 2 || t.some((v) => !(v >= 0 && v <= 1))) throw new ValueError(`${op}: translate must be [fx, fy] with values in [0, 1], got ${JSON.stringify(opts.translate)}`);
      this.translate = t as [number, number];
    }
    this.scale = opts.scale ? range(opts.scale, op, 'scale', false) : [1, 1];
    if (!(this.scale[0] > 0)) throw new ValueError(`${op}: scale must be positive, got ${JSON.stringify(opts.scale)}`);
    this.interpolation = opts.interpolation ?? 'nearest';
    if (this.interpolation !== 'nearest' && this.interpolation !== 'bilinear') {
      throw new ValueError(`${op}: interpolation must be 'nearest' or 'bilinear', got ${JSON.stringify(opts.interpolation)}`);
    }
    this.fill = opts.fill ?? 0;
  }

  private uniform(lo: number, hi: number): number {
    return lo === hi ? lo : lo + (hi - lo) * this.rng.uniform53();
  }

  /** Draws the parameters for one image of `lay`. */
  drawParams(lay: ImageLayout): AffineParams {
    const angle = this.uniform(this.degrees[0], this.degrees[1]);
    let tx = 0, ty = 0;
    if (this.translate) {
      const mx = this.translate[0] * lay.width, my = this.translate[1] * lay.height;
      tx = Math.round(this.uniform(-mx, mx));
      ty = Math.round(this.uniform(-my, my));
    }
    return { angle, tx, ty, scale: this.uniform(this.scale[0], this.scale[1]) };
  }

  call(x: Tensor): Tensor {
    const op = this.constructor.name;
    requireFloatImage(x, op);
    return mapSamples(x, op, (src, dst, n, lay) =>
      affineSample(src, dst, n, lay, this.drawParams(lay), this.interpolation, this.fill));
  }
}

/**
 * Rotates each image by a uniform angle in `degrees` (a number d meaning [−d, d]), counter-clockwise
 * for positive angles.
 * @example new RandomRotation(15, { interpolation: 'bilinear' })
 */
export class RandomRotation extends RandomAffine {
  constructor(degrees: number | readonly [number, number],
    opts: { interpolation?: Interpolation; fill?: number; generator?: Generator } = {}) {
    super(degrees, { interpolation: opts.interpolation, fill: opts.fill, generator: opts.generator });
  }
}
