// Layers checked by hand-derived values (the math is in the comments), containers, BatchNorm's
// running statistics and state-dict names, Dropout, and the reprs torch prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, ones, zeros, arange, Generator, ShapeError, IndexError, ValueError, type Tensor } from '../../src/index.js';

const close = (a: Tensor, b: number[], tol = 1e-5) => {
  const d = [...a.contiguousData()];
  assert.equal(d.length, b.length);
  d.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `element ${i}: ${v} vs ${b[i]}`));
};

test('Linear: y = x·Wᵀ + b', () => {
  const fc = new nn.Linear(2, 2);
  fc.loadStateDict({ weight: tensor([[1, 2], [3, 4]]), bias: tensor([0.5, -1]) });
  // [1, 1]: (1 + 2 + 0.5, 3 + 4 − 1) = (3.5, 6)
  close(fc.call(tensor([[1, 1]])), [3.5, 6]);
  assert.throws(() => fc.call(ones([1, 3])), ShapeError);
});

test('Conv1d: a [1, 1, 4] input, kernel [1, −1], stride 1 and padding 1', () => {
  const conv = new nn.Conv1d(1, 1, 2, { padding: 1 });
  conv.loadStateDict({ weight: tensor([[[1, -1]]]), bias: tensor([0.25]) });
  // padded [0, 1, 2, 4, 8, 0]: pairs a−b = −1, −1, −2, −4, 8; plus 0.25
  const y = conv.call(tensor([[[1, 2, 4, 8]]]));
  close(y, [-0.75, -0.75, -1.75, -3.75, 8.25]);
  // d(Σy)/dw₀ = Σ padded[0..4] = 15, d/dw₁ = Σ padded[1..5] = 15, d/db = 5 outputs
  y.sum().backward();
  close(conv.weight.grad!, [15, 15]);
  close(conv.bias!.grad!, [5]);
});

test('activations: ELU, SiLU, Sigmoid, Tanh at hand-derived points', () => {
  const x = tensor([-1, 0, 2]);
  // ELU(α=0.5): 0.5·(e⁻¹ − 1) = −0.316060, 0, 2
  close(new nn.ELU(0.5).call(x), [0.5 * (Math.exp(-1) - 1), 0, 2]);
  // SiLU: x·σ(x) = −0.268941, 0, 1.761594
  close(new nn.SiLU().call(x), [-1 / (1 + Math.E), 0, 2 / (1 + Math.exp(-2))]);
  close(new nn.Sigmoid().call(x), [1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))]);
  close(new nn.Tanh().call(x), [Math.tanh(-1), 0, Math.tanh(2)]);
  // Softmax without dim on a 2-d input uses dim 1 (torch's legacy rule): each row sums to 1
  close(new nn.Softmax().call(tensor([[0, Math.log(3)]])), [0.25, 0.75]);
});

test('GroupNorm: each group of each sample normalised, then the per-channel affine', () => {
  const gn = new nn.GroupNorm(2, 4, { eps: 0 });
  gn.loadStateDict({ weight: tensor([1, 2, 1, 1]), bias: tensor([0, 0, 0, 1]) });
  // group 0 = channels 0,1 = [1, 3] (mean 2, biased var 1) → [−1, 1]; ×[1, 2] → [−1, 2]
  const y = gn.call(tensor([[[1], [3], [4], [6]]]));
  // group 1 = [4, 6] → [−1, 1]; bias +1 on channel 3 → [−1, 2]
  close(y, [-1, 2, -1, 2]);
  assert.throws(() => gn.call(ones([1, 3, 2])), ShapeError);
  assert.throws(() => new nn.GroupNorm(3, 4), ValueError);
});

test('BatchNorm2d keeps running stats (unbiased var), counts batches, uses them in eval', () => {
  const bn = new nn.BatchNorm2d(1, { momentum: 0.5 });
  // channel values 1, 2, 3, 4 (N=2, H=1, W=2): mean 2.5, biased var 1.25, unbiased var 5/3
  const x = tensor([[[[1, 2]]], [[[3, 4]]]]);
  const y = bn.call(x);
  const s = Math.sqrt(1.25 + 1e-5);
  close(y, [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
  // running = (1 − 0.5)·old + 0.5·batch: mean 0 → 1.25, var 1 → 0.5 + 0.5·5/3 = 4/3
  close(bn.runningMean!, [1.25]);
  close(bn.runningVar!, [4 / 3]);
  assert.equal(bn.numBatchesTracked!.item(), 1);
  assert.deepEqual(Object.keys(bn.stateDict()), ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  assert.equal(bn.stateDict().num_batches_tracked.dtype, 'int64');
  bn.eval();
  // eval: (x − 1.25)/√(4/3 + 1e−5)
  close(bn.call(tensor([[[[1.25, 2.25]]]])), [0, 1 / Math.sqrt(4 / 3 + 1e-5)]);
  assert.equal(bn.numBatchesTracked!.item(), 1, 'eval does not count');
  assert.throws(() => bn.call(ones([2, 1, 3])), /BatchNorm2d: expected 4D input, got 3D/);
  assert.throws(() => new nn.BatchNorm1d(3).call(ones([2, 4])), /4 channels, expected 3/);
});

test('BatchNorm1d with momentum null keeps the cumulative average; no running stats when not tracked', () => {
  const bn = new nn.BatchNorm1d(1, { momentum: null, affine: false });
  bn.call(tensor([[1], [3]])); // batch mean 2
  bn.call(tensor([[5], [7]])); // batch mean 6; cumulative average (2 + 6)/2 = 4
  close(bn.runningMean!, [4]);
  const free = new nn.BatchNorm1d(2, { trackRunningStats: false });
  assert.deepEqual(Object.keys(free.stateDict()), ['weight', 'bias']);
  free.eval();
  // with no running stats eval still normalises with the batch: [−1, 1] per feature
  // feature 0: [0, 2] → ∓1/√(1 + 1e−5); feature 1: [10, 30] → ∓10/√(100 + 1e−5); both ±1 within 1e−5
  close(free.call(tensor([[0, 10], [2, 30]])), [-1, -1, 1, 1], 1e-4);
});

test('Dropout: identity in eval; in training zeroes ≈p and scales the rest by 1/(1−p)', () => {
  const d = new nn.Dropout(0.25, { generator: new Generator(1) });
  const x = ones([4000]);
  const y = [...d.call(x).contiguousData()];
  const kept = y.filter((v) => v !== 0);
  kept.forEach((v) => assert.ok(Math.abs(v - 4 / 3) < 1e-6));
  // binomial: 1000 ± 27 zeros expected; 5 SE
  assert.ok(Math.abs(y.length - kept.length - 1000) < 5 * Math.sqrt(4000 * 0.25 * 0.75));
  d.eval();
  assert.deepEqual([...d.call(x).contiguousData()], [...x.contiguousData()]);
  assert.throws(() => new nn.Dropout(1.5), ValueError);
});

test('Embedding: rows by index; paddingIdx row starts at zero', () => {
  const e = new nn.Embedding(5, 2, { paddingIdx: -1, generator: new Generator(2) });
  assert.equal(e.paddingIdx, 4);
  assert.deepEqual(e.weight.select(0, 4).toArray(), [0, 0]);
  const w = e.weight.toArray() as number[][];
  close(e.call(tensor([[1, 4]], { dtype: 'int64' })), [...w[1], 0, 0]);
  assert.throws(() => new nn.Embedding(5, 2, { paddingIdx: 5 }), IndexError);
});

test('Flatten, Unflatten and Identity', () => {
  const x = arange(24, undefined, 1, { dtype: 'float32' }).reshape(2, 3, 4);
  assert.deepEqual(new nn.Flatten().call(x).shape, [2, 12]);
  assert.deepEqual(new nn.Flatten({ startDim: 0, endDim: 1 }).call(x).shape, [6, 4]);
  assert.deepEqual(new nn.Unflatten(2, [2, -1]).call(x).shape, [2, 3, 2, 2]);
  assert.throws(() => new nn.Unflatten(1, [2, 2]).call(x), ShapeError);
  assert.equal(new nn.Identity().call(x), x);
});

test('Sequential: index, length, append, insert, slice; names from an object', () => {
  const a = new nn.Linear(2, 3), r = new nn.ReLU(), b = new nn.Linear(3, 1);
  const s = new nn.Sequential(a, r);
  assert.equal(s.length, 2);
  assert.equal(s.get(-1), r);
  s.append(b);
  assert.deepEqual([...s.namedParameters()].map(([k]) => k), ['0.weight', '0.bias', '2.weight', '2.bias']);
  s.insert(1, new nn.Tanh());
  assert.deepEqual([...s].map((m) => m.constructor.name), ['Linear', 'Tanh', 'ReLU', 'Linear']);
  assert.deepEqual([...s.namedParameters()].map(([k]) => k), ['0.weight', '0.bias', '3.weight', '3.bias']);
  const tail = s.slice(2);
  assert.deepEqual([...tail.namedChildren()].map(([k]) => k), ['2', '3']);
  assert.throws(() => s.get(4), IndexError);
  const named = new nn.Sequential({ fc: new nn.Linear(2, 2), act: new nn.ReLU() });
  assert.deepEqual(Object.keys(named.stateDict()), ['fc.weight', 'fc.bias']);
  assert.deepEqual(s.call(ones([5, 2])).shape, [5, 1]);
});

test('ModuleList and ModuleDict register their modules', () => {
  const l = new nn.ModuleList([new nn.Linear(1, 1), new nn.Linear(1, 1)]);
  l.extend([new nn.ReLU()]);
  assert.equal(l.length, 3);
  assert.deepEqual([...l.namedParameters()].map(([k]) => k), ['0.weight', '0.bias', '1.weight', '1.bias']);
  const d = new nn.ModuleDict({ enc: new nn.Linear(1, 2) });
  d.set('dec', new nn.Linear(2, 1));
  assert.deepEqual(d.keys(), ['enc', 'dec']);
  assert.deepEqual([...d.namedParameters()].map(([k]) => k), ['enc.weight', 'enc.bias', 'dec.weight', 'dec.bias']);
  d.pop('enc');
  assert.deepEqual(Object.keys(d.stateDict()), ['dec.weight', 'dec.bias']);
  assert.throws(() => d.get('enc'), /no key "enc"/);
});

test('reprs read as torch prints them', () => {
  const cases: [nn.AnyModule, string][] = [
    [new nn.Conv2d(1, 2, 3), 'Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))'],
    [new nn.Conv2d(4, 8, [3, 5], { stride: 2, padding: 1, groups: 2, bias: false }),
      'Conv2d(4, 8, kernel_size=(3, 5), stride=(2, 2), padding=(1, 1), groups=2, bias=False)'],
    [new nn.Conv1d(3, 6, 5, { dilation: 2 }), 'Conv1d(3, 6, kernel_size=(5,), stride=(1,), dilation=(2,))'],
    [new nn.ConvTranspose2d(3, 2, 3, { stride: 2, padding: 1, outputPadding: 1 }),
      'ConvTranspose2d(3, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))'],
    [new nn.MaxPool2d(2), 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'],
    [new nn.AvgPool2d(3, { stride: 2, padding: 1 }), 'AvgPool2d(kernel_size=3, stride=2, padding=1)'],
    [new nn.AdaptiveAvgPool2d([1, 1]), 'AdaptiveAvgPool2d(output_size=(1, 1))'],
    [new nn.BatchNorm2d(16), 'BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)'],
    [new nn.LayerNorm(4), 'LayerNorm((4,), eps=1e-05, elementwise_affine=True)'],
    [new nn.GroupNorm(2, 4), 'GroupNorm(2, 4, eps=1e-05, affine=True)'],
    [new nn.Dropout(), 'Dropout(p=0.5, inplace=False)'],
    [new nn.Embedding(10, 3, { paddingIdx: 0 }), 'Embedding(10, 3, padding_idx=0)'],
    [new nn.Flatten(), 'Flatten(start_dim=1, end_dim=-1)'],
    [new nn.Unflatten(1, [2, 5]), 'Unflatten(dim=1, unflattened_size=(2, 5))'],
    [new nn.LeakyReLU(0.2), 'LeakyReLU(negative_slope=0.2)'],
    [new nn.ELU(), 'ELU(alpha=1.0)'],
    [new nn.GELU({ approximate: 'tanh' }), "GELU(approximate='tanh')"],
    [new nn.Softmax(1), 'Softmax(dim=1)'],
    [new nn.LogSoftmax({ dim: -1 }), 'LogSoftmax(dim=-1)'],
    [new nn.Softplus(), 'Softplus(beta=1, threshold=20)'],
    [new nn.Identity(), 'Identity()'],
    [new nn.ModuleList([new nn.ReLU()]), 'ModuleList(\n  (0): ReLU()\n)'],
  ];
  for (const [m, s] of cases) assert.equal(String(m), s);
});

test('layer constructors refuse bad sizes', () => {
  assert.throws(() => new nn.Linear(-1, 2), /inFeatures must be a non-negative integer/);
  assert.throws(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), /groups 2 must be a positive integer dividing/);
  assert.throws(() => new nn.Conv2d(1, 1, [3, 3, 3]), /kernelSize must be an integer or 2 integers/);
  assert.throws(() => new nn.Conv2d(1, 1, 2, { padding: 'same' }), /asymmetric/);
  assert.deepEqual(new nn.Conv2d(1, 1, 3, { padding: 'same' }).call(zeros([1, 1, 5, 5])).shape, [1, 1, 5, 5]);
});
