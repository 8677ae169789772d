// Text renderers of a suite report: the seed's console report and Markdown.
import type { SuiteReport } from '../qa/pipeline.js';
import { labels, type Lang } from './i18n.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x?: number) => (x === undefined ? '' : x < 1000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(2)} s`);

/** The console report: totals like the seed's generate_test_report, then one block per check. */
export function renderConsole(r: SuiteReport, lang: Lang = 'en'): string {
  const L = labels(lang);
  const lines = [`=== ${L.title}: ${r.suite} ===`, `${L.total}: ${r.total}`, `${L.passed}: ${r.passed}`, `${L.failed}: ${r.failed}`,
    `${L.passRate}: ${pct(r.passRate)}`, ''];
  for (const c of r.results) {
    lines.push(`${c.passed ? '✓' : '✗'} ${c.name} [${c.passed ? L.pass : L.fail}] (${ms(c.durationMs)})`);
    lines.push(`    ${c.summary}`);
    if (!c.passed) for (const d of c.details.slice(0, 5)) lines.push(`      - ${d}`);
  }
  return lines.join('\n');
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown: a totals table, one row per check, then details of failed checks. */
export function renderMarkdown(r: SuiteReport, lang: Lang = 'en'): string {
  const L = labels(lang);
  const out = [`# ${L.title}: ${r.suite}`, '', `| ${L.total} | ${L.passed} | ${L.failed} | ${L.passRate} | ${L.seed} |`, '|---|---|---|---|---|',
    `| ${r.total} | ${r.passed} | ${r.failed} | ${pct(r.passRate)} | ${r.seed} |`, '', `| ${L.check} | ${L.status} | ${L.summary} | ${L.duration} |`, '|---|---|---|---|'];
  for (const c of r.results) out.push(`| ${c.name} | ${c.passed ? '✅ ' + L.pass : '❌ ' + L.fail} | ${esc(c.summary)} | ${ms(c.durationMs)} |`);
  for (const c of r.results.filter((x) => !x.passed)) {
    out.push('', `## ${c.name}`, '', c.summary, '', ...c.details.map((d) => `- ${esc(d)}`));
  }
  return out.join('\n') + '\n';
}

/** JSON: the report itself, with numbers that JSON cannot hold (NaN, ±Inf) as strings. */
export function renderJson(r: SuiteReport): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}
