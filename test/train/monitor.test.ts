// TrainingMonitor on real runs: an MLP memorising random labels is called over-fitting, a healthy
// run on Gaussian blobs is called good; per-step records, toJSON/loadHistory, the 4-panel figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { F, Generator, Tensor, ValueError, manualSeed, nn, optim, randint, randn } from '../../src/index.js';
import { DataLoader, TensorDataset, makeBlobs } from '../../src/data/index.js';
import { Accuracy, TrainingMonitor, fit } from '../../src/train/index.js';
import { mse, tinyLinear, tinyLoader } from './train-helpers.js';

const ce = (o: Tensor, y: Tensor) => F.crossEntropy(o, y);
const mlp = (i: number, h: number, o: number) => new nn.Sequential(new nn.Linear(i, h), new nn.ReLU(), new nn.Linear(h, h), new nn.ReLU(), new nn.Linear(h, o));

test('a model memorising 48 random labels over-fits: the monitor says so', () => {
  manualSeed(1);
  const g = new Generator(7);
  // labels independent of inputs: nothing to learn that generalises, everything to memorise
  const xTr = randn([48, 20], { generator: g }), yTr = randint(0, 4, [48], { generator: g });
  const xVa = randn([48, 20], { generator: g }), yVa = randint(0, 4, [48], { generator: g });
  const model = mlp(20, 64, 4);
  const monitor = new TrainingMonitor();
  fit({ model, lossFn: ce, optimizer: new optim.Adam(model.parameters(), { lr: 1e-2 }), epochs: 40,
    trainLoader: new DataLoader(new TensorDataset(xTr, yTr), { batchSize: 16, shuffle: true, generator: new Generator(3) }),
    valLoader: new DataLoader(new TensorDataset(xVa, yVa), { batchSize: 48 }),
    metrics: { accuracy: () => new Accuracy() }, callbacks: [monitor] });
  assert.equal(monitor.trainLosses.length, 40);
  assert.ok(monitor.trainAccuracies[39] === 1, `memorised: train accuracy ${monitor.trainAccuracies[39]}`);
  const fitA = monitor.analyzeFit();
  assert.equal(fitA.verdict, 'overfitting', fitA.reasons.join('; '));
  assert.ok(fitA.metrics.finalVal > fitA.metrics.finalTrain);
});

test('a healthy run on Gaussian blobs is judged good', () => {
  manualSeed(2);
  const centers = [[-4, 0], [4, 0], [0, 5]];
  const tr = makeBlobs({ nSamples: 300, centers, clusterStd: 1.5, generator: new Generator(11) });
  const va = makeBlobs({ nSamples: 150, centers, clusterStd: 1.5, generator: new Generator(12) });
  const model = mlp(2, 16, 3);
  const monitor = new TrainingMonitor();
  fit({ model, lossFn: ce, optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), epochs: 15,
    trainLoader: new DataLoader(tr.dataset, { batchSize: 32, shuffle: true, generator: new Generator(5) }),
    valLoader: new DataLoader(va.dataset, { batchSize: 150 }), metrics: { accuracy: () => new Accuracy() }, callbacks: [monitor] });
  const a = monitor.analyzeFit();
  assert.equal(a.verdict, 'good', a.reasons.join('; '));
  assert.ok(monitor.valAccuracies[14] > 0.9, `val accuracy ${monitor.valAccuracies[14]}`);
});

test('perStep records the loss and the lr in effect at each step; toJSON/loadHistory round-trip', () => {
  const model = tinyLinear();
  const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
  const monitor = new TrainingMonitor({ perStep: true });
  const r = fit({ model, lossFn: mse, optimizer: opt, trainLoader: tinyLoader(), epochs: 2, callbacks: [monitor],
    scheduler: new optim.lrScheduler.StepLR(opt, { stepSize: 1, gamma: 0.5 }), schedulerInterval: 'step' });
  // steps 1..4 at lr 0.05·0.5^k; the first two losses are the hand-worked 10 and 20.25 (trainer.test.ts)
  assert.deepEqual(monitor.history.stepLrs, [0.05, 0.025, 0.0125, 0.00625]);
  assert.deepEqual(monitor.history.stepLosses.slice(0, 2), [10, 20.25]);
  assert.deepEqual(monitor.trainLosses, r.history.map((h) => h.trainLoss));
  assert.ok(monitor.valLosses.every(Number.isNaN)); // not measured: no validation loader
  const copy = new TrainingMonitor();
  copy.loadHistory(JSON.parse(JSON.stringify(monitor.toJSON(), (_k, v) => (Number.isNaN(v) ? 'NaN' : v)), (_k, v) => (v === 'NaN' ? NaN : v)));
  assert.deepEqual(copy.toJSON(), monitor.toJSON());
  const j = monitor.toJSON();
  j.trainLosses.push(99);
  assert.equal(monitor.trainLosses.length, 2, 'toJSON is a copy');
  assert.throws(() => copy.loadHistory({ ...j, valLosses: 'x' } as never), (e: Error) => e instanceof ValueError && /'valLosses' must be an array of numbers/.test(e.message));
  assert.throws(() => copy.loadHistory(null as never), ValueError);
});

test('plotTrainingHistory writes the 4-panel figure as SVG and PNG, in English and Chinese', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainlab-plot-'));
  try {
    const m = new TrainingMonitor();
    [[1, 1.1, 0.5, 0.45, 0.1], [0.6, 0.8, 0.7, 0.6, 0.05], [0.3, 0.9, 0.9, 0.62, 0.01]].forEach((r) => m.recordMetrics(r[0], r[1], r[2], r[3], r[4]));
    const files = await m.plotTrainingHistory({ path: join(dir, 'history') });
    assert.deepEqual(files, [join(dir, 'history.svg'), join(dir, 'history.png')]);
    const svg = readFileSync(files[0], 'utf8');
    for (const t of ['Training and validation loss', 'Training and validation accuracy', 'Learning rate', 'Over-fitting analysis', 'gap (validation − train)']) {
      assert.ok(svg.includes(t), t);
    }
    assert.deepEqual([...readFileSync(files[1]).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG signature
    const zh = await m.plotTrainingHistory({ path: join(dir, 'zh.svg'), lang: 'zh-CN' });
    assert.ok(readFileSync(zh[0], 'utf8').includes('过拟合分析'));
    await assert.rejects(new TrainingMonitor().plotTrainingHistory({ path: join(dir, 'empty') }), /nothing recorded yet/);
    await assert.rejects(m.plotTrainingHistory({ path: join(dir, 'x'), lang: 'fr' as never }), /lang must be 'en' or 'zh-CN'/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
