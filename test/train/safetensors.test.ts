// safetensors: round trips of every dtype, a byte layout derived by hand, non-contiguous input,
// the PyTorch-written interop files, and the API's input checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, tensor, ValueError } from '../../src/index.js';
import * as safetensors from '../../src/train/safetensors.js';
import { FIXTURES, loadFixture } from '../helpers/fixtures.js';

test('round trip keeps dtype, shape and every value of all five dtypes', () => {
  const src: Record<string, Tensor> = {
    f32: tensor([[1.5, -2.25, 3.4028234663852886e38], [Number.MIN_VALUE * 0, -0, 1e-40]], { dtype: 'float32' }),
    f64: tensor([Math.PI, -1e300, 5e-324], { dtype: 'float64' }),
    i64: tensor([2 ** 53 - 1, -(2 ** 53) + 1, 0, -7], { dtype: 'int64' }),
    i32: tensor([2147483647, -2147483648, 5], { dtype: 'int32' }),
    b: tensor([1, 0, 1, 1], { dtype: 'bool', shape: [2, 2] }),
    scalar: tensor([4], { dtype: 'float32', shape: [] }),
    empty: Tensor.empty([0, 3], 'float32'),
  };
  const back = safetensors.deserialize(safetensors.serialize(src));
  assert.deepEqual(Object.keys(back).sort(), Object.keys(src).sort());
  for (const [k, t] of Object.entries(src)) {
    assert.equal(back[k].dtype, t.dtype, k);
    assert.deepEqual(back[k].shape, t.shape, k);
    assert.deepEqual(Array.from(back[k].contiguousData()), Array.from(t.contiguousData()), k);
  }
  assert.ok(Object.is(back.f32.at(1, 1), -0), 'negative zero survives');
});

test('byte layout of a small file matches the one derived by hand from the spec', () => {
  const bytes = safetensors.serialize({
    b: tensor([1, -2], { dtype: 'int32' }),
    a: tensor([1.5], { dtype: 'float32', shape: [] }),
    c: tensor([1, 0, 1], { dtype: 'bool' }),
    d: tensor([0.25], { dtype: 'float64' }),
    e: tensor([3, -1], { dtype: 'int64' }),
  }, { metadata: { k: 'v' } });
  // Data order: dtype rank I64, F64, F32, I32, BOOL, then name -> e(16 B), d(8), a(4), b(8), c(3).
  const header = '{"__metadata__":{"k":"v"},' +
    '"e":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},' +
    '"d":{"dtype":"F64","shape":[1],"data_offsets":[16,24]},' +
    '"a":{"dtype":"F32","shape":[],"data_offsets":[24,28]},' +
    '"b":{"dtype":"I32","shape":[2],"data_offsets":[28,36]},' +
    '"c":{"dtype":"BOOL","shape":[3],"data_offsets":[36,39]}}';
  const padded = header + ' '.repeat((8 - (header.length % 8)) % 8);
  assert.equal(padded.length % 8, 0);
  const len = [padded.length & 0xff, padded.length >> 8, 0, 0, 0, 0, 0, 0]; // u64 LE (< 65536 here)
  const data = [
    3, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // int64 3, -1 (two's complement)
    0, 0, 0, 0, 0, 0, 0xd0, 0x3f, // 0.25 = 2^-2: sign 0, exponent 1023-2=0x3FD, mantissa 0 -> 0x3FD0000000000000
    0, 0, 0xc0, 0x3f, // 1.5 = 1.1b x 2^0: exponent 127=0x7F, mantissa 0x400000 -> 0x3FC00000
    1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, // int32 1, -2
    1, 0, 1, // bool
  ];
  const expected = Uint8Array.from([...len, ...Buffer.from(padded, 'utf8'), ...data]);
  assert.deepEqual(Array.from(bytes), Array.from(expected));
});

test('no metadata: header has no __metadata__ key; deserializeWithMetadata returns {} then', () => {
  const bytes = safetensors.serialize({ x: tensor([1], { dtype: 'float32' }) });
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(new TextDecoder().decode(bytes.subarray(8, 8 + n)).trimEnd(), '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
  assert.deepEqual(safetensors.deserializeWithMetadata(bytes).metadata, {});
});

test('a non-contiguous tensor (transposed view) is written in row-major order', () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' }).transpose(0, 1); // [[1,4],[2,5],[3,6]]
  const back = safetensors.deserialize(safetensors.serialize({ t }));
  assert.deepEqual(back.t.shape, [3, 2]);
  assert.deepEqual(Array.from(back.t.contiguousData()), [1, 4, 2, 5, 3, 6]);
});

test('saveFile / loadFileWithMetadata round trip on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-'));
  try {
    const p = join(dir, 'm.safetensors');
    safetensors.saveFile({ w: tensor([1, 2, 3], { dtype: 'float64' }) }, p, { metadata: { format: 'pt', note: 'é' } });
    const { tensors, metadata } = safetensors.loadFileWithMetadata(p);
    assert.deepEqual(metadata, { format: 'pt', note: 'é' });
    assert.deepEqual(Array.from(tensors.w.contiguousData()), [1, 2, 3]);
    assert.deepEqual(Array.from(safetensors.loadFile(p).w.contiguousData()), [1, 2, 3]);
    assert.equal(readFileSync(p).length % 8, 0); // 8 + padded header + 24 data bytes
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serialize rejects bad input with ValueError', () => {
  assert.throws(() => safetensors.serialize({ x: 3 as unknown as Tensor }), (e: Error) => e instanceof ValueError && /"x" is not a Tensor/.test(e.message));
  assert.throws(() => safetensors.serialize({ __metadata__: tensor([1]) }), /reserved/);
  assert.throws(() => safetensors.serialize({ x: tensor([1]) }, { metadata: { a: 1 as unknown as string } }), /metadata "a" must be a string/);
  assert.throws(() => safetensors.serialize({ x: Tensor.fromArray(Float64Array.from([0.5]), [1], 'int64') }), /int64 value 0.5/);
  assert.throws(() => safetensors.serialize({ x: Tensor.fromArray(Float64Array.from([2 ** 60]), [1], 'int64') }), /within ±2\^53/);
});

interface InteropCase { model: { layers: { type: string; [k: string]: unknown }[] }; stateDictKeys: string[] }

/** Shapes PyTorch gives each layer's state: Linear [out,in]+[out], Conv2d [out,in,k,k]+[out], BatchNorm2d [n]x4 + []. */
function expectedShapes(c: InteropCase): Record<string, { shape: number[]; dtype: string }> {
  const out: Record<string, { shape: number[]; dtype: string }> = {};
  c.model.layers.forEach((l, i) => {
    const f = (k: string, shape: number[], dtype = 'float32') => { out[`${i}.${k}`] = { shape, dtype }; };
    if (l.type === 'Linear') { f('weight', [l.outFeatures as number, l.inFeatures as number]); f('bias', [l.outFeatures as number]); }
    if (l.type === 'Conv2d') {
      const k = l.kernelSize as number;
      f('weight', [l.outChannels as number, l.inChannels as number, k, k]); f('bias', [l.outChannels as number]);
    }
    if (l.type === 'BatchNorm2d') {
      const n = l.numFeatures as number;
      for (const k of ['weight', 'bias', 'running_mean', 'running_var']) f(k, [n]);
      f('num_batches_tracked', [], 'int64');
    }
  });
  return out;
}

for (const name of ['mlp', 'cnn']) {
  test(`interop: ${name}.safetensors written by PyTorch has the json's keys, dtypes and shapes`, () => {
    const c = loadFixture<InteropCase>(join(FIXTURES, 'interop', `${name}.json`));
    const { tensors, metadata } = safetensors.loadFileWithMetadata(join(FIXTURES, 'interop', `${name}.safetensors`));
    assert.deepEqual(metadata, { format: 'pt' });
    assert.deepEqual(Object.keys(tensors).sort(), [...c.stateDictKeys].sort());
    const want = expectedShapes(c);
    assert.deepEqual(Object.keys(want).sort(), [...c.stateDictKeys].sort());
    for (const k of c.stateDictKeys) {
      assert.equal(tensors[k].dtype, want[k].dtype, k);
      assert.deepEqual(tensors[k].shape, want[k].shape, k);
      const d = tensors[k].contiguousData();
      assert.ok(Array.from(d).every(Number.isFinite), `${k} finite`);
    }
  });
}
