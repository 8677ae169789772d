// Checks of determinism: reproducibility (same seed twice → bit-identical losses and parameters),
// inferenceDeterminism, and batchIndependence (in eval mode sample i's output ignores sample j).
import { noGrad } from '../../autograd/grad-mode.js';
import { Tensor } from '../../tensor/tensor.js';
import { freshRun, paramSnapshot, takeBatches, trainEpochs } from './harness.js';
import { result, type Check } from './types.js';

/** Trains twice from the same seed; every step's loss and every final parameter must match bit for bit. */
export function reproducibility(o: { epochs?: number } = {}): Check {
  return {
    name: 'reproducibility',
    run(ctx) {
      const runs = [0, 1].map(() => {
        const r = freshRun(ctx.suite, ctx.seed);
        const tr = trainEpochs(ctx, r, o.epochs ?? 1, {}, false);
        return { losses: tr.stepLosses, params: paramSnapshot(r.model) };
      });
      const [a, b] = runs;
      const step = a.losses.findIndex((l, i) => !Object.is(l, b.losses[i]));
      if (step >= 0 || a.losses.length !== b.losses.length) {
        const at = step >= 0 ? step : Math.min(a.losses.length, b.losses.length);
        return result('reproducibility', false, `runs with the same seed diverge at step ${at + 1}: loss ${a.losses[at]} vs ${b.losses[at]}`,
          { metrics: { firstDifferingStep: at + 1, steps: a.losses.length } });
      }
      for (let p = 0; p < a.params.length; p++) {
        const i = a.params[p].findIndex((v, k) => !Object.is(v, b.params[p][k]));
        if (i >= 0) return result('reproducibility', false, `parameter ${p} differs at element ${i} after identical losses`, { metrics: { parameter: p, element: i } });
      }
      return result('reproducibility', true, `two runs with seed ${ctx.seed} gave bit-identical losses over ${a.losses.length} steps and identical parameters`,
        { metrics: { steps: a.losses.length } });
    },
  };
}

/** The same input twice in eval mode gives bit-identical outputs. */
export function inferenceDeterminism(): Check {
  return {
    name: 'inferenceDeterminism',
    run(ctx) {
      const r = freshRun(ctx.suite, ctx.seed);
      const [x] = takeBatches(ctx.suite, 1)[0];
      r.model.eval();
      const [o1, o2] = noGrad(() => [r.model.call(x).toTypedArray(), r.model.call(x).toTypedArray()]);
      const i = o1.findIndex((v, k) => !Object.is(v, o2[k]));
      return result('inferenceDeterminism', i < 0, i < 0 ? `two eval passes on the same batch agree bit for bit (${o1.length} values)`
        : `eval outputs differ at element ${i}: ${o1[i]} vs ${o2[i]} (dropout or batch statistics active in eval mode?)`, { metrics: { differingElement: i } });
    },
  };
}

/**
 * In eval mode, the gradient of output i with respect to input j (j ≠ i) must be exactly zero:
 * a model that mixes samples across the batch (batch norm left in training mode, a reshape across
 * the batch dim) fails.
 */
export function batchIndependence(o: { sample?: number } = {}): Check {
  return {
    name: 'batchIndependence',
    run(ctx) {
      const r = freshRun(ctx.suite, ctx.seed);
      const [x0] = takeBatches(ctx.suite, 1)[0];
      if (x0.shape[0] < 2) return result('batchIndependence', true, 'skipped: batch of one', { severity: 'info' });
      const x = Tensor.fromArray(Float32Array.from(x0.contiguousData()), x0.shape, 'float32');
      x.requiresGrad = true;
      r.model.eval();
      const i = o.sample ?? 0;
      const out = r.model.call(x);
      const seed = Tensor.empty(out.shape, out.dtype);
      const per = out.numel() / out.shape[0];
      for (let k = 0; k < per; k++) seed.storage.data[i * per + k] = 1;
      out.backward(seed);
      r.model.train();
      if (!x.grad) {
        return result('batchIndependence', false, 'no gradient reached the input: the output does not depend on it (a detached or ignored input?)',
          { metrics: { leakingSamples: 0 } });
      }
      const g = x.grad.contiguousData();
      const perIn = x.numel() / x.shape[0];
      const leaks: number[] = [];
      for (let j = 0; j < x.shape[0]; j++) {
        if (j === i) continue;
        for (let k = 0; k < perIn; k++) if (g[j * perIn + k] !== 0) { leaks.push(j); break; }
      }
      return result('batchIndependence', leaks.length === 0, leaks.length === 0
        ? `output of sample ${i} has zero gradient with respect to the other ${x.shape[0] - 1} samples`
        : `output of sample ${i} depends on samples ${leaks.slice(0, 8).join(', ')}${leaks.length > 8 ? ', …' : ''}: the model mixes the batch`,
      { metrics: { leakingSamples: leaks.length } });
    },
  };
}
