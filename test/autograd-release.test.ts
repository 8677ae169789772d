// backward releases the gradients of intermediate tensors once consumed (their buffers serve the
// gradients still to come), and never one that something else may still hold: a pass-through
// gradient pending for another input, a hook's argument, a retained .grad, the caller's gradient.
// Every check compares with gradients derived by hand.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { add, emptyCache, memoryStats, mul, randn, tensor, type Tensor } from '../src/index.js';

const N = 16384;  // 64 KiB float32: above the pool's floor
const vals = (t: Tensor): number[] => Array.from(t.contiguousData());

beforeEach(() => emptyCache());

test('intermediate gradients go back to the pool; leaf gradients are right', () => {
  const x = randn([N]).requiresGrad_();
  const a = mul(x, 2), b = mul(a, 3);
  const before = memoryStats().reused;
  mul(b, b).sum().backward();  // d/dx (6x)² = 72x
  assert.ok(memoryStats().reused > before, 'later gradients were built in released buffers');
  const want = vals(x).map((v) => Math.fround(Math.fround(Math.fround(2 * Math.fround(6 * v)) * 3) * 2));
  assert.deepEqual(vals(x.grad!), want);
});

test('a gradient passed through to two inputs stays valid until both are done', () => {
  const x = randn([N]).requiresGrad_(), y = randn([N]).requiresGrad_();
  const p = mul(x, 1), q = mul(y, 1);
  // AddBackward hands the same gradient tensor to p and q
  add(p, q).mul(tensor(3)).sum().backward();
  assert.ok(vals(x.grad!).every((v) => v === 3));
  assert.ok(vals(y.grad!).every((v) => v === 3));
});

test('the caller\'s gradient is never released', () => {
  const x = randn([N]).requiresGrad_();
  const b = mul(mul(x, 2), 5);
  const gOut = randn([N]);
  const gCopy = vals(gOut);
  b.backward(gOut);
  for (let i = 0; i < 4; i++) mul(randn([N]), 7);  // reuse whatever was released
  assert.deepEqual(vals(gOut), gCopy);
  assert.equal(gOut.isDisposed, false);
});

test('a hook\'s gradient and a retained grad are never released', () => {
  const x = randn([N]).requiresGrad_();
  const a = mul(x, 2), b = mul(a, 5);
  let seen: Tensor | null = null;
  a.registerHook((g) => { seen = g; });
  b.retainGrad();
  const gOut = randn([N]);
  const gCopy = vals(gOut);
  b.backward(gOut);
  for (let i = 0; i < 4; i++) mul(randn([N]), 7);  // reuse whatever was released
  assert.deepEqual(vals(gOut), gCopy, 'the caller\'s gradient');
  assert.deepEqual(vals(b.grad!), gCopy, 'retained grad of b');
  assert.deepEqual(vals(seen!), gCopy.map((v) => Math.fround(v * 5)), 'the hook\'s gradient of a');
  assert.deepEqual(vals(x.grad!), gCopy.map((v) => Math.fround(Math.fround(v * 5) * 2)));
});
