// `trainlab check suite.ts`: loads a suite module (TypeScript without a build step), runs its
// checks with progress, prints the report and writes it to --out in the chosen formats.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSuite, type SuiteReport } from '../qa/pipeline.js';
import type { SuiteDefinition } from '../qa/checks/types.js';
import { renderConsole, renderJson, renderMarkdown } from '../report/text.js';
import { renderJUnit } from '../report/junit.js';
import { renderHtml } from '../report/html.js';
import type { Lang } from '../report/i18n.js';
import { renderCheckCharts } from '../report/check-charts.js';
import { backendName } from './backend-name.js';

export type Format = 'json' | 'junit' | 'md' | 'html';
export const ALL_FORMATS: Format[] = ['json', 'junit', 'md', 'html'];

export interface CheckCommandOptions {
  out: string;
  only?: string[];
  skip?: string[];
  seed?: number;
  formats: Format[];
  lang: Lang;
  quiet?: boolean;
}

/** Exit status: 0 all passed, 1 a check failed; throws a UsageError-like Error for load problems. */
export class SuiteLoadError extends Error {}

export async function loadSuite(path: string): Promise<SuiteDefinition> {
  const abs = resolve(path);
  if (/\.(c|m)?ts$/.test(abs)) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(abs).href) as { default?: unknown };
  } catch (e) {
    throw new SuiteLoadError(`cannot load suite ${path}: ${(e as Error).message}`);
  }
  const s = mod.default as SuiteDefinition | undefined;
  if (!s || typeof s !== 'object' || !Array.isArray(s.checks) || typeof s.model !== 'function') {
    throw new SuiteLoadError(`suite ${path} must \`export default defineSuite({ model, data, loss, optimizer, checks })\``);
  }
  return s;
}

/** Writes the report files; returns their paths. */
export async function writeReports(r: SuiteReport, o: Pick<CheckCommandOptions, 'out' | 'formats' | 'lang'>): Promise<string[]> {
  mkdirSync(o.out, { recursive: true });
  const written: string[] = [];
  const put = (name: string, text: string) => { const p = join(o.out, name); writeFileSync(p, text); written.push(p); };
  if (o.formats.includes('json')) put('report.json', renderJson(r));
  if (o.formats.includes('junit')) put('junit.xml', renderJUnit(r));
  if (o.formats.includes('md')) put('report.md', renderMarkdown(r, o.lang));
  if (o.formats.includes('html')) put('report.html', renderHtml(r, { lang: o.lang, chartSvgs: await renderCheckCharts(r) }));
  return written;
}

export async function checkCommand(path: string, o: CheckCommandOptions): Promise<number> {
  const suite = await loadSuite(path);
  const say = (s: string) => { if (!o.quiet) process.stdout.write(s); };
  const r = await runSuite(suite, {
    only: o.only, skip: o.skip, seed: o.seed,
    onProgress: (e) => {
      if (e.phase === 'start' && !e.message) say(`[${e.index + 1}/${e.total}] ${e.check} … `);
      if (e.phase === 'end') say(`${e.result!.passed ? 'pass' : 'FAIL'} (${((e.result!.durationMs ?? 0) / 1000).toFixed(2)} s)\n`);
    },
  }, backendName());
  say('\n' + renderConsole(r, o.lang) + '\n');
  const files = await writeReports(r, o);
  say(`\nreports: ${files.join(', ')}\n`);
  return r.failed ? 1 : 0;
}
