// defaultCollate: turns a list of samples into one batch — tensors stacked along a new dim 0,
// numbers into a 1-D tensor, arrays and plain objects collated element by element.
import { allocArray, type DType } from '../backend/types.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** A sample type mapped to the batch type defaultCollate makes from it. */
export type Collated<T> = T extends Tensor ? Tensor
  : T extends number | boolean ? Tensor
    : T extends string ? string[]
      : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object ? { [K in keyof T]: Collated<T[K]> } : never;

export interface CollateOptions {
  /**
   * dtype of the tensor made from plain numbers (default float32). With 'int64' or 'int32' every
   * number must be an integer. DataLoader passes its dataset's `numberDType` here.
   */
  numberDType?: DType;
}

/**
 * Collates samples into a batch, recursively:
 * - tensors of one shape and dtype → one tensor `[B, ...shape]` (a copy);
 * - numbers → a `[B]` tensor of `numberDType` (float32 unless told); booleans → bool;
 * - strings → an array of strings;
 * - arrays / tuples of one length → an array of collated positions;
 * - plain objects with the same keys → an object of collated fields.
 * Mismatches throw, naming the sample index, its path in the sample and the shapes.
 * @example defaultCollate([[x0, 3], [x1, 7]], { numberDType: 'int64' }) // [X [2,...], Y int64 [2]]
 */
export function defaultCollate<T>(batch: readonly T[], opts: CollateOptions = {}): Collated<T> {
  if (batch.length === 0) throw new ValueError('defaultCollate: the batch is empty');
  return collateAt(batch as readonly unknown[], '', opts) as Collated<T>;
}

function where(path: string): string {
  return path === '' ? '' : ` at ${path}`;
}

function collateAt(batch: readonly unknown[], path: string, opts: CollateOptions): unknown {
  const first = batch[0];
  if (first instanceof Tensor) return stackSamples(batch, path);
  if (typeof first === 'number' || typeof first === 'boolean') return numbersToTensor(batch, path, opts);
  if (typeof first === 'string') {
    batch.forEach((b, i) => { if (typeof b !== 'string') throw mismatch(i, path, 'a string', b); });
    return [...batch];
  }
  if (Array.isArray(first)) {
    const n = first.length;
    batch.forEach((b, i) => {
      if (!Array.isArray(b)) throw mismatch(i, path, 'an array', b);
      if (b.length !== n) {
        throw new ShapeError(`defaultCollate: each element in the batch should be of equal size${where(path)}: ` +
          `sample 0 has ${n} elements but sample ${i} has ${b.length}`);
      }
    });
    return first.map((_, k) => collateAt(batch.map((b) => (b as unknown[])[k]), `${path}[${k}]`, opts));
  }
  if (first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
    const keys = Object.keys(first);
    const out: Record<string, unknown> = {};
    batch.forEach((b, i) => {
      if (b === null || typeof b !== 'object' || Array.isArray(b)) throw mismatch(i, path, 'an object', b);
      const bk = Object.keys(b);
      if (bk.length !== keys.length || keys.some((k) => !(k in b))) {
        throw new ValueError(`defaultCollate: sample ${i}${where(path)} has keys [${bk.join(', ')}] but sample 0 has [${keys.join(', ')}]`);
      }
    });
    for (const k of keys) out[k] = collateAt(batch.map((b) => (b as Record<string, unknown>)[k]), `${path}.${k}`, opts);
    return out;
  }
  throw new ValueError(`defaultCollate: cannot collate ${describe(first)}${where(path)}; samples must hold tensors, numbers, ` +
    'booleans, strings, arrays or plain objects (pass a collateFn for other types)');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Tensor) return `a tensor of shape ${fmtShape(v.shape)}`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an object of type ${v.constructor?.name ?? 'unknown'}`;
  return `a ${typeof v}`;
}

function mismatch(i: number, path: string, expected: string, got: unknown): ValueError {
  return new ValueError(`defaultCollate: sample ${i}${where(path)} is ${describe(got)} but sample 0 is ${expected}`);
}

/** Stacks same-shape tensors along a new dim 0 by copying their elements straight into one array. */
function stackSamples(batch: readonly unknown[], path: string): Tensor {
  const first = batch[0] as Tensor;
  const shape = first.shape, dtype = first.dtype, n = first.numel();
  const out = allocArray(dtype, n * batch.length);
  batch.forEach((b, i) => {
    if (!(b instanceof Tensor)) throw mismatch(i, path, `a tensor of shape ${fmtShape(shape)}`, b);
    if (!sameShape(b.shape, shape)) {
      throw new ShapeError(`defaultCollate: stack expects each tensor to be equal size${where(path)}, but sample 0 has ` +
        `shape ${fmtShape(shape)} and sample ${i} has shape ${fmtShape(b.shape)}`);
    }
    if (b.dtype !== dtype) {
      throw new DTypeError(`defaultCollate: sample 0${where(path)} is ${dtype} but sample ${i} is ${b.dtype}; samples must share one dtype`);
    }
    if (b.isContiguous()) out.set(b.storage.data.subarray(b.offset, b.offset + n), i * n);
    else out.set(b.toTypedArray(), i * n);
  });
  return Tensor.fromArray(out, [batch.length, ...shape], dtype);
}

function numbersToTensor(batch: readonly unknown[], path: string, opts: CollateOptions): Tensor {
  const isBool = typeof batch[0] === 'boolean';
  const dtype: DType = isBool ? 'bool' : opts.numberDType ?? 'float32';
  const out = allocArray(dtype, batch.length);
  batch.forEach((b, i) => {
    if (isBool ? typeof b !== 'boolean' : typeof b !== 'number') throw mismatch(i, path, `a ${typeof batch[0]}`, b);
    const v = Number(b);
    if ((dtype === 'int64' || dtype === 'int32') && !Number.isInteger(v)) {
      throw new ValueError(`defaultCollate: sample ${i}${where(path)} is ${v}, not an integer, but numbers collate to ${dtype} here`);
    }
    out[i] = v;
  });
  return Tensor.fromArray(out, [batch.length], dtype);
}
