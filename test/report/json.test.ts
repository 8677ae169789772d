// report.json validated against test/schemas/report.schema.json (a hand-written validator, no
// dependency); NaN and ±Infinity metrics survive as strings; the totals agree with the results.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderJson } from '../../src/report/text.js';
import type { SuiteReport } from '../../src/qa/pipeline.js';
import { validateJson, type Schema } from './json-schema.js';
import { Workspace, suiteSource } from '../cli/suite-files.js';

const schema = JSON.parse(readFileSync(resolve('test/schemas/report.schema.json'), 'utf8')) as Schema;
const ws = new Workspace();
after(() => ws.remove());

/** A failing check whose metrics and chart hold NaN and ±Infinity. */
const NONFINITE = `{ name: 'nonFinite', run: () => result('nonFinite', false, 'loss became NaN at step 2', {
  metrics: { nan: NaN, inf: Infinity, ninf: -Infinity, ok: 0.25 },
  charts: [{ kind: 'line', title: 'loss', series: [{ name: 'train', x: [0, 1, 2], y: [1, 0.5, NaN] }] }] }) }`;

let cliJson: string;
test('report.json of a CLI run (real checks with charts, a failing check) is valid against the schema', async () => {
  const out = ws.out();
  const r = await ws.run(['check', ws.write(suiteSource(`[checks.gradientFlow(), checks.lossCurve({ epochs: 2, allowPlateaus: true }), ${NONFINITE}]`)),
    '--out', out, '--format', 'json', '-q']);
  assert.equal(r.code, 1, r.stderr);
  cliJson = readFileSync(join(out, 'report.json'), 'utf8');
  const rep = JSON.parse(cliJson) as SuiteReport;
  assert.deepEqual(validateJson(rep, schema), []);
  // What the schema cannot say: the totals are the results'.
  assert.equal(rep.total, rep.results.length);
  assert.equal(rep.passed, rep.results.filter((c) => c.passed).length);
  assert.equal(rep.failed, rep.total - rep.passed);
  assert.equal(rep.passRate, rep.passed / rep.total);
  assert.deepEqual(rep.results.map((c) => c.charts.map((ch) => ch.kind)), [['bar'], ['line'], ['line']]);
});

test('NaN and ±Infinity metrics survive as strings (JSON.stringify alone would write null)', () => {
  const rep = JSON.parse(cliJson) as { results: { name: string; metrics: Record<string, unknown>; charts: { series: { y: unknown[] }[] }[] }[] };
  const c = rep.results.find((x) => x.name === 'nonFinite')!;
  assert.deepEqual(c.metrics, { nan: 'NaN', inf: 'Infinity', ninf: '-Infinity', ok: 0.25 });
  assert.deepEqual(c.charts[0].series[0].y, [1, 0.5, 'NaN']);
  assert.equal(JSON.stringify({ x: NaN }), '{"x":null}', 'the loss renderJson prevents');
});

test('renderJson round-trips finite values exactly and ends with a newline', () => {
  const rep: SuiteReport = { suite: 's', seed: 3, startedAt: '2026-01-02T03:04:05.678Z', durationMs: 0.1, total: 1, passed: 1, failed: 0, passRate: 1,
    results: [{ name: 'a', passed: true, severity: 'info', summary: '', details: [], metrics: { tiny: 1e-300, third: 1 / 3 }, charts: [] }],
    environment: { node: 'v20', platform: 'p', backend: 'js' } };
  const text = renderJson(rep);
  assert.ok(text.endsWith('}\n'));
  assert.deepEqual(JSON.parse(text), rep);
  assert.deepEqual(validateJson(JSON.parse(text), schema), []);
});

test('the validator rejects reports that break the schema (it can fail)', () => {
  const good = JSON.parse(cliJson) as Record<string, unknown> & { results: Record<string, unknown>[] };
  const mutate = (f: (r: typeof good) => void) => { const r = structuredClone(good); f(r); return validateJson(r, schema); };
  assert.match(mutate((r) => { delete r.total; }).join('\n'), /missing required 'total'/);
  assert.match(mutate((r) => { r.passRate = 1.5; }).join('\n'), /\$\.passRate: 1\.5 > maximum 1/);
  assert.match(mutate((r) => { r.seed = 0.5; }).join('\n'), /\$\.seed: expected integer, got number/);
  assert.match(mutate((r) => { r.results[0].severity = 'fatal'; }).join('\n'), /\$\.results\[0\]\.severity: "fatal" not in/);
  assert.match(mutate((r) => { (r.results[2].metrics as Record<string, unknown>).nan = null; }).join('\n'), /metrics\.nan: 0 of the anyOf/);
  assert.match(mutate((r) => { (r.results[2].metrics as Record<string, unknown>).nan = 'nan'; }).join('\n'), /metrics\.nan: 0 of the anyOf/);
  assert.match(mutate((r) => { r.results[0].extra = 1; }).join('\n'), /unexpected property 'extra'/);
  assert.match(mutate((r) => { r.startedAt = '2026-01-02 03:04'; }).join('\n'), /startedAt: .* does not match/);
  assert.throws(() => validateJson(1, { type: 'number', multipleOf: 2 }), /unsupported keyword 'multipleOf'/);
});
