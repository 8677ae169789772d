// Native vs JS backend parity (the JS backend is the specification) for GEMM and the elementwise
// kernels: seeded random data, odd sizes (1, 7, 33, 1025), strided and broadcast views, empty tensors.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { jsBackend, nativeBackendIfBuilt, type BinaryOp, type UnaryOp } from '../../src/backend/index.js';
import type { AnyArray, FloatArray } from '../../src/backend/types.js';
import { Generator } from '../../src/tensor/random.js';

const nb = nativeBackendIfBuilt();
const SKIP = nb ? false : 'native addon not built';
const gen = new Generator(1234);
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
const FLOATS: Ctor[] = [Float32Array, Float64Array];

function rand(C: Ctor, n: number, lo = -2, hi = 2): FloatArray {
  const a = new C(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * gen.uniform53();
  return a;
}

/** Elementwise closeness: same NaN positions, |a-b| ≤ atol + rtol·|b|, equal infinities. */
function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string,
  atol: ArrayLike<number> | number = 0): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    const tol = (typeof atol === 'number' ? atol : atol[i]) + rtol * Math.abs(e);
    // messages are built only on failure: these loops run over millions of elements
    if (Number.isNaN(e)) { if (!Number.isNaN(a)) assert.fail(`${what}[${i}]: ${a} vs NaN`); continue; }
    if (!Number.isFinite(e)) { if (a !== e) assert.equal(a, e, `${what}[${i}]`); continue; }
    if (!(Math.abs(a - e) <= tol)) assert.fail(`${what}[${i}]: native ${a} vs js ${e} (tol ${tol})`);
  }
}
// one float32 ulp is 2^-23 relative; the kernels round double results, so 2 ulp covers libm differences
const rtolOf = (C: Ctor): number => (C === Float32Array ? 2.4e-7 : 1e-13);

test('gemm: all transpose combos, batches, offsets, accumulate, odd and empty sizes', { skip: SKIP }, () => {
  const shapes: [number, number, number, number][] = [[1, 1, 1, 1], [1, 1, 7, 33], [1, 7, 33, 1],
    [1, 33, 1025, 7], [3, 7, 1, 33], [2, 2, 33, 1025], [1, 64, 784, 256], [2, 5, 0, 7], [1, 0, 5, 3],
    [1, 97, 520, 2060]];
  for (const C of FLOATS) {
    for (const [batch, m, k, n] of shapes) {
      if (C === Float64Array && m * k * n > 1e6) continue;
      for (const tA of [false, true]) for (const tB of [false, true]) {
        if (m * k * n > 5e7 && (tA || tB)) continue;  // the block-boundary case: once is enough (JS is slow)
        const acc = (m + n + (tA ? 1 : 0)) % 2 === 0;
        const aOff = 3, bOff = 5, aBS = m * k + 2, bBS = batch > 1 ? k * n + 1 : 0;
        const a = rand(C, aOff + batch * aBS), b = rand(C, bOff + Math.max(1, batch) * (k * n + 1));
        const c0 = rand(C, batch * m * n);
        const cj = c0.slice(), cn = c0.slice();
        jsBackend.gemm(a, aOff, aBS, tA, b, bOff, bBS, tB, cj, batch, m, k, n, acc);
        nb!.gemm(a, aOff, aBS, tA, b, bOff, bBS, tB, cn, batch, m, k, n, acc);
        // the float32 rounding error of a k-term dot product is bounded by ~k·eps·Σ|a||b|
        const absA = a.map(Math.abs) as FloatArray, absB = b.map(Math.abs) as FloatArray;
        const bound = c0.map(Math.abs) as FloatArray;
        jsBackend.gemm(absA, aOff, aBS, tA, absB, bOff, bBS, tB, bound, batch, m, k, n, acc);
        const eps = C === Float32Array ? 1.2e-7 : 2.3e-16;
        const atol = bound.map((v) => v * eps * (Math.sqrt(k) * 4 + 2));
        assertClose(cn, cj, 0, `gemm ${C.name} b${batch} ${m}x${k}x${n} tA=${tA} tB=${tB} acc=${acc}`, atol);
      }
    }
  }
});

test('gemm: transposed views read in place match an explicit transpose', { skip: SKIP }, () => {
  // op(A) for transA reads A stored [k, m]; transposing by hand gives the same product exactly
  const m = 33, k = 7, n = 1025;
  const at = rand(Float32Array, k * m), a = new Float32Array(m * k);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) a[i * k + p] = at[p * m + i];
  const b = rand(Float32Array, k * n);
  const c1 = new Float32Array(m * n), c2 = new Float32Array(m * n);
  nb!.gemm(at, 0, 0, true, b, 0, 0, false, c1, 1, m, k, n, false);
  nb!.gemm(a, 0, 0, false, b, 0, 0, false, c2, 1, m, k, n, false);
  assert.deepEqual(c1, c2);
});

const UNARY: UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'rsqrt', 'abs', 'sign', 'relu', 'sigmoid', 'tanh',
  'sin', 'cos', 'reciprocal', 'square', 'floor', 'ceil', 'round', 'log1p', 'expm1', 'erf', 'gelu', 'geluTanh',
  'silu', 'logicalNot', 'isnan', 'isinf'];
const SPECIAL = [0, -0, 1, -1, 2.5, -2.5, 0.5, -0.5, 3.5, NaN, Infinity, -Infinity, 1e-30, 88, -88, 1e30];

test('unary: every op, specials (NaN, ±Inf, ±0, halves), lengths 0..140000', { skip: SKIP }, () => {
  for (const C of FLOATS) for (const op of UNARY) for (const n of [0, 1, 7, 33, 1025, 140000]) {
    if (n === 140000 && op !== 'exp' && op !== 'relu') continue;
    const x = rand(C, n, -4, 4);
    for (let i = 0; i < Math.min(n, SPECIAL.length); i++) x[i] = SPECIAL[i];
    const oj = new C(n), on = new C(n);
    jsBackend.unary(op, x, oj);
    nb!.unary(op, x, on);
    assertClose(on, oj, rtolOf(C), `unary ${op} ${C.name} n=${n}`, 1e-300);
  }
});

const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'atan2', 'eq', 'ne',
  'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'remainder'];
const LOGICAL = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr']);

/** Random data with repeats, zeros and a NaN so that comparisons and truthiness are exercised. */
function edgy(C: Ctor, n: number): FloatArray {
  const a = rand(C, n, -3, 3);
  for (let i = 0; i < n; i++) if (i % 5 === 0) a[i] = Math.round(a[i]);
  if (n > 3) a[3] = NaN;
  return a;
}

test('binary: every op on contiguous, broadcast, transposed and empty views; bool outputs', { skip: SKIP }, () => {
  // [shape, a strides, b strides, a length, b length]
  const cases: [number[], number[], number[], number, number][] = [
    [[1025], [1], [1], 1025, 1025],
    [[7, 33], [1, 7], [33, 1], 231, 231],          // a transposed
    [[7, 33], [1, 0], [0, 1], 7, 33],              // outer broadcast
    [[33, 7], [7, 1], [0, 1], 231, 7],             // bias-style row broadcast
    [[3, 1, 33], [33, 0, 1], [0, 0, 2], 99, 66],   // stride-2 b
    [[], [], [], 1, 1],                            // scalars
    [[0, 5], [5, 1], [0, 1], 0, 5],                // empty
    [[140000], [1], [0], 140000, 1],               // threaded, scalar broadcast
  ];
  for (const C of FLOATS) for (const op of BINARY) for (const [shape, sa, sb, la, lb] of cases) {
    if (shape[0] === 140000 && op !== 'add' && op !== 'gt') continue;
    const a = edgy(C, la + 2), b = edgy(C, lb + 1);
    const total = shape.reduce((p, s) => p * s, 1);
    const outs: AnyArray[] = LOGICAL.has(op) ? [new Uint8Array(total), new C(total)] : [new C(total)];
    for (const out of outs) {
      const oj = out.slice(), on = out.slice();
      jsBackend.binary(op, { data: a, offset: 2, strides: sa }, { data: b, offset: 1, strides: sb }, shape, oj);
      nb!.binary(op, { data: a, offset: 2, strides: sa }, { data: b, offset: 1, strides: sb }, shape, on);
      assertClose(on, oj, rtolOf(C), `binary ${op} ${C.name} [${shape}] -> ${out.constructor.name}`, 1e-300);
    }
  }
});

test('binaryScalar: every op, both operand orders, scalars exact and inexact in float32', { skip: SKIP }, () => {
  for (const C of FLOATS) for (const op of BINARY) for (const s of [2, 0.1, -3.5, 0, NaN]) {
    for (const first of [false, true]) {
      const x = edgy(C, 1025);
      const outs: AnyArray[] = LOGICAL.has(op) ? [new Uint8Array(1025), new C(1025)] : [new C(1025)];
      for (const out of outs) {
        const oj = out.slice(), on = out.slice();
        jsBackend.binaryScalar(op, x, s, oj, first);
        nb!.binaryScalar(op, x, s, on, first);
        assertClose(on, oj, rtolOf(C), `binaryScalar ${op} ${C.name} s=${s} first=${first}`, 1e-300);
      }
    }
  }
});

test('outputs past the streaming-store threshold (2 MiB): aligned and misaligned, every dtype', { skip: SKIP }, () => {
  // big results are written with non-temporal stores through a staging buffer (native/stream.h):
  // check the head before 16-byte alignment, the staged middle and the tail, for every output width
  const n = (2 << 20) / 4 + 4099;  // > 2 MiB of float32, not a multiple of the staging chunk
  for (const C of FLOATS) for (const skew of [0, 1, 3]) {
    const x = edgy(C, n + 8), y = edgy(C, n + 8);
    for (const op of ['add', 'gt'] as BinaryOp[]) {
      const width = op === 'gt' ? 1 : C.BYTES_PER_ELEMENT;
      const m = op === 'gt' ? (2 << 20) + 4099 : n;  // a bool output needs 4x the elements to stream
      const xs = op === 'gt' ? edgy(C, m + 8) : x, ys = op === 'gt' ? edgy(C, m + 8) : y;
      const mk = (): AnyArray => (width === 1 ? new Uint8Array(m + 8) : new C(m + 8)).subarray(skew, skew + m);
      const oj = mk(), on = mk();
      jsBackend.binary(op, { data: xs, offset: 1, strides: [1] }, { data: ys, offset: 0, strides: [1] }, [m], oj);
      nb!.binary(op, { data: xs, offset: 1, strides: [1] }, { data: ys, offset: 0, strides: [1] }, [m], on);
      assertClose(on, oj, 0, `binary ${op} ${C.name} n=${m} skew=${skew}`);
    }
    const b = edgy(C, 4099);  // broadcast rows: long inner runs, each streamed separately
    const rows = Math.ceil(n / 4099), big = edgy(C, rows * 4099);
    const oj = new C(rows * 4099 + skew).subarray(skew), on = oj.slice();
    jsBackend.binary('mul', { data: big, offset: 0, strides: [4099, 1] }, { data: b, offset: 0, strides: [0, 1] }, [rows, 4099], oj);
    nb!.binary('mul', { data: big, offset: 0, strides: [4099, 1] }, { data: b, offset: 0, strides: [0, 1] }, [rows, 4099], on);
    assertClose(on, oj, 0, `binary mul broadcast ${C.name} skew=${skew}`);
    for (const op of ['exp', 'relu'] as UnaryOp[]) {
      const uj = new C(big.length + skew).subarray(skew), un = uj.slice();
      jsBackend.unary(op, big, uj);
      nb!.unary(op, big, un);
      assertClose(un, uj, rtolOf(C), `unary ${op} ${C.name} skew=${skew}`, 1e-300);
    }
    for (const s of [2, 0.1]) {
      const sj = new C(big.length + skew).subarray(skew), sn = sj.slice();
      jsBackend.binaryScalar('mul', big, s, sj, false);
      nb!.binaryScalar('mul', big, s, sn, false);
      assertClose(sn, sj, rtolOf(C), `binaryScalar mul ${C.name} s=${s} skew=${skew}`);
    }
  }
});

test('copyStrided: transposed, sliced, flipped, broadcast, empty; every dtype and a cast', { skip: SKIP }, () => {
  const cases: [number[], number[], number, number][] = [
    [[33, 7], [1, 33], 0, 231], [[7, 33], [66, 2], 1, 500], [[1025], [-1], 1024, 1025],
    [[7, 1, 33], [0, 5, 1], 3, 40], [[0, 3], [3, 1], 0, 1], [[], [], 4, 5], [[300, 300], [1, 300], 0, 90000],
  ];
  const ctors = [Float32Array, Float64Array, Int32Array, Uint8Array] as const;
  for (const C of ctors) for (const [shape, strides, offset, len] of cases) {
    const src = new C(len);
    for (let i = 0; i < len; i++) src[i] = Math.floor(gen.uniform53() * 200) - (C === Uint8Array ? 0 : 100);
    const total = shape.reduce((p, s) => p * s, 1);
    for (const Out of C === Float32Array ? [Float32Array, Float64Array] : [C]) {
      const oj = new Out(total), on = new Out(total);
      jsBackend.copyStrided({ data: src, offset, strides }, shape, oj);
      nb!.copyStrided({ data: src, offset, strides }, shape, on);
      assert.deepEqual(on, oj, `copyStrided ${C.name}->${Out.name} [${shape}]`);
    }
  }
});

test('native entries reject out-of-range arguments instead of reading past the array', { skip: SKIP }, () => {
  const a = new Float32Array(6), b = new Float32Array(9), c = new Float32Array(3);
  // A [2,3] and B [3,3] fit, but C must hold m·n = 2·3 = 6 elements; 3 is too few
  assert.throws(() => nb!.gemm(a, 0, 0, false, b, 0, 0, false, c, 1, 2, 3, 3, false), /C needs/);
  assert.throws(() => nb!.copyStrided({ data: a, offset: 1, strides: [1] }, [6], new Float32Array(6)), /source/);
});

// The fallbacks: rerun this file in a child whose SIMD level is capped (the level is fixed per process).
const CAPPED = process.env.TRAINLAB_SIMD;
for (const level of ['scalar'] as const) {
  test(`the ${level} kernels pass the same parity checks (TRAINLAB_SIMD=${level})`,
    { skip: SKIP || (CAPPED ? 'already running capped' : false) }, () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', fileURLToPath(import.meta.url)], {
        // without NODE_TEST_CONTEXT the child reports in TAP, as when run on its own
        env: { ...process.env, NODE_TEST_CONTEXT: undefined, TRAINLAB_SIMD: level }, encoding: 'utf8',
      });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`.slice(-3000));
      assert.match(r.stdout, /# fail 0/);
    });
}
