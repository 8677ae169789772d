// Native vs JS backend parity for reduce, softmax, im2col/col2im and max/avg pooling (+backward), on
// seeded random data with odd sizes, padding, stride, dilation, NaNs and empty inputs; and selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { backendInfo, jsBackend, nativeBackendIfBuilt, type ReduceOp } from '../../src/backend/index.js';
import type { AnyArray, FloatArray } from '../../src/backend/types.js';
import { Generator } from '../../src/tensor/random.js';
import { adamUpdate } from '../../src/optim/adam.js';
import { sgdUpdate } from '../../src/optim/sgd.js';
import { jsCells } from '../../src/ops/rnn-core.js';

const nb = nativeBackendIfBuilt();
const SKIP = nb ? false : 'native addon not built';
const gen = new Generator(99);
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
const FLOATS: Ctor[] = [Float32Array, Float64Array];

function rand(C: Ctor, n: number): FloatArray {
  const a = new C(n);
  for (let i = 0; i < n; i++) a[i] = 4 * gen.uniform53() - 2;
  return a;
}

/** Same NaN positions and |a-b| ≤ rtol·|b| (+ a tiny absolute floor for values near 0). */
function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e)) { assert.ok(Number.isNaN(a), `${what}[${i}]: ${a} vs NaN`); continue; }
    if (!Number.isFinite(e)) { assert.equal(a, e, `${what}[${i}]`); continue; }
    assert.ok(Math.abs(a - e) <= rtol * Math.abs(e) + 1e-12, `${what}[${i}]: native ${a} vs js ${e}`);
  }
}
// sums run in double in both backends but in a different order: the float32 result may differ by an ulp
const rtolOf = (C: Ctor): number => (C === Float32Array ? 2.4e-7 : 1e-12);

test('reduce: sum/prod/max/min over [outer, n, inner] with indices, NaNs and empty axes', { skip: SKIP }, () => {
  const shapes: [number, number, number][] = [[1, 1025, 1], [7, 33, 1], [3, 7, 33], [2, 0, 5], [1, 5, 1025],
    [1, 64, 256], [0, 3, 3], [33, 1, 7], [2, 40000, 1]];
  for (const C of FLOATS) for (const op of ['sum', 'prod', 'max', 'min'] as ReduceOp[]) {
    for (const [outer, n, inner] of shapes) {
      if (op === 'prod' && n > 1025) continue;
      const x = rand(C, outer * n * inner);
      if (x.length > 40) x[40] = NaN;  // one NaN somewhere: max/min must report it and its index
      const idxTypes: (AnyArray | undefined)[] = op === 'max' || op === 'min'
        ? [new Int32Array(outer * inner), new Float64Array(outer * inner)] : [undefined];
      for (const idx of idxTypes) {
        const oj = new C(outer * inner), on = new C(outer * inner);
        const ij = idx?.slice(), inn = idx?.slice();
        jsBackend.reduce(op, x, outer, n, inner, oj, ij);
        nb!.reduce(op, x, outer, n, inner, on, inn);
        const what = `reduce ${op} ${C.name} [${outer},${n},${inner}]`;
        assertClose(on, oj, op === 'sum' ? rtolOf(C) * 8 : rtolOf(C), what);
        if (ij) assert.deepEqual(inn, ij, `${what} indices`);
      }
    }
  }
});

test('softmax and logSoftmax: odd rows, -inf entries, all -inf row, empty', { skip: SKIP }, () => {
  for (const C of FLOATS) for (const [outer, n] of [[1, 1], [7, 33], [33, 1025], [0, 5], [3, 0], [64, 10]]) {
    const x = rand(C, outer * n);
    if (outer * n > 40) { x[5] = -Infinity; for (let i = n; i < 2 * n; i++) x[i] = -Infinity; }
    for (const log of [false, true]) {
      const oj = new C(outer * n), on = new C(outer * n);
      jsBackend.softmax(x, outer, n, oj, log);
      nb!.softmax(x, outer, n, on, log);
      assertClose(on, oj, rtolOf(C) * 4, `softmax ${C.name} [${outer},${n}] log=${log}`);
    }
  }
});

// [c, h, w, kh, kw, sh, sw, ph, pw, dh, dw]
const GEOMS: number[][] = [
  [1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1], [3, 7, 9, 3, 3, 1, 1, 1, 1, 1, 1], [2, 33, 7, 3, 2, 2, 1, 1, 0, 1, 1],
  [1, 28, 28, 3, 3, 1, 1, 0, 0, 1, 1], [4, 9, 11, 2, 3, 2, 3, 1, 1, 2, 2], [16, 13, 13, 3, 3, 1, 1, 0, 0, 1, 1],
  [0, 5, 5, 3, 3, 1, 1, 0, 0, 1, 1],
  [3, 26, 26, 2, 2, 2, 2, 0, 0, 1, 1], [2, 11, 13, 2, 2, 2, 2, 0, 0, 1, 1],  // the 2×2/stride-2 fast path
];
const outSize = (size: number, k: number, s: number, p: number, d: number): number =>
  Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1;

test('im2col / col2im: padding, stride, dilation, odd sizes, offsets', { skip: SKIP }, () => {
  for (const C of FLOATS) for (const [c, h, w, kh, kw, sh, sw, ph, pw, dh, dw] of GEOMS) {
    const oh = outSize(h, kh, sh, ph, dh), ow = outSize(w, kw, sw, pw, dw);
    const off = 5, x = rand(C, off + c * h * w), n = c * kh * kw * oh * ow;
    const cj = new C(n).fill(7), cn = new C(n).fill(7);
    jsBackend.im2col(x, off, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cj);
    nb!.im2col(x, off, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cn);
    assert.deepEqual(cn, cj, `im2col ${C.name} ${[c, h, w, kh, kw, sh, sw, ph, pw, dh, dw]}`);
    const cols = rand(C, n), xj = rand(C, off + c * h * w), xn = xj.slice();
    jsBackend.col2im(cols, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, xj, off);
    nb!.col2im(cols, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, xn, off);
    assertClose(xn, xj, rtolOf(C) * 4, `col2im ${C.name} ${[c, h, w, kh, kw, sh, sw, ph, pw, dh, dw]}`);
  }
});

test('im2col / col2im over several images at once equal one call per image', { skip: SKIP }, () => {
  // the batched form (one native call, split over images × rows) against the single-image reference,
  // with a sentinel tail that must stay untouched
  for (const C of FLOATS) for (const [c, h, w, kh, kw, sh, sw, ph, pw, dh, dw] of GEOMS) {
    const images = 3, oh = outSize(h, kh, sh, ph, dh), ow = outSize(w, kw, sw, pw, dw);
    const img = c * h * w, block = c * kh * kw * oh * ow, off = 2, what = `${C.name} ${[c, h, w, kh, kw, sh, sw, ph, pw, dh, dw]}`;
    const x = rand(C, off + images * img);
    const cj = new C(images * block + 4).fill(7), cn = cj.slice();
    for (let i = 0; i < images; i++) {
      jsBackend.im2col(x, off + i * img, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cj.subarray(i * block));
    }
    nb!.im2col(x, off, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cn, images);
    assert.deepEqual(cn, cj, `im2col x${images} ${what}`);
    const cols = rand(C, images * block), xj = rand(C, off + images * img + 3), xn = xj.slice();
    for (let i = 0; i < images; i++) {
      jsBackend.col2im(cols.subarray(i * block), c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, xj, off + i * img);
    }
    nb!.col2im(cols, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, xn, off, images);
    assertClose(xn, xj, rtolOf(C) * 4, `col2im x${images} ${what}`);
  }
  assert.throws(() => nb!.im2col(new Float32Array(8), 0, 1, 2, 2, 1, 1, 1, 1, 0, 0, 1, 1, 2, 2, new Float32Array(8), 3),
    /images needs/);
});

test('maxPool2d 2×2/stride 2: ties, ±0 and NaNs pick the same element as the reference', { skip: SKIP }, () => {
  // the fast path scans with selects; ties must keep the first maximum in (row, column) order
  const values = [-1, 0, -0, 1, 1, NaN];
  for (const C of FLOATS) for (const [h, w] of [[8, 8], [9, 17], [2, 2]]) {
    const planes = 5, oh = h >> 1, ow = w >> 1;
    const x = new C(planes * h * w);
    for (let i = 0; i < x.length; i++) x[i] = values[Math.floor(gen.uniform53() * (i < x.length / 2 ? 5 : 6))];
    const oj = new C(planes * oh * ow), on = oj.slice();
    const aj = new Int32Array(planes * oh * ow), an = aj.slice();
    jsBackend.maxPool2d(x, planes, h, w, 2, 2, 2, 2, 0, 0, 1, 1, oh, ow, oj, aj);
    nb!.maxPool2d(x, planes, h, w, 2, 2, 2, 2, 0, 0, 1, 1, oh, ow, on, an);
    assert.deepEqual(an, aj, `argmax ${C.name} ${h}x${w}`);
    for (let i = 0; i < oj.length; i++) assert.ok(Object.is(on[i], oj[i]), `value ${C.name} ${h}x${w} [${i}]: ${on[i]} vs ${oj[i]}`);
  }
});

test('maxPool2d (+backward): windows with padding/dilation, NaN windows; avgPool2d rules', { skip: SKIP }, () => {
  for (const C of FLOATS) for (const [planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw] of GEOMS) {
    if (ph * 2 > kh || pw * 2 > kw) continue;  // PyTorch requires pad ≤ kernel/2
    const oh = outSize(h, kh, sh, ph, dh), ow = outSize(w, kw, sw, pw, dw), ohw = oh * ow;
    const x = rand(C, planes * h * w);
    if (x.length > 12) { x[3] = NaN; x[12] = NaN; }
    const oj = new C(planes * ohw), on = new C(planes * ohw);
    const aj = new Int32Array(planes * ohw), an = new Int32Array(planes * ohw);
    jsBackend.maxPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, oj, aj);
    nb!.maxPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, on, an);
    const what = `${C.name} ${[planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw]}`;
    assertClose(on, oj, 0, `maxPool2d ${what}`);
    assert.deepEqual(an, aj, `maxPool2d argmax ${what}`);
    const gy = rand(C, planes * ohw), gj = rand(C, planes * h * w), gn = gj.slice();
    jsBackend.maxPool2dBackward(gy, aj, planes, h * w, ohw, gj);
    nb!.maxPool2dBackward(gy, aj, planes, h * w, ohw, gn);
    assertClose(gn, gj, rtolOf(C) * 4, `maxPool2dBackward ${what}`);
    if (dh !== 1 || dw !== 1) continue;  // avg pooling has no dilation
    for (const [cip, div] of [[true, 0], [false, 0], [true, 3]] as [boolean, number][]) {
      const pj = new C(planes * ohw), pn = new C(planes * ohw);
      jsBackend.avgPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, pj);
      nb!.avgPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, pn);
      assertClose(pn, pj, rtolOf(C) * 4, `avgPool2d ${what} cip=${cip} div=${div}`);
      const bj = rand(C, planes * h * w), bn = bj.slice();
      jsBackend.avgPool2dBackward(gy, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, bj);
      nb!.avgPool2dBackward(gy, planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow, cip, div, bn);
      assertClose(bn, bj, rtolOf(C) * 4, `avgPool2dBackward ${what} cip=${cip} div=${div}`);
    }
  }
});

test('sgdUpdate (optional fused entry) equals optim\'s sgdUpdate bit for bit for every option', { skip: SKIP }, () => {
  // no rounding freedom here: both do the same double operations in the same order (no FMA contraction)
  assert.equal(typeof nb!.sgdUpdate, 'function');
  for (const C of FLOATS) for (const momentum of [0, 0.9]) for (const fresh of [false, true]) for (const nesterov of [false, true]) {
    if (nesterov && momentum === 0) continue;
    if (fresh && momentum === 0) continue;
    for (const [wd, dampening, maximize] of [[0, 0, false], [0.01, 0, true], [0.1, nesterov ? 0 : 0.3, false]] as [number, number, boolean][]) {
      const n = 1025, p0 = rand(C, n), g = rand(C, n), b0 = rand(C, n);
      g[7] = NaN;  // a NaN gradient poisons the same entries
      p0[9] = Infinity;  // with wd = 0 an infinite weight must stay infinite (no 0·Inf)
      const h = { lr: 0.05, momentum, dampening, weightDecay: wd, nesterov, maximize };
      const [pj, bj] = [p0.slice(), momentum ? b0.slice() : null];
      const [pn, bn] = [p0.slice(), momentum ? b0.slice() : null];
      sgdUpdate(pj, g, bj, fresh, h);
      nb!.sgdUpdate!(pn, g, bn, fresh, h.lr, momentum, dampening, wd, nesterov, maximize);
      const what = `sgd ${C.name} ${JSON.stringify({ ...h, fresh })}`;
      for (let i = 0; i < n; i++) {
        if (!Object.is(pn[i], pj[i])) assert.fail(`${what} param[${i}]: native ${pn[i]} vs js ${pj[i]}`);
        if (bj && !Object.is(bn![i], bj[i])) assert.fail(`${what} buf[${i}]: native ${bn![i]} vs js ${bj[i]}`);
      }
    }
  }
  assert.throws(() => nb!.sgdUpdate!(new Float32Array(4), new Float32Array(3), null, false, 0.1, 0, 0, 0, false, false), /grad needs/);
  assert.throws(() => nb!.sgdUpdate!(new Float32Array(4), new Float64Array(4), null, false, 0.1, 0, 0, 0, false, false), /Float32Array/);
});

test('adamUpdate (optional fused entry) matches optim\'s adamUpdate for every option', { skip: SKIP }, () => {
  assert.equal(typeof nb!.adamUpdate, 'function');
  for (const C of FLOATS) for (const amsgrad of [false, true]) for (const decoupled of [false, true]) {
    for (const [wd, maximize, step] of [[0, false, 1], [0.01, true, 10], [0.1, false, 3]] as [number, boolean, number][]) {
      const n = 1025, p0 = rand(C, n), g = rand(C, n), m0 = rand(C, n), v0 = rand(C, n).map(Math.abs) as FloatArray;
      g[7] = NaN;  // a NaN gradient must poison exactly the same entries
      const mx0 = amsgrad ? rand(C, n).map(Math.abs) as FloatArray : null;
      const h = { lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: wd, amsgrad, maximize };
      const [pj, mj, vj, xj] = [p0.slice(), m0.slice(), v0.slice(), mx0?.slice() ?? null];
      const [pn, mn, vn, xn] = [p0.slice(), m0.slice(), v0.slice(), mx0?.slice() ?? null];
      adamUpdate(pj, g, mj, vj, xj, step, h, decoupled);
      nb!.adamUpdate!(pn, g, mn, vn, xn, step, h.lr, 0.9, 0.999, h.eps, wd, maximize, decoupled);
      const what = `adam ${C.name} amsgrad=${amsgrad} decoupled=${decoupled} wd=${wd} max=${maximize} t=${step}`;
      assertClose(pn, pj, rtolOf(C), `${what} param`);
      assertClose(mn, mj, rtolOf(C), `${what} expAvg`);
      assertClose(vn, vj, rtolOf(C), `${what} expAvgSq`);
      if (xj) assertClose(xn!, xj, rtolOf(C), `${what} maxExpAvgSq`);
    }
  }
});

/** Runs a snippet in a child with TRAINLAB_BACKEND set; returns its stdout and exit status. */
test('lstmCell / lstmCellBackward (optional fused entries) match the reference at offsets and odd sizes', { skip: SKIP }, () => {
  for (const C of FLOATS) {
    for (const [N, H] of [[1, 1], [7, 5], [33, 33], [2, 130]]) {
      const NH = N * H, off = 3;  // every array read or written at an offset into a longer one
      const gates = rand(C, off + 4 * NH).map((v, i) => (i % 11 === 0 ? v * 40 : v * 3));  // some saturated gates
      const cPrev = rand(C, off + NH), gy = rand(C, off + NH), dhNext = rand(C, NH), dc = rand(C, NH);
      const forward = (k: typeof jsCells) => {
        const g = gates.slice(), c = new C(off + NH), h = new C(off + NH), tc = new C(off + NH);
        k.lstmCell(g, off, cPrev, off, c, off, h, off, tc, off, N, H);
        return { g, c, h, tc };
      };
      const want = forward(jsCells), got = forward(nb as unknown as typeof jsCells);
      for (const key of ['g', 'c', 'h', 'tc'] as const) {
        // float64: the reference's arithmetic; float32: σ and tanh approximated on 8 lanes, a few ulp off
        if (C === Float64Array) assertClose(got[key], want[key], 1e-12, `${C.name} N ${N} H ${H} ${key}`);
        else want[key].forEach((e, i) => assert.ok(Math.abs(got[key][i] - e) <= 1e-6 * Math.abs(e) + 2e-7, `${C.name} N ${N} H ${H} ${key}[${i}]: native ${got[key][i]} vs js ${e}`));
      }
      // the backward from one saved state: the same double arithmetic in both
      const backward = (k: typeof jsCells) => {
        const d = dc.slice(), dz = new C(off + 4 * NH);
        k.lstmCellBackward(want.g, off, cPrev, off, want.tc, off, gy, off, dhNext, d, dz, off, N, H);
        return { d, dz };
      };
      const wb = backward(jsCells), gb = backward(nb as unknown as typeof jsCells);
      assertClose(gb.d, wb.d, rtolOf(C), `${C.name} N ${N} H ${H} dc`);
      assertClose(gb.dz, wb.dz, rtolOf(C), `${C.name} N ${N} H ${H} dz`);
    }
  }
});

test('gruCell / gruCellBackward (optional fused entries) match the reference at offsets and odd sizes', { skip: SKIP }, () => {
  for (const C of FLOATS) {
    for (const [N, H] of [[1, 1], [7, 5], [33, 33], [2, 130]]) {
      const NH = N * H, off = 5;
      const gi = rand(C, off + 3 * NH).map((v, i) => (i % 13 === 0 ? v * 40 : v * 3)), gh = rand(C, off + 3 * NH);
      const hPrev = rand(C, off + NH), gy = rand(C, off + NH), dhNext = rand(C, NH);
      const forward = (k: typeof jsCells) => {
        const a = gi.slice(), h = new C(off + NH);
        k.gruCell(a, off, gh, off, hPrev, off, h, off, N, H);
        return { a, h };
      };
      const want = forward(jsCells), got = forward(nb as unknown as typeof jsCells);
      for (const key of ['a', 'h'] as const) {
        if (C === Float64Array) assertClose(got[key], want[key], 1e-12, `${C.name} N ${N} H ${H} ${key}`);
        else want[key].forEach((e, i) => assert.ok(Math.abs(got[key][i] - e) <= 1e-6 * Math.abs(e) + 2e-7, `${C.name} N ${N} H ${H} ${key}[${i}]: native ${got[key][i]} vs js ${e}`));
      }
      const backward = (k: typeof jsCells) => {
        const d = dhNext.slice(), dgi = new C(off + 3 * NH), dgh = new C(off + 3 * NH);
        k.gruCellBackward(want.a, off, gh, off, hPrev, off, gy, off, d, dgi, off, dgh, off, N, H);
        return { d, dgi, dgh };
      };
      const wb = backward(jsCells), gb = backward(nb as unknown as typeof jsCells);
      for (const key of ['d', 'dgi', 'dgh'] as const) assertClose(gb[key], wb[key], rtolOf(C), `${C.name} N ${N} H ${H} ${key}`);
    }
  }
});

test('lstmCell float32: σ and tanh within 3 ulp of the correctly rounded value over a sweep of gates', { skip: SKIP }, () => {
  // x from ±1e-7 to ±30 (log-spaced, both signs), NaN and ±Infinity
  const xs: number[] = [0, NaN, Infinity, -Infinity];
  for (let e = -7; e <= Math.log10(30); e += 0.001) xs.push(10 ** e, -(10 ** e));
  const H = xs.length, gates = new Float32Array(4 * H);
  for (let k = 0; k < 4; k++) gates.set(xs, k * H);
  const zero = new Float32Array(H), c = new Float32Array(H), h = new Float32Array(H), tc = new Float32Array(H);
  nb!.lstmCell!(gates, 0, zero, 0, c, 0, h, 0, tc, 0, 1, H);
  const ulps = (got: number, exact: number): number => {
    if (Number.isNaN(exact)) return Number.isNaN(got) ? 0 : Infinity;
    const r = Math.fround(exact);
    if (got === r) return 0;
    const m = Math.max(Math.abs(r), 2 ** -126);
    return Math.abs(got - exact) / 2 ** (Math.floor(Math.log2(m)) - 23);
  };
  const sig = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  let worst = 0, at = '';
  xs.forEach((x, j) => {
    const x32 = Math.fround(x);
    for (const [what, got, exact] of [['σ', gates[j], sig(x32)], ['tanh', gates[2 * H + j], Math.tanh(x32)]] as const) {
      // σ below 2⁻¹²⁶ (x < −87) is allowed to stop at the smallest normal float
      const u = what === 'σ' && x32 < -87 ? (got <= 2 ** -126 ? 0 : Infinity) : ulps(got, exact);
      if (u > worst) { worst = u; at = `${what}(${x32}) = ${got}, exact ${exact}`; }
    }
  });
  assert.ok(worst <= 3, `worst error ${worst.toFixed(2)} ulp at ${at}`);
});

function child(envValue: string, code: string): { out: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, TRAINLAB_BACKEND: envValue }, encoding: 'utf8',
  });
  return { out: r.stdout + r.stderr, status: r.status };
}

test('selection: native by default when built, TRAINLAB_BACKEND=js forces JS, bad values are rejected', () => {
  const info = backendInfo();
  if (process.env.TRAINLAB_BACKEND === 'js' || !nb) assert.deepEqual(info, { name: 'js', simd: 'scalar', threads: 1 });
  else {
    assert.equal(info.name, 'native');
    assert.ok(['avx512', 'avx2', 'scalar'].includes(info.simd));
    assert.ok(Number.isInteger(info.threads) && info.threads >= 1);
  }
  const code = "import { backendInfo } from './src/index.ts'; console.log(JSON.stringify(backendInfo()));";
  const js = child('js', code);
  assert.equal(js.status, 0, js.out);
  assert.equal(JSON.parse(js.out.trim().split('\n').pop()!).name, 'js');
  const bad = child('cuda', code);
  assert.notEqual(bad.status, 0);
  assert.match(bad.out, /TRAINLAB_BACKEND=cuda: expected 'js' or 'native'/);
});
