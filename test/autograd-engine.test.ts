// The backward engine: accumulation, deep chains, retainGraph, hooks, in-place checks, grad modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AutogradError, AnomalyError, ValueError, tensor, noGrad, enableGrad, detectAnomaly, ones, mul, add, log, sum } from '../src/index.js';

test('a chain of 10,000 ops backpropagates without recursion', () => {
  const x = tensor([2], { requiresGrad: true });
  let y = x;
  for (let i = 0; i < 10000; i++) y = y.mul(1);
  y.sum().backward();
  assert.equal(x.grad!.item(), 1);
});

test('gradients accumulate across backward calls and through shared inputs', () => {
  const x = tensor([3], { requiresGrad: true });
  // d(x*x + x)/dx = 2x + 1 = 7
  add(mul(x, x), x).sum().backward();
  assert.equal(x.grad!.item(), 7);
  add(mul(x, x), x).sum().backward();
  assert.equal(x.grad!.item(), 14);
});

test('non-scalar backward needs a gradient; a second backward needs retainGraph', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = mul(x, 2);
  assert.throws(() => y.backward(), (e: Error) => e instanceof AutogradError && /scalar outputs.*\[2\]/.test(e.message));
  const s = sum(mul(x, x));
  s.backward(null, { retainGraph: true });
  s.backward();
  assert.deepEqual(Array.from(x.grad!.contiguousData()), [4, 8]);
  assert.throws(() => s.backward(), /second time \(SumBackward\)/);
});

test('backward takes its options in the gradient\'s place; anything else there is named', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const s = sum(mul(x, x));
  s.backward({ retainGraph: true });
  s.backward();
  assert.deepEqual(Array.from(x.grad!.contiguousData()), [4, 8]);
  const t = sum(mul(x, 3));
  assert.throws(() => t.backward([1] as never), (e: Error) => e instanceof ValueError && /gradient must be a Tensor.*got an array/.test(e.message));
  assert.throws(() => t.backward(2 as never), /gradient must be a Tensor.*got number/);
  assert.throws(() => t.backward({} as never, {}), /gradient must be a Tensor.*got object/);
});

test('an in-place change of a saved tensor is caught at backward', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4]);
  const y = mul(a, b).sum();
  b.mul_(2);
  assert.throws(() => y.backward(), (e: Error) => e instanceof AutogradError && /MulBackward.*in-place.*version 0.*now 1/.test(e.message));
});

test('noGrad records nothing, enableGrad re-enables inside it', () => {
  const x = tensor([1], { requiresGrad: true });
  const y = noGrad(() => mul(x, 2));
  assert.equal(y.requiresGrad, false);
  const z = noGrad(() => enableGrad(() => mul(x, 2)));
  assert.equal(z.requiresGrad, true);
});

test('hooks see and may replace gradients; retainGrad keeps a non-leaf grad', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = mul(x, 3).retainGrad();
  let seen: number[] = [];
  h.registerHook((g) => { seen = Array.from(g.contiguousData()); return mul(g, 10); });
  h.sum().backward();
  assert.deepEqual(seen, [1, 1]);
  assert.deepEqual(Array.from(h.grad!.contiguousData()), [10, 10]);
  assert.deepEqual(Array.from(x.grad!.contiguousData()), [30, 30]);
});

test('detectAnomaly names the op that produced a NaN, forward and backward', () => {
  const x = tensor([-1, 1], { requiresGrad: true });
  assert.throws(() => detectAnomaly(() => log(x)), (e: Error) => e instanceof AnomalyError && /log produced NaN in its forward/.test(e.message));
  const z = tensor([0, 1], { requiresGrad: true });
  // sqrt'(0) = inf: the backward of the sqrt node yields Inf
  assert.throws(() => detectAnomaly(() => z.sqrt().sum().backward()), /SqrtBackward produced Inf in its backward/);
  assert.equal(ones([2]).sum().item(), 2);
});
