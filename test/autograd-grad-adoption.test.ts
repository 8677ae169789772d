// The engine adopts a fresh, unshared backward result (linear/conv weight gradients) as a leaf's
// .grad instead of copying it: accumulation, hooks that keep the gradient, and shared storage stay correct.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linear, tensor, type Tensor } from '../src/index.js';

const x = tensor([[1, 2], [3, 4]]);
// y = x·Wᵀ + b, loss = Σ y: dW[j, :] = Σ_r x[r, :] = [4, 6] for each output j; db = [2, 2] (two rows)
const lossOf = (w: Tensor, b: Tensor) => linear(x, w, b).sum();

test('adopted .grad accumulates over a second backward (2× the hand-derived gradient)', () => {
  const w = tensor([[1, 0], [0, 1]], { requiresGrad: true }), b = tensor([0, 0], { requiresGrad: true });
  lossOf(w, b).backward();
  assert.deepEqual(w.grad!.toArray(), [[4, 6], [4, 6]]);
  assert.deepEqual(b.grad!.toArray(), [2, 2]);
  lossOf(w, b).backward();
  assert.deepEqual(w.grad!.toArray(), [[8, 12], [8, 12]]);
  assert.deepEqual(b.grad!.toArray(), [4, 4]);
});

test('a gradient a hook kept is not modified by a later accumulation', () => {
  const w = tensor([[1, 0], [0, 1]], { requiresGrad: true }), b = tensor([0, 0], { requiresGrad: true });
  let seen: Tensor | null = null;
  w.registerHook((g) => { seen = g; });
  lossOf(w, b).backward();
  lossOf(w, b).backward();
  assert.deepEqual(seen!.toArray(), [[4, 6], [4, 6]]);
  assert.deepEqual(w.grad!.toArray(), [[8, 12], [8, 12]]);
});

test('two leaves never share an adopted buffer, and zeroing one grad leaves the other', () => {
  const w1 = tensor([[1, 0], [0, 1]], { requiresGrad: true }), w2 = tensor([[2, 0], [0, 2]], { requiresGrad: true });
  linear(x, w1).sum().add(linear(x, w2).sum()).backward();
  assert.notEqual(w1.grad!.storage, w2.grad!.storage);
  w1.grad!.storage.data.fill(0);
  assert.deepEqual(w2.grad!.toArray(), [[4, 6], [4, 6]]);
});
