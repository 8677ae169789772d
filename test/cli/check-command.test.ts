// `trainlab check` run in-process on tiny temp suites: exit codes (0 all pass, 1 a check failed,
// 2 bad usage or a suite that cannot load), progress and report on stdout, files written to --out.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Workspace, fixedCheck, suiteSource } from './suite-files.js';

const ws = new Workspace();
after(() => ws.remove());

const PASSING = '[checks.smoke({ batches: 2 }), checks.gradientFlow()]';
const json = (out: string) => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
  seed: number; total: number; passed: number; failed: number; passRate: number;
  results: { name: string; passed: boolean; summary: string; metrics: Record<string, number | string> }[];
};

test('all checks pass: exit 0, progress per check, the report on stdout, four files in --out', async () => {
  const out = ws.out();
  const r = await ws.run(['check', ws.write(suiteSource(PASSING)), '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\[1\/2\] smoke … PASS \(\d+\.\d\d s\)\n\[2\/2\] gradientFlow … PASS/);
  assert.match(r.stdout, /Total checks: 2\nPassed: 2\nFailed: 0\nPass rate: 100\.0%/);
  assert.match(r.stdout, /✓ smoke \[PASS\]/);
  assert.deepEqual(readdirSync(out).sort(), ['junit.xml', 'report.html', 'report.json', 'report.md']);
  const rep = json(out);
  assert.deepEqual([rep.total, rep.passed, rep.failed, rep.passRate], [2, 2, 0, 1]);
  assert.deepEqual(rep.results.map((c) => c.name), ['smoke', 'gradientFlow']);
});

test('a failing check object: exit 1, FAIL with its summary and details', async () => {
  const out = ws.out();
  const bad = fixedCheck('broken', false, 'loss went up', "{ details: ['step 3: 2.5 > 1.0'] }");
  const r = await ws.run(['check', ws.write(suiteSource(`[checks.smoke({ batches: 1 }), ${bad}]`)), '--out', out]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /✗ broken \[FAIL\] \(\d+ ms\)\n {4}loss went up\n {6}- step 3: 2\.5 > 1\.0/);
  assert.match(r.stdout, /Total checks: 2\nPassed: 1\nFailed: 1\nPass rate: 50\.0%/);
  const rep = json(out);
  assert.deepEqual([rep.passed, rep.failed, rep.passRate], [1, 1, 0.5]);
});

test('a real check on a model made to fail it: lossAtInit with the last layer 100× too large → exit 1', async () => {
  // Logits 100× too large make the initial cross-entropy far above ln 3 ≈ 1.0986 (a uniform guess).
  const model = `() => { const m = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
    const w = m.parameters()[2]; w.storage.data.forEach((v, i, a) => { a[i] = v * 100; }); return m; }`;
  const out = ws.out();
  const r = await ws.run(['check', ws.write(suiteSource('[checks.lossAtInit()]', { model })), '--out', out, '-q']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '', '--quiet prints nothing');
  const c = json(out).results[0];
  assert.equal(c.passed, false);
  assert.match(c.summary, /initial loss .* vs ln\(3\)/);
});

test('a check that throws fails (exit 1) with the error in its summary; the other checks still run', async () => {
  const out = ws.out();
  const r = await ws.run(['check', ws.write(suiteSource(`[{ name: 'boom', run: () => { throw new RangeError('bad index 7'); } }, checks.smoke({ batches: 1 })]`)), '--out', out, '-q']);
  assert.equal(r.code, 1);
  const rep = json(out);
  assert.match(rep.results[0].summary, /the check threw RangeError: bad index 7/);
  assert.equal(rep.results[1].passed, true);
});

test('--only, --skip and --seed select checks and reach them; --format writes only those files', async () => {
  const seedEcho = "{ name: 'seedEcho', run: (ctx) => result('seedEcho', true, 'seed ' + ctx.seed, { metrics: { seed: ctx.seed } }) }";
  const path = ws.write(suiteSource(`[checks.smoke({ batches: 1 }), checks.gradientFlow(), ${seedEcho}]`));
  let out = ws.out();
  assert.equal((await ws.run(['check', path, '--out', out, '--only', 'seedEcho,smoke', '--seed', '5', '-q'])).code, 0);
  let rep = json(out);
  assert.deepEqual(rep.results.map((c) => c.name), ['smoke', 'seedEcho'], 'suite order, not --only order');
  assert.equal(rep.seed, 5);
  assert.equal(rep.results[1].metrics.seed, 5);
  out = ws.out();
  assert.equal((await ws.run(['check', path, '--out', out, '--skip', 'smoke', '--format', 'json,junit', '-q'])).code, 0);
  rep = json(out);
  assert.deepEqual(rep.results.map((c) => c.name), ['gradientFlow', 'seedEcho']);
  assert.equal(rep.seed, 0, "the suite's own seed without --seed");
  assert.deepEqual(readdirSync(out).sort(), ['junit.xml', 'report.json']);
});

test('suites load as .ts in a CommonJS folder, .mts, and .js (ESM package)', async () => {
  const pkgDir = join(ws.dir, 'esm-pkg');
  mkdirSync(pkgDir);
  writeFileSync(join(pkgDir, 'package.json'), '{ "type": "module" }');
  // A JS suite: the TypeScript template without its type-only syntax (there is none in it).
  const files = [ws.write(suiteSource(PASSING), 'ts'), ws.write(suiteSource(PASSING), 'mts'), ws.write(suiteSource(PASSING), 'js', 'esm-pkg')];
  for (const f of files) {
    const r = await ws.run(['check', f, '--out', ws.out(), '-q']);
    assert.equal(r.code, 0, `${f}: ${r.stderr}`);
  }
});

test('bin-style start (only the tsx ESM hook registered): a .ts suite in a CommonJS folder still loads', () => {
  const path = ws.write(suiteSource(PASSING));
  const script = `import { register } from 'tsx/esm/api'; register();
    const { main } = await import(${JSON.stringify(resolve('src/cli/main.ts'))});
    process.exitCode = await main(['check', ${JSON.stringify(path)}, '--out', ${JSON.stringify(ws.out())}, '-q']);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
});

test('the report goes to ./trainlab-report by default', async () => {
  const cwd = process.cwd();
  const dir = join(ws.dir, 'default-out');
  mkdirSync(dir);
  const path = ws.write(suiteSource('[checks.smoke({ batches: 1 })]'));
  process.chdir(dir);
  try {
    assert.equal((await ws.run(['check', path, '-q'])).code, 0);
  } finally {
    process.chdir(cwd);
  }
  assert.ok(existsSync(join(dir, 'trainlab-report', 'report.json')));
});

/** Asserts exit 2 with a message on stderr matching `message`, and no report written. */
async function usage(args: string[], message: RegExp): Promise<void> {
  const out = ws.out();
  const r = await ws.run([...args, '--out', out]);
  assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, message);
  assert.ok(!existsSync(join(out, 'report.json')), 'no report for a run that did not happen');
}

test('a suite that cannot load exits 2 with a clear message', async () => {
  await usage(['check', ws.write(`${suiteSource(PASSING)}\nconst x = ;\n`)], /trainlab: cannot load suite .*suite-\d+\.ts: .*(Expected|Unexpected)/s);
  await usage(['check', ws.write(`export const suite = 1;\n`)], /must `export default defineSuite\(\{ model, data, loss, optimizer, checks \}\)`: its default export is missing/);
  await usage(['check', ws.write(`export default { name: 'x', checks: [{ name: 'a' }] };\n`)],
    /model is not a function; data\.train is not a function; loss is not a function; optimizer is not a function; checks\[0\] is not a check/);
  await usage(['check', ws.write(suiteSource('[checks.smoke(), checks.smoke()]'))], /check names must be unique \(smoke repeated\)/);
  await usage(['check', ws.write(suiteSource('[]', { top: "throw new Error('no data here');" }))], /cannot load suite .*: no data here/);
  await usage(['check', join(ws.dir, 'missing.ts')], /cannot load suite .*missing\.ts: no such file/);
});

test('bad usage exits 2: unknown --format, --lang, --only/--skip name, empty selection, bad --seed, bad --out', async () => {
  const path = ws.write(suiteSource(PASSING));
  await usage(['check', path, '--format', 'json,pdf'], /--format: unknown format pdf \(choose from json, junit, md, html\)/);
  await usage(['check', path, '--format', ' , '], /--format: no format given/);
  await usage(['check', path, '--lang', 'fr'], /--lang: expected en or zh-CN, got fr/);
  await usage(['check', path, '--only', 'smoke,nope'], /--only: no check named 'nope' in the suite \(have smoke, gradientFlow\)/);
  await usage(['check', path, '--skip', 'nope'], /--skip: no check named 'nope'/);
  await usage(['check', path, '--skip', 'smoke,gradientFlow'], /no check to run/);
  await usage(['check', path, '--seed', 'abc'], /--seed: expected an integer, got 'abc'/);
  await usage(['check', path, '--bogus'], /unknown option '--bogus'/);
  await usage(['check'], /missing required argument 'suite'/);
  const file = join(ws.dir, 'a-file');
  writeFileSync(file, 'x');
  const r = await ws.run(['check', path, '--out', file, '-q']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--out: cannot create the report folder .*a-file/);
});

test('a custom check returning a malformed result fails cleanly instead of crashing the renderers', async () => {
  const out = ws.out();
  const checksExpr = `[{ name: 'nothing', run: () => undefined }, { name: 'minimal', run: () => ({ passed: true }) },
    { name: 'noFlag', run: () => ({ summary: 'forgot passed' }) }]`;
  const r = await ws.run(['check', ws.write(suiteSource(checksExpr)), '--out', out]);
  assert.equal(r.code, 1, r.stderr);
  const rep = json(out);
  assert.deepEqual(rep.results.map((c) => [c.name, c.passed]), [['nothing', false], ['minimal', true], ['noFlag', false]]);
  assert.match(rep.results[0].summary, /the check returned undefined, expected a CheckResult/);
  assert.match(rep.results[2].summary, /an object without a boolean 'passed'/);
  assert.deepEqual(readdirSync(out).sort(), ['junit.xml', 'report.html', 'report.json', 'report.md']);
});

test('--lang zh-CN: progress, console report and Markdown in Chinese', async () => {
  const out = ws.out();
  const bad = fixedCheck('broken', false, '损失上升');
  const r = await ws.run(['check', ws.write(suiteSource(`[checks.smoke({ batches: 1 }), ${bad}]`)), '--out', out, '--lang', 'zh-CN', '--format', 'md']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /\[1\/2\] smoke … 通过 .*\n\[2\/2\] broken … 失败/);
  assert.match(r.stdout, /=== 训练测试报告: tiny ===\n总测试数: 2\n通过测试: 1\n失败测试: 1\n通过率: 50\.0%/);
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(md, /\| 总测试数 \| 通过测试 \| 失败测试 \| 通过率 \| 随机种子 \|\n\|---\|---\|---\|---\|---\|\n\| 2 \| 1 \| 1 \| 50\.0% \| 0 \|/);
  assert.match(md, /\| broken \| ❌ 失败 \| 损失上升 \|/);
});
