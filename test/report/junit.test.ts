// JUnit XML validated against the common Jenkins/Ant schema (test/schemas/junit.xsd) with xmllint,
// and read back by xmllint's own parser: escaping of <, &, quotes, newlines and control characters.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderJUnit, xmlEscape } from '../../src/report/junit.js';
import type { SuiteReport } from '../../src/qa/pipeline.js';
import type { CheckResult } from '../../src/qa/checks/types.js';
import { Workspace, fixedCheck, suiteSource } from '../cli/suite-files.js';

const XSD = resolve('test/schemas/junit.xsd');
const HAVE_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;
const NO_XMLLINT = HAVE_XMLLINT ? false : 'xmllint not found: install libxml2-utils (apt-get install -y libxml2-utils) to validate JUnit XML';

const ws = new Workspace();
after(() => ws.remove());

function xmllint(args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync('xmllint', args, { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
function validate(xml: string): { status: number | null; err: string } {
  const f = join(ws.dir, `v-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(f, xml);
  return xmllint(['--noout', '--schema', XSD, f]);
}
/** Evaluates an XPath string expression with xmllint (an independent XML parser). */
function xpath(xml: string, expr: string): string {
  const f = join(ws.dir, `x-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(f, xml);
  const r = xmllint(['--xpath', expr, f]);
  assert.equal(r.status, 0, r.err);
  return r.out.replace(/\n$/, ''); // xmllint ends every result with one newline

}

const check = (name: string, passed: boolean, summary: string, details: string[] = []): CheckResult =>
  ({ name, passed, severity: passed ? 'info' : 'error', summary, details, metrics: {}, charts: [], durationMs: 12.5 });
const report = (results: CheckResult[], suite = 'unit'): SuiteReport => ({
  suite, seed: 0, startedAt: '2026-01-02T03:04:05.678Z', durationMs: 1234.5, total: results.length,
  passed: results.filter((r) => r.passed).length, failed: results.filter((r) => !r.passed).length,
  passRate: results.length ? results.filter((r) => r.passed).length / results.length : 0, results,
  environment: { node: process.version, platform: 'test', backend: 'js' },
});

test('xmlEscape: the five XML specials, forbidden control characters and lone surrogates', () => {
  assert.equal(xmlEscape(`a<b>&"c"'d'`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
  assert.equal(xmlEscape('x\u0000\u0001\u0008\u000B\u000C\u001B\u001Fy\uFFFE\uFFFF'), 'xy');
  assert.equal(xmlEscape('tab\tnl\ncr\r'), 'tab\tnl\ncr\r', 'tab, newline and CR are allowed in XML 1.0');
  assert.equal(xmlEscape('lone \uD800 and \uDC00 dropped, pair 😀 kept'), 'lone  and  dropped, pair 😀 kept');
});

test('renderJUnit of a CLI run: valid against the schema, one testcase per check, <failure> only on failed ones', { skip: NO_XMLLINT }, async () => {
  const out = ws.out();
  const bad = fixedCheck('broken', false, 'loss went up', "{ details: ['step 3'], severity: 'warning' }");
  const r = await ws.run(['check', ws.write(suiteSource(`[checks.smoke({ batches: 1 }), ${bad}]`)), '--out', out, '--format', 'junit', '-q']);
  assert.equal(r.code, 1);
  const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
  const v = validate(xml);
  assert.equal(v.status, 0, v.err);
  assert.equal(xpath(xml, 'count(//testsuite/testcase)'), '2');
  assert.equal(xpath(xml, 'string(/testsuites/testsuite/@tests)'), '2');
  assert.equal(xpath(xml, 'string(/testsuites/testsuite/@failures)'), '1');
  assert.equal(xpath(xml, 'string(/testsuites/@failures)'), '1');
  assert.equal(xpath(xml, 'count(//testcase[@name="smoke"]/failure)'), '0');
  assert.equal(xpath(xml, 'string(//testcase[@name="broken"]/failure/@message)'), 'loss went up');
  assert.equal(xpath(xml, 'string(//testcase[@name="broken"]/failure/@type)'), 'warning');
  assert.equal(xpath(xml, 'string(//testcase[@name="broken"]/@classname)'), 'trainlab.tiny');
});

test('names and summaries with <, &, quotes, newlines and control characters stay valid and read back intact', { skip: NO_XMLLINT }, () => {
  const name = `loss < 1 & "ok" 'quoted' \u0001\u001B[31mred`;
  const summary = 'line one\nline two <b>bold</b> & more\u0007';
  const xml = renderJUnit(report([check(name, false, summary, ['detail <x> & "y"', 'zh: 通过率 😀']), check('a]]>b', true, ']]> & <![CDATA[')], 'suite "<&>"'));
  const v = validate(xml);
  assert.equal(v.status, 0, v.err);
  // What an XML parser reads is the original text minus the characters XML 1.0 cannot hold.
  assert.equal(xpath(xml, 'string(//testcase[1]/@name)'), `loss < 1 & "ok" 'quoted' [31mred`);
  assert.equal(xpath(xml, 'string(//testcase[1]/failure/@message)'), 'line one\nline two <b>bold</b> & more', 'the newline survives in the attribute');
  assert.equal(xpath(xml, 'string(//testcase[1]/failure)'), 'detail <x> & "y"\nzh: 通过率 😀');
  assert.equal(xpath(xml, 'string(//testcase[2]/@name)'), 'a]]>b');
  assert.equal(xpath(xml, 'string(//testcase[2]/system-out)'), ']]> & <![CDATA[');
  assert.equal(xpath(xml, 'string(/testsuites/testsuite/@name)'), 'suite "<&>"');
});

test('timestamp, times and counts are in the forms the schema types; an empty suite is valid', { skip: NO_XMLLINT }, () => {
  const xml = renderJUnit(report([check('a', true, 's')]));
  assert.match(xml, /timestamp="2026-01-02T03:04:05"/, 'ISO 8601 without the fraction and zone (Ant pattern)');
  assert.match(xml, /<testsuite [^>]*time="1\.234"/);
  assert.match(xml, /<testcase [^>]*time="0\.013"/, '12.5 ms → 0.0125 s → toFixed(3)');
  const empty = renderJUnit(report([]));
  assert.equal(validate(empty).status, 0, validate(empty).err);
  const noTime = renderJUnit(report([{ ...check('a', true, 's'), durationMs: undefined }]));
  assert.match(noTime, /<testcase [^>]*time="0\.000"/);
});

test('the schema rejects what CI readers reject (it can fail)', { skip: NO_XMLLINT }, () => {
  const good = renderJUnit(report([check('a', false, 's')]));
  assert.equal(validate(good).status, 0);
  for (const [what, bad] of [
    ['a timestamp with a fraction', good.replace(/timestamp="[^"]*"/, 'timestamp="2026-01-02T03:04:05.678"')],
    ['a negative count', good.replace('failures="1" errors', 'failures="-1" errors')],
    ['a testcase without a name', good.replace(/ name="a"/, '')],
    ['an unknown element', good.replace('<failure', '<oops/><failure')],
    ['a non-numeric time', good.replace(/<testcase ([^>]*)time="[^"]*"/, '<testcase $1time="fast"')],
  ]) {
    assert.notEqual(validate(bad).status, 0, `${what} should not validate`);
  }
});
