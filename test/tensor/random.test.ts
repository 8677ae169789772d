// The seeded RNG: reproducibility, statistical moments, and the documented algorithm
// (SplitMix32 seeding → xoshiro128**) checked against an independent BigInt re-implementation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, manualSeed, rand, randint, randn, randperm, bernoulli, ValueError } from '../../src/index.js';

const M32 = (1n << 32n) - 1n;
const u32 = (x: bigint) => x & M32;
const rotl = (x: bigint, k: bigint) => u32((x << k) | (x >> (32n - k)));

/** Reference: SplitMix32 expands the seed (lo ^ hi·0x27d4eb2d) into four words; xoshiro128** draws. */
function reference(seed: number, count: number): number[] {
  const big = BigInt(seed);
  let s = u32(u32(big) ^ u32((big >> 32n) * 0x27d4eb2dn));
  const mix = () => {
    s = u32(s + 0x9e3779b9n);
    let z = s;
    z = u32((z ^ (z >> 16n)) * 0x85ebca6bn);
    z = u32((z ^ (z >> 13n)) * 0xc2b2ae35n);
    return z ^ (z >> 16n);
  };
  const st = [mix(), mix(), mix(), mix()];
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number(u32(rotl(u32(st[1] * 5n), 7n) * 9n)));
    const t = u32(st[1] << 9n);
    st[2] ^= st[0]; st[3] ^= st[1]; st[1] ^= st[2]; st[0] ^= st[3];
    st[2] ^= t;
    st[3] = rotl(st[3], 11n);
  }
  return out;
}

test('nextUint32 follows SplitMix32-seeded xoshiro128** for several seeds', () => {
  for (const seed of [0, 1, 42, 2 ** 40 + 7]) {
    const g = new Generator(seed);
    assert.deepEqual(Array.from({ length: 64 }, () => g.nextUint32()), reference(seed, 64), `seed ${seed}`);
  }
});

test('uniforms take the top 24 bits, or 27 + 26 bits of two draws', () => {
  const ref = reference(9, 3);
  const g = new Generator(9);
  assert.equal(g.uniform24(), Math.floor(ref[0] / 256) / 2 ** 24);
  assert.equal(g.uniform53(), (Math.floor(ref[1] / 32) * 2 ** 26 + Math.floor(ref[2] / 64)) / 2 ** 53);
});

test('same seed, same values; different seeds differ; state round-trips', () => {
  manualSeed(123);
  const a = Array.from(randn([50]).contiguousData());
  manualSeed(123);
  assert.deepEqual(Array.from(randn([50]).contiguousData()), a);
  assert.notDeepEqual(Array.from(randn([50], { generator: new Generator(124) }).contiguousData()), a);
  const g = new Generator(5);
  g.normal(); // leaves a spare normal in the state
  const state = g.getState();
  const next = [g.normal(), g.normal(), g.nextUint32()];
  const h = new Generator().setState(state);
  assert.deepEqual([h.normal(), h.normal(), h.nextUint32()], next);
  assert.throws(() => h.setState([1, 2]), ValueError);
});

test('moments: uniform mean 1/2 and variance 1/12, normal mean 0 and variance 1', () => {
  const n = 20000;
  const g = new Generator(2024);
  const u = Array.from(rand([n], { dtype: 'float64', generator: g }).contiguousData());
  const z = Array.from(randn([n], { dtype: 'float64', generator: g }).contiguousData());
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const variance = (v: number[]) => { const m = mean(v); return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1); };
  // 5 standard errors: se(mean U) = √(1/12/n) ≈ 0.002; se(var U) = √((1/80 − 1/144)/n) ≈ 0.0005
  assert.ok(Math.abs(mean(u) - 0.5) < 5 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(variance(u) - 1 / 12) < 5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  assert.ok(u.every((v) => v >= 0 && v < 1));
  // se(mean Z) = 1/√n; se(var Z) = √(2/n)
  assert.ok(Math.abs(mean(z)) < 5 / Math.sqrt(n));
  assert.ok(Math.abs(variance(z) - 1) < 5 * Math.sqrt(2 / n));
  // the fraction within one σ is 0.6827 (se √(p(1−p)/n) ≈ 0.0033)
  const within = z.filter((v) => Math.abs(v) < 1).length / n;
  assert.ok(Math.abs(within - 0.6827) < 5 * Math.sqrt(0.6827 * 0.3173 / n));
});

test('randint, randperm and bernoulli', () => {
  const g = new Generator(11);
  const r = Array.from(randint(3, 7, [4000], { generator: g }).contiguousData());
  assert.ok(r.every((v) => Number.isInteger(v) && v >= 3 && v < 7));
  // each of the 4 values is Binomial(4000, 1/4): σ ≈ 27.4; allow 5σ
  for (let v = 3; v < 7; v++) assert.ok(Math.abs(r.filter((x) => x === v).length - 1000) < 5 * 27.4);
  const p = Array.from(randperm(50, { generator: g }).contiguousData());
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  const b = Array.from(bernoulli(0.25, { shape: [4000], generator: g }).contiguousData());
  assert.ok(Math.abs(b.filter((x) => x === 1).length / 4000 - 0.25) < 5 * Math.sqrt(0.25 * 0.75 / 4000));
  assert.throws(() => bernoulli(1.5), ValueError);
});
