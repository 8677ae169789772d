// renderHtml with extra sections placed first (the demo's page): the checks get their own heading
// after those sections; a plain check report keeps the page title as its only heading for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../src/report/html.js';
import type { SuiteReport } from '../../src/qa/pipeline.js';

const REPORT: SuiteReport = {
  suite: 'blobs', seed: 0, startedAt: '2026-01-02T03:04:05.678Z', durationMs: 10, total: 1, passed: 1, failed: 0, passRate: 1,
  results: [{ name: 'smoke', passed: true, severity: 'info', summary: 'ran', details: [], metrics: {}, charts: [], durationMs: 1 }],
  environment: { node: 'v20', platform: 'linux-x64', backend: 'js' },
};

test('after sections placed first, the checks open with their own heading, before the totals', () => {
  const html = renderHtml(REPORT, { title: 'trainlab demo', sections: [{ title: 'Loss functions', html: '<p>x</p>' }], sectionsFirst: true });
  const heading = html.indexOf('<h2 id="checks-heading">Training test report: blobs</h2>');
  assert.ok(heading > html.indexOf('<h2>Loss functions</h2>'), 'heading after the demo section');
  assert.ok(heading < html.indexOf('<table id="totals">'), 'heading before the totals');
});

test('no extra heading without sections placed first; in zh-CN the heading uses the Chinese title', () => {
  assert.ok(!renderHtml(REPORT).includes('checks-heading'));
  assert.ok(!renderHtml(REPORT, { sections: [{ title: 'Bench' }] }).includes('checks-heading'));
  const zh = renderHtml(REPORT, { lang: 'zh-CN', sections: [{ title: 'x' }], sectionsFirst: true });
  assert.ok(zh.includes('<h2 id="checks-heading">训练测试报告: blobs</h2>'));
});
