// Demo §4.1: the seed's optimizer table and its comparison on f(x) = x² from x = 10 for 100
// steps (SGD lr 0.1, Adam lr 0.01, RMSprop lr 0.01), with convergence and parameter-path charts.
import { tensor } from '../../tensor/creation.js';
import { Adam, RMSprop, SGD } from '../../optim/index.js';
import { OPTIMIZER_INFO } from '../../optim/optimizer-info.js';
import type { Lang } from '../../report/i18n.js';
import { htmlTable, type DemoSection } from './types.js';

export interface QuadraticRun { xValues: number[]; lossValues: number[]; finalLoss: number }

/** The seed's optimizer_performance_demo: records x and the loss as the seed does. */
export function quadraticDemo(): Record<string, QuadraticRun> {
  const makers = { SGD: (p: ReturnType<typeof tensor>[]) => new SGD(p, { lr: 0.1 }),
    Adam: (p: ReturnType<typeof tensor>[]) => new Adam(p, { lr: 0.01 }), RMSprop: (p: ReturnType<typeof tensor>[]) => new RMSprop(p, { lr: 0.01 }) };
  const out: Record<string, QuadraticRun> = {};
  for (const [name, make] of Object.entries(makers)) {
    const x = tensor([10.0], { requiresGrad: true });
    const opt = make([x]);
    const xValues = [x.item()], lossValues = [x.mul(x).item()];
    for (let i = 0; i < 100; i++) {
      opt.zeroGrad();
      const loss = x.mul(x).sum();
      loss.backward();
      opt.step();
      xValues.push(x.item());
      lossValues.push(loss.item());
    }
    out[name] = { xValues, lossValues, finalLoss: lossValues[lossValues.length - 1] };
  }
  return out;
}

export function optimizerSection(lang: Lang = 'en'): DemoSection {
  const info = OPTIMIZER_INFO[lang] ?? OPTIMIZER_INFO.en;
  const lines: string[] = ['=== Optimizers ==='];
  for (const [name, i] of Object.entries(info)) lines.push(`${name}: ${i.description} | + ${i.advantages} | − ${i.disadvantages}`);
  const runs = quadraticDemo();
  lines.push('', 'f(x) = x² from x = 10, 100 steps:');
  for (const [name, r] of Object.entries(runs)) lines.push(`  ${name.padEnd(8)} final x ${r.xValues[100].toExponential(4)}, final loss ${r.finalLoss.toExponential(4)}`);
  const steps = (n: number) => Array.from({ length: n }, (_, i) => i);
  return {
    title: 'Optimizers', lines,
    html: htmlTable(['optimizer', 'description', 'advantages', 'disadvantages'], Object.entries(info).map(([n, i]) => [n, i.description, i.advantages, i.disadvantages])),
    charts: [
      { kind: 'line', title: 'Optimizer convergence on x²', xLabel: 'iteration', yLabel: 'loss', logY: true,
        series: Object.entries(runs).map(([name, r]) => ({ name, x: steps(r.lossValues.length), y: r.lossValues })) },
      { kind: 'line', title: 'Parameter path', xLabel: 'iteration', yLabel: 'x',
        series: Object.entries(runs).map(([name, r]) => ({ name, x: steps(r.xValues.length), y: r.xValues })) },
    ],
  };
}
