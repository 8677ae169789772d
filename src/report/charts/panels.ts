// Multi-panel figures (vega-lite concat), the 4-panel training-history figure, and saveChart.
import { mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { ValueError } from '../../errors.js';
import { writeFileAtomic } from '../../train/atomic-write.js';
import { SCHEMA, makeChart, type Chart, type VegaLiteSpec } from './chart.js';
import { lineChart } from './kinds.js';

/**
 * Several charts in a grid, `columns` per row (default 2), with an optional overall title.
 * @example
 * panels([lossChart, accChart, lrChart, gradChart], { columns: 2, title: 'Training history' });
 */
export function panels(charts: Chart[], opts: { columns?: number; title?: string } = {}): Chart {
  if (!Array.isArray(charts) || charts.length === 0) throw new ValueError('panels: no charts given');
  const columns = opts.columns ?? 2;
  if (!Number.isInteger(columns) || columns < 1) throw new ValueError(`panels: columns must be a positive integer, got ${columns}`);
  const subs = charts.map((c, i) => {
    if (!c || typeof c.spec !== 'object') throw new ValueError(`panels: item ${i} is not a chart`);
    const { $schema: _s, config: _c, background: _b, ...rest } = c.spec;
    return rest;
  });
  const spec: VegaLiteSpec = { $schema: SCHEMA, background: 'white', concat: subs, columns,
    resolve: { scale: { color: 'independent' } } };
  if (opts.title !== undefined) spec.title = opts.title;
  return makeChart(spec);
}

/** Per-epoch history with TrainingMonitor's keys (any subset), plus optional gradient norms. */
export interface HistoryForChart {
  epochs?: number[];
  trainLosses?: number[]; valLosses?: number[];
  trainAccuracies?: number[]; valAccuracies?: number[];
  learningRates?: number[];
  /** Global gradient L2 norm per epoch (4th panel); else `stepLosses` fills it (loss per step). */
  gradNorms?: number[];
  stepLosses?: number[];
}

type S = { name: string; x: number[]; y: number[] };

/**
 * The standard 4-panel training figure: loss, accuracy, learning rate (log scale) and gradient
 * norm per epoch (or loss per step). Series with no finite value (NaN = not measured) and panels
 * without data are left out.
 * @example
 * await saveChart(trainingHistoryChart(monitor.toJSON()), 'runs/exp1/history');
 */
export function trainingHistoryChart(h: HistoryForChart, opts: { title?: string } = {}): Chart {
  const epochX = (n: number) => h.epochs?.slice(0, n) ?? Array.from({ length: n }, (_, i) => i + 1);
  const series = (pairs: [string, number[] | undefined][], x = epochX): S[] => pairs
    .filter(([, y]) => Array.isArray(y) && y.some(Number.isFinite))
    .map(([name, y]) => ({ name, x: x(y!.length), y: y! }));
  const stepX = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const fourth: [string, string, string, S[]] = h.gradNorms?.some(Number.isFinite)
    ? ['Gradient norm', 'epoch', 'global L2 norm', series([['grad norm', h.gradNorms]])]
    : ['Loss per step', 'step', 'loss', series([['train', h.stepLosses]], stepX)];
  const specs: [string, string, string, S[], boolean][] = [
    ['Loss', 'epoch', 'loss', series([['train', h.trainLosses], ['validation', h.valLosses]]), false],
    ['Accuracy', 'epoch', 'accuracy', series([['train', h.trainAccuracies], ['validation', h.valAccuracies]]), false],
    ['Learning rate', 'epoch', 'lr', series([['lr', h.learningRates]]), true],
    [...fourth, false],
  ];
  const charts = specs.filter(([, , , s]) => s.length > 0)
    .map(([title, xLabel, yLabel, s, logY]) => lineChart({ title, xLabel, yLabel, series: s, logY, width: 300, height: 180 }));
  if (charts.length === 0) throw new ValueError('trainingHistoryChart: the history has no finite series to plot');
  return panels(charts, { columns: 2, title: opts.title ?? 'Training history' });
}

/**
 * Writes a chart to disk: `path.svg` or `path.png` writes that format; a path without one of these
 * extensions writes both `path.svg` and `path.png`. Files are written atomically. Returns the paths.
 */
export async function saveChart(chart: Chart, path: string): Promise<string[]> {
  const ext = extname(path).toLowerCase();
  const targets = ext === '.svg' || ext === '.png' ? [path] : [`${path}.svg`, `${path}.png`];
  mkdirSync(dirname(path), { recursive: true });
  const svg = await chart.toSvg();
  for (const t of targets) {
    const bytes = t.toLowerCase().endsWith('.svg') ? new TextEncoder().encode(svg) : await chart.toPng();
    writeFileAtomic(t, bytes);
  }
  return targets;
}
