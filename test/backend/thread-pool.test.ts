// The native thread pool under the timings that exercise its two waiting modes: jobs back to back
// (workers still polling), jobs after pauses longer than the 200 µs poll (workers asleep on the
// condition variable), and resizes in between (which must stop polling and sleeping workers alike).
// Every result is checked against the JS reference; a resize that hangs fails through the timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend, nativeBackendIfBuilt, setNumThreads, backendInfo } from '../../src/backend/index.js';
import { Generator } from '../../src/tensor/random.js';

const nb = nativeBackendIfBuilt();
const gen = new Generator(77);
const sleep = (ms: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); };

test('parallel kernels stay correct across polling, sleeping workers and resizes', { skip: nb ? false : 'native addon not built', timeout: 60_000 }, () => {
  const n = 300_001;  // several grains of the elementwise split: every thread gets a share
  const a = new Float32Array(n), b = new Float32Array(n);
  for (let i = 0; i < n; i++) { a[i] = gen.uniform53() * 4 - 2; b[i] = gen.uniform53() * 4 - 2; }
  const expected = new Float32Array(n);
  jsBackend.binary('add', { data: a, offset: 0, strides: [1] }, { data: b, offset: 0, strides: [1] }, [n], expected);
  const before = backendInfo().threads;
  try {
    const pauses = [0, 0, 0.05, 0.5, 2];  // ms: shorter and longer than the workers' poll
    for (let i = 0; i < 120; i++) {
      if (i % 40 === 0) setNumThreads([2, 3, 1][i / 40]);
      const out = new Float32Array(n);
      nb!.binary('add', { data: a, offset: 0, strides: [1] }, { data: b, offset: 0, strides: [1] }, [n], out);
      const bad = out.findIndex((v, j) => v !== expected[j]);
      assert.equal(bad, -1, `iteration ${i} (threads ${backendInfo().threads}): element ${bad} is ${out[bad]}, expected ${expected[bad]}`);
      sleep(pauses[i % pauses.length]);
    }
  } finally {
    setNumThreads(before);
  }
});
