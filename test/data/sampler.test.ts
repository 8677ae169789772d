// Samplers: order, coverage and distributions (frequencies checked against their expectations
// with a chi-square bound far in the tail, so a correct sampler fails with negligible probability).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchSampler, RandomSampler, SequentialSampler, SubsetRandomSampler, WeightedRandomSampler } from '../../src/data/index.js';
import { ValueError } from '../../src/errors.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import { tensor } from '../../src/tensor/index.js';

const src = (n: number): { length: number } => ({ length: n });

/** Pearson chi-square statistic of observed counts against expected counts. */
function chiSquare(obs: number[], exp: number[]): number {
  return obs.reduce((s, o, i) => s + (o - exp[i]) ** 2 / exp[i], 0);
}

test('SequentialSampler yields 0..n-1', () => {
  assert.deepEqual([...new SequentialSampler(src(4))], [0, 1, 2, 3]);
  assert.equal(new SequentialSampler(src(4)).length, 4);
});

test('RandomSampler without replacement is a permutation; seeded; fresh order each pass', () => {
  const s = new RandomSampler(src(20), { generator: new Generator(3) });
  const a = [...s], b = [...s];
  assert.deepEqual([...a].sort((x, y) => x - y), [...Array(20).keys()]);
  assert.notDeepEqual(a, b);
  assert.deepEqual([...new RandomSampler(src(20), { generator: new Generator(3) })], a);
  // numSamples > n: whole permutations repeated, so each index appears 2 or 3 times in 50
  const long = [...new RandomSampler(src(20), { numSamples: 50, generator: new Generator(0) })];
  assert.equal(long.length, 50);
  const counts = new Array(20).fill(0);
  long.forEach((i) => counts[i]++);
  assert.ok(counts.every((c) => c === 2 || c === 3));
  assert.ok([...long.slice(0, 20)].sort((x, y) => x - y).every((v, i) => v === i));
});

test('RandomSampler without a generator follows the global seed', () => {
  manualSeed(5);
  const a = [...new RandomSampler(src(10))];
  manualSeed(5);
  assert.deepEqual([...new RandomSampler(src(10))], a);
});

test('RandomSampler with replacement is uniform', () => {
  const n = 5, draws = 10000;
  const counts = new Array(n).fill(0);
  for (const i of new RandomSampler(src(n), { replacement: true, numSamples: draws, generator: new Generator(7) })) counts[i]++;
  // 4 degrees of freedom: P(chi2 > 30) ≈ 5e-6
  assert.ok(chiSquare(counts, new Array(n).fill(draws / n)) < 30, `counts ${counts}`);
});

test('SubsetRandomSampler permutes the given indices', () => {
  const s = new SubsetRandomSampler([3, 7, 9], { generator: new Generator(0) });
  assert.deepEqual([...s].sort((a, b) => a - b), [3, 7, 9]);
  assert.equal(s.length, 3);
});

test('WeightedRandomSampler frequencies follow the weights', () => {
  const w = [1, 2, 0, 7], draws = 20000;
  const counts = new Array(4).fill(0);
  for (const i of new WeightedRandomSampler(tensor(w), draws, { generator: new Generator(11) })) counts[i]++;
  assert.equal(counts[2], 0);
  // expected 20000 · w / 10 = [2000, 4000, 0, 14000]; 2 dof on the positive ones: P(chi2 > 25) ≈ 4e-6
  const obs = [counts[0], counts[1], counts[3]];
  assert.ok(chiSquare(obs, [2000, 4000, 14000]) < 25, `counts ${counts}`);
});

test('WeightedRandomSampler without replacement: distinct indices, heavy ones first more often', () => {
  const s = new WeightedRandomSampler([1, 1, 1, 97], 3, { replacement: false, generator: new Generator(2) });
  let heavyFirst = 0;
  for (let k = 0; k < 200; k++) {
    const d = [...s];
    assert.equal(new Set(d).size, 3);
    if (d[0] === 3) heavyFirst++;
  }
  // P(first = 3) = 0.97: Binomial(200, 0.97) has mean 194, sd 2.4
  assert.ok(heavyFirst > 180, `${heavyFirst}`);
  assert.throws(() => new WeightedRandomSampler([1, 0, 1], 3, { replacement: false }), ValueError);
  assert.throws(() => new WeightedRandomSampler([1, -1], 3), (e: Error) => e instanceof ValueError && /weights\[1\] = -1/.test(e.message));
  assert.throws(() => new WeightedRandomSampler([0, 0], 3), ValueError);
});

test('BatchSampler groups indices, with and without dropLast', () => {
  const seq = new SequentialSampler(src(7));
  assert.deepEqual([...new BatchSampler(seq, 3)], [[0, 1, 2], [3, 4, 5], [6]]);
  assert.equal(new BatchSampler(seq, 3).length, 3);
  assert.deepEqual([...new BatchSampler(seq, 3, true)], [[0, 1, 2], [3, 4, 5]]);
  assert.equal(new BatchSampler(seq, 3, true).length, 2);
  assert.throws(() => new BatchSampler(seq, 0), ValueError);
});
