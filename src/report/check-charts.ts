// Renders the ChartData attached to check results as SVG strings, through the chart module.
import type { SuiteReport } from '../qa/pipeline.js';
import type { ChartData } from '../qa/checks/types.js';
import { chartFromData } from './charts/from-data.js';
import { xmlEscape } from './junit.js';

/** SVGs per result, in order; a chart that fails to render becomes a short escaped note, not a crash. */
export async function renderCheckCharts(r: SuiteReport): Promise<string[][]> {
  return Promise.all(r.results.map((c) => Promise.all(c.charts.map(async (d: ChartData) => {
    try {
      return await chartFromData(d).toSvg();
    } catch (e) {
      return `<p class="chart-error">chart '${xmlEscape(String(d?.title))}' could not be rendered: ${xmlEscape(String((e as Error)?.message ?? e))}</p>`;
    }
  }))));
}
