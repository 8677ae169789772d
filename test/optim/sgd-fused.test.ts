// SGD through the backend's optional fused sgdUpdate entry (when the active backend has one) must give
// exactly what optim's pure sgdUpdate (the spec) gives, over several steps, for every option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, type FloatArray } from '../../src/backend/index.js';
import { randn } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';

const configs: { momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean }[] = [
  { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  { momentum: 0, dampening: 0, weightDecay: 0.05, nesterov: false, maximize: true },
  { momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  { momentum: 0.9, dampening: 0.2, weightDecay: 0.01, nesterov: false, maximize: true },
  { momentum: 0.8, dampening: 0, weightDecay: 0.01, nesterov: true, maximize: false },
];

for (const dtype of ['float32', 'float64'] as const) {
  for (const c of configs) {
    test(`SGD step on ${backend().name} equals the reference sgdUpdate: ${dtype} ${JSON.stringify(c)}`, () => {
      const n = 1031;
      const p = randn([n], { dtype, requiresGrad: true });
      const ref = p.toTypedArray() as FloatArray;
      const buf = c.momentum ? (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n)) : null;
      const h = { lr: 0.05, ...c };
      const opt = new optim.SGD([p], h);
      for (let step = 1; step <= 4; step++) {
        p.grad = randn([n], { dtype });
        optim.sgdUpdate(ref, p.grad.toTypedArray(), buf, step === 1, h);
        opt.step();
      }
      const got = p.toTypedArray();
      for (let i = 0; i < n; i++) if (!Object.is(got[i], ref[i])) assert.fail(`element ${i}: ${got[i]} vs ${ref[i]}`);
    });
  }
}
