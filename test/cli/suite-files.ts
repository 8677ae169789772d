// Temporary suite modules for the `trainlab check` tests: tiny blob classifiers written as .ts/.js
// files in a temp folder that import the repository's sources by absolute path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';

const SRC = resolve('src').replace(/\\/g, '/');

/** The import lines of a TypeScript suite (absolute paths into src/). */
const IMPORTS = `import { nn, F, Generator } from '${SRC}/index.js';
import { DataLoader, TensorDataset, makeBlobs } from '${SRC}/data/index.js';
import { Adam } from '${SRC}/optim/index.js';
import { checks, defineSuite, result } from '${SRC}/qa/index.js';
`;

/**
 * The source of a suite module: a 4→8→3 MLP on 48 blob samples with `checks` (a TypeScript array
 * expression; `checks`, `result` and `nn` are in scope) and optional extra top-level code.
 */
export function suiteSource(checksExpr: string, o: { name?: string; model?: string; top?: string } = {}): string {
  return `${IMPORTS}
const train = makeBlobs({ nSamples: 48, nFeatures: 4, centers: 3, generator: new Generator(1) });
${o.top ?? ''}
export default defineSuite({
  name: ${JSON.stringify(o.name ?? 'tiny')}, seed: 0, numClasses: 3,
  model: ${o.model ?? '() => new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3))'},
  data: { train: (o = {}) => new DataLoader(new TensorDataset(train.x, train.y), { batchSize: o.batchSize ?? 16, shuffle: true, generator: new Generator(o.seed ?? 0) }) },
  loss: (out, y) => F.crossEntropy(out, y),
  optimizer: (params, hp) => new Adam(params, { lr: hp?.lr ?? 0.01 }),
  checks: ${checksExpr},
});
`;
}

/** A custom check that returns the given result fields (for failing checks and odd text). */
export function fixedCheck(name: string, passed: boolean, summary: string, extra = '{}'): string {
  return `{ name: ${JSON.stringify(name)}, run: () => result(${JSON.stringify(name)}, ${passed}, ${JSON.stringify(summary)}, ${extra}) }`;
}

/** A temp folder with helpers to write suite files and run the CLI in-process. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'trainlab-check-'));
  private n = 0;

  /** Writes `source` to a fresh file (unique name, so the module cache never returns an old one). */
  write(source: string, ext = 'ts', sub = ''): string {
    const p = join(this.dir, sub, `suite-${++this.n}.${ext}`);
    writeFileSync(p, source);
    return p;
  }

  /** A fresh report folder path (not created). */
  out(): string {
    return join(this.dir, `out-${++this.n}`);
  }

  /** Runs `main([...args])` capturing what it writes to stdout and stderr. */
  async run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const outW = process.stdout.write.bind(process.stdout), errW = process.stderr.write.bind(process.stderr);
    let stdout = '', stderr = '';
    // Strings are the CLI's; bytes (the test runner's own serialized reports) pass through.
    process.stdout.write = ((s: string | Uint8Array, ...a: never[]) => (typeof s === 'string' ? (stdout += s, true) : outW(s, ...a))) as typeof process.stdout.write;
    process.stderr.write = ((s: string | Uint8Array, ...a: never[]) => (typeof s === 'string' ? (stderr += s, true) : errW(s, ...a))) as typeof process.stderr.write;
    try {
      return { code: await main(args), stdout, stderr };
    } finally {
      process.stdout.write = outW;
      process.stderr.write = errW;
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
