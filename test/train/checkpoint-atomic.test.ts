// writeFileAtomic: the new content replaces the old one whole, and a failure at any step leaves
// the old file untouched and no temp file behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, AtomicWriteError, type AtomicFs } from '../../src/train/atomic-write.js';

function withDir(fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(join(tmpdir(), 'atomic-'));
  try { fn(dir); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

test('writes a new file and replaces an existing one', () => withDir((dir) => {
  const p = join(dir, 'f.bin');
  writeFileAtomic(p, Uint8Array.from([1, 2, 3]));
  assert.deepEqual([...fs.readFileSync(p)], [1, 2, 3]);
  writeFileAtomic(p, Uint8Array.from([9]));
  assert.deepEqual([...fs.readFileSync(p)], [9]);
  assert.deepEqual(fs.readdirSync(dir), ['f.bin']);
}));

test('a directory in place of the target: error, directory untouched, no temp file left', () => withDir((dir) => {
  const p = join(dir, 'target');
  fs.mkdirSync(p);
  fs.writeFileSync(join(p, 'inside'), 'keep');
  assert.throws(() => writeFileAtomic(p, Uint8Array.from([1])), (e: Error) => e instanceof AtomicWriteError && e.message.includes(p));
  assert.deepEqual(fs.readdirSync(dir), ['target']);
  assert.equal(fs.readFileSync(join(p, 'inside'), 'utf8'), 'keep');
}));

test('a missing directory is an AtomicWriteError', () => withDir((dir) => {
  assert.throws(() => writeFileAtomic(join(dir, 'nope', 'f'), Uint8Array.from([1])), AtomicWriteError);
}));

for (const failAt of ['writeSync', 'fsyncSync', 'renameSync'] as const) {
  test(`failure in ${failAt}: old file intact, temp file removed`, () => withDir((dir) => {
    const p = join(dir, 'ckpt');
    fs.writeFileSync(p, 'old content');
    const faulty: AtomicFs = {
      ...(fs as unknown as AtomicFs),
      openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
      closeSync: (fd) => fs.closeSync(fd),
      unlinkSync: (path) => fs.unlinkSync(path),
      writeSync: (fd, b, off, len) => {
        if (failAt === 'writeSync') {
          fs.writeSync(fd, b, off, 2); // a partial write reached the temp file before the failure
          throw new Error('ENOSPC: no space left on device');
        }
        return fs.writeSync(fd, b, off, len);
      },
      fsyncSync: (fd) => { if (failAt === 'fsyncSync') throw new Error('EIO: i/o error'); fs.fsyncSync(fd); },
      renameSync: (a, b) => { if (failAt === 'renameSync') throw new Error('EXDEV: cross-device link'); fs.renameSync(a, b); },
    };
    assert.throws(() => writeFileAtomic(p, new Uint8Array(100).fill(7), { fs: faulty }), (e: Error) =>
      e instanceof AtomicWriteError && /unchanged/.test(e.message));
    assert.equal(fs.readFileSync(p, 'utf8'), 'old content');
    assert.deepEqual(fs.readdirSync(dir), ['ckpt']);
  }));
}

test('short writes are continued until every byte is written', () => withDir((dir) => {
  const p = join(dir, 'f');
  const oneByte: AtomicFs = { ...(fs as unknown as AtomicFs), writeSync: (fd, b, off) => fs.writeSync(fd, b, off, 1) };
  const data = Uint8Array.from({ length: 37 }, (_, i) => i * 3);
  writeFileAtomic(p, data, { fs: oneByte });
  assert.deepEqual([...fs.readFileSync(p)], [...data]);
}));
