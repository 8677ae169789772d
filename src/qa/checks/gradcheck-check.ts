// The gradcheck check: numerical (float64 finite differences) against autograd on the suite's
// model, on a sample of each parameter's elements and of the input.
import { gradcheck } from '../../autograd/gradcheck.js';
import { Tensor } from '../../tensor/tensor.js';
import { freshRun, takeBatches } from './harness.js';
import { result, type Check } from './types.js';

/** Converts a tensor's storage to float64 in place (a fresh model, owned by the check). */
function toFloat64InPlace(t: Tensor): void {
  if (t.dtype !== 'float32') return;
  t.storage = { data: Float64Array.from(t.storage.data), version: t.storage.version + 1 };
  t.dtype = 'float64';
}

/**
 * gradcheck on the model in float64: up to `maxElements` elements of every parameter, on
 * `samples` samples of the first batch. Models with state dicts of float32 buffers are converted too.
 */
export function gradcheckCheck(o: { samples?: number; maxElements?: number; eps?: number; atol?: number; rtol?: number } = {}): Check {
  return {
    name: 'gradcheck',
    run(ctx) {
      const r = freshRun(ctx.suite, ctx.seed);
      const m = r.model;
      for (const t of Object.values(m.stateDict())) toFloat64InPlace(t);
      for (const p of m.parameters()) toFloat64InPlace(p);
      m.eval();
      const [x0, y] = takeBatches(ctx.suite, 1)[0];
      const n = Math.min(o.samples ?? 2, x0.shape[0]);
      const per = x0.numel() / x0.shape[0];
      const x = Tensor.fromArray(Float64Array.from(x0.contiguousData()).subarray(0, n * per), [n, ...x0.shape.slice(1)], 'float64');
      x.requiresGrad = true;
      const yd = y.contiguousData();
      const yPer = y.numel() / y.shape[0];
      const yy = Tensor.fromArray((y.dtype === 'float32' ? Float64Array.from(yd) : y.toTypedArray()).slice(0, n * yPer), [n, ...y.shape.slice(1)], y.dtype === 'float32' ? 'float64' : y.dtype);
      const params = m.parameters().filter((p) => p.requiresGrad);
      const res = gradcheck(() => ctx.suite.loss(m.call(x), yy), [x, ...params],
        { maxElements: o.maxElements ?? 40, eps: o.eps ?? 1e-6, atol: o.atol ?? 1e-5, rtol: o.rtol ?? 1e-3 });
      const mm = res.mismatch;
      const what = mm ? (mm.input === 0 ? 'the input' : `parameter ${mm.input - 1}`) : '';
      return result('gradcheck', res.passed, res.passed
        ? `autograd matches finite differences on the input and ${params.length} parameters (max abs error ${res.maxAbsError.toExponential(2)})`
        : `gradient of ${what} element ${mm!.index}: autograd ${mm!.analytical}, finite difference ${mm!.numerical}`,
      { metrics: { maxAbsError: res.maxAbsError } });
    },
  };
}
