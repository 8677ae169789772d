// LSTM and GRU: hand-derived steps, torch's parameter names and shapes, batchFirst / unbatched
// layouts, and float64 gradcheck through time of a 2-layer bidirectional stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, zeros, randn, Generator, gradcheck, ShapeError, type Tensor } from '../../src/index.js';

const close = (a: Tensor, b: number[], tol = 1e-6) => {
  const d = [...a.contiguousData()];
  assert.equal(d.length, b.length);
  d.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `element ${i}: ${v} vs ${b[i]}`));
};

test('LSTM: two hand-computed steps (gates i, f, g, o)', () => {
  const lstm = new nn.LSTM(1, 1);
  lstm.loadStateDict({
    weight_ih_l0: tensor([[0], [0], [1], [0]]), weight_hh_l0: zeros([4, 1]), bias_ih_l0: zeros([4]), bias_hh_l0: zeros([4]),
  });
  // step 1, x = 1: i = f = o = σ(0) = ½, g = tanh(1): c₁ = ½·tanh 1, h₁ = ½·tanh c₁
  // step 2, x = 0: g = 0: c₂ = ½·c₁, h₂ = ½·tanh c₂
  const c1 = 0.5 * Math.tanh(1), c2 = 0.5 * c1;
  const [out, [h, c]] = lstm.call(tensor([[[1]], [[0]]]));
  assert.deepEqual(out.shape, [2, 1, 1]);
  close(out, [0.5 * Math.tanh(c1), 0.5 * Math.tanh(c2)]);
  close(h, [0.5 * Math.tanh(c2)]);
  close(c, [c2]);
});

test('GRU: two hand-computed steps (gates r, z, n)', () => {
  const gru = new nn.GRU(1, 1, { bias: false });
  gru.loadStateDict({ weight_ih_l0: tensor([[0], [0], [1]]), weight_hh_l0: zeros([3, 1]) });
  // step 1, x = 1, h₀ = 0: r = z = ½, n = tanh(1): h₁ = ½·tanh 1 + ½·0
  // step 2, x = 0: n = tanh(0) = 0: h₂ = ½·h₁
  const h1 = 0.5 * Math.tanh(1);
  const [out, h] = gru.call(tensor([[1], [0]])); // unbatched [T, in]
  assert.deepEqual(out.shape, [2, 1]);
  close(out, [h1, 0.5 * h1]);
  assert.deepEqual(h.shape, [1, 1]);
  close(h, [0.5 * h1]);
});

test('parameter names, shapes, init range and layouts follow torch', () => {
  const lstm = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true, generator: new Generator(1) });
  const shapes = Object.fromEntries([...lstm.namedParameters()].map(([k, p]) => [k, p.shape]));
  assert.deepEqual(Object.keys(shapes), [
    'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0',
    'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse',
    'weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1',
    'weight_ih_l1_reverse', 'weight_hh_l1_reverse', 'bias_ih_l1_reverse', 'bias_hh_l1_reverse']);
  assert.deepEqual(shapes.weight_ih_l0, [16, 3]);
  assert.deepEqual(shapes.weight_ih_l1, [16, 8]);
  // every weight in U(−1/√H, 1/√H) = U(−0.5, 0.5)
  assert.ok(lstm.parameters().every((p) => [...p.contiguousData()].every((v) => Math.abs(v) <= 0.5)));
  const [out, [h, c]] = lstm.call(randn([5, 7, 3])); // [N, T, in]
  assert.deepEqual(out.shape, [5, 7, 8]);
  assert.deepEqual(h.shape, [4, 5, 4]);
  assert.deepEqual(c.shape, [4, 5, 4]);
  assert.equal(String(lstm), 'LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)');
  assert.throws(() => lstm.call(randn([5, 7, 2])), ShapeError);
  assert.throws(() => lstm.call(randn([5, 7, 3]), [zeros([2, 5, 4]), zeros([4, 5, 4])]), /initial state \[2,5,4\]/);
});

test('the last output of the forward direction equals hN; gradcheck through time (float64)', () => {
  const g = new Generator(5);
  const gru = new nn.GRU(2, 2, { numLayers: 2, bidirectional: true, generator: g }).double();
  const x = randn([3, 2, 2], { dtype: 'float64', generator: g, requiresGrad: true });
  const [out, h] = gru.call(x);
  // the top layer's forward state after the last step is out[T−1, :, :H]; its reverse state is out[0, :, H:]
  close(h.select(0, 2), [...out.select(0, 2).narrow(1, 0, 2).contiguousData()], 1e-12);
  close(h.select(0, 3), [...out.select(0, 0).narrow(1, 2, 2).contiguousData()], 1e-12);
  const r = gradcheck(() => gru.call(x)[0], [x, ...gru.parameters()]);
  assert.ok(r.passed, JSON.stringify(r.mismatch));
  const lstm = new nn.LSTM(2, 2, { generator: g }).double();
  const r2 = gradcheck(() => lstm.call(x)[0], [x, ...lstm.parameters()]);
  assert.ok(r2.passed, JSON.stringify(r2.mismatch));
});

test('RNN and the cells: torch\'s names, reprs, unbatched calls, zero default states and named errors', () => {
  const rnn = new nn.RNN(3, 4, { nonlinearity: 'relu', numLayers: 2 });
  assert.equal(String(rnn), 'RNN(3, 4, num_layers=2)');  // torch does not print the nonlinearity of RNN
  assert.deepEqual([...rnn.namedParameters()].map(([k]) => k), ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0',
    'weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1']);
  const [out, h] = rnn.call(randn([5, 3]));  // unbatched [T, in]
  assert.deepEqual(out.shape, [5, 4]);
  assert.deepEqual(h.shape, [2, 4]);
  assert.ok([...out.contiguousData()].every((v) => v >= 0), 'relu outputs are ≥ 0');
  assert.throws(() => new nn.RNN(3, 4, { nonlinearity: 'sigmoid' as never }), /RNN: unknown nonlinearity "sigmoid"/);
  assert.equal(String(new nn.RNNCell(3, 4, { nonlinearity: 'relu' })), 'RNNCell(3, 4, nonlinearity=relu)');
  assert.equal(String(new nn.GRUCell(3, 4, { bias: false })), 'GRUCell(3, 4, bias=False)');
  const cell = new nn.LSTMCell(3, 4);
  assert.deepEqual([...cell.namedParameters()].map(([k, p]) => [k, p.shape]), [
    ['weight_ih', [16, 3]], ['weight_hh', [16, 4]], ['bias_ih', [16]], ['bias_hh', [16]]]);
  const x = randn([3]);
  const [h1, c1] = cell.call(x);  // unbatched, zero states
  assert.deepEqual(h1.shape, [4]);
  const [h2, c2] = cell.call(x, [zeros([4]), zeros([4])]);
  close(h1, [...h2.contiguousData()], 0);
  close(c1, [...c2.contiguousData()], 0);
  const gru = new nn.GRUCell(3, 4);
  assert.deepEqual(gru.call(randn([2, 3])).shape, [2, 4]);
  assert.throws(() => gru.call(randn([2, 5])), /GRUCell: input \[2,5\] has 5 features, expected 3/);
  assert.throws(() => gru.call(randn([2, 3]), zeros([3, 4])), /GRUCell: state \[3,4\] does not match \[2,4\]/);
  assert.throws(() => gru.call(randn([1, 2, 3])), ShapeError);
});
