// Checks that need a few batches: smoke, lossAtInit, gradientFlow, overfitOneBatch.
import { checkGradientFlow, type GradFlowThresholds } from '../gradient-debugger.js';
import { freshRun, takeBatches, trainStep } from './harness.js';
import { result, type Check } from './types.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Runs N batches end to end: finite loss, output batch size matches the input. */
export function smoke(o: { batches?: number } = {}): Check {
  const nb = o.batches ?? 3;
  return {
    name: 'smoke',
    run(ctx) {
      const r = freshRun(ctx.suite, ctx.seed);
      const details: string[] = [];
      const losses: number[] = [];
      for (const [x, y] of takeBatches(ctx.suite, nb)) {
        r.model.train();
        r.optimizer.zeroGrad();
        const out = r.model.call(x);
        if (out.shape[0] !== x.shape[0]) details.push(`output batch size ${out.shape[0]} differs from input batch size ${x.shape[0]}`);
        const loss = ctx.suite.loss(out, y);
        if (loss.numel() !== 1) {
          details.push(`loss has shape [${loss.shape}], expected a scalar (use a 'mean' or 'sum' reduction)`);
          break;
        }
        loss.backward();
        r.optimizer.step();
        const l = loss.item();
        losses.push(l);
        if (!Number.isFinite(l)) details.push(`loss is ${l} at batch ${losses.length}`);
      }
      const passed = details.length === 0;
      return result('smoke', passed, passed ? `${losses.length} batches ran end to end with finite losses` : details[0],
        { details, metrics: { batches: losses.length, firstLoss: losses[0], lastLoss: losses[losses.length - 1] } });
    },
  };
}

/** Loss at initialisation ≈ ln K for K-class cross-entropy (a badly scaled init shows here). */
export function lossAtInit(o: { numClasses?: number; tolerance?: number } = {}): Check {
  return {
    name: 'lossAtInit',
    run(ctx) {
      const k = o.numClasses ?? ctx.suite.numClasses;
      if (!k) return result('lossAtInit', true, 'skipped: the suite declares no numClasses', { severity: 'info' });
      const tol = o.tolerance ?? 0.25;
      const r = freshRun(ctx.suite, ctx.seed);
      r.model.eval();
      const [x, y] = takeBatches(ctx.suite, 1)[0];
      const l = ctx.suite.loss(r.model.call(x), y).item();
      const expected = Math.log(k);
      const rel = Math.abs(l - expected) / expected;
      const passed = rel <= tol;
      return result('lossAtInit', passed, `initial loss ${l.toFixed(4)} vs ln(${k}) = ${expected.toFixed(4)} (${(rel * 100).toFixed(1)}% off, tolerance ${tol * 100}%)`,
        { metrics: { initialLoss: l, expected, relativeError: rel }, severity: passed ? 'info' : 'warning' });
    },
  };
}

/**
 * One backward pass: every parameter gets a finite gradient that neither vanishes nor explodes.
 * Frozen parameters (requiresGrad false) fail the check unless `allowFrozen` lists them or is true:
 * an accidentally frozen layer never trains, and nothing else reports it.
 */
export function gradientFlow(t: GradFlowThresholds & { allowFrozen?: boolean | string[] } = {}): Check {
  return {
    name: 'gradientFlow',
    run(ctx) {
      const r = freshRun(ctx.suite, ctx.seed);
      const [x, y] = takeBatches(ctx.suite, 1)[0];
      r.model.train();
      r.optimizer.zeroGrad();
      ctx.suite.loss(r.model.call(x), y).backward();
      const m = r.model as unknown as { namedParameters(): Iterable<[string, Tensor]> };
      const { allowFrozen: _a, ...thresholds } = t;
      const rep = checkGradientFlow(m, thresholds);
      const allowed = (n: string) => t.allowFrozen === true || (Array.isArray(t.allowFrozen) && t.allowFrozen.includes(n));
      const frozen = rep.params.filter((p) => p.frozen && !allowed(p.name)).map((p) => p.name);
      // a bias feeding a normalisation layer (Conv → BatchNorm) has a ~0 gradient by construction:
      // a vanishing bias is only flagged when its layer's weight is vanishing too
      const byName = new Map(rep.params.map((p) => [p.name, p]));
      const exempt = rep.params.filter((p) => p.name.endsWith('.bias') && p.flags.includes('vanishing') &&
        byName.get(p.name.replace(/bias$/, 'weight'))?.flags.includes('vanishing') === false).map((p) => p.name);
      const kept = rep.flags.filter((f) => !exempt.some((n) => f.startsWith(`${n}:`) && f.includes('vanishing')));
      const flags = frozen.length
        ? [`frozen parameters (requiresGrad false) never train: ${frozen.join(', ')}; pass { allowFrozen: true } if that is intended`, ...kept]
        : kept;
      const healthy = flags.length === 0;
      const active = rep.params.filter((p) => !p.frozen).length;
      return result('gradientFlow', healthy, healthy ? `${active} parameters receive healthy gradients` : flags[0], {
        details: flags.concat(rep.params.map((p) => `${p.name}: ${p.frozen ? 'frozen' : `mean|g| ${p.meanAbs.toExponential(3)}, norm ${p.norm.toExponential(3)}, zeros ${(p.zeroFraction * 100).toFixed(1)}%`}`)),
        metrics: { firstLastRatio: rep.firstLastRatio, parameters: rep.params.length, frozen: frozen.length },
        charts: [{ kind: 'bar', title: 'Gradient norm per parameter', logY: true, bars: rep.params.filter((p) => p.hasGrad).map((p) => ({ label: p.name, value: p.norm })) }],
      });
    },
  };
}

/** The model can drive the loss on one fixed batch below `threshold` (a model that cannot learn fails). */
export function overfitOneBatch(o: { steps?: number; threshold?: number; relative?: number } = {}): Check {
  const steps = o.steps ?? 200;
  return {
    name: 'overfitOneBatch',
    run(ctx) {
      const r = freshRun(ctx.suite, ctx.seed);
      const [x, y] = takeBatches(ctx.suite, 1)[0];
      const losses: number[] = [];
      for (let i = 0; i < steps; i++) {
        losses.push(trainStep(r, ctx.suite.loss, x, y));
        if (!Number.isFinite(losses[losses.length - 1])) break;
      }
      const first = losses[0], last = losses[losses.length - 1];
      // relative: the loss must lose (1 − relative) of its magnitude; written with |first| so that a loss
      // that can be negative does not get a threshold above its starting value
      const threshold = o.threshold ?? first - (1 - (o.relative ?? 0.1)) * Math.abs(first);
      const passed = Number.isFinite(last) && last < threshold;
      return result('overfitOneBatch', passed, `loss on one batch went ${first.toFixed(4)} → ${last.toFixed(4)} in ${losses.length} steps (threshold ${threshold.toFixed(4)})`, {
        metrics: { firstLoss: first, finalLoss: last, threshold, steps: losses.length },
        charts: [{ kind: 'line', title: 'Loss on one batch', xLabel: 'step', yLabel: 'loss', series: [{ name: 'loss', x: losses.map((_, i) => i + 1), y: losses }] }],
      });
    },
  };
}
