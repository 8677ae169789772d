// Each layer against the ops.json case of its functional form: the layer is built with the case's
// options, its parameters (and BatchNorm's running stats) loaded from the case's args, then its
// output, the input gradient, the parameter gradients and updated running stats are compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, type Tensor } from '../../src/index.js';
import { loadFixture, toTensor, assertClose, type FixtureTensor } from '../helpers/fixtures.js';

type Arg = FixtureTensor | null;
interface OpCase {
  id: string; fn: string; args: Arg[]; options: Record<string, unknown>; out: FixtureTensor;
  grads: Record<string, FixtureTensor>; gradWeight?: FixtureTensor; extra?: Record<string, FixtureTensor>;
}
interface Built { layer: nn.AnyModule; params: Record<number, string>; state: Record<string, Arg> }

const o = (c: OpCase) => c.options as Record<string, never>;
const opt = <T>(v: T | undefined | null, d: T): T => (v === undefined || v === null ? d : v);

/** The layer for a functional case, which args are its parameters, and what to load into it. */
const builders: Record<string, (c: OpCase) => Built> = {
  'F.conv2d': (c) => {
    const [, w, b] = c.args as [Arg, FixtureTensor, Arg];
    const g = opt(o(c).groups, 1);
    const layer = new nn.Conv2d(w.shape[1] * g, w.shape[0], w.shape.slice(2), { ...o(c), bias: b !== null });
    return { layer, params: { 1: 'weight', 2: 'bias' }, state: { weight: w, bias: b } };
  },
  'F.convTranspose2d': (c) => {
    const [, w, b] = c.args as [Arg, FixtureTensor, Arg];
    const g = opt(o(c).groups, 1);
    const layer = new nn.ConvTranspose2d(w.shape[0], w.shape[1] * g, w.shape.slice(2), { ...o(c), bias: b !== null });
    return { layer, params: { 1: 'weight', 2: 'bias' }, state: { weight: w, bias: b } };
  },
  'F.maxPool2d': (c) => ({ layer: new nn.MaxPool2d(o(c).kernelSize, o(c)), params: {}, state: {} }),
  'F.avgPool2d': (c) => ({ layer: new nn.AvgPool2d(o(c).kernelSize, o(c)), params: {}, state: {} }),
  'F.adaptiveAvgPool2d': (c) => ({ layer: new nn.AdaptiveAvgPool2d(o(c).outputSize), params: {}, state: {} }),
  'F.batchNorm': (c) => {
    const [x, rm, rv, w, b] = c.args as [FixtureTensor, FixtureTensor, FixtureTensor, Arg, Arg];
    const Ctor = x.shape.length === 4 ? nn.BatchNorm2d : nn.BatchNorm1d;
    const layer = new Ctor(x.shape[1], { eps: o(c).eps, momentum: o(c).momentum, affine: w !== null });
    layer.train(o(c).training);
    return { layer, params: { 3: 'weight', 4: 'bias' }, state: { weight: w, bias: b, running_mean: rm, running_var: rv } };
  },
  'F.layerNorm': (c) => {
    const [, w, b] = c.args;
    const layer = new nn.LayerNorm(o(c).normalizedShape, { eps: o(c).eps, elementwiseAffine: w !== null });
    return { layer, params: { 1: 'weight', 2: 'bias' }, state: { weight: w, bias: b } };
  },
  'F.embedding': (c) => {
    const w = c.args[1]!;
    const layer = new nn.Embedding(w.shape[0], w.shape[1], { paddingIdx: o(c).paddingIdx });
    return { layer, params: { 1: 'weight' }, state: { weight: w } };
  },
  'F.leakyRelu': (c) => ({ layer: new nn.LeakyReLU(o(c).negativeSlope), params: {}, state: {} }),
  'F.gelu': (c) => ({ layer: new nn.GELU({ approximate: o(c).approximate }), params: {}, state: {} }),
  'F.softplus': (c) => ({ layer: new nn.Softplus(o(c)), params: {}, state: {} }),
  softmax: (c) => ({ layer: new nn.Softmax(o(c).dim), params: {}, state: {} }),
  logSoftmax: (c) => ({ layer: new nn.LogSoftmax(o(c).dim), params: {}, state: {} }),
  relu: () => ({ layer: new nn.ReLU(), params: {}, state: {} }),
  sigmoid: () => ({ layer: new nn.Sigmoid(), params: {}, state: {} }),
  tanh: () => ({ layer: new nn.Tanh(), params: {}, state: {} }),
  silu: () => ({ layer: new nn.SiLU(), params: {}, state: {} }),
  'F.silu': () => ({ layer: new nn.SiLU(), params: {}, state: {} }),
  'F.elu': (c) => ({ layer: new nn.ELU(o(c).alpha), params: {}, state: {} }),
  'F.linear': (c) => {
    const [, w, b] = c.args as [Arg, FixtureTensor, Arg];
    return { layer: new nn.Linear(w.shape[1], w.shape[0], { bias: b !== null }), params: { 1: 'weight', 2: 'bias' }, state: { weight: w, bias: b } };
  },
};

const cases = loadFixture<{ cases: OpCase[] }>('ops.json').cases.filter((c) => c.fn in builders && c.args[0] !== null);

test('ops.json has a case for every wrapped layer family', () => {
  const fns = new Set(cases.map((c) => c.fn));
  for (const f of ['F.conv2d', 'F.convTranspose2d', 'F.maxPool2d', 'F.avgPool2d', 'F.adaptiveAvgPool2d', 'F.batchNorm',
    'F.layerNorm', 'F.embedding', 'F.leakyRelu', 'F.gelu', 'F.softplus', 'softmax', 'logSoftmax', 'F.linear']) assert.ok(fns.has(f), f);
});

for (const c of cases) {
  test(`layer for ops.json ${c.id}`, () => {
    const { layer, params, state } = builders[c.fn](c);
    const sd = Object.fromEntries(Object.entries(state).filter(([, v]) => v !== null).map(([k, v]) => [k, toTensor(v!)]));
    layer.loadStateDict(sd, { strict: false });
    const x0 = c.args[0]!;
    const isFloat = x0.dtype === 'float32';
    const x = toTensor(x0, { requiresGrad: isFloat });
    const out = layer.call(x) as Tensor;
    assertClose(out, c.out, `${c.id} out`);
    const obj = c.gradWeight ? out.mul(toTensor(c.gradWeight)).sum() : out.ndim === 0 ? out : out.sum();
    obj.backward();
    if (isFloat && c.grads['0']) assertClose(x.grad!, c.grads['0'], `${c.id} input grad`);
    const named = new Map(layer.namedParameters());
    for (const [i, name] of Object.entries(params)) {
      if (c.args[Number(i)] === null) { assert.equal(named.get(name), undefined); continue; }
      if (c.grads[i]) assertClose(named.get(name)!.grad!, c.grads[i], `${c.id} ${name} grad`);
    }
    if (c.extra?.runningMean) {
      const bufs = new Map(layer.namedBuffers());
      assertClose(bufs.get('running_mean')!, c.extra.runningMean, `${c.id} running_mean`);
      assertClose(bufs.get('running_var')!, c.extra.runningVar, `${c.id} running_var`);
      assert.equal(bufs.get('num_batches_tracked')!.item(), 1);
    }
  });
}
