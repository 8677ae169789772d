// Atomic file replacement: write a temp file in the same directory, fsync it, rename it over the
// target, fsync the directory. A crash or error leaves either the old file or the new one, never half.
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TrainlabError } from '../errors.js';

/** The file-system calls writeFileAtomic makes; injectable so tests can simulate failures. */
export interface AtomicFs {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

/** An atomic write that failed; the target file (if any) is untouched and the temp file removed. */
export class AtomicWriteError extends TrainlabError {}

/**
 * Writes `bytes` to `path` atomically: a temp file `.<name>.<random>.tmp` in the same directory is
 * written and fsynced, renamed over `path` (atomic on POSIX), then the directory is fsynced so the
 * rename survives a power loss. On any error the temp file is removed and `path` keeps its old content.
 * @example
 * writeFileAtomic('run/ckpt.safetensors', bytes);
 */
export function writeFileAtomic(path: string, bytes: Uint8Array, opts: { fs?: AtomicFs } = {}): void {
  const fs = opts.fs ?? (nodeFs as unknown as AtomicFs);
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  let created = false;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    created = true;
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, path);
    created = false;
  } catch (e) {
    if (fd !== null) { try { fs.closeSync(fd); } catch { /* already failing */ } }
    if (created) { try { fs.unlinkSync(tmp); } catch { /* best effort */ } }
    throw new AtomicWriteError(`writeFileAtomic: could not write ${path}: ${(e as Error).message} (the previous file, if any, is unchanged)`);
  }
  fsyncDir(fs, dir);
}

/** fsync of the directory entry; some platforms (Windows) refuse to open a directory: that is not an error. */
function fsyncDir(fs: AtomicFs, dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not supported here; the rename itself is still atomic */
  } finally {
    if (fd !== null) { try { fs.closeSync(fd); } catch { /* ignore */ } }
  }
}
