// One self-contained HTML file: totals, a table of checks, and each check's details, metrics and
// charts (inline SVG, no external resources).
import type { SuiteReport } from '../qa/pipeline.js';
import { labels, type Lang } from './i18n.js';
import { xmlEscape as esc } from './junit.js';

export interface HtmlSection {
  title: string;
  /** Inline SVG strings. */
  svgs?: string[];
  /** Already-escaped HTML (tables, paragraphs). */
  html?: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
.pass{color:#176f2c;font-weight:600}.fail{color:#b00020;font-weight:600}.chart{display:inline-block;margin:.5rem}
details{margin:.5rem 0}code{font-size:.9em}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem}`;

/**
 * Renders the report page. `chartSvgs[i]` holds the rendered charts of results[i];
 * `sections` are extra blocks (demo figures, benchmarks) placed after the checks.
 */
export function renderHtml(r: SuiteReport | null, opts: { lang?: Lang; title?: string; chartSvgs?: string[][]; sections?: HtmlSection[]; sectionsFirst?: boolean } = {}): string {
  const L = labels(opts.lang);
  const parts: string[] = [];
  const extra = (opts.sections ?? []).map((s) => `<section class="extra"><h2>${esc(s.title)}</h2>${s.html ?? ''}${(s.svgs ?? []).map((v) => `<div class="chart">${v}</div>`).join('')}</section>`);
  if (opts.sectionsFirst) parts.push(...extra);
  if (r) {
    // after other sections the checks need their own heading (the page title names the whole page)
    if (opts.sectionsFirst && extra.length) parts.push(`<h2 id="checks-heading">${esc(`${L.title}: ${r.suite}`)}</h2>`);
    parts.push(`<table id="totals"><tr><th>${L.total}</th><th>${L.passed}</th><th>${L.failed}</th><th>${L.passRate}</th><th>${L.seed}</th></tr>`,
      `<tr><td>${r.total}</td><td>${r.passed}</td><td>${r.failed}</td><td>${(r.passRate * 100).toFixed(1)}%</td><td>${r.seed}</td></tr></table>`,
      `<table id="checks"><tr><th>${L.check}</th><th>${L.status}</th><th>${L.summary}</th></tr>`,
      ...r.results.map((c) => `<tr><td>${esc(c.name)}</td><td class="${c.passed ? 'pass' : 'fail'}">${c.passed ? L.pass : L.fail}</td><td>${esc(c.summary)}</td></tr>`),
      '</table>');
    r.results.forEach((c, i) => {
      const metrics = Object.entries(c.metrics).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${typeof v === 'number' ? esc(String(+v.toPrecision(6))) : esc(String(v))}</td></tr>`).join('');
      const svgs = (opts.chartSvgs?.[i] ?? []).map((s) => `<div class="chart">${s}</div>`).join('');
      parts.push(`<section class="check" id="check-${esc(c.name.replace(/\s+/g, '-'))}"><h2>${esc(c.name)} <span class="${c.passed ? 'pass' : 'fail'}">${c.passed ? L.pass : L.fail}</span></h2>`,
        `<p>${esc(c.summary)}</p>`, c.details.length ? `<details${c.passed ? '' : ' open'}><summary>${L.details}</summary><ul>${c.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></details>` : '',
        metrics ? `<details><summary>${L.metrics}</summary><table>${metrics}</table></details>` : '', svgs, '</section>');
    });
  }
  if (!opts.sectionsFirst) parts.push(...extra);
  const title = opts.title ?? (r ? `${L.title}: ${r.suite}` : L.title);
  return `<!DOCTYPE html>\n<html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head>\n<body><h1>${esc(title)}</h1>\n${parts.join('\n')}\n</body></html>\n`;
}
