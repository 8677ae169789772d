// The shared MNIST recipe of examples/mnist-mlp.ts and mnist-cnn.ts: the shipped digits (8,000
// training / 1,756 test), Adam lr 1e-3, batch 64, shuffled, fit() with a progress bar; prints the
// test accuracy per epoch and the run time.
import { F, data, manualSeed, optim, type Tensor, type nn } from '../src/index.js';
import { Accuracy, ProgressBar, fit, type Callback, type EpochLogs, type TrainContext } from '../src/train/index.js';

export function trainMnist(label: string, makeModel: () => nn.Module, epochs = Number(process.argv[2] ?? 8)): void {
  manualSeed(0);
  const { train, test } = data.loadMnist();
  const trainLoader = new data.DataLoader(train, { batchSize: 64, shuffle: true });
  const testLoader = new data.DataLoader(test, { batchSize: 256 });
  const model = makeModel();
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  /** Prints the test accuracy of each epoch on its own line. */
  const report: Callback = {
    onEpochEnd(ctx: TrainContext, logs: EpochLogs) {
      console.log(`epoch ${ctx.epoch + 1}/${ctx.epochs}: test accuracy ${(logs.valAccuracy * 100).toFixed(2)}%`);
    },
  };
  const t0 = performance.now();
  const result = fit({
    model, optimizer, epochs, trainLoader, valLoader: testLoader,
    lossFn: (out: Tensor, y: Tensor) => F.crossEntropy(out, y),
    metrics: { accuracy: () => new Accuracy() },
    callbacks: [new ProgressBar(), report],
  });
  const secs = (performance.now() - t0) / 1000;
  const last = result.history[result.history.length - 1];
  console.log(`${label}: final test accuracy ${(last.valAccuracy * 100).toFixed(2)}% after ${result.epochsRun} epochs, ` +
    `${secs.toFixed(1)} s (${((result.epochsRun * train.length) / secs).toFixed(0)} training samples/s incl. evaluation)`);
}
