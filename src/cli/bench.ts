// `trainlab bench`: inference speed per batch size and memory of the reference models (or a
// model module), an optional accuracy, baselines saved as JSON and a regression gate.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchmarkInferenceSpeed } from '../bench/inference.js';
import { benchmarkMemory } from '../bench/memory.js';
import { compareToBaseline, loadBaseline, type ComparisonReport } from '../bench/baseline.js';
import { REFERENCE_MODELS } from '../bench/models.js';
import type { BenchModel } from '../bench/model-types.js';
import { manualSeed } from '../tensor/random.js';
import { benchResultsJson, renderBenchMarkdown, type ModelBench } from '../report/bench-report.js';
import { writeFileAtomic } from '../train/atomic-write.js';
import { backendName } from './backend-name.js';

export interface BenchCommandOptions {
  models: string[];
  batchSizes: number[];
  budgetMs: number;
  out?: string;
  save?: string;
  compare?: string;
  tolerance: number;
  threads: number;
  quiet?: boolean;
}

/** A model given as a module path exporting `default` = { make(): Module, sampleShape: number[] }. */
async function resolveModel(name: string): Promise<{ make: () => BenchModel; sampleShape: number[] }> {
  if (REFERENCE_MODELS[name]) return REFERENCE_MODELS[name] as unknown as { make: () => BenchModel; sampleShape: number[] };
  if (/\.(c|m)?ts$/.test(name)) { const { register } = await import('tsx/esm/api'); register(); }
  const mod = await import(pathToFileURL(resolve(name)).href) as { default?: { make?: () => BenchModel; sampleShape?: number[] } };
  const d = mod.default;
  if (!d || typeof d.make !== 'function' || !Array.isArray(d.sampleShape)) {
    throw new Error(`model module ${name} must \`export default { make: () => model, sampleShape: [...] }\` (or use mlp / cnn)`);
  }
  return d as { make: () => BenchModel; sampleShape: number[] };
}

export async function benchCommand(o: BenchCommandOptions): Promise<number> {
  const say = (s: string) => { if (!o.quiet) process.stdout.write(s); };
  const results: ModelBench[] = [];
  for (const name of o.models) {
    const spec = await resolveModel(name);
    manualSeed(0);
    const model = spec.make();
    say(`benchmarking ${name} …\n`);
    const inference = benchmarkInferenceSpeed(model, spec.sampleShape, { batchSizes: o.batchSizes, budgetMs: o.budgetMs });
    const memory = benchmarkMemory(model, spec.sampleShape, { batchSize: o.batchSizes[o.batchSizes.length - 1] });
    results.push({ name: name.replace(/^.*\//, '').replace(/\.(c|m)?[tj]s$/, ''), threads: o.threads, backend: backendName(), inference, memory });
  }
  const json = benchResultsJson(results);
  let cmp: ComparisonReport | undefined;
  if (o.compare) cmp = compareToBaseline(loadBaseline(o.compare), json, o.tolerance);
  const md = renderBenchMarkdown(results, cmp);
  say('\n' + md + '\n');
  if (o.save) { writeFileAtomic(o.save, Buffer.from(JSON.stringify(json, null, 2) + '\n')); say(`baseline saved to ${o.save}\n`); }
  if (o.out) {
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'bench.json'), JSON.stringify({ ...json, models: results.map((m) => ({ ...m, inference: m.inference.map(({ timing: _t, ...r }) => r) })), comparison: cmp ?? null }, null, 2));
    writeFileSync(join(o.out, 'bench.md'), md);
  }
  if (cmp?.regressions.length) {
    process.stderr.write(`trainlab bench: regression beyond tolerance in ${cmp.regressions.map((r) => `${r.workload} (${(r.change * 100).toFixed(1)}%)`).join(', ')}\n`);
    return 1;
  }
  return 0;
}
