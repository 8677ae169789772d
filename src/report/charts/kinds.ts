// The chart kinds: line, bar, scatter, histogram and heatmap, each a vega-lite spec built from plain
// arrays. Non-finite values are dropped (and counted in the subtitle); empty input is a ValueError.
import { ValueError } from '../../errors.js';
import {
  axisTitle, checkNumbers, checkSameLength, dropNote, header, makeChart,
  type BaseChartOptions, type Chart,
} from './chart.js';

/** One line/scatter series. */
export interface Series { name: string; x: readonly number[]; y: readonly number[] }

export interface XYChartOptions extends BaseChartOptions {
  series: Series[];
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic y axis (values ≤ 0 are dropped and counted). */
  logY?: boolean;
}

function xyRows(op: string, o: XYChartOptions): { rows: Record<string, unknown>[]; notes: string[] } {
  if (!Array.isArray(o?.series) || o.series.length === 0) throw new ValueError(`${op}: series is empty: give at least one {name, x, y}`);
  const rows: Record<string, unknown>[] = [];
  let nonFinite = 0, nonPositive = 0;
  for (const [i, s] of o.series.entries()) {
    const name = typeof s?.name === 'string' ? s.name : `series ${i}`;
    const x = checkNumbers(op, `series "${name}" x`, s?.x), y = checkNumbers(op, `series "${name}" y`, s?.y);
    checkSameLength(op, `series "${name}" x`, x, 'y', y);
    for (let j = 0; j < x.length; j++) {
      if (!Number.isFinite(x[j]) || !Number.isFinite(y[j])) nonFinite++;
      else if (o.logY && y[j] <= 0) nonPositive++;
      else rows.push({ x: x[j], y: y[j], series: name });
    }
  }
  return { rows, notes: [...dropNote(nonFinite, 'NaN/infinite points dropped'), ...dropNote(nonPositive, 'points ≤ 0 dropped (log scale)')] };
}

function xyEncoding(o: XYChartOptions, rows: Record<string, unknown>[]): Record<string, unknown> {
  // integer x (epochs, steps): no ticks between integers
  const intX = rows.every((r) => Number.isInteger(r.x));
  return {
    x: { field: 'x', type: 'quantitative', ...axisTitle(o.xLabel), scale: { zero: false }, axis: intX ? { tickMinStep: 1 } : {} },
    y: { field: 'y', type: 'quantitative', ...axisTitle(o.yLabel), scale: o.logY ? { type: 'log' } : { zero: false } },
    color: { field: 'series', type: 'nominal', title: null, sort: o.series.map((s) => s.name) },
  };
}

/**
 * Lines, one per series (e.g. train and validation loss per epoch).
 * @example
 * lineChart({ title: 'Loss', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'train', x: [1, 2], y: [0.9, 0.5] }] });
 */
export function lineChart(o: XYChartOptions): Chart {
  const { rows, notes } = xyRows('lineChart', o);
  return makeChart({ ...header('lineChart', o, notes), data: { values: rows }, mark: { type: 'line', point: false }, encoding: xyEncoding(o, rows) });
}

/** Points, one colour per series. */
export function scatterChart(o: XYChartOptions): Chart {
  const { rows, notes } = xyRows('scatterChart', o);
  return makeChart({ ...header('scatterChart', o, notes), data: { values: rows }, mark: { type: 'point', filled: true }, encoding: xyEncoding(o, rows) });
}

export interface BarChartOptions extends BaseChartOptions {
  bars: { label: string; value: number }[];
  xLabel?: string;
  yLabel?: string;
  /** Horizontal bars (labels on the y axis). */
  horizontal?: boolean;
}

/** One bar per label, in the given order. */
export function barChart(o: BarChartOptions): Chart {
  const op = 'barChart';
  if (!Array.isArray(o?.bars) || o.bars.length === 0) throw new ValueError(`${op}: bars is empty: nothing to plot`);
  const values = checkNumbers(op, 'bar values', o.bars.map((b) => b?.value));
  const rows = o.bars.map((b, i) => ({ label: String(b.label), value: values[i] })).filter((r) => Number.isFinite(r.value));
  const notes = dropNote(o.bars.length - rows.length, 'NaN/infinite bars dropped');
  const cat = { field: 'label', type: 'nominal', sort: null, ...axisTitle(o.xLabel) };
  const val = { field: 'value', type: 'quantitative', ...axisTitle(o.yLabel) };
  return makeChart({ ...header(op, o, notes), data: { values: rows }, mark: 'bar',
    encoding: o.horizontal ? { y: cat, x: val } : { x: cat, y: val } });
}

export interface HistogramOptions extends BaseChartOptions {
  values: readonly number[];
  /** Number of equal-width bins between min and max. Default 20. */
  bins?: number;
  xLabel?: string;
  yLabel?: string;
}

/** Equal-width bin counts over [min, max] (the last bin includes max). */
export function binCounts(values: readonly number[], bins: number): { edges: number[]; counts: number[] } {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const w = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * w));
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
  return { edges, counts };
}

/** A histogram of `values` (bars over equal-width bins, computed here). */
export function histogram(o: HistogramOptions): Chart {
  const op = 'histogram';
  const all = checkNumbers(op, 'values', o?.values);
  const bins = o.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1 || bins > 10000) throw new ValueError(`${op}: bins must be an integer in [1, 10000], got ${bins}`);
  const finite = all.filter(Number.isFinite);
  const notes = dropNote(all.length - finite.length, 'NaN/infinite values dropped');
  const rows: Record<string, number>[] = [];
  if (finite.length) {
    const { edges, counts } = binCounts(finite, bins);
    counts.forEach((c, i) => rows.push({ start: edges[i], end: edges[i + 1], count: c }));
  }
  return makeChart({ ...header(op, o, notes), data: { values: rows }, mark: { type: 'bar', binSpacing: 0 },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: { binned: true }, ...axisTitle(o.xLabel) },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', ...axisTitle(o.yLabel ?? 'count') },
    } });
}

export interface HeatmapOptions extends BaseChartOptions {
  rows: string[];
  cols: string[];
  /** values[r][c]; NaN/infinite cells are left blank. */
  values: number[][];
  /** Print each value in its cell (default: when there are at most 400 cells). */
  showValues?: boolean;
}

/** A matrix as coloured cells (confusion matrix, per-layer statistics over steps...). */
export function heatmap(o: HeatmapOptions): Chart {
  const op = 'heatmap';
  if (!Array.isArray(o?.rows) || !Array.isArray(o?.cols) || o.rows.length === 0 || o.cols.length === 0) {
    throw new ValueError(`${op}: rows and cols must be non-empty arrays of labels`);
  }
  if (!Array.isArray(o.values)) throw new ValueError(`${op}: values must be a rows × cols array`);
  checkSameLength(op, 'values', o.values, 'rows', o.rows);
  const cells: Record<string, unknown>[] = [];
  let dropped = 0;
  o.values.forEach((r, i) => {
    const vs = checkNumbers(op, `values[${i}]`, r);
    checkSameLength(op, `values[${i}]`, vs, 'cols', o.cols);
    vs.forEach((v, j) => { if (Number.isFinite(v)) cells.push({ row: o.rows[i], col: o.cols[j], value: v }); else dropped++; });
  });
  const base = { ...header(op, o, dropNote(dropped, 'NaN/infinite cells left blank')), data: { values: cells } };
  const enc = {
    x: { field: 'col', type: 'ordinal', sort: o.cols, title: null, axis: { labelAngle: 0 } },
    y: { field: 'row', type: 'ordinal', sort: o.rows, title: null },
  };
  const rect = { mark: 'rect', encoding: { ...enc, color: { field: 'value', type: 'quantitative', title: null, scale: { scheme: 'viridis' } } } };
  const show = o.showValues ?? o.rows.length * o.cols.length <= 400;
  if (!show) return makeChart({ ...base, ...rect });
  // viridis is dark at the low end: white text below the middle of the range, black above
  const vals = cells.map((c) => c.value as number);
  const mid = vals.length ? (vals.reduce((a, b) => Math.min(a, b)) + vals.reduce((a, b) => Math.max(a, b))) / 2 : 0;
  const text = { mark: { type: 'text', fontSize: 10 }, encoding: { ...enc, text: { field: 'value', type: 'quantitative', format: '.3~g' },
    color: { condition: { test: `datum.value < ${mid}`, value: 'white' }, value: 'black' } } };
  return makeChart({ ...base, layer: [rect, text] });
}
