// trainlab charts: line, bar, scatter, histogram, heatmap and multi-panel figures as vega-lite
// specs, rendered headless to SVG (vega) and PNG (resvg).
export { makeChart, type Chart, type BaseChartOptions, type VegaLiteSpec } from './chart.js';
export {
  lineChart, scatterChart, barChart, histogram, heatmap, binCounts,
  type Series, type XYChartOptions, type BarChartOptions, type HistogramOptions, type HeatmapOptions,
} from './kinds.js';
export { panels, trainingHistoryChart, saveChart, type HistoryForChart } from './panels.js';
export { chartFromData, type ChartDataLike } from './from-data.js';
export { chartFontFiles, setChartFonts, specToSvg, svgToPng } from './render.js';
