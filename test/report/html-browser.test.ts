// The HTML report opened in headless Chromium (Debian's /usr/bin/chromium through playwright-core)
// from a file:// URL: totals, one section per check, inline SVG charts, escaping, Chinese labels,
// no console errors, no page errors and no request leaving the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { Workspace, fixedCheck, suiteSource } from '../cli/suite-files.js';

const CHROMIUM = '/usr/bin/chromium';
const NO_CHROMIUM = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) to check the HTML report in a browser`;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const ws = new Workspace();
let ctx: BrowserContext | undefined;
before(async () => {
  if (NO_CHROMIUM) return;
  ctx = await chromium.launchPersistentContext(mkdtempSync(join(ws.dir, 'chromium-profile-')), { executablePath: CHROMIUM, headless: true, args: ARGS });
});
after(async () => { await ctx?.close(); ws.remove(); });

/** A check carrying one chart of each remaining kind (heatmap, histogram, scatter) as plain data. */
const CHARTS = `{ name: 'allCharts', run: () => result('allCharts', true, 'three charts', { charts: [
  { kind: 'heatmap', title: 'Sensitivity', heatmap: { rows: ['lr 0.001', 'lr 0.01'], cols: ['bs 32', 'bs 64'], values: [[1, 2], [3, NaN]] } },
  { kind: 'histogram', title: 'Errors', values: [0, 1, 1, 2, 3, 5, 8], bins: 4 },
  { kind: 'scatter', title: 'Pred vs true', series: [{ name: 'p', x: [1, 2, 3], y: [1.1, 1.9, 3.2] }] }] }) }`;
const EVIL = `<img src=x onerror="window.__pwned=1">`;
const BROKEN_CHART = `{ name: 'brokenChart', run: () => result('brokenChart', true, 'a bar chart without bars', { charts: [{ kind: 'bar', title: '<b>no bars</b>' }] }) }`;
const CHECKS = `[checks.gradientFlow(), checks.lossCurve({ epochs: 2, allowPlateaus: true }), ${CHARTS}, ${BROKEN_CHART}, ${fixedCheck(EVIL, false, `summary ${EVIL} & more`, `{ details: ['d ${EVIL}'] }`)}]`;

interface PageFacts {
  lang: string; totals: string[][]; checkRows: number; sections: { id: string; h2: string; svgs: number; svgSizes: number[][]; notes: string[]; details: string[]; detailsOpen: boolean[] }[];
  svgText: string; duplicateIds: string[]; pwned: unknown;
}

/** Runs in the page. A string, not a function: tsx would wrap named functions in a `__name` helper
 *  that does not exist in the browser. */
const GATHER = `(() => {
  const text = (e) => ((e && e.textContent) || '').trim();
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  return {
    lang: document.documentElement.lang,
    totals: [...document.querySelectorAll('#totals tr')].map((tr) => [...tr.children].map(text)),
    checkRows: document.querySelectorAll('#checks tr').length - 1,
    sections: [...document.querySelectorAll('section.check')].map((s) => ({
      id: s.id, h2: text(s.querySelector('h2')), svgs: s.querySelectorAll('.chart > svg').length,
      svgSizes: [...s.querySelectorAll('.chart > svg')].map((g) => { const b = g.getBoundingClientRect(); return [b.width, b.height]; }),
      notes: [...s.querySelectorAll('.chart-error')].map(text),
      details: [...s.querySelectorAll('details li')].map(text),
      detailsOpen: [...s.querySelectorAll('details')].map((d) => d.open),
    })),
    svgText: [...document.querySelectorAll('svg text')].map(text).join(' | '),
    duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
    pwned: window.__pwned,
  };
})()`;

/** Opens `url` in a new page, recording console errors/warnings, page errors and other requests. */
async function visit(url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await ctx!.newPage();
  const errors: string[] = [], requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (q) => { if (q.url() !== url) requests.push(q.url()); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** Opens the report and gathers what a reader sees, with every console error, page error and request. */
async function open(lang: 'en' | 'zh-CN'): Promise<{ facts: PageFacts; errors: string[]; requests: string[] }> {
  const out = ws.out();
  const r = await ws.run(['check', ws.write(suiteSource(CHECKS)), '--out', out, '--format', 'html', '--lang', lang, '-q']);
  assert.equal(r.code, 1, r.stderr);
  const url = pathToFileURL(join(out, 'report.html')).href;
  const { page, errors, requests } = await visit(url);
  const facts = await page.evaluate(GATHER) as PageFacts;
  await page.close();
  return { facts, errors, requests };
}

test('HTML report in Chromium: totals, a section per check with its inline SVG charts, no errors, self-contained', { skip: NO_CHROMIUM }, async () => {
  const { facts, errors, requests } = await open('en');
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [], 'a self-contained file loads nothing else');
  assert.equal(facts.lang, 'en');
  assert.deepEqual(facts.totals, [['Total checks', 'Passed', 'Failed', 'Pass rate', 'Seed'], ['5', '4', '1', '80.0%', '0']]);
  assert.equal(facts.checkRows, 5);
  assert.deepEqual(facts.sections.map((s) => s.svgs), [1, 1, 3, 0, 0], 'gradient bars, loss curve, heatmap+histogram+scatter');
  for (const s of facts.sections) for (const [w, h] of s.svgSizes) assert.ok(w > 100 && h > 100, `${s.id}: chart drawn at ${w}×${h}`);
  for (const title of ['Gradient norm per parameter', 'Sensitivity', 'Errors', 'Pred vs true']) assert.ok(facts.svgText.includes(title), `chart title '${title}' in the SVG`);
  assert.match(facts.sections[3].notes.join(), /chart '<b>no bars<\/b>' could not be rendered: .*needs 'bars'/, 'a chart that cannot render is a visible note');
  assert.deepEqual(facts.duplicateIds, []);
});

test('HTML escaping: markup in check names, summaries and details is shown as text, never run', { skip: NO_CHROMIUM }, async () => {
  const { facts, errors } = await open('en');
  assert.deepEqual(errors, []);
  assert.equal(facts.pwned, undefined, 'the <img onerror> in a check name did not execute');
  assert.equal(facts.sections[4].h2, `${EVIL} FAIL`);
  assert.deepEqual(facts.sections[4].details, [`d ${EVIL}`]);
  assert.deepEqual(facts.sections[4].detailsOpen, [true], "a failed check's details are open");
  assert.deepEqual(facts.sections[0].detailsOpen, [false, false], "a passed check's details and metrics are folded");
});

test('HTML report with --lang zh-CN: the seed\'s Chinese labels', { skip: NO_CHROMIUM }, async () => {
  const { facts, errors } = await open('zh-CN');
  assert.deepEqual(errors, []);
  assert.equal(facts.lang, 'zh-CN');
  assert.deepEqual(facts.totals[0], ['总测试数', '通过测试', '失败测试', '通过率', '随机种子']);
  assert.match(facts.sections[4].h2, /失败$/);
  assert.match(facts.sections[0].h2, /通过$/);
});

test('the page watch sees console errors, page errors and outside requests (these tests can fail)', { skip: NO_CHROMIUM }, async () => {
  const f = join(ws.dir, 'broken.html');
  writeFileSync(f, '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"><script>console.error("bad"); undefinedFn();</script></body></html>');
  const { page, errors, requests } = await visit(pathToFileURL(f).href);
  await page.close();
  assert.ok(errors.includes('console.error: bad'), errors.join('\n'));
  assert.ok(errors.some((e) => /pageerror: .*undefinedFn/.test(e)), errors.join('\n'));
  assert.deepEqual(requests, ['http://127.0.0.1:9/x.png']);
});
