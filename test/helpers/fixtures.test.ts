// The fixture comparison helper itself: non-finite expected values (README §1 allows "Infinity",
// "-Infinity", "NaN") compare by identity, and a wrong value still fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/index.js';
import { assertClose } from './fixtures.js';

test('assertClose: ±Infinity and NaN expected values match only themselves', () => {
  const f = { shape: [3], dtype: 'float32', data: ['-Infinity', 'Infinity', 'NaN'] };
  assertClose(tensor([-Infinity, Infinity, NaN]), f, 'specials');
  assert.throws(() => assertClose(tensor([Infinity, Infinity, NaN]), f, 'sign'), /element 0 is Infinity, expected -Infinity/);
  assert.throws(() => assertClose(tensor([-Infinity, 3e38, NaN]), f, 'finite'), /element 1/);
  assert.throws(() => assertClose(tensor([-Infinity, Infinity, 0]), f, 'nan'), /element 2/);
  assert.throws(() => assertClose(tensor([Infinity]), { shape: [1], dtype: 'float32', data: [1] }, 'inf vs finite'), /element 0/);
});
