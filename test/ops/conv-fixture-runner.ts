// Runs the ops.json cases of the conv/pool/norm ops (forward, gradients, running stats) for the
// conv*, pool* and norm* tests, until the generic fixtures-parity runner covers them.
import { F, Tensor, mul, sum } from '../../src/index.js';
import { assertClose, convert, isFixtureTensor, loadFixture, toTensor, type FixtureTensor } from '../helpers/fixtures.js';

export interface OpCase {
  id: string; fn: string; args: unknown[]; options?: Record<string, unknown>;
  out: FixtureTensor; grads?: Record<string, FixtureTensor>; gradWeight?: FixtureTensor;
  extra?: Record<string, FixtureTensor>;
}

/** The ops.json cases whose fn is one of `fns` (e.g. 'F.conv2d'). */
export function casesOf(...fns: string[]): OpCase[] {
  const all = loadFixture<{ cases: OpCase[] }>('ops.json').cases;
  return all.filter((c) => fns.includes(c.fn));
}

/** Runs one case: compares out, the running stats of batchNorm (extra) and every listed gradient. */
export function runCase(c: OpCase, dtype: 'float32' | 'float64' = 'float32'): void {
  const args = c.args.map((a, i) => (isFixtureTensor(a)
    ? toTensor(a, { dtype: a.dtype === 'float32' ? dtype : undefined, requiresGrad: !!c.grads?.[String(i)] })
    : convert(a)));
  const fn = (F as unknown as Record<string, (...a: unknown[]) => Tensor>)[c.fn.replace(/^F\./, '')];
  if (!fn) throw new Error(`${c.id}: F.${c.fn} is not exported`);
  const out = fn(...args, c.options ?? {});
  assertClose(out, c.out, `${c.id} out`);
  for (const [k, v] of Object.entries(c.extra ?? {})) {
    const idx = k === 'runningMean' ? 1 : k === 'runningVar' ? 2 : -1;
    if (idx >= 0) assertClose(args[idx] as Tensor, v, `${c.id} extra.${k}`);
  }
  if (!c.grads || !Object.keys(c.grads).length) return;
  const loss = c.gradWeight ? sum(mul(out, toTensor(c.gradWeight, { dtype: out.dtype }))) : out.numel() === 1 ? out : sum(out);
  loss.backward();
  for (const [k, g] of Object.entries(c.grads)) {
    const t = args[Number(k)] as Tensor;
    if (!t.grad) throw new Error(`${c.id}: no gradient reached argument ${k}`);
    assertClose(t.grad, g, `${c.id} grad ${k}`);
  }
}
