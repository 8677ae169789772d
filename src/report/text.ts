// Text renderers of a suite report: the seed's console report, Markdown, and JSON (NaN/±Inf kept
// as strings).
import type { SuiteReport } from '../qa/pipeline.js';
import { labels, type Lang } from './i18n.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x?: number) => (x === undefined ? '' : x < 1000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(2)} s`);

/** Drops control characters (ANSI escapes in a check name must not drive the terminal); newlines
 *  and tabs become spaces so that one value stays on one line. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return String(s).replace(/[\t\n\r]+/g, ' ').replace(/[\u0000-\u001F\u007F-\u009F]/g, '').trimEnd();
}

/**
 * The console report: totals like the seed's generate_test_report (total, passed, failed, pass
 * rate), then one block per check (status, summary; the first details of failed checks).
 */
export function renderConsole(r: SuiteReport, lang: Lang = 'en'): string {
  const L = labels(lang);
  const lines = [`=== ${L.title}: ${oneLine(r.suite)} ===`, `${L.total}: ${r.total}`, `${L.passed}: ${r.passed}`, `${L.failed}: ${r.failed}`,
    `${L.passRate}: ${pct(r.passRate)}`, ''];
  for (const c of r.results) {
    lines.push(`${c.passed ? '✓' : '✗'} ${oneLine(c.name)} [${c.passed ? L.pass : L.fail}] (${ms(c.durationMs)})`);
    lines.push(`    ${oneLine(c.summary)}`);
    if (!c.passed) for (const d of c.details.slice(0, 5)) lines.push(`      - ${oneLine(d)}`);
  }
  return lines.join('\n');
}

/** Markdown-escapes inline text: backslash-escapes the characters that start markup (CommonMark
 *  escapes any ASCII punctuation), so `<b>`, `|` in a table cell or `*` read literally. */
function md(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/^([#+=-])/, '\\$1');
}

/** Markdown: a totals table, one row per check, then details of failed checks. */
export function renderMarkdown(r: SuiteReport, lang: Lang = 'en'): string {
  const L = labels(lang);
  const out = [`# ${L.title}: ${md(r.suite)}`, '', `| ${L.total} | ${L.passed} | ${L.failed} | ${L.passRate} | ${L.seed} |`, '|---|---|---|---|---|',
    `| ${r.total} | ${r.passed} | ${r.failed} | ${pct(r.passRate)} | ${r.seed} |`, '', `| ${L.check} | ${L.status} | ${L.summary} | ${L.duration} |`, '|---|---|---|---|'];
  for (const c of r.results) out.push(`| ${md(c.name)} | ${c.passed ? '✅ ' + L.pass : '❌ ' + L.fail} | ${md(c.summary)} | ${ms(c.durationMs)} |`);
  for (const c of r.results.filter((x) => !x.passed)) {
    out.push('', `## ${md(c.name)}`, '', md(c.summary), '', ...c.details.map((d) => `- ${md(d)}`));
  }
  return out.join('\n') + '\n';
}

/** JSON: the report itself, with numbers that JSON cannot hold (NaN, ±Inf) as strings. */
export function renderJson(r: SuiteReport): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}
