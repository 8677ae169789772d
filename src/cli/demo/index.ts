// `trainlab demo`: the seed's whole system on real data in one command — loss demos, optimizer
// comparison, LR schedules, an MNIST model trained with the monitor, gradient debugging, the full
// check suite and a benchmark summary — written into one HTML report with every figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderHtml, type HtmlSection } from '../../report/html.js';
import { renderCheckCharts } from '../../report/check-charts.js';
import { chartFromData } from '../../report/charts/from-data.js';
import { renderJson, renderMarkdown } from '../../report/text.js';
import { renderJUnit } from '../../report/junit.js';
import type { Lang } from '../../report/i18n.js';
import { lossSection } from './losses.js';
import { optimizerSection } from './optimizers.js';
import { scheduleSection } from './schedules.js';
import { TRAINING_HEADER, debuggingSection, trainingSection } from './training.js';
import { benchSection, checksSection } from './checks.js';
import type { DemoSection } from './types.js';

export interface DemoOptions { out: string; lang: Lang; epochs?: number; quiet?: boolean }

async function toHtml(s: DemoSection): Promise<HtmlSection> {
  const svgs = await Promise.all(s.charts.map((c) => chartFromData(c).toSvg()));
  const pre = `<pre>${s.lines.join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`;
  return { title: s.title, html: pre + (s.html ?? ''), svgs };
}

/** Runs every section, prints their figures and writes the report; returns the report path. */
export async function runDemo(o: DemoOptions): Promise<string> {
  const say = (t: string) => { if (!o.quiet) process.stdout.write(t); };
  const t0 = Date.now();
  const sections: DemoSection[] = [];
  const add = (s: DemoSection) => { sections.push(s); say(s.lines.join('\n') + '\n\n'); };
  add(lossSection());
  add(optimizerSection(o.lang));
  add(scheduleSection());
  // the header goes out before training, so the per-epoch lines print under it
  say(`${TRAINING_HEADER}\n`);
  const training = trainingSection({ epochs: o.epochs ?? 3, quiet: o.quiet });
  sections.push(training);
  say(training.lines.slice(1).join('\n') + '\n\n');
  add(debuggingSection());
  say('=== Running the training checks ===\n');
  const checks = await checksSection(say);
  add(checks);
  add(benchSection());
  mkdirSync(o.out, { recursive: true });
  const extra = await Promise.all(sections.filter((s) => s !== checks).map(toHtml));
  const html = renderHtml(checks.report, { lang: o.lang, title: 'trainlab demo', chartSvgs: await renderCheckCharts(checks.report), sections: extra, sectionsFirst: true });
  const path = resolve(join(o.out, 'report.html'));
  writeFileSync(path, html);
  writeFileSync(join(o.out, 'report.json'), renderJson(checks.report));
  writeFileSync(join(o.out, 'junit.xml'), renderJUnit(checks.report));
  writeFileSync(join(o.out, 'report.md'), renderMarkdown(checks.report, o.lang));
  say(`demo finished in ${((Date.now() - t0) / 1000).toFixed(1)} s\nreport: ${path}\n`);
  return path;
}
