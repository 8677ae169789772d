// The seed's §4.1: the optimizer table (en and zh-CN) and SGD (lr 0.1), Adam (lr 0.01), RMSprop
// (lr 0.01) minimising f(x) = x² from x = 10 for 100 steps, checked against PyTorch's figures.
// Run: node --import tsx examples/optimizer-comparison.ts [en|zh-CN]
import { readFileSync } from 'node:fs';
import { optim } from '../src/index.js';
// the seed's optimizer_performance_demo, as `trainlab demo` runs it
import { quadraticDemo } from '../src/cli/demo/optimizers.js';

type Lang = optim.InfoLang;

/** PyTorch's x after each step, from the quadratic/... cases of the optim fixture. */
function pytorchXs(): Record<string, number[]> {
  const url = new URL('../test/fixtures/optim.json', import.meta.url);
  const cases = (JSON.parse(readFileSync(url, 'utf8')) as { cases: { id: string; x0?: number; xs?: number[] }[] }).cases;
  const out: Record<string, number[]> = {};
  for (const c of cases) if (c.id.startsWith('quadratic/') && c.xs) out[c.id.slice('quadratic/'.length).split('_')[0]] = [c.x0!, ...c.xs];
  return out;
}

const langs: Lang[] = process.argv[2] === 'en' || process.argv[2] === 'zh-CN' ? [process.argv[2]] : ['zh-CN', 'en'];
for (const lang of langs) console.log(optim.optimizerInfoLines(lang).join('\n') + '\n');

const results = quadraticDemo();
const torch = pytorchXs();
console.log('=== f(x) = x², x0 = 10, 100 steps ===');
console.log('optimizer   x[10]         x[50]         x[100]        final loss    max rel. diff vs PyTorch');
for (const [name, r] of Object.entries(results)) {
  const ref = torch[name];
  const diff = ref ? Math.max(...r.xValues.map((v, i) => Math.abs(v - ref[i]) / Math.max(Math.abs(ref[i]), 1e-30))) : NaN;
  const f = (v: number) => v.toExponential(6).padEnd(14);
  console.log(`${name.padEnd(12)}${f(r.xValues[10])}${f(r.xValues[50])}${f(r.xValues[100])}${f(r.finalLoss)}${diff.toExponential(2)}`);
}
if (Object.keys(torch).length > 0) {
  console.log('\nPyTorch x[100]: ' + Object.entries(torch).map(([n, xs]) => `${n} ${xs[100].toExponential(6)}`).join(', '));
}
