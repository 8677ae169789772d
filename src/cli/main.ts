// Entry of the `trainlab` command: parses argv with commander and dispatches to subcommands.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

function version(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, '..', '..', 'package.json'), join(here, '..', 'package.json')]) {
    try { return (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version; } catch { /* try next */ }
  }
  return 'unknown';
}

/** Runs the CLI; returns the exit code (0 ok, 1 a check failed, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('trainlab')
    .description('PyTorch-style deep learning for TypeScript, with the tools to trust a training run')
    .version(version())
    .exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (argv.length === 0) program.outputHelp();
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
}
