// Adam/AdamW through the backend's optional fused adamUpdate entry must match optim's pure
// adamUpdate (the spec) to float rounding, for every flag combination and both float dtypes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, type FloatArray } from '../../src/backend/index.js';
import { Tensor, randn } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';

const configs: { amsgrad: boolean; weightDecay: number; maximize: boolean; decoupled: boolean }[] = [];
for (const amsgrad of [false, true]) for (const weightDecay of [0, 0.1]) for (const maximize of [false, true]) {
  for (const decoupled of [false, true]) configs.push({ amsgrad, weightDecay, maximize, decoupled });
}

for (const dtype of ['float32', 'float64'] as const) {
  for (const c of configs) {
    test(`Adam step on ${backend().name} matches the reference adamUpdate: ${dtype} ${JSON.stringify(c)}`, () => {
      const n = 1031;
      const p = randn([n], { dtype, requiresGrad: true });
      const ref = p.toTypedArray() as FloatArray;
      const mk = () => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
      const m = mk(), v = mk(), mx = c.amsgrad ? mk() : null;
      const h = { lr: 0.01, betas: [0.9, 0.99] as [number, number], eps: 1e-8, weightDecay: c.weightDecay, amsgrad: c.amsgrad, maximize: c.maximize };
      const opt = c.decoupled ? new optim.AdamW([p], h) : new optim.Adam([p], h);
      for (let step = 1; step <= 4; step++) {
        p.grad = randn([n], { dtype });
        optim.adamUpdate(ref, p.grad.toTypedArray(), m, v, mx, step, h, c.decoupled);
        opt.step();
      }
      const got = (p as Tensor).toTypedArray();
      // the fused kernel does the same double-precision arithmetic and rounds where the reference
      // stores; contraction into FMA may move a float32 result by an ulp or so
      const tol = dtype === 'float32' ? 1e-6 : 1e-12;
      for (let i = 0; i < n; i++) {
        assert.ok(Math.abs(got[i] - ref[i]) <= tol * (1 + Math.abs(ref[i])), `element ${i}: ${got[i]} vs ${ref[i]}`);
      }
    });
  }
}
