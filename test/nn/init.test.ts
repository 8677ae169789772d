// nn.init against init.json: gains exactly; fans, bounds and stds of every initialiser checked
// statistically on seeded samples (all samples within the bound, the extreme close to it, sample
// std within 5 standard errors of the fixture's std); torch's default Linear/Conv2d init likewise.
// Another file of the same format runs through TRAINLAB_INIT_FIXTURE=path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, Generator, Tensor, zeros, ValueError } from '../../src/index.js';
import { loadFixture } from '../helpers/fixtures.js';

const { init } = nn;
interface Case { id: string; fn: string; [k: string]: unknown }
const file = process.env.TRAINLAB_INIT_FIXTURE ?? 'init.json';
const cases = loadFixture<{ cases: Case[] }>(file).cases;

function stats(xs: number[]): { mean: number; std: number; maxAbs: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, std, maxAbs: xs.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
}

/**
 * Checks samples against U(−bound, bound) or N(0, std²). Standard error of the sample std:
 * σ/√(2n) for a normal, σ·√((κ−1)/4n) = σ·0.447/√n for a uniform (κ = 1.8); 5 SE allowed, and the
 * mean within 5σ/√n. For a uniform the max |x| of n samples is ≥ 0.98·bound except with
 * probability 0.98ⁿ (< 1e−8 for n ≥ 1000).
 */
function checkSamples(xs: number[], dist: 'uniform' | 'normal', std: number, bound: number | undefined, what: string): void {
  const s = stats(xs);
  const n = xs.length;
  assert.ok(n >= 1000, `${what}: too few samples`);
  const se = dist === 'normal' ? std / Math.sqrt(2 * n) : std * 0.4473 / Math.sqrt(n);
  assert.ok(Math.abs(s.std - std) <= 5 * se, `${what}: sample std ${s.std} vs ${std} (5 SE = ${5 * se})`);
  assert.ok(Math.abs(s.mean) <= 5 * std / Math.sqrt(n), `${what}: sample mean ${s.mean}`);
  if (dist === 'uniform') {
    assert.ok(s.maxAbs <= bound!, `${what}: ${s.maxAbs} outside the bound ${bound}`);
    assert.ok(s.maxAbs >= 0.98 * bound!, `${what}: max |x| ${s.maxAbs} not close to the bound ${bound}`);
  }
}

/** Draws `fill` repeatedly into tensors of `shape` until at least 4000 samples are pooled. */
function sample(shape: number[], fill: (t: Tensor) => void): number[] {
  const out: number[] = [];
  while (out.length < 4000) {
    const t = zeros(shape);
    fill(t);
    out.push(...t.contiguousData());
  }
  return out;
}

for (const c of cases) {
  test(`${file} ${c.id}`, () => {
    const g = new Generator(1234);
    if (c.fn === 'nn.init.calculateGain') {
      const [name, param] = c.args as [nn.init.Nonlinearity, number | undefined];
      assert.ok(Math.abs(init.calculateGain(name, param) - (c.out as number)) < 1e-12);
      return;
    }
    if (c.fn === 'nn.Linear' || c.fn === 'nn.Conv2d') {
      const o = c.options as Record<string, number>;
      const ws: number[] = [], bs: number[] = [];
      while (ws.length < 4000 || bs.length < 1000) {
        const m: nn.Linear | nn.Conv2d = c.fn === 'nn.Linear' ? new nn.Linear(o.inFeatures, o.outFeatures, { generator: g })
          : new nn.Conv2d(o.inChannels, o.outChannels, o.kernelSize, { groups: o.groups, generator: g });
        assert.deepEqual(m.weight.shape, c.weightShape);
        assert.equal(init.calculateFanInAndFanOut(m.weight).fanIn, c.fanIn);
        ws.push(...m.weight.contiguousData());
        bs.push(...m.bias!.contiguousData());
      }
      const wb = c.weightBound as number, bb = c.biasBound as number;
      checkSamples(ws, 'uniform', wb / Math.sqrt(3), wb, `${c.id} weight`);
      checkSamples(bs, 'uniform', bb / Math.sqrt(3), bb, `${c.id} bias`);
      return;
    }
    const shape = c.shape as number[];
    const fans = init.calculateFanInAndFanOut(zeros(shape));
    assert.deepEqual(fans, { fanIn: c.fanIn, fanOut: c.fanOut });
    const opts = { ...(c.options as object), generator: g };
    const fns: Record<string, (t: Tensor) => Tensor> = {
      'nn.init.kaimingUniform_': (t) => init.kaimingUniform_(t, opts),
      'nn.init.kaimingNormal_': (t) => init.kaimingNormal_(t, opts),
      'nn.init.xavierUniform_': (t) => init.xavierUniform_(t, opts),
      'nn.init.xavierNormal_': (t) => init.xavierNormal_(t, opts),
    };
    const fn = fns[c.fn];
    assert.ok(fn, `unknown fn ${c.fn}`);
    if (c.fn.startsWith('nn.init.kaiming')) {
      // torch's kaiming defaults when the case leaves them out: a = 0, nonlinearity 'leaky_relu'
      const o = c.options as { a?: number; nonlinearity?: nn.init.Nonlinearity };
      assert.ok(Math.abs(init.calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) - (c.gain as number)) < 1e-12);
    }
    checkSamples(sample(shape, fn), c.distribution as 'uniform' | 'normal', c.std as number, c.bound as number | undefined, c.id);
  });
}

test(`every ${file} case is recognised`, () => {
  const known = new Set(['nn.init.calculateGain', 'nn.init.kaimingUniform_', 'nn.init.kaimingNormal_', 'nn.init.xavierUniform_',
    'nn.init.xavierNormal_', 'nn.Linear', 'nn.Conv2d']);
  assert.deepEqual(cases.filter((c) => !known.has(c.fn)).map((c) => c.id), []);
  assert.ok(cases.length > 0, `${file} holds no cases`);
});

test('the same seed gives the same values; constant, ones, zeros, eye', () => {
  const a = init.normal_(zeros([50]), 0, 1, { generator: new Generator(7) });
  const b = init.normal_(zeros([50]), 0, 1, { generator: new Generator(7) });
  assert.deepEqual(a.toArray(), b.toArray());
  assert.deepEqual(init.constant_(zeros([2, 2]), 3).toArray(), [[3, 3], [3, 3]]);
  assert.deepEqual(init.ones_(zeros([2])).toArray(), [1, 1]);
  assert.deepEqual(init.zeros_(init.ones_(zeros([2]))).toArray(), [0, 0]);
  assert.deepEqual(init.eye_(zeros([2, 3])).toArray(), [[1, 0, 0], [0, 1, 0]]);
});

test('uniform_ and normal_ fill with the requested range and moments', () => {
  // U(2, 4): mean 3, std 2/√12
  const u = sample([1000], (t) => init.uniform_(t, 2, 4, { generator: new Generator(3 + t.numel()) }));
  assert.ok(u.every((v) => v >= 2 && v < 4));
  const n = sample([2000], (t) => init.normal_(t, 0, 0.5, { generator: new Generator(5) }));
  checkSamples(n, 'normal', 0.5, undefined, 'normal_');
});

test('truncNormal_ stays inside [a, b]; its std matches the truncated normal', () => {
  // N(0,1) truncated to [−1, 1]: variance = 1 − 2·φ(1)/(Φ(1) − Φ(−1)) = 1 − 2·0.241971/0.682689 = 0.291125
  const xs = sample([4000], (t) => init.truncNormal_(t, { a: -1, b: 1, generator: new Generator(11) }));
  assert.ok(xs.every((v) => v >= -1 && v <= 1));
  const s = stats(xs);
  assert.ok(Math.abs(s.std - Math.sqrt(0.291125)) < 0.02, `std ${s.std}`);
});

test('orthogonal_ gives orthonormal rows (wide) or columns (tall), times the gain', () => {
  for (const [r, c] of [[3, 5], [6, 4], [4, 4]]) {
    const t = init.orthogonal_(zeros([r, c], { dtype: 'float64' }), { gain: 2, generator: new Generator(9) });
    const m = t.toArray() as number[][];
    // Q·Qᵀ = gain²·I for the smaller dimension
    const small = Math.min(r, c);
    for (let i = 0; i < small; i++) {
      for (let j = 0; j < small; j++) {
        let dot = 0;
        for (let k = 0; k < Math.max(r, c); k++) dot += r <= c ? m[i][k] * m[j][k] : m[k][i] * m[k][j];
        assert.ok(Math.abs(dot - (i === j ? 4 : 0)) < 1e-9, `[${r},${c}] (${i},${j}) = ${dot}`);
      }
    }
  }
});

test('bad input is refused with a clear error', () => {
  assert.throws(() => init.kaimingUniform_(zeros([5])), /fewer than 2 dimensions \(shape \[5\]\)/);
  assert.throws(() => init.kaimingNormal_(zeros([2, 2]), { mode: 'fan_avg' as 'fan_in' }), ValueError);
  assert.throws(() => init.calculateGain('swish' as 'relu'), /unsupported nonlinearity "swish"/);
  assert.throws(() => init.uniform_(zeros([2]), 1, 0), ValueError);
  assert.throws(() => init.normal_(zeros([2]), 0, -1), ValueError);
});
