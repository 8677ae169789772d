#!/usr/bin/env node
// Build step (`npm run build`, run by `prepare`): compiles src/ to dist/ with tsc, unless dist/ is
// already newer than every source file (a second install of the same checkout, e.g. by npx).
/* global process, console */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const marker = join('dist', 'index.js');
const configs = ['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => statSync(f).mtimeMs);
if (!process.env.TRAINLAB_REBUILD && existsSync(marker) && statSync(marker).mtimeMs >= Math.max(newest('src'), ...configs)) {
  console.log('trainlab: dist/ is up to date');
  process.exit(0);
}
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('trainlab: typescript is not installed; cannot build dist/ (run npm install in the checkout)');
  process.exit(1);
}
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
