// The optional row kernels of the normalisation ops (native rowReduce / rowAffine) against the
// definitions in double written out here, and batch/group/layer norm forward + backward on the
// native backend against the same ops on the JS backend (whose norm loops are the reference).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend, nativeBackendIfBuilt, setBackend, backend } from '../../src/backend/index.js';
import type { FloatArray } from '../../src/backend/types.js';
import { Generator } from '../../src/tensor/random.js';
import { Tensor, batchNorm, groupNorm, layerNorm, manualSeed, randn } from '../../src/index.js';

const nb = nativeBackendIfBuilt();
const SKIP = nb ? false : 'native addon not built';
const gen = new Generator(7);
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

function rand(C: Ctor | Float64ArrayConstructor, n: number, shift = 0): FloatArray {
  const a = new C(n);
  for (let i = 0; i < n; i++) a[i] = 4 * gen.uniform53() - 2 + shift;
  return a;
}
function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= rtol * Math.abs(expected[i]) + 1e-9, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('rowReduce: row sums, centred squares and gradient sums equal the double-precision definitions', { skip: SKIP }, () => {
  for (const C of [Float32Array, Float64Array] as Ctor[]) {
    for (const [rows, R] of [[1, 1], [3, 7], [5, 33], [2, 1025], [0, 4], [4, 0], [130, 9]]) {
      const x = rand(C, rows * R, 100), g = rand(C, rows * R), m = rand(Float64Array, rows, 100) as Float64Array;
      const want = [0, 1, 2].map(() => [new Float64Array(rows), new Float64Array(rows)]);
      for (let i = 0; i < rows; i++) {
        for (let r = 0; r < R; r++) {
          const v = x[i * R + r], gv = g[i * R + r];
          want[0][0][i] += v;
          want[1][0][i] += (v - m[i]) ** 2;
          want[2][0][i] += gv;
          want[2][1][i] += gv * (v - m[i]);
        }
      }
      for (const mode of [0, 1, 2] as const) {
        const o1 = new Float64Array(rows), o2 = new Float64Array(rows);
        nb!.rowReduce!(mode, x, mode === 2 ? g : null, rows, R, mode === 0 ? null : m, o1, mode === 2 ? o2 : null);
        close(o1, want[mode][0], 1e-12, `${C.name} ${rows}×${R} mode ${mode} o1`);
        if (mode === 2) close(o2, want[2][1], 1e-12, `${C.name} ${rows}×${R} mode 2 o2`);
      }
    }
  }
});

test('rowAffine: both maps bit for bit equal to double arithmetic rounded once', { skip: SKIP }, () => {
  for (const C of [Float32Array, Float64Array] as Ctor[]) {
    for (const [rows, R] of [[1, 1], [3, 7], [5, 33], [2, 1025], [0, 3]]) {
      const x = rand(C, rows * R), g = rand(C, rows * R);
      const [m, a, c, d] = [0, 1, 2, 3].map(() => rand(Float64Array, rows) as Float64Array);
      const out = new C(rows * R), outG = new C(rows * R), want = new C(rows * R), wantG = new C(rows * R);
      for (let i = 0; i < rows; i++) {
        for (let r = 0; r < R; r++) {
          const k = i * R + r;
          want[k] = (x[k] - m[i]) * a[i] + c[i];
          wantG[k] = g[k] * a[i] - c[i] - (x[k] - m[i]) * d[i];
        }
      }
      nb!.rowAffine!(x, null, rows, R, m, a, c, null, out);
      nb!.rowAffine!(x, g, rows, R, m, a, c, d, outG);
      assert.deepEqual(Array.from(out), Array.from(want), `${C.name} ${rows}×${R} affine`);
      assert.deepEqual(Array.from(outG), Array.from(wantG), `${C.name} ${rows}×${R} affine with g`);
    }
  }
  assert.throws(() => nb!.rowAffine!(new Float32Array(5), null, 2, 3, new Float64Array(2), new Float64Array(2), new Float64Array(2), null, new Float32Array(6)),
    /rowAffine: x needs elements \[0, 6\) but has 5/);
  assert.throws(() => nb!.rowReduce!(1, new Float32Array(6), null, 2, 3, null, new Float64Array(2), null), /mode 1 and 2 need the row centres/);
});

test('batch, group and layer norm: native row kernels agree with the JS loops, forward and backward', { skip: SKIP }, () => {
  const cases: Array<[string, number[], (x: Tensor, w: Tensor, b: Tensor) => Tensor, number]> = [
    ['batchNorm 4D', [8, 6, 5, 7], (x, w, b) => batchNorm(x, null, null, w, b, { training: true }), 6],
    ['batchNorm 2D', [33, 5], (x, w, b) => batchNorm(x, null, null, w, b, { training: true }), 5],
    ['groupNorm', [4, 6, 9, 3], (x, w, b) => groupNorm(x, 3, w, b), 6],
    ['layerNorm', [5, 4, 33], (x, w, b) => layerNorm(x, [33], w, b), 33],
  ];
  const prev = backend();
  try {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [name, shape, op, nw] of cases) {
        const run = (be: typeof prev): number[][] => {
          setBackend(be);
          manualSeed(11);
          const x = randn(shape, { dtype }).mul(3).add(50).requiresGrad_();
          const w = randn([nw], { dtype }).requiresGrad_(), b = randn([nw], { dtype }).requiresGrad_();
          const y = op(x, w, b);
          y.mul(randn(shape, { dtype })).sum().backward();
          return [y, x.grad!, w.grad!, b.grad!].map((t) => Array.from(t.contiguousData()));
        };
        const js = run(jsBackend), nat = run(nb!);
        const rtol = dtype === 'float32' ? 2e-5 : 1e-10;
        ['y', 'dx', 'dw', 'db'].forEach((what, i) => close(nat[i], js[i], rtol, `${name} ${dtype} ${what}`));
      }
    }
  } finally {
    setBackend(prev);
  }
});
