// `trainlab check` on suites with a user's typical mistakes: the message says where the suite threw
// and what its exports hold, so the user can find the typo without a stack trace.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { Workspace, suiteSource } from './suite-files.js';

const ws = new Workspace();
after(() => ws.remove());

test('a typo in a check name names the suite line it was made on', async () => {
  const source = suiteSource('[checks.smoek()]');
  const path = ws.write(source);
  // suiteSource's checks line, 1-based
  const line = source.split('\n').findIndex((l) => l.includes('checks.smoek()')) + 1;
  const r = await ws.run(['check', path, '--out', ws.out()]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /cannot load suite .*: .*smoek is not a function/);
  assert.ok(r.stderr.includes(`(at ${path}:${line}:`), r.stderr);
});

test('a suite exported under a name (no default export) says so', async () => {
  const path = ws.write(suiteSource('[checks.smoke()]').replace('export default defineSuite', 'export const suite = defineSuite'));
  const r = await ws.run(['check', path, '--out', ws.out()]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`suite .*${basename(path)} must \`export default defineSuite.*: its default export is missing`));
});
