// Memory figures against counts derived by hand for the reference MLP and CNN of WORKLOADS.md:
// parameters, bytes, per-layer output shapes, MACs, activation bytes, gradients and Adam's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkMemory, layerTable, optimizerStateBytes } from '../../src/bench/memory.js';
import { referenceCnn, referenceMlp } from '../../src/bench/models.js';
import { BatchNorm1d, Conv2d, Flatten, GRUCell, LSTM, Linear, Module, ReLU, Sequential } from '../../src/nn/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { Adam, SGD } from '../../src/optim/index.js';
import { manualSeed } from '../../src/tensor/random.js';
import { randn } from '../../src/tensor/creation.js';
import { ValueError } from '../../src/errors.js';

// MLP 784→256→128→10: params 784·256+256 + 256·128+128 + 128·10+10 = 200,960 + 32,896 + 1,290 = 235,146
const MLP_PARAMS = 235_146;

test('MLP: parameters, bytes, per-layer shapes, MACs and activation bytes at batch 4', () => {
  manualSeed(0);
  const r = benchmarkMemory(referenceMlp(), [784], { batchSize: 4 });
  assert.equal(r.params, MLP_PARAMS);
  assert.equal(r.trainableParams, MLP_PARAMS);
  assert.equal(r.paramBytes, MLP_PARAMS * 4); // float32
  assert.equal(r.gradientBytes, MLP_PARAMS * 4);
  assert.deepEqual(r.layers.map((l) => [l.name, l.type, l.outputShape, l.params]), [
    ['0', 'Linear', [4, 256], 200_960], ['1', 'ReLU', [4, 256], 0], ['2', 'Linear', [4, 128], 32_896],
    ['3', 'ReLU', [4, 128], 0], ['4', 'Linear', [4, 10], 1_290],
  ]);
  // Linear MACs = batch·in·out: 4·784·256 = 802,816; 4·256·128 = 131,072; 4·128·10 = 5,120
  assert.deepEqual(r.layers.map((l) => l.macs), [802_816, 0, 131_072, 0, 5_120]);
  assert.equal(r.totalMacs, 802_816 + 131_072 + 5_120);
  // Linear: one GEMM into its [B, out] output, bias added in place; ReLU: its output. 4 bytes each.
  assert.deepEqual(r.layers.map((l) => l.activationBytes), [4 * 4 * 256, 4 * 4 * 256, 4 * 4 * 128, 4 * 4 * 128, 4 * 4 * 10]);
  assert.equal(r.activationBytes, 4 * 4 * (256 + 256 + 128 + 128 + 10)); // 12,448
  assert.equal(r.trainForwardBytes, 12_448); // recording the graph saves references, allocates nothing more
  assert.equal(r.optimizerStateBytes, 0);
  assert.equal(r.backwardBytes, null);
  assert.equal(r.trainingStepBytes, 2 * MLP_PARAMS * 4 + 12_448);
});

test('MLP with Adam: the real optimizer state is 2 × parameter bytes (exp_avg, exp_avg_sq); the model is left untouched', () => {
  manualSeed(0);
  const model = referenceMlp();
  model.eval();
  const before = model.parameters().map((p) => Array.from(p.contiguousData()));
  const r = benchmarkMemory(model, [784], { batchSize: 2, optimizer: (ps) => new Adam(ps, { lr: 0.1 }) });
  assert.equal(r.optimizerStateBytes, 2 * MLP_PARAMS * 4);
  // forward 2·778·4 = 6,224; params + grads + Adam's two moments = 4 × 940,584
  assert.equal(r.trainingStepBytes, 4 * MLP_PARAMS * 4 + 2 * 778 * 4);
  // backward allocates at least every parameter's gradient
  assert.ok(r.backwardBytes !== null && r.backwardBytes >= MLP_PARAMS * 4, String(r.backwardBytes));
  assert.deepEqual(model.parameters().map((p) => Array.from(p.contiguousData())), before);
  assert.ok(model.parameters().every((p) => p.grad === null));
  assert.equal(model.training, false);
  // SGD without momentum keeps no tensor state
  assert.equal(benchmarkMemory(model, [784], { optimizer: (ps) => new SGD(ps, { lr: 0.1 }) }).optimizerStateBytes, 0);
});

test('frozen layers: trainable parameters, gradients and Adam state count only what trains', () => {
  manualSeed(0);
  const model = referenceMlp();
  (model.get(0) as Linear).requiresGrad_(false);
  const r = benchmarkMemory(model, [784], { optimizer: (ps) => new Adam(ps) });
  const trainable = MLP_PARAMS - 200_960; // 34,186
  assert.equal(r.params, MLP_PARAMS);
  assert.equal(r.trainableParams, trainable);
  assert.equal(r.gradientBytes, trainable * 4);
  assert.equal(r.optimizerStateBytes, 2 * trainable * 4);
});

test('optimizerStateBytes counts every state tensor after a step (momentum SGD: one buffer)', () => {
  manualSeed(0);
  const lin = new Linear(3, 2); // 3·2 + 2 = 8 parameters
  const opt = new SGD(lin.parameters(), { lr: 0.1, momentum: 0.9 });
  assert.equal(optimizerStateBytes(opt), 0); // state is created lazily on the first step
  const y = lin.call(randn([4, 3]));
  y.sum().backward();
  opt.step();
  assert.equal(optimizerStateBytes(opt), 8 * 4);
});

test('CNN: output shapes, parameters, MACs; Flatten is a view (0 bytes)', () => {
  manualSeed(0);
  const r = benchmarkMemory(referenceCnn(), [1, 28, 28], { batchSize: 2 });
  // conv1 16·1·3·3+16 = 160; conv2 32·16·3·3+32 = 4,640; fc 800·10+10 = 8,010 → 12,810
  assert.equal(r.params, 12_810);
  assert.equal(r.paramBytes, 12_810 * 4);
  assert.deepEqual(r.layers.map((l) => [l.type, l.outputShape]), [
    ['Conv2d', [2, 16, 26, 26]], ['ReLU', [2, 16, 26, 26]], ['MaxPool2d', [2, 16, 13, 13]],
    ['Conv2d', [2, 32, 11, 11]], ['ReLU', [2, 32, 11, 11]], ['MaxPool2d', [2, 32, 5, 5]],
    ['Flatten', [2, 800]], ['Linear', [2, 10]],
  ]);
  // Conv2d MACs = N·outC·oh·ow·(inC/groups)·kh·kw: 2·16·26·26·1·9 = 194,688; 2·32·11·11·16·9 = 1,115,136
  // Linear 2·800·10 = 16,000
  assert.deepEqual(r.layers.map((l) => l.macs), [194_688, 0, 0, 1_115_136, 0, 0, 0, 16_000]);
  const bytes = Object.fromEntries(r.layers.map((l) => [l.name, l.activationBytes]));
  assert.equal(bytes['1'], 2 * 16 * 26 * 26 * 4); // ReLU output
  assert.equal(bytes['4'], 2 * 32 * 11 * 11 * 4);
  assert.equal(bytes['6'], 0); // Flatten of a contiguous tensor is a view
  assert.equal(bytes['7'], 2 * 10 * 4);
});

test('grouped, strided Conv2d MACs and per-layer params of a hand-made model', () => {
  manualSeed(0);
  const model = new Sequential(new Conv2d(4, 6, [3, 2], { stride: 2, groups: 2 }), new Flatten(), new ReLU());
  const [conv] = layerTable(model, randn([3, 4, 9, 9]));
  // oh = (9 − 3)/2 + 1 = 4, ow = floor((9 − 2)/2) + 1 = 4; MACs = 3·6·4·4·(4/2)·3·2 = 3,456
  assert.deepEqual(conv.outputShape, [3, 6, 4, 4]);
  assert.equal(conv.macs, 3456);
  assert.equal(conv.params, 6 * 2 * 3 * 2 + 6); // weight [6, 4/2, 3, 2] + bias
});

test('a train-mode step leaves BatchNorm running statistics as they were', () => {
  manualSeed(0);
  const model = new Sequential(new Linear(5, 4), new BatchNorm1d(4));
  const stats = () => model.buffers().map((b) => Array.from(b.contiguousData()));
  const before = stats();
  benchmarkMemory(model, [5], { batchSize: 3 });
  benchmarkMemory(model, [5], { batchSize: 3, optimizer: (ps) => new Adam(ps) });
  assert.deepEqual(stats(), before);
  assert.equal(model.training, true);
});

test('benchmarkMemory rejects a bad batch size', () => {
  assert.throws(() => benchmarkMemory(referenceMlp(), [784], { batchSize: 0 }), ValueError);
  assert.throws(() => benchmarkMemory(referenceMlp(), [784], { batchSize: 1.5 }), /batchSize must be a positive integer, got 1.5/);
});

test('a sequence model: recurrent layers get a row (their output sequence\'s shape) and hand-counted MACs', () => {
  manualSeed(0);
  // batch-first [N, T, 6] → 2-layer bidirectional LSTM(6, 5) → last step → Linear(10, 3)
  class SeqNet extends Module<[Tensor], Tensor> {
    lstm = new LSTM(6, 5, { numLayers: 2, bidirectional: true, batchFirst: true });
    head = new Linear(10, 3);
    override forward(x: Tensor): Tensor { return this.head.call(this.lstm.call(x)[0].select(1, -1)); }
  }
  const rows = layerTable(new SeqNet(), randn([2, 7, 6]));
  assert.deepEqual(rows.map((l) => [l.name, l.type, l.outputShape]), [['lstm', 'LSTM', [2, 7, 10]], ['head', 'Linear', [2, 3]]]);
  // per layer and direction: T·N·4·H·(in + H) = 14·20·(in + 5); layer 0 in = 6, layer 1 in = 2·5
  assert.equal(rows[0].macs, 2 * 14 * 20 * (6 + 5) + 2 * 14 * 20 * (10 + 5));
  assert.equal(rows[1].macs, 2 * 10 * 3);
  // a cell: N·gates·H·(in + H); GRUCell(4, 3) on [5, 4]: 5·3·3·7
  class CellNet extends Module<[Tensor], Tensor> {
    cell = new GRUCell(4, 3);
    override forward(x: Tensor): Tensor { return this.cell.call(x); }
  }
  assert.deepEqual(layerTable(new CellNet(), randn([5, 4])).map((l) => [l.type, l.outputShape, l.macs]), [['GRUCell', [5, 3], 5 * 3 * 3 * 7]]);
});
