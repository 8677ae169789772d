// Activation statistics through forward hooks: a dead-ReLU initialisation, a saturated sigmoid,
// a healthy tanh layer (numbers derived by hand), accumulation over several forwards, and hook
// removal when the run throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activationStats } from '../../src/qa/index.js';
import { ValueError } from '../../src/errors.js';
import { manualSeed, tensor } from './suites.js';
import { nn } from './imports.js';
import { randn } from '../../src/index.js';

const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const byName = (s: ReturnType<typeof activationStats>, name: string) => s.find((x) => x.name === name)!;

test('dead-ReLU initialisation (bias −100): every unit dead, flagged; the next layer outputs its bias', () => {
  manualSeed(1);
  const m = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
  const first = m.get(0) as nn.Linear;
  first.bias!.storage.data.fill(-100);
  // |w| ≤ 1/√3 (torch's init bound) and |x| < 6, so w·x − 100 < 3·(1/√3)·6 − 100 < 0: ReLU outputs 0
  const x = randn([16, 3]);
  assert.ok([...x.toTypedArray()].every((v) => Math.abs(v) < 6));
  const s = activationStats(m, () => { m.call(x); });
  assert.deepEqual(s.map((a) => [a.name, a.kind]), [['0', 'Linear'], ['1', 'ReLU'], ['2', 'Linear']]);
  const relu = byName(s, '1');
  assert.deepEqual([relu.count, relu.zeroFraction, relu.deadUnitFraction, relu.mean, relu.std, relu.flags], [64, 1, 1, 0, 0, ['dead-relu']]);
  // layer 2 sees zeros, so every row is its bias (b0, b1): mean (b0+b1)/2; the 32 values deviate by
  // ±(b0−b1)/2, so the unbiased variance is 32·((b0−b1)/2)²/31
  const [b0, b1] = (m.get(2) as nn.Linear).bias!.toTypedArray();
  const out = byName(s, '2');
  close(out.mean, (b0 + b1) / 2, 1e-12);
  close(out.std, Math.sqrt(32 * ((b0 - b1) / 2) ** 2 / 31), 1e-12);
  assert.deepEqual(out.flags, []);
  // the first Linear's pre-activations are ≈ −100: not a ReLU, never flagged dead
  assert.ok(byName(s, '0').mean < -90);
  assert.deepEqual(byName(s, '0').flags, []);
});

test('saturated sigmoid (weights ±1000): all outputs at 0 or 1, flagged; mean and std by hand', () => {
  const lin = new nn.Linear(2, 3);
  lin.weight.storage.data.set([1000, 1000, 1000, -1000, -1000, 1000]);
  lin.bias!.storage.data.fill(0);
  const m = new nn.Sequential(lin, new nn.Sigmoid());
  // rows (1,0), (0,1), (−1,0), (0,−1) give pre-activations (±1000): sigmoid → [1,1,0], [1,0,1], [0,0,1], [0,1,0]
  const s = byName(activationStats(m, () => { m.call(tensor([[1, 0], [0, 1], [-1, 0], [0, -1]])); }), '1');
  // six ones and six zeros: mean 0.5; Σ(v − 0.5)² = 12·0.25 = 3 → std sqrt(3/11)
  assert.deepEqual([s.kind, s.saturation, s.mean, s.flags], ['Sigmoid', 1, 0.5, ['saturated']]);
  close(s.std, Math.sqrt(3 / 11), 1e-12);
  // with weights ±0.001 the outputs sit near 0.5 (within 0.25·0.001 = 2.5e-4): no saturation
  lin.weight.storage.data.set([1e-3, 1e-3, 1e-3, -1e-3, -1e-3, 1e-3]);
  const h = byName(activationStats(m, () => { m.call(tensor([[1, 0], [0, 1], [-1, 0], [0, -1]])); }), '1');
  assert.deepEqual([h.saturation, h.flags], [0, []]);
  close(h.mean, 0.5, 1e-6);
});

test('a healthy tanh layer: values by hand; a saturated one is flagged; tolerance and thresholds overridable', () => {
  const lin = new nn.Linear(2, 2);
  lin.weight.storage.data.set([0.5, 0, 0, 0.5]);
  lin.bias!.storage.data.fill(0);
  const m = new nn.Sequential(lin, new nn.Tanh());
  const x = tensor([[1, -1], [0.5, 0.25]]);
  // outputs tanh(0.5), tanh(−0.5), tanh(0.25), tanh(0.125)
  const v = [Math.tanh(0.5), Math.tanh(-0.5), Math.tanh(0.25), Math.tanh(0.125)];
  const mean = v.reduce((a, b) => a + b) / 4;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
  const s = byName(activationStats(m, () => { m.call(x); }), '1');
  close(s.mean, mean, 1e-7); // float32 outputs
  close(s.std, std, 1e-7);
  assert.deepEqual([s.kind, s.saturation, s.zeroFraction, s.deadUnitFraction, s.flags], ['Tanh', 0, 0, 0, []]);
  // tanh(0.5) ≈ 0.462: within a tolerance of 0.6 of ±1, half the outputs count as saturated
  const t = byName(activationStats(m, () => { m.call(x); }, { saturationTolerance: 0.6, saturatedFraction: 0.5 }), '1');
  assert.deepEqual([t.saturation, t.flags], [0.5, ['saturated']]);
  lin.weight.storage.data.set([100, 0, 0, 100]);
  const sat = byName(activationStats(m, () => { m.call(x); }), '1');
  assert.deepEqual([sat.saturation, sat.flags], [1, ['saturated']]);
});

test('ReLU: below 70% zeros is healthy, flagged at a lower threshold; a unit dead over all forwards', () => {
  const lin = new nn.Linear(2, 2);
  lin.weight.storage.data.set([1, 0, 0, 1]);
  lin.bias!.storage.data.set([0, -10]); // unit 1 is dead for inputs below 10
  const m = new nn.Sequential(lin, new nn.ReLU());
  // two forwards: outputs [1,0],[0,0] then [3,0],[2,0] → 5 zeros of 8 (< 70%: not flagged);
  // unit 0 is alive, unit 1 dead on every sample
  const run = () => { m.call(tensor([[1, 5], [-1, 2]])); m.call(tensor([[3, 1], [2, -4]])); };
  const s = byName(activationStats(m, run), '1');
  assert.deepEqual([s.count, s.zeroFraction, s.deadUnitFraction, s.flags], [8, 0.625, 0.5, []]);
  assert.deepEqual(byName(activationStats(m, run, { deadFraction: 0.6 }), '1').flags, ['dead-relu']);
  // pooled over both forwards: values {1,0,0,0,3,0,2,0}: mean 6/8 = 0.75; Σ(v − 0.75)² = 0.0625 +
  // 5·0.5625 + 5.0625 + 1.5625 = 9.5 → std sqrt(9.5/7)
  assert.equal(s.mean, 0.75);
  close(s.std, Math.sqrt(9.5 / 7), 1e-12);
  lin.bias!.storage.data.set([0, 0]);
  // outputs [1,5],[0,2]: one zero in four
  const h = byName(activationStats(m, () => { m.call(tensor([[1, 5], [-1, 2]])); }), '1');
  assert.deepEqual([h.zeroFraction, h.flags], [0.25, []]);
  const half = byName(activationStats(m, () => { m.call(tensor([[1, -5], [-1, 2]])); }, { deadFraction: 0.5 }), '1');
  assert.deepEqual([half.zeroFraction, half.flags], [0.5, ['dead-relu']]);
});

/** A ReLU that counts its live forward hooks (a real module with real hooks). */
class CountingReLU extends nn.ReLU {
  live = 0;
  override registerForwardHook(h: Parameters<nn.ReLU['registerForwardHook']>[0]) {
    const handle = super.registerForwardHook(h);
    this.live++;
    let removed = false;
    return Object.assign(handle, { remove: () => { if (!removed) { removed = true; this.live--; } nn.RemovableHandle.prototype.remove.call(handle); } });
  }
}

test('hooks are removed after the run, and also when the run throws (the error propagates)', () => {
  const relu = new CountingReLU();
  const m = new nn.Sequential(new nn.Linear(2, 2), relu);
  activationStats(m, () => { assert.equal(relu.live, 1); m.call(tensor([[1, 2]])); });
  assert.equal(relu.live, 0);
  assert.throws(() => activationStats(m, () => { m.call(tensor([[1, 2]])); throw new Error('boom'); }), /boom/);
  assert.equal(relu.live, 0);
  // a subclass of ReLU is still a ReLU
  const s = activationStats(m, () => { m.call(tensor([[1, 2]])); });
  assert.equal(byName(s, '1').kind, 'ReLU');
});

test('a model that is a single layer is hooked; NaN outputs are flagged; bad input is refused', () => {
  const relu = new nn.ReLU();
  const s = activationStats(relu, () => { relu.call(tensor([[0, 0, 0, 1]])); });
  assert.deepEqual(s.map((a) => [a.name, a.kind, a.zeroFraction, a.flags]), [['', 'ReLU', 0.75, ['dead-relu']]]);
  const lin = new nn.Linear(2, 1);
  lin.bias!.storage.data.fill(NaN);
  const n = activationStats(lin, () => { lin.call(tensor([[1, 2], [3, 4]])); })[0];
  assert.deepEqual([n.nonFinite, n.flags], [2, ['non-finite']]);
  assert.ok(Number.isNaN(n.mean));
  assert.throws(() => activationStats(relu, null as never), (e: Error) => e instanceof ValueError && /run must be a function/.test(e.message));
  assert.throws(() => activationStats(relu, () => undefined, { deadFraction: 1.5 }), /deadFraction must be in \(0, 1\], got 1\.5/);
  assert.throws(() => activationStats({} as never, () => undefined), /expected a module with namedModules/);
  // a model never called: no statistics at all
  assert.deepEqual(activationStats(relu, () => undefined), []);
});
