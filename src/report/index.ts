// trainlab/report: renderers of suite reports (console, JSON, JUnit XML, Markdown, HTML), the
// benchmark report, and the chart module.
export { renderConsole, renderMarkdown, renderJson } from './text.js';
export { renderJUnit, xmlEscape } from './junit.js';
export { renderHtml, type HtmlSection } from './html.js';
export { renderCheckCharts } from './check-charts.js';
export { renderBenchMarkdown, benchResultsJson, type ModelBench } from './bench-report.js';
export { labels, type Lang, type Labels } from './i18n.js';
export * from './charts/index.js';
