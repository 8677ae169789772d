// Printing close to PyTorch's: `tensor([[1.0000, 2.0000]], requiresGrad=true)`.
import { fmtShape } from '../errors.js';
import { isFloat } from './dtype.js';
import type { Tensor } from './tensor.js';

function formatter(t: Tensor, vals: number[]): (v: number) => string {
  if (t.dtype === 'bool') return (v) => (v ? 'True' : 'False');
  if (!isFloat(t.dtype)) return (v) => String(v);
  const finite = vals.filter(Number.isFinite).map(Math.abs);
  const max = finite.length ? Math.max(...finite) : 0;
  const nz = finite.filter((v) => v > 0);
  const min = nz.length ? Math.min(...nz) : 0;
  const intMode = finite.every((v) => Number.isInteger(v));
  const sci = max >= 1e8 || (min > 0 && min < 1e-4) || (min > 0 && max / min > 1000 && !intMode);
  return (v) => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (sci) return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
    if (intMode) return `${v.toFixed(0)}.`;
    return v.toFixed(4);
  };
}

/** The PyTorch-style text of a tensor (large tensors are summarised with '...'). */
export function formatTensor(t: Tensor): string {
  if (t.isDisposed) return `tensor(<disposed>, shape=${fmtShape(t.shape)}, dtype=${t.dtype})`;
  const vals = Array.from(t.contiguousData());
  const fmt = formatter(t, vals);
  const strs = vals.map(fmt);
  const width = Math.max(0, ...strs.map((s) => s.length));
  const pad = (s: string) => s.padStart(width);
  const summarise = vals.length > 1000;
  const rec = (d: number, off: number, indent: string): string => {
    if (t.ndim === 0) return strs[0];
    const n = t.shape[d];
    const step = t.shape.slice(d + 1).reduce((a, b) => a * b, 1);
    const idx = summarise && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    if (d === t.ndim - 1) return `[${idx.map((i) => (i < 0 ? '...' : pad(strs[off + i]))).join(', ')}]`;
    const sep = ',' + '\n'.repeat(t.ndim - d - 1) + indent + ' ';
    return `[${idx.map((i) => (i < 0 ? '...' : rec(d + 1, off + i * step, indent + ' '))).join(sep)}]`;
  };
  const extras: string[] = [];
  if (t.dtype !== 'float32' && t.dtype !== 'bool' && t.dtype !== 'int64') extras.push(`dtype=${t.dtype}`);
  if (vals.length === 0) extras.push(`size=[${t.shape.join(', ')}]`);
  if (t.gradFn) extras.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `tensor(${rec(0, 0, '       ')}${extras.map((e) => ', ' + e).join('')})`;
}
