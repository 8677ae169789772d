// `trainlab bench`: inference speed per batch size and memory of the reference models (or a
// model module), baselines saved as JSON, a regression gate, and bench.json / bench.md reports.
import { registerTsx } from './ts-loader.js';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchmarkInferenceSpeed } from '../bench/inference.js';
import { benchmarkMemory } from '../bench/memory.js';
import { compareToBaseline, loadBaseline, type ComparisonReport } from '../bench/baseline.js';
import { REFERENCE_MODELS } from '../bench/models.js';
import type { BenchModel } from '../bench/model-types.js';
import { ValueError } from '../errors.js';
import { Adam } from '../optim/adam.js';
import { manualSeed } from '../tensor/random.js';
import { benchReportJson, benchResultsJson, renderBenchMarkdown, type ModelBench } from '../report/bench-report.js';
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
  /** 'wall' (default) or 'cpu': process CPU time, steadier on a shared machine. */
  clock?: 'wall' | 'cpu';
  quiet?: boolean;
}


interface ModelSpec { name: string; make: () => BenchModel; sampleShape: number[] }
type ModuleSpec = { make?: unknown; sampleShape?: unknown; name?: unknown };

/**
 * A reference model (mlp, cnn) or a module path exporting { make(): Module, sampleShape: number[],
 * name?: string } as named exports or as its default export. The name defaults to the file's stem.
 */
async function resolveModel(arg: string): Promise<ModelSpec> {
  const ref = REFERENCE_MODELS[arg];
  if (ref) return { name: arg, make: ref.make as unknown as () => BenchModel, sampleShape: ref.sampleShape };
  const path = resolve(arg);
  if (!existsSync(path)) throw new ValueError(`bench: --model '${arg}' is neither mlp, cnn nor an existing module file`);
  await registerTsx();
  let mod: ModuleSpec;
  try {
    mod = await import(pathToFileURL(path).href) as ModuleSpec;
  } catch (e) {
    throw new ValueError(`bench: cannot load model module ${arg}: ${(e as Error).message}`);
  }
  // named exports, a default export, or (a .ts file compiled as CommonJS) either one nested in `default`
  let d: ModuleSpec = mod;
  for (let i = 0; i < 2 && typeof d.make !== 'function'; i++) d = (d as { default?: ModuleSpec }).default ?? {};
  if (typeof d.make !== 'function' || !Array.isArray(d.sampleShape) || !d.sampleShape.every((v) => Number.isInteger(v) && v > 0)) {
    throw new ValueError(`bench: model module ${arg} must export { make: () => model, sampleShape: [positive integers] } (named or default)`);
  }
  const stem = arg.replace(/^.*[/\\]/, '').replace(/\.(c|m)?[tj]s$/, '');
  return { name: typeof d.name === 'string' && d.name ? d.name : stem, make: d.make as () => BenchModel, sampleShape: d.sampleShape as number[] };
}

/**
 * Runs the benchmark and returns the exit code: 0, or 1 when --compare finds a workload slower than the
 * baseline beyond the tolerance and the measured noise (the message names each such workload).
 */
export async function benchCommand(o: BenchCommandOptions): Promise<number> {
  const say = (s: string) => { if (!o.quiet) process.stdout.write(s); };
  const baseline = o.compare ? loadBaseline(o.compare) : undefined; // fail on a bad baseline before measuring
  if (baseline && (baseline.clock ?? 'wall') !== (o.clock ?? 'wall')) {
    throw new ValueError(`bench: baseline ${o.compare} was timed on the ${baseline.clock ?? 'wall'} clock; rerun with --clock ${baseline.clock ?? 'wall'} to compare`);
  }
  const results: ModelBench[] = [];
  for (const arg of o.models) {
    const spec = await resolveModel(arg);
    manualSeed(0);
    const model = spec.make();
    say(`benchmarking ${spec.name} …\n`);
    const inference = benchmarkInferenceSpeed(model, spec.sampleShape, { batchSizes: o.batchSizes, budgetMs: o.budgetMs, clock: o.clock });
    // memory at the largest batch, with Adam's state counted from one real (undone) step, as in the train workloads
    const memory = benchmarkMemory(model, spec.sampleShape, { batchSize: Math.max(...o.batchSizes), optimizer: (ps) => new Adam(ps, { lr: 1e-3 }) });
    results.push({ name: spec.name, threads: o.threads, backend: backendName(), inference, memory });
  }
  const json = benchResultsJson(results);
  const cmp: ComparisonReport | undefined = baseline ? compareToBaseline(baseline, json, o.tolerance) : undefined;
  const md = renderBenchMarkdown(results, cmp);
  say('\n' + md + '\n');
  const write = (path: string, text: string) => writeFileAtomic(path, Buffer.from(text, 'utf8'));
  if (o.save) { write(o.save, JSON.stringify(json, null, 2) + '\n'); say(`baseline saved to ${o.save}\n`); }
  if (o.out) {
    mkdirSync(o.out, { recursive: true });
    write(join(o.out, 'bench.json'), JSON.stringify(benchReportJson(results, cmp), null, 2) + '\n');
    write(join(o.out, 'bench.md'), md);
    say(`report written to ${join(o.out, 'bench.json')} and bench.md\n`);
  }
  if (cmp?.regressions.length) {
    const list = cmp.regressions.map((r) => `${r.workload} (${(r.change * 100).toFixed(1)}%, allowed −${(r.allowed * 100).toFixed(1)}%)`);
    process.stderr.write(`trainlab bench: regression beyond tolerance in ${list.join(', ')}\n`);
    return 1;
  }
  return 0;
}
