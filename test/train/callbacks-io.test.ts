// ModelCheckpoint (best/last safetensors, name templates, full checkpoints) and TensorBoardLogger
// (scalars per epoch, weight and gradient histograms) on the hand-iterated y = w·x run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueError, optim } from '../../src/index.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
import { ModelCheckpoint, TensorBoardLogger, TrainingMonitor, fit, safetensors, scalarTag, type Callback } from '../../src/train/index.js';
import { mse, tinyLinear, tinyLoader } from './train-helpers.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'trainlab-cb-'));
  try { fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** Train on y = 2x, validate on y = x, SGD lr 0.01 from w = 0: valLoss is smallest after epoch 3 (see callbacks-early-stopping). */
function run(epochs: number, callbacks: Callback[]) {
  const model = tinyLinear(0);
  const weights: number[] = [];
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const r = fit({ model, lossFn: mse, optimizer, trainLoader: tinyLoader(), valLoader: tinyLoader(3, 1), epochs,
    callbacks: [{ onEpochEnd: () => { weights.push(model.weight.item()); } }, ...callbacks] });
  return { model, optimizer, weights, history: r.history };
}
const argmin = (xs: number[]) => xs.reduce((b, v, i) => (v < xs[b] ? i : b), 0);

test('ModelCheckpoint(dirpath): best.safetensors holds the best epoch, last.safetensors the last', () => withDir((dir) => {
  const ck = new ModelCheckpoint({ dirpath: dir });
  const { weights, history } = run(6, [ck]);
  const best = argmin(history.map((h) => h.valLoss));
  const b = safetensors.loadFileWithMetadata(join(dir, 'best.safetensors'));
  assert.equal(b.tensors.weight.item(), weights[best]);
  assert.equal(b.metadata.epoch, String(best + 1));
  assert.deepEqual(JSON.parse(b.metadata.logs), history[best]);
  assert.equal(safetensors.loadFile(join(dir, 'last.safetensors')).weight.item(), weights[5]);
  assert.deepEqual([ck.bestEpoch, ck.best], [best, history[best].valLoss]);
  // written files: best at every improvement, last every epoch
  assert.equal(ck.saved.filter((p) => p.endsWith('last.safetensors')).length, 6);
  assert.equal(ck.saved.filter((p) => p.endsWith('best.safetensors')).length, best + 1);
  assert.deepEqual(readdirSync(dir).sort(), ['best.safetensors', 'last.safetensors']); // no temp files left
}));

test('ModelCheckpoint(filepath): templates, every epoch or only improvements, mode max', () => withDir((dir) => {
  const every = new ModelCheckpoint({ filepath: join(dir, 'ep{epoch}-{valLoss}.safetensors'), saveBest: false });
  const { history } = run(3, [every]);
  assert.deepEqual(readdirSync(dir).sort(), history.map((h) => `ep${h.epoch}-${h.valLoss.toFixed(4)}.safetensors`).sort());
  withDir((d2) => {
    // mode max on valLoss: saved at every new running maximum of the recorded valLoss
    const worst = new ModelCheckpoint({ filepath: join(d2, 'w{epoch}.safetensors'), mode: 'max' });
    const h = run(5, [worst]).history.map((e) => e.valLoss);
    const expected = h.flatMap((v, i) => (h.slice(0, i).every((u) => v > u) ? [`w${i + 1}.safetensors`] : []));
    assert.ok(expected.length >= 1 && expected.length < 5, `${h}`);
    assert.deepEqual(readdirSync(d2).sort(), expected.sort());
  });
  assert.throws(() => new ModelCheckpoint({} as never), (e: Error) => e instanceof ValueError && /exactly one of dirpath/.test(e.message));
  assert.throws(() => new ModelCheckpoint({ dirpath: dir, filepath: 'x' }), /exactly one of dirpath/);
  assert.throws(() => run(1, [new ModelCheckpoint({ dirpath: dir, monitor: 'valAccuracy' })]), /'valAccuracy' is not logged/);
  assert.throws(() => run(1, [new ModelCheckpoint({ filepath: join(dir, '{valF1}.st'), saveBest: false })]), /names \{valF1\}, which is not logged/);
}));

test('ModelCheckpoint({ full }): a full checkpoint resumes model, optimizer state, epoch and history', () => withDir((dir) => {
  const monitor = new TrainingMonitor();
  const ck = new ModelCheckpoint({ dirpath: dir, saveLast: true, full: { monitor } });
  const { model, optimizer } = run(4, [monitor, ck]);
  const fresh = tinyLinear(5);
  const opt2 = new optim.SGD(fresh.parameters(), { lr: 0.01, momentum: 0.9 });
  const got = loadCheckpoint(join(dir, 'last.safetensors'), { model: fresh, optimizer: opt2 });
  assert.deepEqual([got.epoch, got.step], [4, 8]);
  assert.equal(fresh.weight.item(), model.weight.item());
  const buf = (o: optim.SGD, m: typeof model) => (o.state.get(m.weight)?.momentum_buffer as { item(): number }).item();
  assert.equal(buf(opt2, fresh), buf(optimizer, model));
  assert.deepEqual(got.monitorHistory, monitor.toJSON());
}));

/** TFRecord frames: [u64 length][u32 crc][data][u32 crc]; returns the data parts. */
function records(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let p = 0; p < bytes.length;) {
    const n = Number(dv.getBigUint64(p, true));
    out.push(bytes.subarray(p + 12, p + 12 + n));
    p += 12 + n + 4;
  }
  return out;
}

test('TensorBoardLogger: one scalar per logged value per epoch, weight and gradient histograms', () => withDir((dir) => {
  assert.deepEqual(['trainLoss', 'valAccuracy', 'lr', 'trainTop5'].map(scalarTag), ['loss/train', 'accuracy/val', 'lr', 'top5/train']);
  const tb = new TensorBoardLogger(dir, { perStep: true });
  run(3, [tb]);
  const files = readdirSync(dir);
  assert.equal(files.length, 1);
  const recs = records(readFileSync(join(dir, files[0])));
  // 1 file-version event + 3 epochs × (2 steps + 3 scalars [trainLoss, lr, valLoss] + 2 histograms)
  assert.equal(recs.length, 1 + 3 * (2 + 3 + 2));
  const text = recs.map((r) => Buffer.from(r).toString('latin1'));
  for (const tag of ['loss/step', 'loss/train', 'loss/val', 'lr', 'weights/weight', 'grads/weight']) {
    assert.ok(text.some((t) => t.includes(tag)), tag);
  }
  assert.ok(!text.some((t) => t.includes('epoch')), 'the epoch number is the step, not a scalar');
  assert.equal(tb.writer, null); // closed at train end
  assert.ok(existsSync(join(dir, files[0])));
}));
