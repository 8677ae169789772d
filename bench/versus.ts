// `npm run bench:versus`: trainlab against the PyTorch peer in alternating rounds on a shared machine.
// Each round runs `bench/run.ts` and ../shared/bench/torch_peer.py back to back as child processes, so
// both engines see the same load; per workload the table gives each engine's best figure over the
// rounds, the ratio of those bests, and the median and range of the per-round ratios.
// Flags: --rounds N (default 3), --threads N (default 1), --only <regex>, --python <path>,
// --peer <script> (default ../shared/bench/torch_peer.py; bench/extra_peer.py has the LSTM and GRU
// workloads), --json <file> (write everything measured), --tidy (passed to bench/run.ts: add_1m and
// inference inside tidy()).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The targets (trainlab / PyTorch) for the WORKLOADS.md set; other workloads are shown for context. */
const TARGETS: Record<string, number> = {
  gemm_512_gflops: 0.9, gemm_1024_gflops: 0.9, gemm_64x784x256_gflops: 0.9, add_1m_gbps: 0.8,
  mlp_train_b64_samples_s: 1.0, cnn_train_b64_samples_s: 0.8,
};
const targetOf = (w: string): number | undefined => TARGETS[w] ?? (/^(mlp|cnn)_infer_/.test(w) ? 0.8 : undefined);

interface Args { rounds: number; threads: number; only?: string; python: string; peer: string; json?: string; tidy: boolean }

function parseArgs(argv: string[]): Args {
  const a: Args = { rounds: 3, threads: 1, python: '/usr/bin/python3', peer: resolve(ROOT, '../shared/bench/torch_peer.py'), tidy: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tidy') { a.tidy = true; continue; }
    const flag = argv[i], value = argv[++i];
    if (value === undefined) throw new Error(`bench:versus: ${flag} needs a value`);
    if (flag === '--rounds' || flag === '--threads') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`bench:versus: ${flag} must be a positive integer, got ${value}`);
      a[flag === '--rounds' ? 'rounds' : 'threads'] = n;
    } else if (flag === '--only') a.only = value;
    else if (flag === '--python') a.python = value;
    else if (flag === '--peer') a.peer = resolve(value);
    else if (flag === '--json') a.json = value;
    else throw new Error(`bench:versus: unknown argument ${flag}`);
  }
  return a;
}

interface Run { engine: string; results: Record<string, number> }

function runJson(cmd: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.error) throw new Error(`bench:versus: cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`bench:versus: ${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr.slice(-2000)}`);
  const start = r.stdout.indexOf('{');
  if (start < 0) throw new Error(`bench:versus: no JSON from ${cmd} ${args.join(' ')}`);
  return JSON.parse(r.stdout.slice(start)) as Run;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((p, q) => p - q), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (v: number): string => (v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));

function main(): void {
  const a = parseArgs(process.argv.slice(2));
  const only = a.only === undefined ? undefined : new RegExp(a.only);
  const ours: Run[] = [], peers: Run[] = [];
  const peerEnv: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(a.threads), OMP_NUM_THREADS: String(a.threads) };
  delete peerEnv.OPENBLAS_CORETYPE;
  delete peerEnv.OPENBLAS_L2_SIZE;
  const ourArgs = ['--import', 'tsx', 'bench/run.ts', '--threads', String(a.threads), ...(a.only ? ['--only', a.only] : []), ...(a.tidy ? ['--tidy'] : [])];
  for (let r = 0; r < a.rounds; r++) {
    // alternate which engine goes first, so a load change within a round does not favour one side
    const pair = [() => ours.push(runJson(process.execPath, ourArgs, process.env)),
      () => peers.push(runJson(a.python, [a.peer, '--threads', String(a.threads)], peerEnv))];
    if (r % 2) pair.reverse();
    for (const run of pair) run();
    process.stderr.write(`round ${r + 1}/${a.rounds} done\n`);
  }
  const names = Object.keys(ours[0].results).filter((w) => (!only || only.test(w)) && w in peers[0].results);
  const rows = names.map((w) => {
    const ratios = ours.map((o, i) => o.results[w] / peers[i].results[w]);
    const bestOurs = Math.max(...ours.map((o) => o.results[w])), bestPeer = Math.max(...peers.map((p) => p.results[w]));
    return { workload: w, trainlab: bestOurs, peer: bestPeer, ratio: bestOurs / bestPeer, median: median(ratios),
      min: Math.min(...ratios), max: Math.max(...ratios), target: targetOf(w), rounds: ratios };
  });
  console.log(`${ours[0].engine} vs ${peers[0].engine}, ${a.threads} thread(s), ${a.rounds} alternating rounds\n`);
  console.log('| workload | PyTorch best | trainlab best | ratio of bests | median round ratio | range | target |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const mark = r.target === undefined ? '—' : `${r.target} ${r.ratio >= r.target ? 'met' : 'MISSED'}`;
    console.log(`| \`${r.workload}\` | ${fmt(r.peer)} | ${fmt(r.trainlab)} | ${r.ratio.toFixed(2)} | ${r.median.toFixed(2)} | `
      + `${r.min.toFixed(2)}–${r.max.toFixed(2)} | ${mark} |`);
  }
  if (a.json) writeFileSync(a.json, JSON.stringify({ threads: a.threads, rounds: a.rounds, ours, peers, rows }, null, 1));
}

main();
