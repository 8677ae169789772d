// Transform base: image layout checks and the per-sample loop shared by every transform on
// [H,W], [C,H,W] images and [N,C,H,W] batches (computed on raw arrays, outside autograd).
import { allocArray, type AnyArray } from '../../backend/types.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { isFloat } from '../../tensor/dtype.js';
import { Generator, defaultGenerator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';

/** Something that maps a tensor to a tensor: a Transform object or a plain function. */
export type TransformLike = Transform | ((x: Tensor) => Tensor);

/** A data transform. Transforms return new tensors and never modify their input. */
export abstract class Transform {
  abstract call(x: Tensor): Tensor;
}

/** Runs a Transform or a function. */
export function applyTransform(t: TransformLike, x: Tensor): Tensor {
  return typeof t === 'function' ? t(x) : t.call(x);
}

/** A transform that draws random numbers from its own generator, or from the global one. */
export abstract class RandomTransform extends Transform {
  constructor(readonly generator?: Generator) { super(); }
  protected get rng(): Generator { return this.generator ?? defaultGenerator; }
}

/** Layout of an image input: `samples` images of `channels` planes of `height`×`width`. */
export interface ImageLayout {
  samples: number;
  channels: number;
  height: number;
  width: number;
}

/** Reads the layout of [H,W], [C,H,W] or [N,C,H,W]; other ranks are a ShapeError. */
export function imageLayout(x: Tensor, op: string): ImageLayout {
  if (!(x instanceof Tensor)) throw new ValueError(`${op}: expected a Tensor`);
  const s = x.shape;
  if (s.length < 2 || s.length > 4) {
    throw new ShapeError(`${op}: expected an image [H,W], [C,H,W] or a batch [N,C,H,W], got shape ${fmtShape(s)}`);
  }
  return {
    samples: s.length === 4 ? s[0] : 1, channels: s.length >= 3 ? s[s.length - 3] : 1,
    height: s[s.length - 2], width: s[s.length - 1],
  };
}

export function requireFloatImage(x: Tensor, op: string): void {
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: expected a float32 or float64 image, got ${x.dtype}`);
}

/**
 * Builds the output of a per-sample transform: `fn(src, dst, base, layout)` writes sample `n`
 * (elements from `base` = n·C·H·W in both arrays), with random draws made sample by sample — a
 * batch gets independent draws per image. `outHW` changes the output's spatial size.
 */
export function mapSamples(x: Tensor, op: string,
  fn: (src: AnyArray, dst: AnyArray, n: number, lay: ImageLayout, outLay: ImageLayout) => void,
  outHW?: [number, number]): Tensor {
  const lay = imageLayout(x, op);
  const outLay = { ...lay, height: outHW?.[0] ?? lay.height, width: outHW?.[1] ?? lay.width };
  const src = x.contiguousData();
  const dst = allocArray(x.dtype, lay.samples * lay.channels * outLay.height * outLay.width);
  for (let n = 0; n < lay.samples; n++) fn(src, dst, n, lay, outLay);
  const shape = [...x.shape];
  shape[shape.length - 2] = outLay.height;
  shape[shape.length - 1] = outLay.width;
  return Tensor.fromArray(dst, shape, x.dtype);
}

/** Copies sample n of src into dst unchanged. */
export function copySample(src: AnyArray, dst: AnyArray, n: number, lay: ImageLayout): void {
  const size = lay.channels * lay.height * lay.width;
  dst.set(src.subarray(n * size, (n + 1) * size), n * size);
}

/** Validates a probability option. */
export function checkProb(p: number, op: string): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ValueError(`${op}: p must be a probability in [0, 1], got ${p}`);
  return p;
}
