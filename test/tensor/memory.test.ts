// Early release of tensor memory (Tensor.dispose, tidy, keep): released buffers are reused by the next
// tensor of the same size, and nothing still in use is ever released. Values are checked against
// copies taken before any release, so a reused buffer that was still in use shows up as a mismatch.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  AutogradError, DisposedError, Tensor, TrainlabError, add, emptyCache, keep, memoryStats, mul, nn, noGrad, randn,
  pow, reshape, tidy, where, zeros,
} from '../../src/index.js';
import { releaseScratch } from '../../src/tensor/tensor.js';

// 16,384 floats = 64 KiB: above the pool's 16 KiB floor
const N = 16384;
const copy = (t: Tensor): number[] => Array.from(t.contiguousData());
const disposed = (e: unknown): boolean => e instanceof DisposedError && /disposed/.test(e.message);

beforeEach(() => emptyCache({ limitBytes: 256 << 20 }));

test('dispose: the next result of the same size takes the buffer back; the values are its own', () => {
  const a = randn([N]), b = randn([N]);
  const want = copy(add(a, b));
  const t = mul(a, 2);
  const buf = t.storage.data.buffer;
  t.dispose();
  assert.equal(t.isDisposed, true);
  assert.deepEqual(memoryStats().pooledBuffers, 1);
  assert.equal(memoryStats().pooledBytes, 4 * N);
  const y = add(a, b);
  assert.equal(y.storage.data.buffer, buf, 'the released buffer is reused');
  assert.deepEqual(copy(y), want);
  assert.equal(memoryStats().pooledBuffers, 0);
  t.dispose();  // twice: nothing happens
});

test('a disposed tensor refuses every use with DisposedError and prints as disposed', () => {
  const t = randn([N]);
  t.dispose();
  assert.throws(() => t.toArray(), disposed);
  assert.throws(() => add(t, 1), disposed);
  assert.throws(() => t.sum(), disposed);
  assert.throws(() => t.add_(1), disposed);
  assert.equal(String(t), 'tensor(<disposed>, shape=[16384], dtype=float32)');
});

test('zeros() built on a released buffer is all zeros', () => {
  const t = randn([N]).add(7);
  t.dispose();
  const z = zeros([N]);
  assert.equal(memoryStats().pooledBuffers, 0, 'zeros took the released buffer');
  assert.ok(copy(z).every((v) => v === 0));
});

test('a buffer still reachable through a view or a second wrapper is never released', () => {
  const base = randn([N]);
  const view = reshape(base, [128, 128]);
  const keepVals = copy(base);
  base.dispose();
  assert.equal(memoryStats().pooledBuffers, 0, 'the view still holds the storage');
  randn([N]); randn([N]);
  assert.deepEqual(Array.from(view.contiguousData()), keepVals);
  view.dispose();
  assert.equal(memoryStats().pooledBuffers, 1, 'released once the last tensor on it is disposed');

  const owner = randn([N]);
  const vals = copy(owner);
  const other = Tensor.fromArray(owner.storage.data, [N], 'float32', false);  // a second storage on the same array
  const before = memoryStats().pooledBuffers;
  owner.dispose();
  assert.equal(memoryStats().pooledBuffers, before, 'a shared array is not pooled');
  randn([N]); randn([N]);
  assert.deepEqual(copy(other), vals);
});

test('dispose refuses tensors autograd may still read', () => {
  const w = randn([N]).requiresGrad_();
  const x = randn([N]);
  const y = mul(w, x);
  const re = (what: RegExp) => (e: unknown): boolean => e instanceof AutogradError && what.test(e.message);
  assert.throws(() => w.dispose(), re(/requires grad/));
  assert.throws(() => y.dispose(), re(/requires grad|grad_fn/));
  assert.throws(() => x.dispose(), re(/a recorded op read it/));
  const e = randn([N]);
  pow(w, e);  // pow saves its exponent for the gradient of w
  assert.throws(() => e.dispose(), re(/a recorded op read it/));
  y.sum().backward();
  assert.deepEqual(copy(w.grad!), copy(x));
});

test('tidy releases what the block created and keeps what it returns or keep()s', () => {
  const x = randn([N]);
  let inner: Tensor[] = [];
  const kept: Tensor[] = [];
  const out = tidy(() => {
    const a = mul(x, 2), b = add(a, 1);
    kept.push(keep(mul(x, 3)));
    inner = [a, b];
    return { result: [b.sum()], b };
  });
  assert.equal(inner[0].isDisposed, true);
  assert.equal(inner[1].isDisposed, false, 'returned inside an object');
  assert.equal(out.result[0].isDisposed, false, 'returned inside an array');
  assert.equal(kept[0].isDisposed, false);
  assert.equal(x.isDisposed, false, 'created outside');
  const want = copy(x).map((v) => Math.fround(Math.fround(v * 2) + 1));
  randn([N]); randn([N]);
  assert.deepEqual(copy(out.b), want);
});

test('nested tidy: a tensor returned by the inner scope belongs to the outer one', () => {
  const x = randn([N]);
  let fromInner: Tensor | null = null;
  tidy(() => {
    fromInner = tidy(() => mul(add(x, 1), 2));
    assert.equal(fromInner.isDisposed, false);
  });
  assert.equal(fromInner!.isDisposed, true);
});

test('tidy releases nothing when the block throws, built an autograd graph, or returned a Promise', () => {
  const x = randn([N]);
  let t: Tensor | null = null;
  assert.throws(() => tidy(() => { t = mul(x, 2); throw new Error('boom'); }), /boom/);
  assert.equal(t!.isDisposed, false);

  const w = randn([N]).requiresGrad_();
  let mid: Tensor | null = null, plain: Tensor | null = null;
  const loss = tidy(() => { plain = mul(x, 3); mid = mul(w, plain); return mid.sum(); });
  assert.equal(mid!.isDisposed, false);
  assert.equal(plain!.isDisposed, false, 'the graph saved it');
  loss.backward();
  assert.deepEqual(copy(w.grad!), copy(plain!));

  // an op's backward may read temporaries it made in the forward (where() keeps its mask as a float
  // array): released and reused, they would corrupt the gradient silently
  const cond = randn([N]).gt(0), v = randn([N]).requiresGrad_();
  const s2 = tidy(() => where(cond, v, 0).sum());
  for (let i = 0; i < 4; i++) randn([N]).fill_(5);
  s2.backward();
  assert.deepEqual(copy(v.grad!), copy(cond));

  assert.throws(() => tidy(() => Promise.resolve(1) as unknown as number),
    (e: unknown) => e instanceof TrainlabError && /tidy: fn returned a Promise/.test(e.message));
  assert.throws(() => tidy(null as unknown as () => void), /tidy: expected a function/);
});

test('tidy around inference under noGrad keeps parameters and module state intact', () => {
  const model = new nn.Sequential(new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 64));
  const x = randn([64, 256]);
  const want = copy(noGrad(() => model.call(x) as Tensor));
  for (let i = 0; i < 5; i++) {
    const y = tidy(() => noGrad(() => (model.call(x) as Tensor).mul(1)));
    assert.deepEqual(copy(y), want, `iteration ${i}`);
  }
  for (const p of model.parameters()) assert.equal(p.isDisposed, false);
  // parameters cast inside a scope: the cast copy is adopted, not released
  tidy(() => { model.double(); });
  randn([N]); randn([N]);
  const y64 = noGrad(() => model.call(x.double()) as Tensor);
  want.forEach((v, i) => assert.ok(Math.abs(y64.contiguousData()[i] - v) < 1e-4, `double() kept the weights (element ${i})`));
});

test('emptyCache drops pooled buffers; a zero limit turns pooling off', () => {
  randn([N]).dispose();
  assert.equal(memoryStats().pooledBuffers, 1);
  emptyCache();
  const { reused, ...held } = memoryStats();
  assert.deepEqual(held, { pooledBytes: 0, pooledBuffers: 0, limitBytes: 256 << 20 });
  assert.ok(reused > 0, 'earlier tests took buffers from the pool');
  emptyCache({ limitBytes: 0 });
  randn([N]).dispose();
  assert.equal(memoryStats().pooledBuffers, 0);
  assert.throws(() => emptyCache({ limitBytes: -1 }), /limitBytes must be a finite number ≥ 0/);
});

test('releaseScratch pools a private scratch array but never a tensor\'s storage', () => {
  const t = randn([N]);
  releaseScratch(t.storage.data);
  assert.equal(memoryStats().pooledBuffers, 0, 'a buffer owned by a storage is refused');
  const scratch = new Float32Array(N);
  releaseScratch(scratch);
  assert.equal(memoryStats().pooledBuffers, 1);
  releaseScratch(new Float32Array(16));
  assert.equal(memoryStats().pooledBuffers, 1, 'below the 16 KiB floor: not pooled');
  const y = add(t, 1);
  assert.equal(y.storage.data.buffer, scratch.buffer, 'the next result of that size reuses it');
});

test('large results built in pooled buffers (ordinary stores instead of streaming ones) are right', () => {
  const n = 600_007;  // 2.4 MB: past the native streaming threshold
  const a = randn([n]), b = randn([n]);
  const want = Array.from(add(a, b).contiguousData());
  let kept: Tensor | null = null;
  for (let i = 0; i < 3; i++) {
    const r = tidy(() => { const t = mul(a, 3); return add(t.mul(0), add(a, b)); });
    assert.deepEqual(Array.from(r.contiguousData()), want, `round ${i}`);
    kept = r;
  }
  assert.ok(memoryStats().reused > 0);
  assert.equal(kept!.isDisposed, false);
});
