// State-dict loading for Module: validate every key and shape first, then copy in place; plus the
// in-place dtype cast used by Module.to().
import type { DType } from '../backend/types.js';
import { TrainlabError, fmtShape } from '../errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { castData } from '../ops/util.js';
import '../ops/methods.js';

/** Parameters and buffers by dotted name (insertion order = torch's order). */
export type StateDict = Record<string, Tensor>;

/** What loadStateDict found: keys the module has that the dict lacks, and the reverse. */
export interface LoadStateDictResult { missingKeys: string[]; unexpectedKeys: string[] }

/** A state dict that does not fit the module; lists every problem found. */
export class StateDictError extends TrainlabError {
  constructor(message: string, readonly missingKeys: string[], readonly unexpectedKeys: string[], readonly mismatches: string[]) {
    super(message);
  }
}

const quote = (ks: string[]) => ks.map((k) => `"${k}"`).join(', ');

/**
 * Validates `source` against `target` (the module's own state dict with live tensors), then
 * copies each value in place with a dtype cast. Throws before writing anything.
 */
export function loadStateDictInto(owner: string, target: StateDict, source: StateDict | Map<string, Tensor>,
  strict: boolean): LoadStateDictResult {
  if (source === null || typeof source !== 'object') {
    throw new StateDictError(`loadStateDict: expected a state dict (object or Map of tensors) for ${owner}, got ${source === null ? 'null' : typeof source}`, [], [], []);
  }
  const entries: [string, unknown][] = source instanceof Map ? [...source.entries()] : Object.entries(source);
  const src = new Map(entries);
  const missingKeys = Object.keys(target).filter((k) => !src.has(k));
  const unexpectedKeys = entries.map(([k]) => k).filter((k) => !Object.prototype.hasOwnProperty.call(target, k));
  const mismatches: string[] = [];
  for (const [k, v] of entries) {
    if (!Object.prototype.hasOwnProperty.call(target, k)) continue;
    const t = target[k];
    if (!(v instanceof Tensor)) {
      mismatches.push(`expected a Tensor for "${k}", got ${v === null ? 'null' : typeof v}`);
    } else if (v.shape.length !== t.shape.length || v.shape.some((s, i) => s !== t.shape[i])) {
      mismatches.push(`size mismatch for ${k}: copying a param with shape ${fmtShape(v.shape)} from checkpoint, ` +
        `the shape in current model is ${fmtShape(t.shape)}`);
    }
  }
  const errors: string[] = [];
  if (strict && missingKeys.length) errors.push(`Missing key(s) in state_dict: ${quote(missingKeys)}.`);
  if (strict && unexpectedKeys.length) errors.push(`Unexpected key(s) in state_dict: ${quote(unexpectedKeys)}.`);
  errors.push(...mismatches.map((m) => `${m}.`));
  if (errors.length) {
    throw new StateDictError(`loadStateDict: Error(s) in loading state_dict for ${owner}:\n\t${errors.join('\n\t')}`,
      missingKeys, unexpectedKeys, mismatches);
  }
  noGrad(() => {
    for (const [k, v] of entries) {
      if (Object.prototype.hasOwnProperty.call(target, k)) target[k].copy_(v as Tensor);
    }
  });
  return { missingKeys, unexpectedKeys };
}

/** Casts a float parameter/buffer to `dtype` in place, keeping the object (so references stay valid). */
export function castParam(t: Tensor, dtype: DType): void {
  if (!isFloat(t.dtype) || t.dtype === dtype) return;
  const c = castData(t, dtype);
  t.adoptStorage(c);
  t.shape = [...c.shape];
  t.strides = [...c.strides];
  t.offset = 0;
  t.dtype = dtype;
  if (t.grad !== null) t.grad = castData(t.grad, dtype);
}
