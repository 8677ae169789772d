// `trainlab check suite.ts`: loads a suite module (TypeScript without a build step), runs its
// checks with progress, prints the report and writes it to --out in the chosen formats.
import { registerTsx } from './ts-loader.js';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TrainlabError } from '../errors.js';
import { runSuite, type SuiteReport } from '../qa/pipeline.js';
import type { SuiteDefinition } from '../qa/checks/types.js';
import { renderConsole, renderJson, renderMarkdown } from '../report/text.js';
import { renderJUnit } from '../report/junit.js';
import { renderHtml } from '../report/html.js';
import { labels, type Lang } from '../report/i18n.js';
import { renderCheckCharts } from '../report/check-charts.js';
import { writeFileAtomic } from '../train/atomic-write.js';
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

/** A suite module that cannot be loaded or is not a suite (the CLI exits 2). */
export class SuiteLoadError extends TrainlabError {}
/** A check selection or report folder the command cannot use (the CLI exits 2). */
export class CheckUsageError extends TrainlabError {}


const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Checks the default export is a suite; names every missing or malformed field. */
function validateSuite(s: unknown, path: string): SuiteDefinition {
  const usage = `suite ${path} must \`export default defineSuite({ model, data, loss, optimizer, checks })\``;
  if (!isObject(s)) throw new SuiteLoadError(`${usage}: its default export is ${s === undefined ? 'missing' : typeof s}`);
  const problems: string[] = [];
  if (typeof s.model !== 'function') problems.push('model is not a function');
  if (!isObject(s.data) || typeof s.data.train !== 'function') problems.push('data.train is not a function');
  if (typeof s.loss !== 'function') problems.push('loss is not a function');
  if (typeof s.optimizer !== 'function') problems.push('optimizer is not a function');
  if (!Array.isArray(s.checks)) problems.push('checks is not an array');
  else {
    s.checks.forEach((c: unknown, i) => {
      if (!isObject(c) || typeof c.name !== 'string' || c.name === '' || typeof c.run !== 'function') {
        problems.push(`checks[${i}] is not a check ({ name, run })`);
      }
    });
    const names = s.checks.filter(isObject).map((c) => c.name);
    const dup = names.filter((n, i) => names.indexOf(n) !== i);
    if (dup.length) problems.push(`check names must be unique (${[...new Set(dup)].join(', ')} repeated)`);
  }
  if (problems.length) throw new SuiteLoadError(`${usage}: ${problems.join('; ')}`);
  return s as unknown as SuiteDefinition;
}

/** ` (at suite.ts:LINE:COL)`: where in the suite file an error thrown while loading it was raised. */
function throwSite(e: unknown, abs: string, path: string): string {
  const url = pathToFileURL(abs).href;
  const frame = (e as Error)?.stack?.split('\n').find((l) => l.includes(abs) || l.includes(url));
  const m = frame?.match(/:(\d+):(\d+)\)?\s*$/);
  return m ? ` (at ${path}:${m[1]}:${m[2]})` : '';
}

/**
 * Imports a suite module (.ts/.mts/.cts through tsx, or .js/.mjs/.cjs) and returns its default
 * export, validated. Throws SuiteLoadError when the file is missing, does not compile or run, or
 * does not export a suite.
 */
export async function loadSuite(path: string): Promise<SuiteDefinition> {
  const abs = resolve(path);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new SuiteLoadError(`cannot load suite ${path}: no such file (${abs})`);
  await registerTsx();
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(abs).href) as Record<string, unknown>;
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    throw new SuiteLoadError(`cannot load suite ${path}: ${msg}${msg.includes(abs) ? '' : throwSite(e, abs, path)}`);
  }
  let s = mod.default;
  // A TypeScript suite compiled as CommonJS arrives as { default: suite } inside the namespace's default.
  if (isObject(s) && !('checks' in s) && isObject(s.default)) s = s.default;
  // ...and one with no default export as its empty exports object
  if (isObject(s) && Object.keys(s).every((k) => k === '__esModule')) s = undefined;
  return validateSuite(s, path);
}

/** Writes the report files atomically; returns their paths. */
export async function writeReports(r: SuiteReport, o: Pick<CheckCommandOptions, 'out' | 'formats' | 'lang'>): Promise<string[]> {
  try {
    mkdirSync(o.out, { recursive: true });
  } catch (e) {
    throw new CheckUsageError(`--out: cannot create the report folder ${o.out}: ${(e as Error).message}`);
  }
  const written: string[] = [];
  const put = (name: string, text: string) => { const p = join(o.out, name); writeFileAtomic(p, Buffer.from(text, 'utf8')); written.push(p); };
  if (o.formats.includes('json')) put('report.json', renderJson(r));
  if (o.formats.includes('junit')) put('junit.xml', renderJUnit(r));
  if (o.formats.includes('md')) put('report.md', renderMarkdown(r, o.lang));
  if (o.formats.includes('html')) put('report.html', renderHtml(r, { lang: o.lang, chartSvgs: await renderCheckCharts(r) }));
  return written;
}

/** Runs `trainlab check`: returns 0 when every check passed, 1 when one failed; throws a
 *  TrainlabError (exit 2) for a suite that cannot load, an unknown check name or an empty selection. */
export async function checkCommand(path: string, o: CheckCommandOptions): Promise<number> {
  const suite = await loadSuite(path);
  const names = suite.checks.map((c) => c.name);
  for (const [flag, list] of [['--only', o.only], ['--skip', o.skip]] as const) {
    const unknown = (list ?? []).filter((n) => !names.includes(n));
    if (unknown.length) throw new CheckUsageError(`${flag}: no check named ${unknown.map((n) => `'${n}'`).join(', ')} in the suite (have ${names.join(', ')})`);
  }
  const selected = names.filter((n) => (!o.only?.length || o.only.includes(n)) && !o.skip?.includes(n));
  if (selected.length === 0) throw new CheckUsageError(`no check to run: the suite has ${names.length ? names.join(', ') : 'no checks'} and --only/--skip select none`);
  const L = labels(o.lang);
  const say = (s: string) => { if (!o.quiet) process.stdout.write(s); };
  const r = await runSuite(suite, {
    only: o.only, skip: o.skip, seed: o.seed,
    onProgress: (e) => {
      if (e.phase === 'start' && !e.message) say(`[${e.index + 1}/${e.total}] ${e.check} … `);
      if (e.phase === 'end') say(`${e.result!.passed ? L.pass : L.fail} (${((e.result!.durationMs ?? 0) / 1000).toFixed(2)} s)\n`);
    },
  }, backendName());
  say('\n' + renderConsole(r, o.lang) + '\n');
  const files = await writeReports(r, o);
  say(`\nreports: ${files.join(', ')}\n`);
  return r.failed ? 1 : 0;
}
