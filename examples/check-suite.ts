// A check suite for `npx trainlab check examples/check-suite.ts`: a small MLP classifying
// three Gaussian blobs, run through every training check.
import { nn, F, Generator } from '../src/index.js';
import { DataLoader, TensorDataset, makeBlobs } from '../src/data/index.js';
import { Adam } from '../src/optim/index.js';
import { checks, defineSuite } from '../src/qa/index.js';

// the same three cluster centres (in a unit-scale box) for training and validation, fresh samples
const train = makeBlobs({ nSamples: 384, nFeatures: 4, centers: 3, centerBox: [-2, 2], generator: new Generator(1) });
const val = makeBlobs({ nSamples: 192, nFeatures: 4, centers: train.centers, generator: new Generator(2) });

export default defineSuite({
  name: 'blobs-mlp',
  seed: 0,
  numClasses: 3,
  model: () => new nn.Sequential(new nn.Linear(4, 32), new nn.ReLU(), new nn.Linear(32, 3)),
  data: {
    train: (o = {}) => new DataLoader(new TensorDataset(train.x, train.y), { batchSize: o.batchSize ?? 32, shuffle: true, generator: new Generator(o.seed ?? 0) }),
    val: (o = {}) => new DataLoader(new TensorDataset(val.x, val.y), { batchSize: o.batchSize ?? 64 }),
  },
  loss: (out, y) => F.crossEntropy(out, y),
  optimizer: (params, hp) => new Adam(params, { lr: hp?.lr ?? 0.01 }),
  checks: [
    checks.smoke(), checks.lossAtInit(), checks.gradientFlow(), checks.gradcheck(), checks.invariants(),
    checks.overfitOneBatch(), checks.convergence({ epochs: 3, seeds: 5 }), checks.fitAnalysis({ epochs: 8 }),
    checks.lossCurve({ epochs: 3, allowPlateaus: true }), checks.reproducibility(), checks.inferenceDeterminism(),
    checks.batchIndependence(), checks.hyperparameterSensitivity({ epochs: 2 }), checks.seedStability(), checks.robustness(),
  ],
});
