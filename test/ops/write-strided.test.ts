// writeStrided (the write side of cat, slicing backward and in-place fallbacks) against a per-element
// reference walk of the destination's strides, on layouts with long contiguous runs (copied with
// TypedArray.set), short runs, size-1 dims, offsets, permutations, and plain-array sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, arange, narrow, permute, reshape, select } from '../../src/index.js';
import { writeStrided } from '../../src/ops/util.js';

/** The flat storage index of every element of `t`, in row-major order of its shape. */
function positions(t: Tensor): number[] {
  const out: number[] = [];
  const walk = (d: number, off: number): void => {
    if (d === t.ndim) { out.push(off); return; }
    for (let i = 0; i < t.shape[d]; i++) walk(d + 1, off + i * t.strides[d]);
  };
  walk(0, t.offset);
  return out;
}

test('writeStrided matches a per-element walk of the destination on strided layouts', () => {
  const base = (): Tensor => reshape(arange(0, 4 * 6 * 40, 1, { dtype: 'float32' }), [4, 6, 40]).mul(-1);
  const layouts: Array<[string, (b: Tensor) => Tensor]> = [
    ['contiguous', (b) => b],
    ['narrow dim 1 (runs of 80)', (b) => narrow(b, 1, 2, 2)],
    ['narrow dim 2 (runs of 17)', (b) => narrow(b, 2, 5, 17)],
    ['narrow dim 2 (runs of 3)', (b) => narrow(b, 2, 1, 3)],
    ['select dim 0 + narrow', (b) => narrow(select(b, 0, 3), 0, 1, 4)],
    ['permuted (stride-40 inner)', (b) => permute(b, [0, 2, 1])],
    ['size-1 dims', (b) => reshape(narrow(b, 0, 1, 1), [1, 6, 1, 40])],
  ];
  for (const [name, make] of layouts) {
    for (const plain of [false, true]) {
      const b = base(), dst = make(b);
      const n = dst.numel();
      const src = Float32Array.from({ length: n }, (_, i) => i + 0.5);
      const want = Array.from(b.storage.data);
      positions(dst).forEach((p, i) => { want[p] = src[i]; });
      writeStrided(dst, plain ? Array.from(src) : src);
      assert.deepEqual(Array.from(b.storage.data), want, `${name}${plain ? ' (plain array source)' : ''}`);
    }
  }
  assert.throws(() => writeStrided(narrow(base(), 2, 0, 3), new Float32Array(5)), /writeStrided: 5 values for 72 elements/);
});
