// Hyperparameter checks shared by the optimizers: each throws a ValueError naming the optimizer,
// the hyperparameter, the value given and what was expected (as torch's checks do).
import { ValueError } from '../errors.js';

/** `value` must be a finite number ≥ 0 (lr, eps, weightDecay, momentum...). */
export function checkNonNegative(opt: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new ValueError(`${opt}: invalid ${name}: ${String(value)} (expected a finite number >= 0)`);
  }
}

/** `value` must lie in [lo, hi) (or [lo, hi] when `closed`). */
export function checkRange(opt: string, name: string, value: unknown, lo: number, hi: number, closed = false): void {
  const ok = typeof value === 'number' && value >= lo && (closed ? value <= hi : value < hi);
  if (!ok) throw new ValueError(`${opt}: invalid ${name}: ${String(value)} (expected ${lo} <= ${name} ${closed ? '<=' : '<'} ${hi})`);
}

/** `betas` must be two numbers, each in [0, 1). */
export function checkBetas(opt: string, betas: unknown): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new ValueError(`${opt}: invalid betas: ${JSON.stringify(betas)} (expected [beta1, beta2])`);
  }
  checkRange(opt, 'beta parameter at index 0', betas[0], 0, 1);
  checkRange(opt, 'beta parameter at index 1', betas[1], 0, 1);
}

/** `value` must be a boolean. */
export function checkBool(opt: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new ValueError(`${opt}: invalid ${name}: ${String(value)} (expected true or false)`);
}
