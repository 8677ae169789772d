// Console and Markdown renderers: the seed's totals, a row per check, details of failed checks,
// Chinese labels with zh-CN, and text from checks that cannot break the table or the terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderConsole, renderMarkdown } from '../../src/report/text.js';
import { labels } from '../../src/report/i18n.js';
import type { SuiteReport } from '../../src/qa/pipeline.js';
import type { CheckResult } from '../../src/qa/checks/types.js';

const check = (name: string, passed: boolean, summary: string, details: string[] = [], durationMs = 12.4): CheckResult =>
  ({ name, passed, severity: passed ? 'info' : 'error', summary, details, metrics: {}, charts: [], durationMs });
// 3 checks, 2 passed: pass rate 2/3 = 66.666…% → "66.7%".
const REPORT: SuiteReport = {
  suite: 'blobs', seed: 7, startedAt: '2026-01-02T03:04:05.678Z', durationMs: 2500, total: 3, passed: 2, failed: 1, passRate: 2 / 3,
  results: [check('smoke', true, '3 batches ran'), check('lossCurve', true, 'smooth descent', [], 1500),
    check('gradientFlow', false, 'vanishing gradients in 0.weight', ['0.weight: mean|g| 1e-9', 'ratio 1e-5'])],
  environment: { node: 'v20', platform: 'linux-x64', backend: 'js' },
};

test('console report: totals like the seed, one block per check, details of failed checks', () => {
  const text = renderConsole(REPORT);
  assert.equal(text, [
    '=== Training test report: blobs ===', 'Total checks: 3', 'Passed: 2', 'Failed: 1', 'Pass rate: 66.7%', '',
    '✓ smoke [PASS] (12 ms)', '    3 batches ran',
    '✓ lossCurve [PASS] (1.50 s)', '    smooth descent',
    '✗ gradientFlow [FAIL] (12 ms)', '    vanishing gradients in 0.weight', '      - 0.weight: mean|g| 1e-9', '      - ratio 1e-5',
  ].join('\n'));
});

test('console and Markdown in zh-CN use the seed\'s words: 总测试数, 通过测试, 失败测试, 通过率', () => {
  const con = renderConsole(REPORT, 'zh-CN');
  assert.match(con, /^=== 训练测试报告: blobs ===\n总测试数: 3\n通过测试: 2\n失败测试: 1\n通过率: 66\.7%/);
  assert.match(con, /✗ gradientFlow \[失败\]/);
  const md = renderMarkdown(REPORT, 'zh-CN');
  assert.match(md, /^# 训练测试报告: blobs\n\n\| 总测试数 \| 通过测试 \| 失败测试 \| 通过率 \| 随机种子 \|\n\|---\|---\|---\|---\|---\|\n\| 3 \| 2 \| 1 \| 66\.7% \| 7 \|/);
  assert.match(md, /\| 检查项 \| 状态 \| 摘要 \| 耗时 \|/);
  assert.match(md, /\| smoke \| ✅ 通过 \|/);
  assert.match(md, /\| gradientFlow \| ❌ 失败 \|/);
});

test('Markdown: totals table, one row per check, a section per failed check with its details', () => {
  const md = renderMarkdown(REPORT);
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && /✅|❌/.test(l));
  assert.equal(rows.length, 3);
  assert.equal(rows[1], '| lossCurve | ✅ PASS | smooth descent | 1.50 s |');
  // '|' inside a cell is escaped so the row keeps its 4 cells.
  assert.match(md, /\n## gradientFlow\n\nvanishing gradients in 0\.weight\n\n- 0\.weight: mean\\\|g\\\| 1e-9\n- ratio 1e-5\n$/);
  assert.doesNotMatch(md, /## smoke/);
});

test('Markdown escaping: pipes, newlines, HTML and emphasis in check text stay literal; the table keeps its shape', () => {
  const r = { ...REPORT, results: [check('a|b <script>', false, 'x | y\nz **bold** <b>t</b> `code`', ['- not a list\u001B[31m', '# not a heading'])] };
  const md = renderMarkdown(r);
  const row = md.split('\n').find((l) => l.startsWith('| a'))!;
  // Splitting on unescaped pipes gives exactly the 4 cells (plus the empty ends).
  assert.equal(row.split(/(?<!\\)\|/).length, 6, row);
  assert.equal(row, '| a\\|b \\<script\\> | ❌ FAIL | x \\| y z \\*\\*bold\\*\\* \\<b\\>t\\</b\\> \\`code\\` | 12 ms |');
  assert.match(md, /\n- \\- not a list\\\[31m\n- \\# not a heading\n$/, 'leading markers escaped, the ESC character dropped');
});

test('console: control characters from a check cannot drive the terminal; newlines stay inside one line', () => {
  const r = { ...REPORT, results: [check('evil\u001B[2J', false, 'two\nlines\r\u0007', ['d\u001B]0;title\u0007'])] };
  const text = renderConsole(r);
  assert.doesNotMatch(text, /[\u0000-\u0008\u000B-\u001F\u007F]/); // eslint-disable-line no-control-regex
  assert.match(text, /✗ evil\[2J \[FAIL\] \(12 ms\)\n {4}two lines\n {6}- d\]0;title$/);
});

test('labels: both languages define every key; an unknown language falls back to English', () => {
  assert.deepEqual(Object.keys(labels('zh-CN')).sort(), Object.keys(labels('en')).sort());
  assert.equal(labels('xx' as 'en').total, 'Total checks');
  assert.equal(renderConsole({ ...REPORT, results: [], total: 0, passed: 0, failed: 0, passRate: 0 }).split('\n')[4], 'Pass rate: 0.0%');
});
