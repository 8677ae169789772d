// Built-in datasets: MNIST (checked against the mnist package's own set()), Iris, CSV files (good
// and malformed), and the synthetic generators (shapes, balance, geometry, seeding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv, loadIris, loadMnist, makeBlobs, makeMoons, makeRegression, makeSpirals, mnistClassCounts } from '../../src/data/index.js';
import { FormatError, ValueError } from '../../src/errors.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const counts = (y: Tensor, k: number): number[] => {
  const c = new Array(k).fill(0);
  for (const v of y.contiguousData()) c[v]++;
  return c;
};

test('MNIST: documented sizes, shapes, value range, and the same digits as the package set(8000, 2000)', () => {
  const { train, test: te } = loadMnist();
  assert.equal(train.length, 8000);
  assert.equal(te.length, 1756);
  const [x, y] = train.tensors;
  assert.deepEqual(x.shape, [8000, 1, 28, 28]);
  assert.equal(x.dtype, 'float32');
  assert.equal(y.dtype, 'int64');
  const xd = x.contiguousData();
  let lo = Infinity, hi = -Infinity;
  for (const v of xd) { if (v < lo) lo = v; if (v > hi) hi = v; }
  assert.ok(lo === 0 && hi <= 1 && hi > 0.99, `${lo} ${hi}`);
  assert.deepEqual(mnistClassCounts(), [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  // 800 per class for training; test takes digits 800..999 of each class, fewer where the class ends:
  // min(200, count − 800) = [200, 200, 191, 200, 180, 63, 200, 200, 144, 178], sum 1756
  assert.deepEqual(counts(y, 10), new Array(10).fill(800));
  assert.deepEqual(counts(te.tensors[1], 10), [200, 200, 191, 200, 180, 63, 200, 200, 144, 178]);
  // the package's own split, order aside: compare label + pixel fingerprint multisets
  const pkg = createRequire(import.meta.url)('mnist') as { set(a: number, b: number): { training: { input: number[]; output: number[] }[]; test: { input: number[]; output: number[] }[] } };
  const ref = pkg.set(8000, 2000);
  const fp = (label: number, px: ArrayLike<number>, off: number): string => {
    let s = 0;
    for (let i = 0; i < 784; i++) s += Math.fround(px[off + i]) * ((i % 97) + 1);
    return `${label}:${s.toFixed(3)}`;
  };
  for (const [ours, theirs] of [[train, ref.training], [te, ref.test]] as const) {
    const [ox, oy] = ours.tensors, od = ox.contiguousData(), ol = oy.contiguousData();
    const a = Array.from({ length: ours.length }, (_, i) => fp(ol[i], od, i * 784)).sort();
    const b = theirs.map((s) => fp(s.output.indexOf(1), s.input, 0)).sort();
    assert.deepEqual(a, b);
  }
});

test('MNIST: fixed order for a seed, class order with seed null, bad sizes rejected', () => {
  const a = loadMnist({ train: 100, test: 50 }), b = loadMnist({ train: 100, test: 50 });
  assert.deepEqual(Array.from(a.train.tensors[1].contiguousData()), Array.from(b.train.tensors[1].contiguousData()));
  const c = loadMnist({ train: 100, test: 50, seed: 1 });
  assert.notDeepEqual(Array.from(c.train.tensors[1].contiguousData()), Array.from(a.train.tensors[1].contiguousData()));
  const ordered = loadMnist({ train: 100, test: 50, seed: null });
  assert.deepEqual(Array.from(ordered.train.tensors[1].contiguousData()), Array.from({ length: 100 }, (_, i) => Math.floor(i / 10)));
  assert.throws(() => loadMnist({ train: 9000 }), (e: Error) => e instanceof ValueError && /class 5/.test(e.message));
  assert.throws(() => loadMnist({ test: 5 }), ValueError);
});

test('Iris: 150×4 features, 50 of each of 3 classes', () => {
  const { dataset, x, y, classNames } = loadIris();
  assert.equal(dataset.length, 150);
  assert.deepEqual(x.shape, [150, 4]);
  assert.equal(y.dtype, 'int64');
  assert.deepEqual(classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(counts(y, 3), [50, 50, 50]);
  // Fisher's first flower: 5.1, 3.5, 1.4, 0.2, setosa
  assert.deepEqual(Array.from(x.contiguousData().subarray(0, 4)), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  assert.equal(y.at(0), 0);
  assert.equal(y.at(149), 2);
});

test('loadCsv reads features and labels, by name or index, with quotes, CRLF and other delimiters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainlab-csv-'));
  try {
    const p = join(dir, 'a.csv');
    writeFileSync(p, 'f1,f2,label\r\n1,2.5,0\r\n-3,"4",1\r\n\r\n5e-1,6,1\r\n');
    const d = loadCsv(p, { labelColumn: 'label' });
    assert.deepEqual(d.featureNames, ['f1', 'f2']);
    assert.equal(d.labelName, 'label');
    assert.deepEqual(d.x.toArray(), [[1, 2.5], [-3, 4], [0.5, 6]]);
    assert.equal(d.y!.dtype, 'int64');
    assert.deepEqual(d.y!.toArray(), [0, 1, 1]);
    assert.equal(d.dataset.length, 3);
    assert.equal(d.dataset.numberDType, 'int64');
    const q = join(dir, 'b.csv');
    writeFileSync(q, 'setosa;1;2\nvirginica;3;4\nsetosa;5;6\n');
    const e = loadCsv(q, { header: false, delimiter: ';', labelColumn: 0 });
    assert.deepEqual(e.featureNames, ['column1', 'column2']);
    assert.deepEqual(e.classNames, ['setosa', 'virginica']);
    assert.deepEqual(e.y!.toArray(), [0, 1, 0]);
    const r = join(dir, 'c.csv');
    writeFileSync(r, 'x,y\n1,0.5\n2,1.5\n');
    const f = loadCsv(r, { labelColumn: 'y' });
    assert.equal(f.y!.dtype, 'float32'); // non-integer labels: regression targets
    assert.equal(loadCsv(r).x.shape[1], 2);
    assert.equal(loadCsv(r).y, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadCsv: malformed rows and empty files raise FormatErrors naming the line and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainlab-csv-'));
  const file = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p; };
  try {
    const fmt = (re: RegExp) => (e: Error) => e instanceof FormatError && re.test(e.message);
    assert.throws(() => loadCsv(file('count.csv', 'a,b\n1,2\n3\n')), fmt(/line 3.*expected 2 fields.*found 1/));
    assert.throws(() => loadCsv(file('nan.csv', 'a,b\n1,2\n3,abc\n')), fmt(/line 3, column 2 \(b\): "abc"/));
    assert.throws(() => loadCsv(file('blank.csv', 'a,b\n1,\n')), fmt(/line 2, column 2/));
    assert.throws(() => loadCsv(file('empty.csv', '')), fmt(/empty/));
    assert.throws(() => loadCsv(file('ws.csv', '\n \n')), fmt(/empty/));
    assert.throws(() => loadCsv(file('head.csv', 'a,b\n')), fmt(/no data rows/));
    assert.throws(() => loadCsv(file('mixed.csv', 'a,l\n1,0\n2,cat\n'), { labelColumn: 'l' }), fmt(/line 3.*"cat"/));
    assert.throws(() => loadCsv(file('ok.csv', 'a,b\n1,2\n'), { labelColumn: 'zzz' }), (e: Error) => e instanceof ValueError && /a, b/.test(e.message));
    // quoting damage: a quote never closed, or text glued after a closing quote, is not a number
    assert.throws(() => loadCsv(file('open.csv', 'a,b\n1,2\n3,"4\n')), fmt(/line 3, column 2: unterminated quoted field/));
    assert.throws(() => loadCsv(file('glued.csv', 'a,b\n1,"2"3\n')), fmt(/line 2, column 2: text after the closing quote/));
    // numbers are decimal: hex, binary and octal literals that Number() would accept are errors
    assert.throws(() => loadCsv(file('hex.csv', 'a,b\n0x10,2\n')), fmt(/line 2, column 1 \(a\): "0x10" is not a finite number/));
    assert.throws(() => loadCsv(file('bin.csv', 'a,b\n1,0b11\n')), fmt(/line 2, column 2 \(b\): "0b11"/));
    // what is well formed still loads: BOM, CRLF, quoted fields (with "" and the delimiter inside), trailing blank lines
    const ok = loadCsv(file('good.csv', '\uFEFF"a","b,c"\r\n" 1.5","-2e1"\r\n3,.5\r\n\r\n\r\n'));
    assert.deepEqual(ok.featureNames, ['a', 'b,c']);
    assert.deepEqual(ok.x.toArray(), [[1.5, -20], [3, 0.5]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('makeBlobs: shapes, balanced classes, clusters around their centres, seeded', () => {
  const b = makeBlobs({ nSamples: 301, centers: 3, nFeatures: 2, generator: new Generator(0) });
  assert.deepEqual(b.x.shape, [301, 2]);
  assert.deepEqual(counts(b.y, 3), [101, 100, 100]); // floor(301/3) = 100 each, remainder 1 to class 0
  const xd = b.x.contiguousData(), yd = b.y.contiguousData();
  for (let k = 0; k < 3; k++) {
    const rows = [...Array(301).keys()].filter((i) => yd[i] === k);
    for (let f = 0; f < 2; f++) {
      const m = rows.reduce((s, i) => s + xd[i * 2 + f], 0) / rows.length;
      // std 1 and ~100 samples: the class mean has sd 0.1 around the centre
      assert.ok(Math.abs(m - b.centers[k][f]) < 0.5, `class ${k} mean ${m} vs ${b.centers[k][f]}`);
    }
  }
  const again = makeBlobs({ nSamples: 301, centers: 3, generator: new Generator(0) });
  assert.deepEqual(Array.from(again.x.contiguousData()), Array.from(xd));
  assert.throws(() => makeBlobs({ nSamples: 0 }), ValueError);
});

test('makeMoons without noise lies exactly on the two half circles', () => {
  const m = makeMoons({ nSamples: 101, generator: new Generator(0) });
  assert.deepEqual(counts(m.y, 2), [50, 51]);
  const xd = m.x.contiguousData(), yd = m.y.contiguousData();
  for (let i = 0; i < 101; i++) {
    const [a, b] = [xd[2 * i], xd[2 * i + 1]];
    // class 0: a² + b² = 1, b ≥ 0 ; class 1: (a − 1)² + (b − 0.5)² = 1, b ≤ 0.5
    const r = yd[i] === 0 ? a * a + b * b : (a - 1) ** 2 + (b - 0.5) ** 2;
    assert.ok(Math.abs(r - 1) < 1e-6 && (yd[i] === 0 ? b >= -1e-7 : b <= 0.5 + 1e-7));
  }
});

test('makeSpirals: K balanced arms inside the unit disc', () => {
  const s = makeSpirals({ nSamples: 300, nClasses: 4, generator: new Generator(1) });
  assert.deepEqual(s.x.shape, [300, 2]);
  assert.deepEqual(counts(s.y, 4), [75, 75, 75, 75]);
  const xd = s.x.contiguousData();
  for (let i = 0; i < 300; i++) assert.ok(Math.hypot(xd[2 * i], xd[2 * i + 1]) <= 1 + 1e-6);
  assert.throws(() => makeSpirals({ nClasses: 1 }), ValueError);
});

test('makeRegression: y = Xw + b exactly without noise; residual sd ≈ noise with it', () => {
  const r = makeRegression({ nSamples: 50, nFeatures: 3, generator: new Generator(2) });
  assert.deepEqual(r.x.shape, [50, 3]);
  assert.deepEqual(r.y.shape, [50, 1]);
  assert.equal(r.w.length, 3);
  const xd = r.x.contiguousData(), yd = r.y.contiguousData();
  for (let i = 0; i < 50; i++) {
    const pred = r.b + r.w.reduce((s, w, j) => s + w * xd[i * 3 + j], 0);
    assert.ok(Math.abs(pred - yd[i]) < 1e-5);
  }
  const n = makeRegression({ nSamples: 4000, weights: [2, -1], bias: 0.5, noise: 0.3, generator: new Generator(3) });
  const nx = n.x.contiguousData(), ny = n.y.contiguousData();
  let ss = 0;
  for (let i = 0; i < 4000; i++) ss += (ny[i] - (0.5 + 2 * nx[2 * i] - nx[2 * i + 1])) ** 2;
  // 4000 residuals of sd 0.3: the sample sd is within ~0.01 of 0.3
  assert.ok(Math.abs(Math.sqrt(ss / 4000) - 0.3) < 0.02);
  assert.deepEqual([n.w, n.b], [[2, -1], 0.5]);
});
