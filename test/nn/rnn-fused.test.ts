// The fused RNN, LSTM and GRU layers (ops/rnn.ts) and the cells built on them: against torch 1.13
// (fixtures/rnn_torch.json, 2-layer bidirectional LSTM, GRU and RNN, a relu RNN and one step of each
// cell, in float64: outputs and every gradient), against the same recurrences unrolled over core ops
// (each fixture-tested on its own), by float64 gradcheck in each argument, and their errors and
// saved-tensor checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  nn, tensor, randn, Generator, gradcheck, add, mul, sub, sigmoid, tanh, linear, narrow, stack, DTypeError, ShapeError,
  type Tensor,
} from '../../src/index.js';
import { gruLayer, lstmLayer, rnnLayer } from '../../src/ops/rnn.js';

interface T { shape: number[]; data: number[] }
interface Fixture { params: Record<string, T>; x: T; h0: T; c0: T; wo: T; wh: T; wc: T; out: T; hN: T; cN: T; grads: Record<string, T> }
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/rnn_torch.json', import.meta.url), 'utf8')) as
  Record<'lstm' | 'gru' | 'rnn_tanh' | 'rnn_relu' | 'lstm_cell' | 'gru_cell' | 'rnn_cell_relu', Fixture>;
const f64 = (t: T, requiresGrad = false): Tensor => tensor(t.data, { dtype: 'float64' }).reshape(t.shape).requiresGrad_(requiresGrad);

function assertClose(actual: Tensor, expected: ArrayLike<number>, tol: number, what: string): void {
  const a = actual.contiguousData();
  assert.equal(a.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - expected[i]) / (1 + Math.abs(expected[i])));
  assert.ok(worst <= tol, `${what}: worst relative error ${worst.toExponential(2)} > ${tol}`);
}

type Case = Omit<Fixture, 'c0' | 'wc' | 'cN' | 'out' | 'wo'> & Partial<Pick<Fixture, 'c0' | 'wc' | 'cN' | 'out' | 'wo'>>;
/** Each torch case: the module, and how to call it with (x, h0, c0?) → [out | null, hN, cN | null]. */
const TORCH: [keyof typeof fixtures, () => nn.Module<never[], unknown>, (m: never, x: Tensor, h0: Tensor, c0: Tensor | null) => [Tensor | null, Tensor, Tensor | null]][] = [
  ['lstm', () => new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true }) as never, (m: nn.LSTM, x, h0, c0) => { const [o, [h, c]] = m.call(x, [h0, c0!]); return [o, h, c]; }],
  ['gru', () => new nn.GRU(3, 4, { numLayers: 2, bidirectional: true }) as never, (m: nn.GRU, x, h0) => { const [o, h] = m.call(x, h0); return [o, h, null]; }],
  ['rnn_tanh', () => new nn.RNN(3, 4, { numLayers: 2, bidirectional: true }) as never, (m: nn.RNN, x, h0) => { const [o, h] = m.call(x, h0); return [o, h, null]; }],
  ['rnn_relu', () => new nn.RNN(3, 4, { nonlinearity: 'relu' }) as never, (m: nn.RNN, x, h0) => { const [o, h] = m.call(x, h0); return [o, h, null]; }],
  ['lstm_cell', () => new nn.LSTMCell(3, 4) as never, (m: nn.LSTMCell, x, h0, c0) => { const [h, c] = m.call(x, [h0, c0!]); return [null, h, c]; }],
  ['gru_cell', () => new nn.GRUCell(3, 4) as never, (m: nn.GRUCell, x, h0) => [null, m.call(x, h0), null]],
  ['rnn_cell_relu', () => new nn.RNNCell(3, 4, { nonlinearity: 'relu' }) as never, (m: nn.RNNCell, x, h0) => [null, m.call(x, h0), null]],
];
for (const [name, make, run] of TORCH) {
  test(`${name}: outputs and every gradient match torch 1.13 (float64)`, () => {
    const f = fixtures[name] as Case;
    const m = make() as unknown as nn.Module<never[], unknown>;
    m.double();
    m.loadStateDict(Object.fromEntries(Object.entries(f.params).map(([k, v]) => [k, f64(v)])));
    const x = f64(f.x, true), h0 = f64(f.h0, true), c0 = f.c0 ? f64(f.c0, true) : null;
    const [out, hN, cN] = run(m as never, x, h0, c0);
    let loss = mul(hN, f64(f.wh)).sum();
    if (out) { assertClose(out, f.out!.data, 1e-12, 'out'); loss = add(loss, mul(out, f64(f.wo!)).sum()); }
    assertClose(hN, f.hN.data, 1e-12, 'hN');
    if (cN) { assertClose(cN, f.cN!.data, 1e-12, 'cN'); loss = add(loss, mul(cN, f64(f.wc!)).sum()); }
    loss.backward();
    assertClose(x.grad!, f.grads.x.data, 1e-12, 'x.grad');
    assertClose(h0.grad!, f.grads.h0.data, 1e-12, 'h0.grad');
    if (c0) assertClose(c0.grad!, f.grads.c0.data, 1e-12, 'c0.grad');
    const names = [...m.namedParameters()].map(([k]) => k);
    assert.deepEqual(names, Object.keys(f.params), 'parameter names and order');
    for (const [k, p] of m.namedParameters()) assertClose(p.grad!, f.grads[k].data, 1e-12, `${k}.grad`);
  });
}

/** The same layer as core ops, one step at a time (torch's equations). */
function unrolled(x: Tensor, h0: Tensor, c0: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null, reverse: boolean): [Tensor, Tensor] {
  const T = x.shape[0], H = h0.shape[1], seq: Tensor[] = new Array<Tensor>(T);
  const gate = (z: Tensor, k: number) => narrow(z, 1, k * H, H);
  let h = h0, c = c0;
  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    const z = add(linear(x.select(0, t), wIh, bIh), linear(h, wHh, bHh));
    c = add(mul(sigmoid(gate(z, 1)), c), mul(sigmoid(gate(z, 0)), tanh(gate(z, 2))));
    h = mul(sigmoid(gate(z, 3)), tanh(c));
    seq[t] = h;
  }
  return [stack(seq, { dim: 0 }), c];
}

/** The GRU layer as core ops (torch's equations); returns [out, last h]. */
function unrolledGru(x: Tensor, h0: Tensor, _c0: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null, reverse: boolean): [Tensor, Tensor] {
  const T = x.shape[0], H = h0.shape[1], seq: Tensor[] = new Array<Tensor>(T);
  const gate = (z: Tensor, k: number) => narrow(z, 1, k * H, H);
  let h = h0;
  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    const gi = linear(x.select(0, t), wIh, bIh), gh = linear(h, wHh, bHh);
    const r = sigmoid(add(gate(gi, 0), gate(gh, 0))), z = sigmoid(add(gate(gi, 1), gate(gh, 1)));
    const n = tanh(add(gate(gi, 2), mul(r, gate(gh, 2))));
    h = add(mul(sub(1, z), n), mul(z, h));
    seq[t] = h;
  }
  return [stack(seq, { dim: 0 }), h];
}
const fusedGru = (x: Tensor, h0: Tensor, _c0: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null, reverse: boolean): [Tensor, Tensor] => {
  const out = gruLayer(x, h0, wIh, wHh, bIh, bHh, reverse);
  return [out, out.select(0, reverse ? 0 : x.shape[0] - 1)];
};

const KINDS = [
  { name: 'LSTM', gates: 4, fused: lstmLayer, unrolled },
  { name: 'GRU', gates: 3, fused: fusedGru, unrolled: unrolledGru },
];
for (const kind of KINDS) for (const dtype of ['float32', 'float64'] as const) {
  test(`fused ${kind.name} = the unrolled recurrence (${dtype}): outputs and gradients, both directions, strided input, with and without bias`, () => {
    const g = new Generator(11), tol = dtype === 'float32' ? 2e-5 : 1e-12;
    for (const [reverse, bias] of [[false, true], [true, true], [false, false]] as const) {
      const T = 6, N = 3, I = 5, H = 7;
      const leaves = () => {
        const gen = new Generator(3);
        const r = (shape: number[], scale = 0.5) => mul(randn(shape, { dtype: 'float64', generator: gen }), scale).to(dtype).requiresGrad_();
        // x is a transposed view of [N, T, I] (as batchFirst gives): non-contiguous
        const G = kind.gates * H;
        return { x: r([N, T, I], 1), h0: r([N, H]), c0: r([N, H]), wIh: r([G, I]), wHh: r([G, H]), bIh: bias ? r([G]) : null, bHh: bias ? r([G]) : null };
      };
      const a = leaves(), b = leaves();
      const wOut = randn([T, N, H], { dtype, generator: g }), wC = randn([N, H], { dtype, generator: g });
      const [outA, cA] = kind.fused(a.x.transpose(0, 1), a.h0, a.c0, a.wIh, a.wHh, a.bIh, a.bHh, reverse);
      const [outB, cB] = kind.unrolled(b.x.transpose(0, 1), b.h0, b.c0, b.wIh, b.wHh, b.bIh, b.bHh, reverse);
      assertClose(outA, outB.contiguousData(), tol, 'out');
      assertClose(cA, cB.contiguousData(), tol, kind.name === 'LSTM' ? 'cN' : 'hN');
      add(mul(outA, wOut).sum(), mul(cA, wC).sum()).backward();
      add(mul(outB, wOut).sum(), mul(cB, wC).sum()).backward();
      for (const k of ['x', 'h0', 'c0', 'wIh', 'wHh', 'bIh', 'bHh'] as const) {
        if (kind.name === 'GRU' && k === 'c0') continue;
        if (a[k]) assertClose(a[k]!.grad!, b[k]!.grad!.contiguousData(), tol, `${k}.grad (reverse ${reverse})`);
      }
    }
  });
}

test('gradcheck of the fused LSTM, GRU and RNN layers in every argument (float64), forward and reverse', () => {
  const g = new Generator(4);
  const r = (shape: number[]) => mul(randn(shape, { dtype: 'float64', generator: g }), 0.6).requiresGrad_();
  const x = r([4, 2, 3]), h0 = r([2, 3]), c0 = r([2, 3]), wIh = r([12, 3]), wHh = r([12, 3]), bIh = r([12]), bHh = r([12]);
  for (const reverse of [false, true]) {
    const res = gradcheck(() => {
      const [out, c] = lstmLayer(x, h0, c0, wIh, wHh, bIh, bHh, reverse);
      return add(out.sum(), mul(c, c).sum());
    }, [x, h0, c0, wIh, wHh, bIh, bHh]);
    assert.ok(res.passed, `reverse ${reverse}: ${JSON.stringify(res.mismatch)}`);
    const w3 = r([9, 3]), u3 = r([9, 3]), b3 = r([9]), c3 = r([9]);
    const resGru = gradcheck(() => {
      const out = gruLayer(x, h0, w3, u3, b3, c3, reverse);
      return add(out.sum(), mul(out, out).sum());
    }, [x, h0, w3, u3, b3, c3]);
    assert.ok(resGru.passed, `GRU reverse ${reverse}: ${JSON.stringify(resGru.mismatch)}`);
    const w1 = r([3, 3]), u1 = r([3, 3]), b1 = r([3]), c1 = r([3]);
    const resRnn = gradcheck(() => rnnLayer(x, h0, w1, u1, b1, c1, 'tanh', reverse).pow(2).sum(), [x, h0, w1, u1, b1, c1]);
    assert.ok(resRnn.passed, `RNN reverse ${reverse}: ${JSON.stringify(resRnn.mismatch)}`);
  }
});

test('bad arguments are named; an output changed in place before backward is caught', () => {
  const x = randn([3, 2, 4]), h = randn([2, 5]), wIh = randn([20, 4]), wHh = randn([20, 5]);
  assert.throws(() => lstmLayer(randn([0, 2, 4]), h, h, wIh, wHh, null, null), ShapeError);
  assert.throws(() => lstmLayer(x, randn([2, 4]), h, wIh, wHh, null, null), /h0 \[2,4\] does not match/);
  assert.throws(() => lstmLayer(x, h, h, randn([20, 3]), wHh, null, null), /weight_ih \[20,3\]/);
  assert.throws(() => lstmLayer(x, h, h.double(), wIh, wHh, null, null), DTypeError);
  assert.throws(() => gruLayer(x, h, randn([15, 3]), randn([15, 5]), null, null), /gru: weight_ih \[15,3\] does not match input \[3,2,4\] and hidden size 5 \(expected \[15,4\]\)/);
  assert.throws(() => gruLayer(x, h, randn([15, 4]), randn([15, 6]), null, null), /gru: h0 \[2,5\] does not match/);
  const w = wHh.clone().requiresGrad_();
  const [out] = lstmLayer(x, h, h, wIh, w, null, null);
  x.mul_(2);  // the backward reads x for weight_ih's gradient
  assert.throws(() => out.sum().backward(), /modified by an in-place operation/);
});
