// Checks that train: convergence (one seed or many, with a Wilson interval), fitAnalysis,
// lossCurve, hyperparameterSensitivity (a real grid) and seedStability.
import { analyzeFit, type FitThresholds } from '../../train/fit-analysis.js';
import { analyzeCurve, wilsonInterval, type CurveThresholds } from './curves.js';
import { freshRun, trainEpochs } from './harness.js';
import { result, type Check, type CheckContext } from './types.js';

const series = (name: string, y: number[]) => ({ name, x: y.map((_, i) => i + 1), y });

/** Loss falls by at least `minDrop` (fraction) in `epochs` epochs; with `seeds` > 1, the pass rate. */
export function convergence(o: { epochs?: number; minDrop?: number; seeds?: number; minPassRate?: number } = {}): Check {
  const epochs = o.epochs ?? 3, minDrop = o.minDrop ?? 0.3, seeds = o.seeds ?? 1;
  return {
    name: 'convergence',
    run(ctx) {
      const drops: number[] = [];
      let curves: number[] = [];
      for (let s = 0; s < seeds; s++) {
        const tr = trainEpochs(ctx, freshRun(ctx.suite, ctx.seed + s), epochs, { seed: ctx.seed + s }, false);
        const first = tr.stepLosses[0], last = tr.epochLosses[tr.epochLosses.length - 1] ?? NaN;
        // |first|: with a loss that can be negative, a fall must still read as a positive drop
        drops.push(tr.nonFiniteAt ? -Infinity : (first - last) / Math.abs(first));
        if (s === 0) curves = tr.stepLosses;
      }
      const ok = drops.filter((d) => d >= minDrop).length;
      const [lo, hi] = wilsonInterval(ok, seeds);
      const passed = seeds === 1 ? ok === 1 : ok / seeds >= (o.minPassRate ?? 0.8);
      const summary = seeds === 1
        ? `loss fell by ${(drops[0] * 100).toFixed(1)}% in ${epochs} epochs (required ${minDrop * 100}%)`
        : `${ok}/${seeds} seeds converged (pass rate ${(ok / seeds * 100).toFixed(0)}%, 95% Wilson interval ${(lo * 100).toFixed(0)}–${(hi * 100).toFixed(0)}%)`;
      return result('convergence', passed, summary, {
        metrics: { drop: drops[0], passRate: ok / seeds, wilsonLow: lo, wilsonHigh: hi, seeds },
        charts: [{ kind: 'line', title: 'Training loss per step', xLabel: 'step', yLabel: 'loss', series: [series('train', curves)] }],
      });
    },
  };
}

/** Over-/under-fitting verdict from real train/val curves (see analyzeFit). */
export function fitAnalysis(o: { epochs?: number } & FitThresholds = {}): Check {
  return {
    name: 'fitAnalysis',
    run(ctx) {
      if (!ctx.suite.data.val) return result('fitAnalysis', true, 'skipped: the suite has no validation data', { severity: 'info' });
      const tr = trainEpochs(ctx, freshRun(ctx.suite, ctx.seed), o.epochs ?? 5);
      const a = analyzeFit(tr.epochLosses, tr.valLosses, o);
      const passed = a.verdict === 'good';
      return result('fitAnalysis', passed, `${a.verdict}: ${a.reasons[0]}`, {
        details: a.reasons, metrics: { ...a.metrics }, severity: passed ? 'info' : a.verdict === 'insufficient-data' ? 'warning' : 'error',
        charts: [{ kind: 'line', title: 'Train and validation loss', xLabel: 'epoch', yLabel: 'loss', series: [series('train', tr.epochLosses), series('validation', tr.valLosses)] }],
      });
    },
  };
}

/** No spikes, oscillation or plateaus in the per-step loss; reports the convergence speed per epoch. */
export function lossCurve(o: { epochs?: number; allowPlateaus?: boolean } & CurveThresholds = {}): Check {
  return {
    name: 'lossCurve',
    run(ctx) {
      const tr = trainEpochs(ctx, freshRun(ctx.suite, ctx.seed), o.epochs ?? 3, {}, false);
      const a = analyzeCurve(tr.stepLosses, tr.epochLosses, o);
      const details: string[] = [];
      if (tr.nonFiniteAt) details.push(`loss became non-finite at step ${tr.nonFiniteAt}`);
      if (a.spikes.length) details.push(`loss spikes at steps ${a.spikes.slice(0, 10).join(', ')}${a.spikes.length > 10 ? ', …' : ''}`);
      if (a.oscillating) details.push(`loss oscillates: ${(a.oscillationRate * 100).toFixed(0)}% of successive changes flip sign`);
      if (a.plateaus.length && !o.allowPlateaus) details.push(`plateaus at steps ${a.plateaus.map(([s, e]) => `${s}–${e}`).join(', ')}`);
      const passed = details.length === 0;
      return result('lossCurve', passed, passed ? `smooth descent; speed per epoch ${a.speedPerEpoch.map((v) => (v * 100).toFixed(1) + '%').join(', ')}` : details[0], {
        details, metrics: { spikes: a.spikes.length, oscillationRate: a.oscillationRate, plateaus: a.plateaus.length, ...Object.fromEntries(a.speedPerEpoch.map((v, i) => [`speedEpoch${i + 2}`, v])) },
        charts: [{ kind: 'line', title: 'Loss per step', xLabel: 'step', yLabel: 'loss', series: [series('train', tr.stepLosses)] }],
      });
    },
  };
}

function finalVal(ctx: CheckContext, lr: number | undefined, batchSize: number | undefined, epochs: number, seed: number): number {
  const tr = trainEpochs(ctx, freshRun(ctx.suite, seed, lr === undefined ? {} : { lr }), epochs,
    batchSize === undefined ? { seed } : { batchSize, seed });
  if (tr.nonFiniteAt) return Infinity;
  return (tr.valLosses.length ? tr.valLosses : tr.epochLosses).at(-1) ?? NaN;
}

/**
 * Trains every cell of lr × batch size (default the seed's {1e-3, 1e-2, 1e-1} × {32, 64, 128}) and
 * reports the final validation loss per cell, the best cell, and a robustness score: the fraction
 * of cells within `tolerance` (relative) of the best. Passes when the score ≥ minRobustness.
 */
export function hyperparameterSensitivity(o: { lrs?: number[]; batchSizes?: number[]; epochs?: number; tolerance?: number; minRobustness?: number } = {}): Check {
  const lrs = o.lrs ?? [1e-3, 1e-2, 1e-1], bss = o.batchSizes ?? [32, 64, 128];
  return {
    name: 'hyperparameterSensitivity',
    run(ctx) {
      const grid = lrs.map((lr) => bss.map((bs) => { ctx.log(`lr ${lr}, batch ${bs}`); return finalVal(ctx, lr, bs, o.epochs ?? 2, ctx.seed); }));
      let best = { lr: lrs[0], bs: bss[0], v: Infinity };
      grid.forEach((row, i) => row.forEach((v, j) => { if (v < best.v) best = { lr: lrs[i], bs: bss[j], v }; }));
      const tol = o.tolerance ?? 0.5;
      const cells = grid.flat();
      // within tol·|best| of the best (best·(1 + tol) lies below a negative best, excluding even the best cell)
      const robust = cells.filter((v) => Number.isFinite(v) && v - best.v <= tol * Math.abs(best.v)).length / cells.length;
      const passed = Number.isFinite(best.v) && robust >= (o.minRobustness ?? 0.3);
      return result('hyperparameterSensitivity', passed,
        `best final loss ${best.v.toFixed(4)} at lr ${best.lr}, batch ${best.bs}; ${(robust * 100).toFixed(0)}% of cells within ${tol * 100}% of it`, {
          details: grid.map((row, i) => `lr ${lrs[i]}: ${row.map((v, j) => `bs ${bss[j]} → ${v.toFixed(4)}`).join(', ')}`),
          metrics: { bestLoss: best.v, bestLr: best.lr, bestBatchSize: best.bs, robustness: robust },
          charts: [{ kind: 'heatmap', title: 'Final validation loss (lr × batch size)', xLabel: 'batch size', yLabel: 'learning rate',
            heatmap: { rows: lrs.map(String), cols: bss.map(String), values: grid } }],
        });
    },
  };
}

/**
 * Spread of the final loss across seeds: passes when the coefficient of variation ≤ maxCv, or the
 * standard deviation ≤ maxStd (so runs that all end near zero loss are not failed by a tiny mean).
 */
export function seedStability(o: { seeds?: number; epochs?: number; maxCv?: number; maxStd?: number } = {}): Check {
  return {
    name: 'seedStability',
    run(ctx) {
      const n = o.seeds ?? 3;
      const finals = Array.from({ length: n }, (_, s) => finalVal(ctx, undefined, undefined, o.epochs ?? 2, ctx.seed + 100 + s));
      const m = finals.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(finals.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(n - 1, 1));
      const cv = sd / Math.abs(m);
      const passed = Number.isFinite(sd) && (cv <= (o.maxCv ?? 0.2) || sd <= (o.maxStd ?? 0.01));
      return result('seedStability', passed, `final loss over ${n} seeds: mean ${m.toFixed(4)}, std ${sd.toFixed(4)} (CV ${(cv * 100).toFixed(1)}%)`, {
        metrics: { mean: m, std: sd, cv, min: Math.min(...finals), max: Math.max(...finals) },
        details: finals.map((v, i) => `seed ${ctx.seed + 100 + i}: ${v.toFixed(4)}`),
      });
    },
  };
}
