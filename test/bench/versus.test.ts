// bench:versus against a fake peer with known figures: the ratio of bests, the per-round ratios and
// their median, the target marks, and the flags it rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fakePeer = fileURLToPath(new URL('./fixtures/fake-peer.mjs', import.meta.url));

interface Row { workload: string; trainlab: number; peer: number; ratio: number; median: number; min: number; max: number;
  target?: number; rounds: number[] }
interface Run { results: Record<string, number> }

function versus(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bench/versus.ts', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env },
  });
}

test('bench:versus: bests, per-round ratios, median and targets from two rounds against a fake peer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'versus-'));
  const out = join(dir, 'versus.json');
  const r = versus(['--rounds', '2', '--only', '^(gemm_128|add_1m)', '--python', process.execPath, '--peer', fakePeer,
    '--json', out], { FAKE_PEER_DIR: dir, TRAINLAB_NUM_THREADS: '1' });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(readFileSync(out, 'utf8')) as { ours: Run[]; peers: Run[]; rows: Row[] };
  assert.deepEqual(j.peers.map((p) => p.results.gemm_128_gflops), [100, 50]);
  assert.deepEqual(j.rows.map((row) => row.workload), ['gemm_128_gflops', 'add_1m_gbps'], 'only the selected workloads both ran');
  for (const row of j.rows) {
    const ours = j.ours.map((o) => o.results[row.workload]);
    const peerBest = row.workload === 'gemm_128_gflops' ? 100 : 40;
    assert.equal(row.peer, peerBest);
    assert.equal(row.trainlab, Math.max(...ours));
    assert.equal(row.ratio, Math.max(...ours) / peerBest);
    const perRound = row.workload === 'gemm_128_gflops' ? [ours[0] / 100, ours[1] / 50] : [ours[0] / 10, ours[1] / 40];
    assert.deepEqual(row.rounds, perRound);
    assert.equal(row.median, (perRound[0] + perRound[1]) / 2, 'median of two rounds is their mean');
    assert.equal(row.min, Math.min(...perRound));
    assert.equal(row.max, Math.max(...perRound));
  }
  assert.equal(j.rows[0].target, undefined, 'gemm_128 has no target');
  assert.equal(j.rows[1].target, 0.8, 'add_1m is judged against 0.8');
  const mark = j.rows[1].ratio >= 0.8 ? 'met' : 'MISSED';
  assert.match(r.stdout, new RegExp(`\\| \`add_1m_gbps\` \\| 40\\.0 \\|.*\\| 0\\.8 ${mark} \\|`));
});

test('bench:versus: bad flags and a failing peer are errors that name them', () => {
  for (const [args, re] of [[['--rounds', '0'], /--rounds must be a positive integer/], [['--frobnicate', '1'], /unknown argument --frobnicate/],
    [['--threads'], /--threads needs a value/]] as [string[], RegExp][]) {
    const r = versus(args);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, re);
  }
  const r = versus(['--rounds', '1', '--only', 'gemm_128', '--python', process.execPath, '--peer', join(root, 'no-such-peer.mjs')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no-such-peer\.mjs .*exited 1/);
});

test('bench:versus --tidy runs trainlab with tidy() around add_1m and says so in the header', () => {
  const r = versus(['--tidy', '--rounds', '1', '--only', '^add_1m', '--python', process.execPath, '--peer', fakePeer],
    { FAKE_PEER_DIR: mkdtempSync(join(tmpdir(), 'versus-')), TRAINLAB_NUM_THREADS: '1' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^trainlab \S+(?: \(\S+\))? tidy vs /m);
  assert.match(r.stdout, /\| `add_1m_gbps` \|/);
});
