// Loading the PyTorch fixtures (test/fixtures, copied from ../shared/fixtures) and comparing values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import { Tensor, tensor, type DType } from '../../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures');

export interface FixtureTensor { shape: number[]; dtype: string; data: (number | string)[] }

/** Reads a fixture file by name (`ops.json`) or by absolute path (for other files of the format). */
export function loadFixture<T = unknown>(nameOrPath: string): T {
  const p = nameOrPath.includes('/') ? nameOrPath : join(FIXTURES, nameOrPath);
  return JSON.parse(readFileSync(p, 'utf8')) as T;
}

export function isFixtureTensor(x: unknown): x is FixtureTensor {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const k = Object.keys(x).sort().join(',');
  return k === 'data,dtype,shape';
}

const num = (v: number | string): number => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity);

/** A fixture tensor as a trainlab tensor (float32 unless `dtype` overrides). */
export function toTensor(f: FixtureTensor, opts: { dtype?: DType; requiresGrad?: boolean } = {}): Tensor {
  const dtype = (opts.dtype ?? f.dtype) as DType;
  const isFloat = dtype === 'float32' || dtype === 'float64';
  return tensor(f.data.map(num), { shape: f.shape, dtype, requiresGrad: isFloat && opts.requiresGrad });
}

/** Recursively converts fixture tensors inside options/args into trainlab tensors. */
export function convert(x: unknown): unknown {
  if (isFixtureTensor(x)) return toTensor(x);
  if (Array.isArray(x)) return x.map(convert);
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, convert(v)]));
  return x;
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise, with a message naming the case. */
export function assertClose(actual: Tensor | number, expected: FixtureTensor | number, what: string,
  rtol = 1e-4, atol = 1e-5): void {
  const exp = typeof expected === 'number' ? { shape: [], data: [expected] } : expected;
  if (typeof actual === 'number') actual = tensor([actual], { shape: [], dtype: 'float64' });
  assert.deepEqual(actual.shape, exp.shape, `${what}: shape ${JSON.stringify(actual.shape)} vs expected ${JSON.stringify(exp.shape)}`);
  const a = actual.contiguousData();
  for (let i = 0; i < a.length; i++) {
    const e = num(exp.data[i]);
    // a non-finite expected value (README §1 allows them) matches only itself: |∞ − ∞| is NaN
    const ok = !Number.isFinite(e) ? Object.is(a[i], e) || (Number.isNaN(e) && Number.isNaN(a[i]))
      : Math.abs(a[i] - e) <= atol + rtol * Math.abs(e);
    if (!ok) assert.fail(`${what}: element ${i} is ${a[i]}, expected ${e} (rtol ${rtol}, atol ${atol})`);
  }
}
