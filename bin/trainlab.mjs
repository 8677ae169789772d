#!/usr/bin/env node
// The `trainlab` command: runs the built CLI (dist/), or the TypeScript sources through tsx when
// there is no build or the sources are newer than it (a checkout being worked on).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
const src = join(root, 'src');

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

const useBuilt = existsSync(built) && (!existsSync(src) || statSync(built).mtimeMs >= newestMtime(src));
if (!useBuilt) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { main } = await import(pathToFileURL(useBuilt ? built : join(src, 'cli', 'main.ts')).href);
process.exitCode = await main(process.argv.slice(2));
