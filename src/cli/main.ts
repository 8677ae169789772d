// Entry of the `trainlab` command: parses argv with commander and dispatches to subcommands.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ALL_FORMATS, checkCommand, SuiteLoadError, type Format } from './check.js';
import { TrainlabError } from '../errors.js';
import { benchCommand } from './bench.js';
import { runDemo } from './demo/index.js';
import { parseTolerance } from '../bench/baseline.js';
import * as backendMod from '../backend/index.js';

function threadCount(): number {
  const info = (backendMod as unknown as { backendInfo?: () => { threads: number } }).backendInfo?.();
  return info?.threads ?? 1;
}

class UsageError extends Error {}

function checkLang(v: unknown): asserts v is 'en' | 'zh-CN' {
  if (v !== 'en' && v !== 'zh-CN') throw new UsageError(`--lang: expected en or zh-CN, got ${String(v)}`);
}

function parseIntStrict(v: string, flag: string): number {
  if (!/^-?\d+$/.test(v)) throw new UsageError(`${flag}: expected an integer, got '${v}'`);
  return Number(v);
}

function version(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, '..', '..', 'package.json'), join(here, '..', 'package.json')]) {
    try { return (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version; } catch { /* try next */ }
  }
  return 'unknown';
}

/** Runs the CLI; returns the exit code (0 ok, 1 a check failed, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('trainlab')
    .description('PyTorch-style deep learning for TypeScript, with the tools to trust a training run')
    .version(version())
    .exitOverride();
  program.command('check')
    .description('run a suite of training checks and write a report (exit 0 all pass, 1 a check failed, 2 bad usage)')
    .argument('<suite>', 'a .ts or .js module that `export default defineSuite({...})`')
    .option('-o, --out <dir>', 'report folder', './trainlab-report')
    .option('--only <names>', 'comma-separated checks to run')
    .option('--skip <names>', 'comma-separated checks to skip')
    .option('--seed <n>', 'seed for every check', (v) => parseIntStrict(v, '--seed'))
    .option('--format <list>', `report formats: ${ALL_FORMATS.join(',')}`, ALL_FORMATS.join(','))
    .option('--lang <lang>', 'report language: en or zh-CN', 'en')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (suite: string, o: Record<string, string | number | boolean | undefined>) => {
      const formats = String(o.format).split(',').map((f) => f.trim()).filter(Boolean);
      const bad = formats.filter((f) => !ALL_FORMATS.includes(f as Format));
      if (bad.length) throw new UsageError(`--format: unknown format ${bad.join(', ')} (choose from ${ALL_FORMATS.join(', ')})`);
      if (!formats.length) throw new UsageError(`--format: no format given (choose from ${ALL_FORMATS.join(', ')})`);
      checkLang(o.lang);
      const list = (v: unknown) => (v ? String(v).split(',').map((x) => x.trim()).filter(Boolean) : undefined);
      code = await checkCommand(suite, { out: String(o.out), only: list(o.only), skip: list(o.skip), seed: o.seed as number | undefined,
        formats: formats as Format[], lang: o.lang, quiet: Boolean(o.quiet) });
    });
  program.command('demo')
    .description("the seed's whole system on real data: losses, optimizers, schedules, MNIST training with the monitor, gradient debugging, checks, benchmark")
    .option('-o, --out <dir>', 'report folder', './trainlab-report')
    .option('--lang <lang>', 'report language: en or zh-CN', 'en')
    .option('--epochs <n>', 'MNIST training epochs', (v) => parseIntStrict(v, '--epochs'), 3)
    .option('-q, --quiet', 'print only the report path')
    .action(async (o: Record<string, string | number | boolean | undefined>) => {
      checkLang(o.lang);
      const path = await runDemo({ out: String(o.out), lang: o.lang, epochs: o.epochs as number, quiet: Boolean(o.quiet) });
      if (o.quiet) process.stdout.write(path + '\n');
    });
  program.command('bench')
    .description('inference speed per batch size, memory and a regression gate (exit 1 on a regression)')
    .option('-m, --model <names>', 'mlp, cnn, or a module exporting { make, sampleShape }; comma-separated', 'mlp,cnn')
    .option('-b, --batch-sizes <list>', 'batch sizes', '1,8,32,128')
    .option('--budget-ms <ms>', 'time spent per measurement', (v) => parseIntStrict(v, '--budget-ms'), 500)
    .option('--save <file>', 'save the results as a baseline JSON')
    .option('--compare <file>', 'compare with a baseline JSON')
    .option('--tolerance <t>', 'allowed slowdown, e.g. 10%', '10%')
    .option('--clock <kind>', "time on the 'wall' clock or the process's 'cpu' time (steadier on a shared machine)", 'wall')
    .option('-o, --out <dir>', 'write bench.json and bench.md here')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (o: Record<string, string | number | boolean | undefined>) => {
      const sizes = String(o.batchSizes).split(',').map((v) => parseIntStrict(v.trim(), '--batch-sizes'));
      if (sizes.some((b) => b < 1)) throw new UsageError('--batch-sizes: batch sizes must be positive');
      let tolerance: number;
      try { tolerance = parseTolerance(String(o.tolerance)); } catch (e) { throw new UsageError(`--tolerance: ${(e as Error).message}`); }
      if (o.clock !== 'wall' && o.clock !== 'cpu') throw new UsageError(`--clock: expected wall or cpu, got ${String(o.clock)}`);
      code = await benchCommand({ models: String(o.model).split(',').map((m) => m.trim()).filter(Boolean), batchSizes: sizes,
        budgetMs: o.budgetMs as number, save: o.save as string | undefined, compare: o.compare as string | undefined, tolerance,
        out: o.out as string | undefined, threads: threadCount(), clock: o.clock, quiet: Boolean(o.quiet) });
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (argv.length === 0) program.outputHelp();
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError || e instanceof SuiteLoadError || e instanceof TrainlabError) {
      process.stderr.write(`trainlab: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
