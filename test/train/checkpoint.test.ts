// Checkpoints: an exact resume (2N steps straight = N, save, load into fresh objects, N; every loss
// and parameter bit for bit, with dropout and shuffled data), the saved layout, NaN/Infinity in
// the JSON part, and loads that do not fit or files that are corrupt (nothing changed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { F, FormatError, Generator, Tensor, data, manualSeed, nn, optim, randn } from '../../src/index.js';
import * as safetensors from '../../src/train/safetensors.js';
import { CheckpointError, loadCheckpoint, readCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';

function withDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** A full training setup; `seed` drives the initial weights, dropout and shuffling. */
function setup(seed: number) {
  manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Dropout({ p: 0.3, generator: new Generator(seed + 1) }), new nn.Linear(8, 1));
  const dropoutGen = (model.get(2) as nn.Dropout).generator!;
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const sched = new optim.lrScheduler.StepLR(opt, { stepSize: 1, gamma: 0.5 });
  manualSeed(7); // the data is the same in every setup
  const ds = new data.TensorDataset(randn([16, 4]), randn([16, 1]));
  const loader = new data.DataLoader(ds, { batchSize: 4, shuffle: true, generator: new Generator(seed + 2) });
  return { model, opt, sched, loader, gens: { dropout: dropoutGen, loader: loader.generator! } };
}
type Setup = ReturnType<typeof setup>;

/** Plain training loop over `epochs` epochs; returns each step's loss. */
function train(s: Setup, epochs: number): number[] {
  const losses: number[] = [];
  s.model.train();
  for (let e = 0; e < epochs; e++) {
    for (const [x, y] of s.loader as Iterable<Tensor[]>) {
      s.opt.zeroGrad();
      const loss = F.mseLoss(s.model.call(x), y);
      loss.backward();
      s.opt.step();
      losses.push(loss.item());
    }
    s.sched.step();
  }
  return losses;
}

const params = (m: nn.Module) => Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from(t.contiguousData())] as const);

test('resume is exact: 2N steps straight equal N + save + load into fresh objects + N, bit for bit', () => withDir((dir) => {
  const a = setup(1);
  const straight = train(a, 4);

  const b = setup(1);
  const first = train(b, 2);
  const path = join(dir, 'ckpt.safetensors');
  saveCheckpoint(path, { model: b.model, optimizer: b.opt, scheduler: b.sched, generators: b.gens, epoch: 2, step: 8,
    monitorHistory: { trainLosses: first }, extra: { note: 'halfway' } });

  const c = setup(123); // different weights, dropout and shuffle streams: the checkpoint must overwrite them all
  const info = loadCheckpoint(path, { model: c.model, optimizer: c.opt, scheduler: c.sched, generators: c.gens });
  assert.equal(info.epoch, 2);
  assert.equal(info.step, 8);
  assert.deepEqual(info.monitorHistory, { trainLosses: first });
  assert.deepEqual(info.extra, { note: 'halfway' });
  assert.equal(c.sched.getLastLr()[0], 0.01 * 0.5 ** 2);
  const second = train(c, 2);

  assert.equal(straight.length, 16);
  assert.deepEqual([...first, ...second], straight); // strict equality of every float
  assert.deepEqual(params(c.model), params(a.model));
  assert.deepEqual(c.gens.loader.getState(), a.gens.loader.getState());
}));

test('file layout: model.* and optimizer.state.<i>.<name> tensors, JSON metadata', () => withDir((dir) => {
  const s = setup(2);
  train(s, 1);
  const path = join(dir, 'c.safetensors');
  saveCheckpoint(path, { model: s.model, optimizer: s.opt, epoch: 1, step: 4 });
  const { tensors, metadata } = safetensors.loadFileWithMetadata(path);
  assert.equal(metadata.format, 'trainlab-checkpoint');
  const keys = Object.keys(tensors).sort();
  // Adam keeps exp_avg and exp_avg_sq per parameter (4 parameters: two Linear weights and biases)
  assert.deepEqual(keys, ['model.0.bias', 'model.0.weight', 'model.3.bias', 'model.3.weight',
    ...[0, 1, 2, 3].flatMap((i) => [`optimizer.state.${i}.exp_avg`, `optimizer.state.${i}.exp_avg_sq`])].sort());
  const meta = JSON.parse(metadata.trainlab);
  assert.equal(meta.optimizer.scalars['0'].step, 4);
  assert.equal(meta.optimizer.paramGroups[0].lr, 0.01 * 0.5); // StepLR(stepSize 1, gamma 0.5) stepped after the epoch
  assert.deepEqual(meta.optimizer.paramGroups[0].params, [0, 1, 2, 3]);
}));

test('NaN, Infinity and -0 in history and extra survive', () => withDir((dir) => {
  const s = setup(3);
  const path = join(dir, 'c.safetensors');
  const plateau = new optim.lrScheduler.ReduceLROnPlateau(s.opt, {});
  saveCheckpoint(path, { model: s.model, scheduler: plateau, monitorHistory: { valLosses: [NaN, 1, Infinity, -Infinity] }, extra: { z: -0 } });
  const c = setup(4);
  const plateau2 = new optim.lrScheduler.ReduceLROnPlateau(c.opt, {});
  const r = loadCheckpoint(path, { model: c.model, scheduler: plateau2 });
  assert.deepEqual(r.monitorHistory, { valLosses: [NaN, 1, Infinity, -Infinity] });
  assert.ok(Object.is(r.extra.z, -0));
  assert.deepEqual(plateau2.stateDict(), plateau.stateDict()); // its `best` starts at Infinity
}));

test('a checkpoint that does not fit: CheckpointError listing the problems, nothing changed', () => withDir((dir) => {
  const s = setup(5);
  train(s, 1);
  const path = join(dir, 'c.safetensors');
  saveCheckpoint(path, { model: s.model, optimizer: s.opt, scheduler: s.sched, generators: s.gens });
  manualSeed(9);
  const other = new nn.Sequential(new nn.Linear(4, 6), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(6, 1));
  const opt = new optim.Adam(other.parameters(), { lr: 0.5 });
  const g = new Generator(42);
  const before = { p: params(other), opt: JSON.stringify(opt.stateDict()), g: g.getState() };
  assert.throws(() => loadCheckpoint(path, { model: other, optimizer: opt, generators: { dropout: g, missing: new Generator(1) } }), (e: Error) => {
    assert.ok(e instanceof CheckpointError);
    assert.match(e.message, /model: "0.weight" has shape \[8,4\] in the checkpoint, \[6,4\] in the model/);
    assert.match(e.message, /optimizer: state "exp_avg" of parameter 0 has shape \[8,4\], the parameter \[6,4\]/);
    assert.match(e.message, /generator "missing": no valid state/);
    assert.match(e.message, /nothing was changed/);
    return true;
  });
  assert.deepEqual(params(other), before.p);
  assert.equal(JSON.stringify(opt.stateDict()), before.opt);
  assert.deepEqual(g.getState(), before.g);
  const noOpt = join(dir, 'model-only.safetensors');
  saveCheckpoint(noOpt, { model: s.model });
  assert.throws(() => loadCheckpoint(noOpt, { model: s.model, optimizer: s.opt }), /the checkpoint has no optimizer state/);
}));

test('if applying still fails, what was applied is rolled back', () => withDir((dir) => {
  const s = setup(6);
  train(s, 1);
  const path = join(dir, 'c.safetensors');
  saveCheckpoint(path, { model: s.model, scheduler: s.sched });
  const c = setup(7);
  const before = params(c.model);
  const failing = { stateDict: () => c.sched.stateDict(), loadStateDict: () => { throw new Error('disk on fire'); } };
  assert.throws(() => loadCheckpoint(path, { model: c.model, scheduler: failing }), (e: Error) =>
    e instanceof CheckpointError && /everything was restored: disk on fire/.test(e.message));
  assert.deepEqual(params(c.model), before);
}));

test('corrupt or foreign files are FormatErrors', () => withDir((dir) => {
  const s = setup(8);
  const path = join(dir, 'c.safetensors');
  saveCheckpoint(path, { model: s.model });
  const bytes = readFileSync(path);
  writeFileSync(join(dir, 'cut'), bytes.subarray(0, bytes.length - 3));
  assert.throws(() => loadCheckpoint(join(dir, 'cut'), { model: s.model }), FormatError);
  safetensors.saveFile({ w: randn([2]) }, join(dir, 'plain'), { metadata: { format: 'pt' } });
  assert.throws(() => readCheckpoint(join(dir, 'plain')), /not a trainlab checkpoint \(__metadata__.format is "pt"/);
  safetensors.saveFile({ 'model.0.weight': randn([2]) }, join(dir, 'badjson'), { metadata: { format: 'trainlab-checkpoint', trainlab: '{"version":' } });
  assert.throws(() => readCheckpoint(join(dir, 'badjson')), /checkpoint metadata is not valid JSON/);
  safetensors.saveFile({}, join(dir, 'v9'), { metadata: { format: 'trainlab-checkpoint', trainlab: '{"version":9}' } });
  assert.throws(() => readCheckpoint(join(dir, 'v9')), /version 9, this trainlab reads version 1/);
}));

test('damaged optimizer metadata (null groups, params not a list, wrong hyperparameter types): CheckpointError, nothing changed', () => withDir((dir) => {
  const s = setup(10);
  train(s, 1);
  const path = join(dir, 'c.safetensors');
  saveCheckpoint(path, { model: s.model, optimizer: s.opt });
  const { tensors, metadata } = safetensors.loadFileWithMetadata(path);
  const damages: [string, (m: { optimizer: { paramGroups: unknown[] } }) => void, RegExp][] = [
    ['a null group', (m) => { m.optimizer.paramGroups[0] = null; }, /optimizer: group 0 is not an object/],
    ['params not a list', (m) => { (m.optimizer.paramGroups[0] as Record<string, unknown>).params = 'all'; }, /group 0 has \? parameter/],
    ['lr a string', (m) => { (m.optimizer.paramGroups[0] as Record<string, unknown>).lr = 'fast'; }, /group 0 "lr" is "fast" in the checkpoint, a number in the optimizer/],
    ['betas too short', (m) => { (m.optimizer.paramGroups[0] as Record<string, unknown>).betas = [0.9]; }, /group 0 "betas" is \[0\.9\] in the checkpoint, a list of 2 numbers in the optimizer/],
  ];
  for (const [what, damage, re] of damages) {
    const meta = JSON.parse(metadata.trainlab);
    damage(meta);
    const bad = join(dir, 'bad.safetensors');
    safetensors.saveFile(tensors, bad, { metadata: { format: 'trainlab-checkpoint', trainlab: JSON.stringify(meta) } });
    const c = setup(11);
    const before = { p: params(c.model), opt: JSON.stringify(c.opt.stateDict()) };
    assert.throws(() => loadCheckpoint(bad, { model: c.model, optimizer: c.opt }), (e: Error) => {
      assert.ok(e instanceof CheckpointError, `${what}: expected a CheckpointError, got ${e.name}: ${e.message}`);
      assert.match(e.message, re, what);
      return true;
    }, what);
    assert.deepEqual(params(c.model), before.p, what);
    assert.equal(JSON.stringify(c.opt.stateDict()), before.opt, what);
  }
}));
