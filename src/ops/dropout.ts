// Dropout: zeroes each element with probability p (seeded through a Generator) and scales the
// survivors by 1/(1 − p), so the expectation is unchanged; identity when not training.
import { ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { argsToOptions, checkTensor } from './util.js';

export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  /** Identity when false (default true, as F.dropout). */
  training?: boolean;
  /** Random source; the global generator by default. */
  generator?: Generator;
}

/**
 * x·mask/(1 − p) with mask ~ Bernoulli(1 − p) per element; gradients flow through the same mask.
 * p = 1 gives zeros. One uniform draw per element, in row-major order.
 * @example dropout(x, { p: 0.1, training: model.training, generator: new Generator(0) })
 */
export function dropout(x: Tensor, ...rest: (number | boolean | DropoutOptions)[]): Tensor {
  checkTensor(x, 'dropout');
  const o = argsToOptions<DropoutOptions>(rest, ['p', 'training']);
  const p = o.p ?? 0.5;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ValueError(`dropout: probability has to be between 0 and 1, but got ${p}`);
  if (o.training === false || p === 0) return x;
  const g = o.generator ?? defaultGenerator;
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  const mask = Tensor.empty(x.shape, dtype), m = mask.storage.data;
  const scale = p === 1 ? 0 : 1 / (1 - p);
  for (let i = 0; i < m.length; i++) m[i] = g.uniform53() < p ? 0 : scale;
  return mul(x, mask);
}
