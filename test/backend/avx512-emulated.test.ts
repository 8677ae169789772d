// The AVX-512 GEMM path on any x86-64: test/native/gemm-avx512-emulated.cc is built from
// native/gemm.cc with the AVX-512 intrinsics taken from SIMDe (Debian's libsimde-dev, installed by
// .ci/run) and checks ~2000 products (odd sizes, transposes, offsets, batches, accumulate, 1 and 2
// threads) against a float64 triple loop. The addon itself picks that kernel only on AVX-512 CPUs,
// which this test cannot count on. Without g++ it is skipped (no native backend either); the SIMDe
// headers are required in CI (.ci/run installs them) and skipped elsewhere when absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HEADER = '/usr/include/simde/x86/avx512.h';
const x86 = process.arch === 'x64';
const compiler = spawnSync('g++', ['--version']).status === 0;
const skip = !x86 ? 'the AVX-512 kernel exists on x86-64 only'
  : process.env.TRAINLAB_BACKEND === 'js' ? 'a native kernel: not part of the JS-backend pass'
  : !compiler ? 'no g++ on this machine (the native backend cannot be built here either)'
  : !existsSync(HEADER) && !process.env.CI ? `SIMDe headers absent (${HEADER}; apt-get install libsimde-dev)`
  : false;

test('the AVX-512 GEMM micro-kernel, emulated, matches a float64 reference', { skip, timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainlab-avx512-'));
  try {
    const exe = join(dir, 'gemm-avx512');
    const build = spawnSync('g++', ['-std=c++17', '-O1', '-mavx2', '-mfma', '-ffp-contract=off', '-Wno-psabi',
      '-DTL_EMULATE_AVX512', 'native/gemm.cc', 'native/threadpool.cc', 'test/native/gemm-avx512-emulated.cc',
      '-pthread', '-o', exe], { encoding: 'utf8' });
    assert.equal(build.status, 0, `g++ failed:\n${build.error ?? ''}${build.stderr}`);
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^ok: \d+ gemm cases on the emulated avx512 path, 0 failed/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
