#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx) on the default
// backend (native when built). Then, when the native backend was the default, the engine's parity
// tests (PyTorch fixtures, gradchecks, backend parity) run a second time on the JS reference
// backend, so both backends are held to the same truths.
// Usage: npm test [-- <substring filter on file paths>]   (a filter runs only the first pass)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
function run(files, env) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files],
    { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

const filters = process.argv.slice(2);
const all = walk('test').sort();
const files = all.filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) { console.error('no test files matched'); process.exit(1); }
const nativeDefault = !process.env.TRAINLAB_BACKEND && existsSync('build/Release/trainlab_native.node');
let status = run(files, {});
if (filters.length === 0 && nativeDefault) {
  const engine = all.filter((f) => /^test\/(ops|losses|optim|nn|backend|autograd|tensor)/.test(f));
  console.log(`\n# second pass: ${engine.length} engine test files on the JS reference backend (TRAINLAB_BACKEND=js)`);
  status = Math.max(status, run(engine, { TRAINLAB_BACKEND: 'js' }));
}
process.exit(status);
