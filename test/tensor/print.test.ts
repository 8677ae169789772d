// Printing: PyTorch's format (4 decimals, `1.` for integral floats, scientific for wide ranges).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, mul, tensor, zeros } from '../../src/index.js';

test('float tensors print like torch, with requiresGrad and gradFn', () => {
  assert.equal(String(tensor([[1.5, 2]], { requiresGrad: true })), 'tensor([[1.5000, 2.0000]], requiresGrad=true)');
  assert.equal(String(tensor([[1, 2]], { requiresGrad: true })), 'tensor([[1., 2.]], requiresGrad=true)');
  assert.equal(String(mul(tensor([1.5], { requiresGrad: true }), 2)), 'tensor([3.], gradFn=<MulBackward>)');
  assert.equal(String(tensor([[1, -2.25], [3, 4]])), 'tensor([[ 1.0000, -2.2500],\n        [ 3.0000,  4.0000]])');
  assert.equal(String(tensor([1e-5, 1])), 'tensor([1.0000e-05, 1.0000e+00])');
  assert.equal(String(tensor([0.5], { dtype: 'float64' })), 'tensor([0.5000], dtype=float64)');
  assert.equal(String(tensor(3.25)), 'tensor(3.2500)');
  assert.equal(String(tensor([NaN, Infinity, 1.5])), 'tensor([   nan,    inf, 1.5000])');
});

test('integer, bool, empty and large tensors', () => {
  assert.equal(String(arange(3)), 'tensor([0, 1, 2])');
  // torch right-aligns bools too: tensor([ True, False])
  assert.equal(String(tensor([true, false])), 'tensor([ True, False])');
  assert.equal(String(tensor([1, 2], { dtype: 'int32' })), 'tensor([1, 2], dtype=int32)');
  assert.equal(String(zeros([0, 2])), 'tensor([], size=[0, 2])');
  // over 1000 elements: the first and last three of each dim around an ellipsis
  const s = String(arange(2000));
  assert.match(s, /^tensor\(\[ {3}0, {4}1, {4}2, +\.\.\., 1997, 1998, 1999\]\)$/);
});
