// Shared fixtures of the training-loop tests: y = w·x in float64 and its 3-sample loader.
import assert from 'node:assert/strict';
import { F, type Tensor, nn, tensor } from '../../src/index.js';
import { DataLoader, TensorDataset } from '../../src/data/index.js';

/** y = w·x in float64 (no bias), w = w0. */
export function tinyLinear(w0 = 0): nn.Linear {
  const m = new nn.Linear(1, 1, { bias: false, dtype: 'float64' });
  nn.init.constant_(m.weight, w0);
  return m;
}

/** x = [1, 2, 3], y = [2, 4, 6] (y = 2x) in order, `batchSize` per batch. */
export function tinyLoader(batchSize = 2, slope = 2): DataLoader<[Tensor, Tensor], [Tensor, Tensor]> {
  const x = tensor([[1], [2], [3]], { dtype: 'float64' });
  const y = tensor([[slope], [2 * slope], [3 * slope]], { dtype: 'float64' });
  return new DataLoader(new TensorDataset(x, y), { batchSize }) as DataLoader<[Tensor, Tensor], [Tensor, Tensor]>;
}

export const mse = (o: Tensor, t: Tensor): Tensor => F.mseLoss(o, t);

/** |a − b| ≤ tol·max(1, |b|). */
export function close(a: number, b: number, tol = 1e-12): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
}
