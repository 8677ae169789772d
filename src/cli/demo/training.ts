// Demo §5: an MLP trained on the shipped MNIST digits with the TrainingMonitor (its 4-panel
// figure and fit verdict), then the gradient debugger on the seed's SimpleModel.
import { loadMnist } from '../../data/datasets/mnist.js';
import { DataLoader } from '../../data/dataloader.js';
import { Subset } from '../../data/dataset.js';
import { Flatten, Linear, ReLU, Sequential } from '../../nn/index.js';
import { MSELoss } from '../../nn/losses/index.js';
import * as F from '../../nn/functional.js';
import { Adam } from '../../optim/index.js';
import { manualSeed } from '../../tensor/random.js';
import { randn } from '../../tensor/creation.js';
import { fit } from '../../train/trainer.js';
import { TrainingMonitor } from '../../train/monitor.js';
import { ProgressBar } from '../../train/callbacks/progress.js';
import { Accuracy } from '../../train/metrics.js';
import { referenceMlp } from '../../bench/models.js';
import { checkGradientFlow, gradientNormAnalysis, parameterUpdateAnalysis } from '../../qa/gradient-debugger.js';
import { activationStats } from '../../qa/activations.js';
import type { ChartData } from '../../qa/checks/types.js';
import { htmlTable, type DemoSection } from './types.js';

/** The 4 panels of the seed's plot_training_history as chart data. */
export function trainingHistoryCharts(m: TrainingMonitor): ChartData[] {
  const e = m.trainLosses.map((_, i) => i + 1);
  return [
    { kind: 'line', title: 'Training and validation loss', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'train', x: e, y: m.trainLosses }, { name: 'validation', x: e, y: m.valLosses }] },
    { kind: 'line', title: 'Training and validation accuracy', xLabel: 'epoch', yLabel: 'accuracy', series: [{ name: 'train', x: e, y: m.trainAccuracies }, { name: 'validation', x: e, y: m.valAccuracies }] },
    { kind: 'line', title: 'Learning rate', xLabel: 'epoch', yLabel: 'lr', series: [{ name: 'lr', x: e, y: m.learningRates }] },
    { kind: 'line', title: 'Over-fitting view: validation − training loss', xLabel: 'epoch', yLabel: 'gap', series: [{ name: 'val − train', x: e, y: m.valLosses.map((v, i) => v - m.trainLosses[i]) }] },
  ];
}

/** The training section's first line, printed by the demo before training starts (epochs print below it). */
export const TRAINING_HEADER = '=== Training an MLP on MNIST (8,000 training / 1,756 test digits) ===';

export function trainingSection(o: { epochs?: number; trainSize?: number; quiet?: boolean } = {}): DemoSection & { monitor: TrainingMonitor } {
  manualSeed(0);
  const { train, test } = loadMnist();
  const trainSet = o.trainSize ? new Subset(train, Array.from({ length: o.trainSize }, (_, i) => i)) : train;
  // the WORKLOADS.md MLP behind a Flatten, for [N,1,28,28] images
  const model = new Sequential(new Flatten(), ...referenceMlp().children());
  const monitor = new TrainingMonitor();
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const t0 = Date.now();
  fit({ model, lossFn: (out, y) => F.crossEntropy(out, y), optimizer: opt, epochs: o.epochs ?? 3,
    trainLoader: new DataLoader(trainSet, { batchSize: 64, shuffle: true }), valLoader: new DataLoader(test, { batchSize: 256 }),
    metrics: { accuracy: () => new Accuracy() }, callbacks: [monitor, new ProgressBar({ silent: o.quiet })] });
  const secs = (Date.now() - t0) / 1000;
  const verdict = monitor.analyzeFit();
  const acts = activationStats(model, () => model.call(randn([64, 784])));
  const lines = [TRAINING_HEADER,
    `final validation accuracy ${(monitor.valAccuracies.at(-1)! * 100).toFixed(2)}% after ${monitor.trainLosses.length} epochs (${secs.toFixed(1)} s)`,
    `fit analysis: ${verdict.verdict} — ${verdict.reasons[0]}`,
    ...acts.map((a) => `activation ${a.name} (${a.kind}): mean ${a.mean.toFixed(3)}, std ${a.std.toFixed(3)}, zeros ${(a.zeroFraction * 100).toFixed(1)}%${a.flags.length ? ' ⚠ ' + a.flags.join(', ') : ''}`)];
  return { title: 'Training with the monitor', lines, charts: trainingHistoryCharts(monitor), monitor,
    html: `<p>Fit analysis: <b>${verdict.verdict}</b> — ${verdict.reasons.map((r) => r.replace(/</g, '&lt;')).join('; ')}</p>` };
}

/** The seed's §5.2 demo: SimpleModel(10→5→1), MSE on random data, Adam lr 0.01. */
export function debuggingSection(): DemoSection {
  manualSeed(0);
  const model = new Sequential(new Linear(10, 5), new ReLU(), new Linear(5, 1));
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const loss = new MSELoss().call(model.call(randn([32, 10])), randn([32, 1]));
  loss.backward();
  const flow = checkGradientFlow(model);
  const norm = gradientNormAnalysis(model);
  const upd = parameterUpdateAnalysis(model, opt);
  const lines = ['=== Gradient debugging ===',
    ...flow.params.map((p) => `${p.name}: mean |grad| ${p.meanAbs.toFixed(6)}, std ${p.std.toFixed(6)}${p.flags.length ? ' ⚠ ' + p.flags.join(', ') : ''}`),
    norm.message, ...upd.map((u) => `${u.name}: update ${u.meanAbsUpdate.toFixed(6)}, ‖Δw‖/‖w‖ ${u.updateRatio.toExponential(2)}${u.flag ? ' ⚠ ' + u.flag : ''}`)];
  return {
    title: 'Gradient debugging', lines,
    html: htmlTable(['parameter', 'mean |grad|', 'std', 'norm', 'update ratio'], flow.params.map((p, i) => [p.name, p.meanAbs.toExponential(3), p.std.toExponential(3), p.norm.toExponential(3), upd[i].updateRatio.toExponential(3)])),
    charts: [{ kind: 'bar', title: 'Gradient norm per parameter', yLabel: 'L2 norm', bars: flow.params.map((p) => ({ label: p.name, value: p.norm })) }],
  };
}
