// Renderers of benchmark results: a console/Markdown table, the flat figures baselines are saved in,
// and the full report as JSON.
import type { InferenceRow } from '../bench/inference.js';
import type { MemoryReport } from '../bench/memory.js';
import type { ComparisonReport } from '../bench/baseline.js';
import type { ArchitectureRow } from '../bench/compare.js';
import type { ScalingReport } from '../bench/scaling.js';

export interface ModelBench {
  name: string;
  threads: number;
  backend: string;
  inference: InferenceRow[];
  memory: MemoryReport;
  accuracy?: number | null;
}

const kb = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`);

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(w[i])).join(' | ') + ' |';
  return [line(head), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...cells.slice(1).map(line)].join('\n');
}

/** Markdown (also readable in a terminal): speed per batch size, memory, per-layer table. */
export function renderBenchMarkdown(models: ModelBench[], cmp?: ComparisonReport): string {
  const out: string[] = [];
  for (const m of models) {
    const clock = m.inference[0]?.timing.clock === 'cpu' ? ', CPU time' : '';
    out.push(`## ${m.name} (${m.backend} backend, ${m.threads} thread${m.threads === 1 ? '' : 's'}${clock})`, '');
    out.push(table(['batch', 'ms/batch (median)', 'IQR ms', 'p95 ms', 'samples/s (median)', 'samples/s (best)', 'noise'],
      m.inference.map((r) => [r.batchSize, r.msPerBatch.toFixed(3), r.iqrMs.toFixed(3), r.p95Ms.toFixed(3), r.samplesPerSec.toFixed(0), r.bestSamplesPerSec.toFixed(0),
        `${r.noisy ? 'noisy' : 'ok'} (IQR ${(r.relativeIqr * 100).toFixed(0)}% of median)`])), '');
    const mem = m.memory;
    out.push(`memory at batch ${mem.batchSize}: parameters ${mem.params} (trainable ${mem.trainableParams}), ${kb(mem.paramBytes)}; activations ${kb(mem.activationBytes)} per forward; ` +
      `training step ${kb(mem.trainingStepBytes)} (gradients ${kb(mem.gradientBytes)}, optimizer state ${kb(mem.optimizerStateBytes)}); ${mem.totalMacs >= 1e6 ? `${(mem.totalMacs / 1e6).toFixed(2)} M` : mem.totalMacs} MACs` +
      (m.accuracy != null ? `; accuracy ${(m.accuracy * 100).toFixed(2)}%` : ''), '');
    out.push(table(['layer', 'type', 'output', 'params', 'activation', 'MACs'],
      mem.layers.map((l) => [l.name, l.type, `[${l.outputShape.join(', ')}]`, l.params, kb(l.activationBytes), l.macs])), '');
  }
  if (cmp) {
    out.push('## Comparison with the baseline', '', cmp.regressions.length
      ? table(['workload', 'baseline', 'current', 'change', 'allowed'], cmp.regressions.map((r) => [r.workload, r.baseline.toFixed(1), r.current.toFixed(1), `${(r.change * 100).toFixed(1)}%`, `-${(r.allowed * 100).toFixed(1)}%`]))
      : `no regression in ${cmp.compared} workloads`, '');
    if (cmp.missing.length) out.push(`missing in this run: ${cmp.missing.join(', ')}`, '');
  }
  return out.join('\n');
}

/** Markdown table of an architecture comparison: parameters, memory, accuracy and speed per model. */
export function renderArchitectureMarkdown(rows: ArchitectureRow[]): string {
  return table(['model', 'params', 'param memory', 'activations', 'training step', 'accuracy', 'ms/batch', 'samples/s'],
    rows.map((r) => [r.name, r.params, kb(r.paramBytes), kb(r.activationBytes), kb(r.trainingStepBytes),
      r.accuracy === null ? '–' : `${(r.accuracy * 100).toFixed(2)}%`, r.msPerBatch.toFixed(3), r.samplesPerSec.toFixed(0)]));
}

/** Markdown of a batch-size scaling run: throughput and memory per batch, the knee and the budget. */
export function renderScalingMarkdown(r: ScalingReport): string {
  const lines = [table(['batch', 'samples/s', 'IQR', 'activations', 'training step'],
    r.rows.map((x) => [x.batchSize, x.samplesPerSec.toFixed(0), `${(x.relativeIqr * 100).toFixed(0)}%${x.noisy ? ' (noisy)' : ''}`, kb(x.activationBytes), kb(x.trainingStepBytes)])), '',
  `throughput stops improving after batch ${r.knee}`];
  if (r.largestFitting !== null || r.maxBatchForBudget !== null) {
    lines.push(`largest measured batch within the memory budget: ${r.largestFitting ?? 'none'}; largest batch by the memory line: ${r.maxBatchForBudget ?? 'none'}`);
  }
  return lines.join('\n');
}

/** The whole run as JSON: the flat figures, every model's rows (per-block samples left out) and the comparison. */
export function benchReportJson(models: ModelBench[], cmp?: ComparisonReport): object {
  return {
    ...benchResultsJson(models),
    models: models.map((m) => ({ ...m, inference: m.inference.map(({ timing, ...r }) => ({ ...r, callsPerBlock: timing.callsPerBlock, blocks: timing.samples.length })) })),
    comparison: cmp ?? null,
  };
}

/**
 * Flat workload → {value, relativeIqr} results, the format baselines are saved in. Workloads are named
 * like `npm run bench`'s: `<model>_infer_b<batch>_samples_s`, value = samples/s at the median time.
 */
export function benchResultsJson(models: ModelBench[]): { engine: string; threads: number; clock: 'wall' | 'cpu'; results: Record<string, { value: number; relativeIqr: number }> } {
  const results: Record<string, { value: number; relativeIqr: number }> = {};
  for (const m of models) for (const r of m.inference) {
    results[`${m.name}_infer_b${r.batchSize}_samples_s`] = { value: r.samplesPerSec, relativeIqr: r.relativeIqr };
  }
  return { engine: `trainlab ${models[0]?.backend ?? ''}`.trim(), threads: models[0]?.threads ?? 1, clock: models[0]?.inference[0]?.timing.clock ?? 'wall', results };
}
