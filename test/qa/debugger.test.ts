// Gradient debugger: checkGradientFlow, gradientNormAnalysis and parameterUpdateAnalysis on
// gradients set by hand (every statistic derived by hand in the comments) and on real models with a
// frozen or detached layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGradientFlow, gradientNormAnalysis, parameterUpdateAnalysis } from '../../src/qa/index.js';
import { ValueError } from '../../src/errors.js';
import { Fn, SGD, Adam, manualSeed, tensor } from './suites.js';
import { nn, F } from './imports.js';
import { randn } from '../../src/index.js';

/** Linear(2,2) → ReLU → Linear(2,1): parameters 0.weight [2,2], 0.bias [2], 2.weight [1,2], 2.bias [1]. */
function small() { return new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU(), new nn.Linear(2, 1)); }
/** Sets .grad of the parameters in order; null leaves one without a gradient. */
function setGrads(m: nn.Module, grads: (number[] | number[][] | null)[]): void {
  m.parameters().forEach((p, i) => { p.grad = grads[i] === null ? null : tensor(grads[i] as number[]); });
}
const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('checkGradientFlow: per-parameter statistics of hand-set gradients', () => {
  const m = small();
  const tiny = 2 ** -30; // exact in float32, ≈ 9.3e-10 < 1e-7
  setGrads(m, [[[1, -2], [0, 3]], [NaN, 4], [[tiny, -tiny]], null]);
  const r = checkGradientFlow(m);
  const [w0, b0, w2, b2] = r.params;
  // 0.weight g = [1, −2, 0, 3]: mean|g| = 6/4 = 1.5; mean g = 0.5, deviations ±0.5, ±2.5 → Σd² = 13,
  // unbiased std = sqrt(13/3); norm = sqrt(1+4+0+9) = sqrt(14); max 3; one zero in four
  assert.deepEqual([w0.name, w0.hasGrad, w0.frozen, w0.flags], ['0.weight', true, false, []]);
  assert.equal(w0.meanAbs, 1.5);
  close(w0.std, Math.sqrt(13 / 3));
  close(w0.norm, Math.sqrt(14));
  assert.deepEqual([w0.maxAbs, w0.zeroFraction, w0.nanCount, w0.infCount], [3, 0.25, 0, 0]);
  // 0.bias g = [NaN, 4]: one NaN; statistics over the finite entry: mean|g| 4, std 0 (n = 1), norm 4
  assert.deepEqual([b0.nanCount, b0.meanAbs, b0.std, b0.norm, b0.flags], [1, 4, 0, 4, ['non-finite']]);
  // 2.weight g = [2⁻³⁰, −2⁻³⁰]: mean|g| = 2⁻³⁰ < 1e-7 → vanishing; std = sqrt(2·(2⁻³⁰)²/1) = √2·2⁻³⁰
  assert.equal(w2.meanAbs, tiny);
  close(w2.std, Math.SQRT2 * tiny);
  assert.deepEqual(w2.flags, ['vanishing']);
  // 2.bias: no gradient at all
  assert.deepEqual([b2.hasGrad, b2.flags], [false, ['no-gradient']]);
  assert.equal(r.healthy, false);
  assert.equal(r.flags.length, 3);
  assert.match(r.flags.join('\n'), /0\.bias: gradient has 1 NaN and 0 Inf/);
  assert.match(r.flags.join('\n'), /2\.weight: mean \|grad\| 9\.313e-10 < 1e-7 \(vanishing\)/);
  assert.match(r.flags.join('\n'), /2\.bias: no gradient/);
  // layer 0 holds a NaN gradient, so only layer 2 has a norm: no ratio
  assert.deepEqual(r.layers.map((l) => l.name), ['2']);
  assert.ok(Number.isNaN(r.firstLastRatio));
  // Inf is counted apart from NaN and left out of the statistics
  setGrads(m, [[[1, 1], [1, 1]], [Infinity, -Infinity], [[1, 1]], [1]]);
  const inf = checkGradientFlow(m).params[1];
  assert.deepEqual([inf.infCount, inf.nanCount, inf.flags], [2, 0, ['non-finite']]);
  assert.ok(Number.isNaN(inf.meanAbs));
});

test('checkGradientFlow: equal gradient values give std exactly 0 (two-pass, no cancellation)', () => {
  const m = small();
  // 0.1 in float32 is 0.100000001490116...; four equal values have deviation 0 exactly
  setGrads(m, [[[0.1, 0.1], [0.1, 0.1]], [1000.5, 1000.5], [[1, 1]], [1]]);
  const r = checkGradientFlow(m, { exploding: 2000 });
  assert.equal(r.params[0].std, 0);
  assert.equal(r.params[1].std, 0);
});

test('checkGradientFlow: exploding per-parameter rule and overridable thresholds', () => {
  const m = small();
  setGrads(m, [[[200, -200], [200, -200]], [1, 1], [[1, 1]], [1]]);
  // 0.weight mean|g| = 200 > 1e2 → exploding
  const r = checkGradientFlow(m);
  assert.deepEqual(r.params[0].flags, ['exploding']);
  assert.match(r.flags[0], /0\.weight: mean \|grad\| 2\.000e\+2 > 100 \(exploding\)/);
  assert.deepEqual(checkGradientFlow(m, { exploding: 300, ratioHigh: 1000 }).params[0].flags, []);
  setGrads(m, [[[1, 1], [1, 1]], [1, 1], [[2 ** -30, 2 ** -30]], [1]]);
  assert.deepEqual(checkGradientFlow(m).params[2].flags, ['vanishing']);
  assert.deepEqual(checkGradientFlow(m, { vanishing: 1e-10 }).params[2].flags, []);
  assert.throws(() => checkGradientFlow(m, { vanishing: -1 }), (e: Error) => e instanceof ValueError && /vanishing.*positive finite number, got -1/.test(e.message));
  assert.throws(() => checkGradientFlow(m, { vanishing: 1, exploding: 0.5 }), ValueError);
  assert.throws(() => checkGradientFlow(m, { ratioLow: 100, ratioHigh: 70 }), /ratioLow 100 must be below ratioHigh 70/);
  assert.throws(() => checkGradientFlow({} as never), /checkGradientFlow: expected a model with namedParameters/);
});

test('checkGradientFlow: layer-ratio rule on layer norms (first/last > 70 exploding, < 1e-3 vanishing)', () => {
  const m = small();
  // layer 0: ‖(3, 0, 0, 0, 4, 0)‖ = 5; layer 2: ‖(0.03, 0, 0.04)‖ = 0.05 → ratio 100 > 70
  setGrads(m, [[[3, 0], [0, 0]], [4, 0], [[0.03, 0]], [0.04]]);
  const r = checkGradientFlow(m);
  assert.deepEqual(r.layers.map((l) => l.name), ['0', '2']);
  close(r.layers[0].norm, 5);
  close(r.firstLastRatio, 100, 1e-6); // 0.03 and 0.04 are rounded to float32
  assert.deepEqual(r.params.map((p) => p.flags), [[], [], [], []]);
  assert.equal(r.healthy, false);
  assert.match(r.flags[0], /layer 0 is 100\.0× that of layer 2 \(> 70: exploding toward the input\)/);
  assert.equal(checkGradientFlow(m, { ratioHigh: 200 }).healthy, true);
  // layer 0: ‖(3e-4, 4e-4)‖ = 5e-4; layer 2: ‖(3, 4)‖ = 5 → ratio 1e-4 < 1e-3
  setGrads(m, [[[3e-4, 0], [0, 0]], [4e-4, 0], [[3, 0]], [4]]);
  const v = checkGradientFlow(m);
  close(v.firstLastRatio, 1e-4, 1e-6);
  assert.match(v.flags[0], /< 0\.001: vanishing toward the input/);
  assert.equal(checkGradientFlow(m, { ratioLow: 1e-5 }).healthy, true);
});

test('checkGradientFlow on a real model: a frozen layer is reported, not flagged; a detached one is', () => {
  manualSeed(3);
  const x = randn([8, 4]), y = randn([8, 2]);
  const frozen = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
  frozen.get(0).requiresGrad_(false);
  const out = frozen.call(x);
  F.mseLoss(out, y).backward();
  const r = checkGradientFlow(frozen);
  assert.deepEqual(r.params.map((p) => [p.name, p.frozen, p.hasGrad]), [['0.weight', true, false], ['0.bias', true, false], ['2.weight', false, true], ['2.bias', false, true]]);
  assert.equal(r.healthy, true, r.flags.join('\n'));
  // MSE over N·K = 16 outputs: dL/db_k = (2/16)·Σ_n (out_nk − y_nk), computed here from the outputs
  const o = out.toTypedArray(), t = y.toTypedArray();
  const gb = [0, 1].map((k) => (2 / 16) * [...Array(8).keys()].reduce((s, n) => s + o[n * 2 + k] - t[n * 2 + k], 0));
  close(r.params[3].meanAbs, (Math.abs(gb[0]) + Math.abs(gb[1])) / 2, 1e-5);
  close(r.params[3].norm, Math.hypot(gb[0], gb[1]), 1e-5);

  const detached = new nn.Sequential(new nn.Linear(4, 3), new Fn((z) => z.detach()), new nn.ReLU(), new nn.Linear(3, 2));
  F.mseLoss(detached.call(x), y).backward();
  const d = checkGradientFlow(detached);
  assert.deepEqual(d.params.map((p) => p.flags), [['no-gradient'], ['no-gradient'], [], []]);
  assert.equal(d.healthy, false);
  assert.match(d.flags[0], /^0\.weight: no gradient/);
});

test('gradientNormAnalysis: total norm against a hand sum, and each advice', () => {
  const m = small();
  // sqrt(3² + 4² + 12²) = sqrt(169) = 13; 2.bias has no gradient and adds nothing
  setGrads(m, [[[3, 0], [0, 0]], [4, 0], [[12, 0]], null]);
  const ok = gradientNormAnalysis(m);
  assert.deepEqual([ok.totalNorm, ok.withGrad, ok.advice], [13, 3, 'ok']);
  assert.equal(gradientNormAnalysis(m, { high: 10 }).advice, 'clip');
  setGrads(m, [[[300, 0], [0, 0]], [400, 0], [[1200, 0]], null]); // 1300 > 1000
  const clip = gradientNormAnalysis(m);
  assert.deepEqual([clip.totalNorm, clip.advice], [1300, 'clip']);
  assert.match(clip.message, /1\.300e\+3 > 1000: clip gradients/);
  setGrads(m, [[[3 * 2 ** -14, 0], [0, 0]], [4 * 2 ** -14, 0], [[12 * 2 ** -14, 0]], null]); // 13·2⁻¹⁴ ≈ 7.9e-4 < 1e-3
  const van = gradientNormAnalysis(m);
  assert.deepEqual([van.totalNorm, van.advice], [13 * 2 ** -14, 'vanishing']);
  // a NaN or Inf gradient never reads as 'ok' (nor as 'clip': clipping cannot repair it)
  setGrads(m, [[[3, 0], [0, 0]], [NaN, 0], [[12, 0]], null]);
  const nan = gradientNormAnalysis(m);
  assert.ok(Number.isNaN(nan.totalNorm));
  assert.equal(nan.advice, 'non-finite');
  assert.match(nan.message, /non-finite gradients in 0\.bias/);
  setGrads(m, [[[3, 0], [0, 0]], [4, 0], [[Infinity, 0]], null]);
  assert.equal(gradientNormAnalysis(m).advice, 'non-finite');
  setGrads(m, [null, null, null, null]);
  assert.equal(gradientNormAnalysis(m).advice, 'no-gradient');
  assert.throws(() => gradientNormAnalysis(m, { high: NaN }), ValueError);
  assert.throws(() => gradientNormAnalysis(m, { low: 5, high: 1 }), /low threshold 5 must be below high threshold 1/);
});

/** Linear(2,2) with w = [[1,2],[3,4]], b = [0.5,−0.5] and g_w = [[1,−2],[0.5,4]], g_b = [8, 0]. */
function handLinear(): nn.Linear {
  const l = new nn.Linear(2, 2);
  l.weight.storage.data.set([1, 2, 3, 4]);
  l.bias!.storage.data.set([0.5, -0.5]);
  l.weight.grad = tensor([[1, -2], [0.5, 4]]);
  l.bias!.grad = tensor([8, 0]);
  return l;
}

test('parameterUpdateAnalysis: SGD moves each weight by exactly lr·g (dyadic numbers, exact in float32)', () => {
  const lr = 2 ** -10;
  const l = handLinear();
  const [w, b] = parameterUpdateAnalysis(l, new SGD(l.parameters(), { lr }));
  // Δw = −lr·g: mean|Δw| = lr·(1+2+0.5+4)/4 = lr·1.875; ‖Δw‖/‖w‖ = lr·sqrt(1+4+0.25+16)/sqrt(1+4+9+16)
  assert.deepEqual([...l.weight.toTypedArray()], [1 - lr, 2 + 2 * lr, 3 - 0.5 * lr, 4 - 4 * lr]);
  assert.equal(w.meanAbsUpdate, lr * 1.875);
  close(w.updateRatio, lr * Math.sqrt(21.25) / Math.sqrt(30)); // ≈ 8.2e-4: healthy
  assert.deepEqual([w.changed, w.inOptimizer, w.flag], [true, true, null]);
  // Δb = (−8·lr, 0): mean|Δb| = 4·lr; ‖Δb‖/‖b‖ = 8·lr/sqrt(0.5) ≈ 0.011
  assert.equal(b.meanAbsUpdate, 4 * lr);
  close(b.updateRatio, 8 * lr / Math.sqrt(0.5));
  assert.equal(b.flag, null);
  // lr = 1/8: ratio 0.125·sqrt(21.25/30) ≈ 0.105 > 0.1 → too-large; lr = 2⁻²⁰: ≈ 8e-7 < 1e-5 → too-small
  const big = handLinear();
  assert.equal(parameterUpdateAnalysis(big, new SGD(big.parameters(), { lr: 0.125 }))[0].flag, 'too-large');
  const tinyL = handLinear();
  assert.equal(parameterUpdateAnalysis(tinyL, new SGD(tinyL.parameters(), { lr: 2 ** -20 }))[0].flag, 'too-small');
  const tinyL2 = handLinear();
  assert.equal(parameterUpdateAnalysis(tinyL2, new SGD(tinyL2.parameters(), { lr: 2 ** -20 }), { low: 1e-7 })[0].flag, null);
});

test('parameterUpdateAnalysis: a parameter the optimizer does not hold is frozen; zero and NaN weights', () => {
  const l = handLinear();
  const [w, b] = parameterUpdateAnalysis(l, new SGD([l.weight], { lr: 2 ** -10 }));
  assert.equal(w.flag, null);
  assert.deepEqual([b.changed, b.inOptimizer, b.flag, b.meanAbsUpdate], [false, false, 'frozen', 0]);
  // ‖w‖ = 0: the ratio is undefined (NaN), not flagged
  const z = handLinear();
  z.bias!.storage.data.fill(0);
  const zb = parameterUpdateAnalysis(z, new SGD(z.parameters(), { lr: 2 ** -10 }))[1];
  assert.ok(Number.isNaN(zb.updateRatio));
  assert.deepEqual([zb.changed, zb.flag, zb.meanAbsUpdate], [true, null, 4 * 2 ** -10]);
  // a NaN gradient writes NaN into the weight: 'non-finite'
  const n = handLinear();
  n.weight.grad = tensor([[NaN, 0], [0, 0]]);
  assert.equal(parameterUpdateAnalysis(n, new SGD(n.parameters(), { lr: 0.1 }))[0].flag, 'non-finite');
  assert.throws(() => parameterUpdateAnalysis(n, {} as never), /parameterUpdateAnalysis: expected an optimizer with step\(\)/);
  assert.throws(() => parameterUpdateAnalysis(n, new SGD(n.parameters()), { low: 0 }), ValueError);
});

test('parameterUpdateAnalysis: Adam\'s first step moves every weight by ≈ lr (|m̂/√v̂| = 1)', () => {
  manualSeed(5);
  const m = new nn.Sequential(new nn.Linear(10, 5), new nn.ReLU(), new nn.Linear(5, 1));
  F.mseLoss(m.call(randn([32, 10])), randn([32, 1])).backward();
  const u = parameterUpdateAnalysis(m, new Adam(m.parameters(), { lr: 0.01 }));
  // first Adam step: m̂ = g, v̂ = g², Δ = −lr·g/(|g| + 1e-8) = −lr up to 1e-8/|g| and float32 rounding
  // of w (≤ 2⁻²⁴·|w| ≈ 3e-8); entries with g = 0 (dead ReLU units) do not move
  for (const [k, p] of m.parameters().entries()) {
    const g = p.grad!.toTypedArray();
    const live = [...g].filter((v) => Math.abs(v) > 1e-4).length / g.length;
    assert.ok(Math.abs(u[k].meanAbsUpdate - 0.01 * live) < 2e-6 + 0.01 * [...g].filter((v) => v !== 0 && Math.abs(v) <= 1e-4).length / g.length,
      `${u[k].name}: ${u[k].meanAbsUpdate} vs ${0.01 * live}`);
  }
});
