// Module: registration by assignment and explicit calls, dotted names, train/eval, hooks, zeroGrad,
// state dicts (round trip, errors, nothing written on error) and the repr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, zeros, ones, relu, Tensor, ValueError } from '../../src/index.js';

const { Module, Parameter, Linear, Sequential, StateDictError } = nn;

/** A parameter-free layer (defined here so this file only needs Module, Linear and Sequential). */
class ReLU extends nn.Module {
  override forward(x: Tensor): Tensor { return relu(x); }
}

class Block extends nn.Module {
  linear1 = new Linear(3, 4);
  act = new ReLU();
  linear2 = new Linear(4, 2, { bias: false });
  scale: nn.Parameter;
  constructor() {
    super();
    this.scale = new Parameter(ones([2]));
    this.registerBuffer('running_total', zeros([2]), { attr: 'runningTotal' });
    this.registerBuffer('scratch', zeros([1]), { persistent: false });
  }
  override forward(x: Tensor): Tensor { return this.linear2.call(this.act.call(this.linear1.call(x))).mul(this.scale); }
}

test('parameters, buffers and children are registered in assignment order with dotted names', () => {
  const net = new Sequential(new Block(), new ReLU(), new Linear(2, 1));
  // torch's order: each module's own parameters before those of its children (pre-order walk)
  assert.deepEqual([...net.namedParameters()].map(([k]) => k),
    ['0.scale', '0.linear1.weight', '0.linear1.bias', '0.linear2.weight', '2.weight', '2.bias']);
  assert.equal(net.parameters().length, 6);
  assert.ok(net.parameters().every((p) => p instanceof Parameter && p.requiresGrad));
  assert.deepEqual([...net.namedBuffers()].map(([k]) => k), ['0.running_total', '0.scratch']);
  assert.deepEqual([...net.namedChildren()].map(([k]) => k), ['0', '1', '2']);
  assert.deepEqual([...net.namedModules()].map(([k]) => k), ['', '0', '0.linear1', '0.act', '0.linear2', '1', '2']);
  // persistent buffers only, in torch's order: own params, own buffers, then children
  assert.deepEqual(Object.keys(net.stateDict()),
    ['0.scale', '0.running_total', '0.linear1.weight', '0.linear1.bias', '0.linear2.weight', '2.weight', '2.bias']);
  assert.equal(net.getSubmodule('0.linear2'), (net.get(0) as Block).linear2);
  assert.throws(() => net.getSubmodule('0.nope'), ValueError);
});

test('a shared parameter or module is listed once; reassignment replaces the value', () => {
  class Tied extends Module {
    a = new Linear(2, 2);
    b = this.a;
  }
  const t = new Tied();
  assert.deepEqual([...t.namedParameters()].map(([k]) => k), ['a.weight', 'a.bias']);
  const w = new Parameter(zeros([2, 2]));
  t.a.weight = w;
  assert.equal(t.parameters()[0], w);
  t.a.bias = null;
  assert.deepEqual([...t.namedParameters()].map(([k]) => k), ['a.weight']);
});

test('registration rejects bad names, non-Parameters and clashes with existing attributes', () => {
  const m = new Module();
  assert.throws(() => m.registerParameter('a.b', null), ValueError);
  assert.throws(() => m.registerParameter('', null), ValueError);
  assert.throws(() => m.registerParameter('w', zeros([2]) as unknown as nn.Parameter), /must be a Parameter/);
  assert.throws(() => m.registerModule('train', new ReLU()), /already exists/);
  assert.throws(() => new nn.ModuleDict({ eval: new ReLU() }), /already exists/);
});

test('train/eval propagate to every submodule', () => {
  const net = new Sequential(new Block(), new Sequential(new ReLU()));
  assert.ok([...net.modules()].every((m) => m.training));
  net.eval();
  assert.ok([...net.modules()].every((m) => !m.training));
  net.get(1).train();
  assert.equal(net.training, false);
  assert.equal((net.get(1) as nn.Sequential).get(0).training, true);
  net.train();
  assert.ok([...net.modules()].every((m) => m.training));
});

test('requiresGrad_, zeroGrad (to null and to zeros) and apply', () => {
  const net = new Sequential(new Linear(2, 2), new Linear(2, 1));
  net.call(ones([3, 2])).sum().backward();
  assert.ok(net.parameters().every((p) => p.grad !== null));
  net.zeroGrad({ setToNone: false });
  assert.ok(net.parameters().every((p) => p.grad !== null && [...p.grad.contiguousData()].every((v) => v === 0)));
  net.zeroGrad();
  assert.ok(net.parameters().every((p) => p.grad === null));
  net.requiresGrad_(false);
  assert.ok(net.parameters().every((p) => !p.requiresGrad));
  const seen: string[] = [];
  net.apply((m) => seen.push(m.constructor.name));
  assert.deepEqual(seen, ['Linear', 'Linear', 'Sequential']); // children first, then self
});

test('forward pre-hooks and hooks run in call(), may replace inputs/outputs, and are removable', () => {
  const lin = new Linear(2, 1);
  lin.weight = new Parameter(tensor([[1, 2]]));
  lin.bias = new Parameter(tensor([0.5]));
  const log: string[] = [];
  const h1 = lin.registerForwardPreHook((_m, [x]) => { log.push('pre'); return [x.mul(2)]; });
  const h2 = lin.registerForwardHook((_m, _args, out) => { log.push('post'); return out.add(1); });
  // x = [1, 1] doubled → [2, 2]; 2·1 + 2·2 + 0.5 = 6.5; hook adds 1 → 7.5
  assert.equal(lin.call(tensor([[1, 1]])).item(), 7.5);
  assert.deepEqual(log, ['pre', 'post']);
  h1.remove();
  h2.remove();
  h2.remove(); // idempotent
  // 1 + 2 + 0.5 = 3.5
  assert.equal(lin.call(tensor([[1, 1]])).item(), 3.5);
  assert.equal(lin.forward(tensor([[1, 1]])).item(), 3.5);
  assert.deepEqual(log, ['pre', 'post']);
});

test('stateDict shares storage; loadStateDict round-trips values in place', () => {
  const a = new Block();
  const b = new Block();
  const sd = a.stateDict();
  assert.ok(!sd['linear1.weight'].requiresGrad);
  assert.equal(sd['linear1.weight'].storage, a.linear1.weight.storage);
  const before = b.linear1.weight;
  assert.deepEqual(b.loadStateDict(sd), { missingKeys: [], unexpectedKeys: [] });
  assert.equal(b.linear1.weight, before); // same object, values copied in
  assert.deepEqual(b.linear1.weight.toArray(), a.linear1.weight.toArray());
  assert.deepEqual(b.linear2.weight.toArray(), a.linear2.weight.toArray());
  assert.notEqual(b.linear1.weight.storage, a.linear1.weight.storage);
  // a Map works as well
  b.loadStateDict(new Map(Object.entries(a.stateDict())));
});

test('loadStateDict lists missing, unexpected and mis-shaped keys and writes nothing on error', () => {
  const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
  const snapshot = net.parameters().map((p) => p.toArray());
  const sd: Record<string, Tensor> = {
    '0.weight': zeros([8, 4]), '0.bias': zeros([8]), '2.weight': zeros([3, 5]), 'extra.weight': zeros([1]),
  };
  let err: unknown;
  try { net.loadStateDict(sd); } catch (e) { err = e; }
  assert.ok(err instanceof StateDictError, String(err));
  const msg = (err as Error).message;
  assert.match(msg, /Missing key\(s\) in state_dict: "2\.bias"/);
  assert.match(msg, /Unexpected key\(s\) in state_dict: "extra\.weight"/);
  assert.match(msg, /size mismatch for 2\.weight: copying a param with shape \[3,5\] from checkpoint, the shape in current model is \[3,8\]/);
  assert.deepEqual(net.parameters().map((p) => p.toArray()), snapshot, 'nothing written');
  // non-strict still refuses the shape mismatch, and still writes nothing
  assert.throws(() => net.loadStateDict(sd, { strict: false }), StateDictError);
  assert.deepEqual(net.parameters().map((p) => p.toArray()), snapshot);
  // non-strict without mismatches loads what matches and reports the rest
  delete sd['2.weight'];
  assert.deepEqual(net.loadStateDict(sd, { strict: false }), { missingKeys: ['2.weight', '2.bias'], unexpectedKeys: ['extra.weight'] });
  assert.deepEqual((net.get(0) as nn.Linear).weight.toArray(), zeros([8, 4]).toArray());
  assert.deepEqual((net.get(2) as nn.Linear).weight.toArray(), snapshot[2]);
  assert.throws(() => net.loadStateDict({ '0.weight': [1, 2] as unknown as Tensor }, { strict: false }), /expected a Tensor for "0.weight"/);
});

test('to(dtype) casts parameters in place, keeping the same objects', () => {
  const lin = new Linear(2, 3);
  const w = lin.weight;
  const vals = w.toArray();
  lin.double();
  assert.equal(lin.weight, w);
  assert.equal(w.dtype, 'float64');
  assert.deepEqual(w.toArray(), vals);
  assert.equal(lin.call(ones([1, 2], { dtype: 'float64' })).dtype, 'float64');
});

test('repr matches torch', () => {
  const net = new Sequential(new Linear(4, 8), new ReLU(), new Sequential(new Linear(8, 3, { bias: false })));
  assert.equal(String(net), [
    'Sequential(',
    '  (0): Linear(in_features=4, out_features=8, bias=True)',
    '  (1): ReLU()',
    '  (2): Sequential(',
    '    (0): Linear(in_features=8, out_features=3, bias=False)',
    '  )',
    ')',
  ].join('\n'));
  assert.match(String(new Parameter(zeros([1]))), /^Parameter containing:\n/);
});

test('Parameter shares storage with its data and rejects integer tensors', () => {
  const t = zeros([2]);
  const p = new Parameter(t);
  assert.equal(p.storage, t.storage);
  assert.ok(p.isLeaf && p.requiresGrad);
  assert.throws(() => new Parameter(zeros([2], { dtype: 'int64' })), /floating point/);
  assert.equal(new Parameter(zeros([2], { dtype: 'int64' }), false).requiresGrad, false);
});
