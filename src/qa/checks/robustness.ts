// Robustness to bad input: NaN/Inf inputs, wrong shapes, wrong dtypes and an empty batch must
// each raise a clear TrainlabError, never a silent NaN. Also the `invariants` check, which runs a
// short real training loop under `watch`.
import { detectAnomaly } from '../../autograd/grad-mode.js';
import { TrainlabError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { fit } from '../../train/trainer.js';
import type { Batch } from '../../train/types.js';
import { watch, type WatchableModel } from '../invariants.js';
import { freshRun, takeBatches } from './harness.js';
import { result, type Check } from './types.js';

function corrupt(x: Tensor, kind: 'nan' | 'inf' | 'shape' | 'dtype' | 'empty'): Tensor {
  const d = x.toTypedArray();
  switch (kind) {
    case 'nan': d[0] = NaN; return Tensor.fromArray(d, x.shape, x.dtype);
    case 'inf': d[d.length - 1] = Infinity; return Tensor.fromArray(d, x.shape, x.dtype);
    case 'shape': return Tensor.fromArray(d.slice(0, d.length - x.shape[0]), [x.shape[0], d.length / x.shape[0] - 1], x.dtype);
    case 'dtype': return Tensor.fromArray(Int32Array.from(d, Math.round), x.shape, 'int32');
    case 'empty': return Tensor.empty([0, ...x.shape.slice(1)], x.dtype);
  }
}

/** Each corrupted input must raise a TrainlabError (run with anomaly detection, as in CI). */
export function robustness(o: { cases?: ('nan' | 'inf' | 'shape' | 'dtype' | 'empty')[] } = {}): Check {
  const cases = o.cases ?? ['nan', 'inf', 'shape', 'dtype', 'empty'];
  return {
    name: 'robustness',
    run(ctx) {
      const r = freshRun(ctx.suite, ctx.seed);
      const [x, y] = takeBatches(ctx.suite, 1)[0];
      const details: string[] = [];
      let ok = 0;
      for (const c of cases) {
        const bad = corrupt(x, c);
        try {
          const loss = detectAnomaly(() => {
            const yy = c === 'empty' ? Tensor.empty([0, ...y.shape.slice(1)], y.dtype) : y;
            return ctx.suite.loss(r.model.call(bad), yy);
          });
          const v = loss.item();
          details.push(`${c}: no error; the loss came back as ${v}${Number.isFinite(v) ? '' : ' (a silent NaN)'}`);
        } catch (e) {
          if (e instanceof TrainlabError) { ok++; details.push(`${c}: ${e.name}: ${e.message.slice(0, 160)}`); }
          else details.push(`${c}: raised a ${(e as Error).name ?? typeof e} that is not a TrainlabError: ${String((e as Error).message ?? e).slice(0, 160)}`);
        }
      }
      const passed = ok === cases.length;
      return result('robustness', passed, `${ok}/${cases.length} kinds of bad input raised a clear TrainlabError`, { details, metrics: { handled: ok, cases: cases.length } });
    },
  };
}

/** Runs `epochs` of fit() (or the suite's own loop) under watch(): every invariant must hold. */
export function invariants(o: { epochs?: number; batches?: number } = {}): Check {
  return {
    name: 'invariants',
    run(ctx) {
      const r = freshRun(ctx.suite, ctx.seed);
      const w = watch(r.model as unknown as WatchableModel, r.optimizer);
      const limit = o.batches ?? 20;
      const take = (src: Iterable<Batch>): Batch[] => { const out: Batch[] = []; for (const b of src) { out.push(b); if (out.length >= limit) break; } return out; };
      try {
        const s = ctx.suite;
        const trainLoader = take(s.data.train({ seed: ctx.seed }));
        const valLoader = s.data.val ? take(s.data.val({})) : undefined;
        const loop = (s as { fit?: typeof fit }).fit ?? fit;
        loop({ model: r.model, optimizer: r.optimizer, lossFn: s.loss, trainLoader, valLoader, epochs: o.epochs ?? 1, callbacks: [w] });
      } finally {
        w.close();
      }
      const v = w.violations;
      return result('invariants', v.length === 0, v.length === 0 ? 'all training invariants held'
        : `${v[0].invariant} broke at step ${v[0].step}: ${v[0].message}`, {
        details: v.map((x) => `step ${x.step}: [${x.invariant}] ${x.message}`), metrics: { violations: v.length },
      });
    },
  };
}
