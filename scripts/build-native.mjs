#!/usr/bin/env node
// Install step: builds the native addon (build/Release/trainlab_native.node) with node-gyp when a
// compiler is present. Never fails the install: without it trainlab runs on the JS backend.
/* global process, console */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const notice = (why) => console.log(`trainlab: native backend not built (${why}); using the JS backend`);

if (process.env.TRAINLAB_SKIP_NATIVE) {
  notice('TRAINLAB_SKIP_NATIVE is set');
  process.exit(0);
}

/** The addon is up to date when it is newer than binding.gyp and every file in native/. */
function upToDate() {
  const out = join(root, 'build', 'Release', 'trainlab_native.node');
  if (!existsSync(out) || process.env.TRAINLAB_REBUILD_NATIVE) return false;
  const built = statSync(out).mtimeMs;
  const sources = [join(root, 'binding.gyp'), ...readdirSync(join(root, 'native')).map((f) => join(root, 'native', f))];
  return sources.every((f) => statSync(f).mtimeMs <= built);
}
if (upToDate()) {
  console.log('trainlab: native backend up to date (build/Release/trainlab_native.node)');
  process.exit(0);
}

/** node-gyp's entry script: the copy bundled with npm, else a local dependency. */
function findNodeGyp() {
  const npmDir = process.env.npm_execpath ? dirname(dirname(process.env.npm_execpath)) : undefined;
  const candidates = [
    npmDir && join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try { candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')); } catch { /* absent */ }
  return candidates.find((p) => p && existsSync(p));
}

/** Local Node headers, so node-gyp never downloads them (installs stay inside the npm registry). */
function findNodeDir() {
  const fromConfig = process.env.npm_config_nodedir;
  const candidates = [fromConfig, resolve(dirname(process.execPath), '..'), '/usr/local', '/usr'];
  return candidates.find((d) => d && existsSync(join(d, 'include', 'node', 'node_api.h')));
}

const gyp = findNodeGyp();
const nodedir = findNodeDir();
if (!gyp) notice('node-gyp not found');
else if (!nodedir) notice('Node headers (include/node/node_api.h) not found');
else {
  const jobs = process.env.JOBS ?? 'max';
  const r = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`, '-j', jobs], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status === 0 && existsSync(join(root, 'build', 'Release', 'trainlab_native.node'))) {
    console.log('trainlab: native backend built (build/Release/trainlab_native.node)');
  } else {
    const err = `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`;
    const first = err.split('\n').find((l) => /error/i.test(l))?.trim() ?? `node-gyp exited with ${r.status}`;
    notice(first.slice(0, 160));
  }
}
