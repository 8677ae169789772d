// `npm run bench`: the workloads of ../shared/bench/WORKLOADS.md on trainlab, then LSTM and GRU
// workloads (PyTorch peer: bench/extra_peer.py), timed like the peers (bestRate), printed as the
// peers' JSON {"engine","threads","results","errors"}.
// Flags: --threads N (default 1, as the peers), --only <regex> (workload names to run),
// --fused-adam (train steps update with the backend's fused adamUpdate instead of optim.Adam),
// --tidy (add_1m and the inference calls run inside tidy(), which releases each call's tensors at its
// end for reuse, as TensorFlow.js's peer does with tf.tidy; without it they wait for the GC).
import { performance } from 'node:perf_hooks';
import type { FloatArray } from '../src/backend/types.js';
import {
  F, backend, backendInfo, manualSeed, matmul, nn, noGrad, optim, randint, randn, setNumThreads, tidy, type Tensor,
} from '../src/index.js';

interface Args { threads: number; only: RegExp | undefined; fusedAdam: boolean; tidy: boolean }

function parseArgs(argv: string[]): Args {
  let threads = 1, only: RegExp | undefined, fusedAdam = false, useTidy = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--threads') threads = Number(argv[++i]);
    else if (argv[i] === '--fused-adam') fusedAdam = true;
    else if (argv[i] === '--tidy') useTidy = true;
    else if (argv[i] === '--only') only = new RegExp(argv[++i]);
    else throw new Error(`bench: unknown argument ${argv[i]} (expected --threads N, --only <regex>, --fused-adam, --tidy)`);
  }
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`bench: --threads must be a positive integer`);
  return { threads, only, fusedAdam, tidy: useTidy };
}

/** fn itself, or fn inside tidy() with --tidy. */
const scoped = (useTidy: boolean, fn: () => void): (() => void) => (useTidy ? () => tidy(fn) : fn);

/** Best work-per-second over `repeats` blocks, each ≥ minTime/repeats (torch_peer.py's best_rate). */
function bestRate(fn: () => void, work: number, minTime = 0.5, repeats = 5): number {
  fn(); fn();
  let n = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    if ((performance.now() - t) / 1000 > minTime / repeats) break;
    n *= 2;
  }
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.max(best, (work * n) / ((performance.now() - t) / 1000));
  }
  return best;
}

const mlp = (): nn.Sequential => new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128),
  new nn.ReLU(), new nn.Linear(128, 10));
const cnn = (): nn.Sequential => new nn.Sequential(new nn.Conv2d(1, 16, 3), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Conv2d(16, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(32 * 5 * 5, 10));

/** Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8) through the backend's fused entry, for --fused-adam. */
function fusedAdam(params: Tensor[]): { zeroGrad(): void; step(): void } {
  const update = backend().adamUpdate;
  if (!update) throw new Error('the active backend has no fused adamUpdate');
  const state = params.map((p) => [new Float32Array(p.numel()), new Float32Array(p.numel())]);
  let t = 0;
  return {
    zeroGrad: () => { for (const p of params) p.grad = null; },
    step: () => {
      t++;
      params.forEach((p, i) => update(p.storage.data as FloatArray, p.grad!.contiguousData() as FloatArray,
        state[i][0], state[i][1], null, t, 1e-3, 0.9, 0.999, 1e-8, 0, false, false));
    },
  };
}

function trainRate(model: nn.Sequential, x: Tensor, y: Tensor, fused: boolean): number {
  const opt = fused ? fusedAdam([...model.parameters()]) : new optim.Adam(model.parameters(), { lr: 1e-3 });
  return bestRate(() => {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.call(x) as Tensor, y);
    loss.backward();
    opt.step();
    loss.item();
  }, x.shape[0]);
}

function inferRate(model: nn.Sequential, x: Tensor, useTidy: boolean): number {
  model.eval();
  return bestRate(scoped(useTidy, () => { noGrad(() => (model.call(x) as Tensor).sum().item()); }), x.shape[0]);
}

/**
 * Sequence classifiers outside the WORKLOADS.md set (PyTorch peer: bench/extra_peer.py): an LSTM or
 * GRU 64 → 128 over 20 time-major steps of a batch of 32, a linear head on the last step.
 */
function rnnRate(kind: 'lstm' | 'gru', train: boolean, useTidy: boolean): number {
  const rnn = kind === 'lstm' ? new nn.LSTM(64, 128) : new nn.GRU(64, 128), head = new nn.Linear(128, 10);
  const x = randn([20, 32, 64]), y = randint(0, 10, [32]);
  const logits = (): Tensor => head.call(rnn.call(x)[0].select(0, 19));
  if (!train) {
    rnn.eval();
    return bestRate(scoped(useTidy, () => { noGrad(() => logits().sum().item()); }), 32);
  }
  const opt = new optim.Adam([...rnn.parameters(), ...head.parameters()], { lr: 1e-3 });
  return bestRate(() => {
    opt.zeroGrad();
    const loss = F.crossEntropy(logits(), y);
    loss.backward();
    opt.step();
    loss.item();
  }, 32);
}

function workloads(fused: boolean, useTidy: boolean): [string, () => number][] {
  const w: [string, () => number][] = [];
  for (const n of [128, 256, 512, 1024]) {
    w.push([`gemm_${n}_gflops`, () => {
      const a = randn([n, n]), b = randn([n, n]);
      return bestRate(() => { matmul(a, b); }, 2 * n ** 3) / 1e9;
    }]);
  }
  for (const [m, k, n] of [[64, 784, 256], [64, 256, 128]]) {
    w.push([`gemm_${m}x${k}x${n}_gflops`, () => {
      const a = randn([m, k]), b = randn([k, n]);
      return bestRate(() => { matmul(a, b); }, 2 * m * k * n) / 1e9;
    }]);
  }
  w.push(['add_1m_gbps', () => {
    const v = randn([1 << 20]), u = randn([1 << 20]);
    return bestRate(scoped(useTidy, () => { v.add(u); }), 12 * (1 << 20)) / 1e9;
  }]);
  const y = randint(0, 10, [64]);
  w.push(['mlp_train_b64_samples_s', () => trainRate(mlp(), randn([64, 784]), y, fused)]);
  w.push(['cnn_train_b64_samples_s', () => trainRate(cnn(), randn([64, 1, 28, 28]), y, fused)]);
  for (const b of [1, 8, 32, 128]) {
    w.push([`mlp_infer_b${b}_samples_s`, () => inferRate(mlp(), randn([b, 784]), useTidy)]);
    w.push([`cnn_infer_b${b}_samples_s`, () => inferRate(cnn(), randn([b, 1, 28, 28]), useTidy)]);
  }
  for (const kind of ['lstm', 'gru'] as const) {
    w.push([`${kind}_train_b32_t20_samples_s`, () => rnnRate(kind, true, useTidy)]);
    w.push([`${kind}_infer_b32_t20_samples_s`, () => rnnRate(kind, false, useTidy)]);
  }
  return w;
}

function main(): void {
  const { threads, only, fusedAdam: fused, tidy: useTidy } = parseArgs(process.argv.slice(2));
  setNumThreads(threads);
  manualSeed(0);
  const info = backendInfo();
  const results: Record<string, number> = {}, errors: Record<string, string> = {};
  for (const [name, run] of workloads(fused, useTidy)) {
    if (only && !only.test(name)) continue;
    try {
      results[name] = Math.round(run() * 100) / 100;
    } catch (e) {
      errors[name] = (e as Error).message;
    }
  }
  const engine = `trainlab ${info.name}${info.name === 'native' ? ` (${info.simd})` : ''}${fused ? ' fused-adam' : ''}${useTidy ? ' tidy' : ''}`;
  console.log(JSON.stringify({ engine, threads: info.name === 'native' ? threads : 1, results, errors }, null, 1));
}

main();
