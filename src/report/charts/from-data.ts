// A Chart from the plain ChartData a check result carries (kind + the fields that kind needs).
import { ValueError } from '../../errors.js';
import type { Chart } from './chart.js';
import { barChart, heatmap, histogram, lineChart, scatterChart, type Series } from './kinds.js';

/** The ChartData shape of src/qa/checks/types.ts (restated so report does not import qa). */
export interface ChartDataLike {
  kind: 'line' | 'bar' | 'heatmap' | 'scatter' | 'histogram';
  title: string;
  xLabel?: string;
  yLabel?: string;
  series?: Series[];
  bars?: { label: string; value: number }[];
  heatmap?: { rows: string[]; cols: string[]; values: number[][] };
  logY?: boolean;
  values?: number[];
  bins?: number;
}

/** Builds the chart a ChartData describes; a missing field for its kind is a ValueError. */
export function chartFromData(d: ChartDataLike): Chart {
  const need = <T>(v: T | undefined, field: string): T => {
    if (v === undefined) throw new ValueError(`chartFromData: a '${d.kind}' chart ("${d.title}") needs '${field}'`);
    return v;
  };
  const base = { title: d.title, xLabel: d.xLabel, yLabel: d.yLabel };
  switch (d.kind) {
    case 'line': return lineChart({ ...base, series: need(d.series, 'series'), logY: d.logY });
    case 'scatter': return scatterChart({ ...base, series: need(d.series, 'series'), logY: d.logY });
    case 'bar': return barChart({ ...base, bars: need(d.bars, 'bars') });
    case 'histogram': return histogram({ ...base, values: need(d.values, 'values'), bins: d.bins });
    case 'heatmap': return heatmap({ title: d.title, ...need(d.heatmap, 'heatmap') });
    default: throw new ValueError(`chartFromData: unknown chart kind ${JSON.stringify((d as { kind: unknown }).kind)}`);
  }
}
