// Helpers shared by layers: size arguments as tuples, and Python-style value printing so that
// reprs read exactly as torch's (`eps=1e-05`, `bias=True`, `kernel_size=(3, 3)`).
import { ValueError } from '../../errors.js';

/** A size option given as one number or a tuple, expanded to `n` numbers (torch's _pair). */
export function ntuple(v: number | readonly number[], n: number, what: string, op: string): number[] {
  const out = typeof v === 'number' ? Array<number>(n).fill(v) : [...v];
  if (out.length !== n || out.some((x) => !Number.isInteger(x))) {
    throw new ValueError(`${op}: ${what} must be an integer or ${n} integers, got ${JSON.stringify(v)}`);
  }
  return out;
}

/** A float as Python's repr prints it: `1.0`, `0.1`, `1e-05`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/** A value as Python prints it: True/False, None, tuples `(3, 3)` / `(4,)`, strings quoted. */
export function py(v: unknown, float = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return float ? pyFloat(v) : String(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0], float)},)` : `(${v.map((x) => py(x, float)).join(', ')})`;
  return String(v);
}
