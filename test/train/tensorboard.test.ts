// TensorBoard writer: CRC32C against published vectors, TFRecord framing and protobuf fields read
// back by an independent reader written here, histogram buckets checked against their edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, ValueError } from '../../src/index.js';
import { crc32c, maskedCrc32c } from '../../src/train/crc32c.js';
import { SummaryWriter, makeHistogram } from '../../src/train/tensorboard.js';

test('crc32c matches the published check values (RFC 3720 B.4, CRC catalogue)', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

test('masked crc: ((c >>> 15) | (c << 17)) + 0xa282ead8 mod 2^32', () => {
  // c = 0xE3069283: rotr15 = (c >>> 15) | (c << 17) mod 2^32 = 0x1C60D | 0x25060000 = 0x2507C60D;
  // + 0xA282EAD8 = 0xC78AB0E5.
  assert.equal(maskedCrc32c(new TextEncoder().encode('123456789')), 0xc78ab0e5);
});

// ---- an independent reader: TFRecord framing, then a generic protobuf decoder ----
type Field = { no: number; wire: number; v: bigint | Uint8Array | DataView };

function crcRef(b: Uint8Array): number { // bitwise CRC-32C, no table
  let c = ~0 >>> 0;
  for (const x of b) { c ^= x; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0x82f63b78 & -(c & 1)); }
  return ~c >>> 0;
}
const maskRef = (c: number) => (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;

function readRecords(buf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let p = 0; p < buf.length;) {
    const n = Number(dv.getBigUint64(p, true));
    assert.equal(dv.getUint32(p + 8, true), maskRef(crcRef(buf.subarray(p, p + 8))), `length crc at ${p}`);
    const data = buf.subarray(p + 12, p + 12 + n);
    assert.equal(dv.getUint32(p + 12 + n, true), maskRef(crcRef(data)), `data crc at ${p}`);
    out.push(data);
    p += 16 + n;
  }
  return out;
}

function decode(b: Uint8Array): Field[] {
  const out: Field[] = [];
  let p = 0;
  const varint = () => { let r = 0n, s = 0n; for (;;) { const x = b[p++]; r |= BigInt(x & 0x7f) << s; s += 7n; if (!(x & 0x80)) return r; } };
  while (p < b.length) {
    const key = Number(varint());
    const no = key >> 3, wire = key & 7;
    if (wire === 0) out.push({ no, wire, v: varint() });
    else if (wire === 1) { out.push({ no, wire, v: new DataView(b.buffer, b.byteOffset + p, 8) }); p += 8; }
    else if (wire === 5) { out.push({ no, wire, v: new DataView(b.buffer, b.byteOffset + p, 4) }); p += 4; }
    else if (wire === 2) { const n = Number(varint()); out.push({ no, wire, v: b.subarray(p, p + n) }); p += n; }
    else assert.fail(`unexpected wire type ${wire}`);
  }
  return out;
}
const get = (fs: Field[], no: number) => fs.find((f) => f.no === no);
const dbl = (f?: Field) => (f!.v as DataView).getFloat64(0, true);
const doubles = (f?: Field) => { const b = f!.v as Uint8Array; const dv = new DataView(b.buffer, b.byteOffset, b.length); return Array.from({ length: b.length / 8 }, (_, i) => dv.getFloat64(8 * i, true)); };
const str = (f?: Field) => new TextDecoder().decode(f!.v as Uint8Array);

function withWriter(fn: (w: SummaryWriter, dir: string) => void): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'tb-'));
  try {
    const w = new SummaryWriter(join(dir, 'run'));
    fn(w, dir);
    w.close();
    const files = readdirSync(join(dir, 'run'));
    assert.equal(files.length, 1);
    assert.match(files[0], new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    return readRecords(readFileSync(join(dir, 'run', files[0])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('event file: first event is file_version brain.Event:2, then scalars with tag, value and step', () => {
  const recs = withWriter((w) => {
    w.addScalar('loss/train', 0.5, 0, 1000.25);
    w.addScalar('loss/train', tensor([0.25]).sum(), 7, 1001);
    w.addScalar('acc', 1 / 3, 2 ** 40, 1002);
  });
  assert.equal(recs.length, 4);
  const first = decode(recs[0]);
  assert.equal(str(get(first, 3)), 'brain.Event:2');
  assert.ok(dbl(get(first, 1)) > 1.6e9, 'wall_time in seconds since the epoch');
  const want = [['loss/train', 0.5, 0n, 1000.25], ['loss/train', 0.25, 7n, 1001], ['acc', Math.fround(1 / 3), 2n ** 40n, 1002]] as const;
  recs.slice(1).forEach((r, i) => {
    const ev = decode(r);
    assert.equal(dbl(get(ev, 1)), want[i][3]);
    assert.equal(get(ev, 2)?.v ?? 0n, want[i][2]); // proto3 would omit 0, we write it: both read as 0
    const summary = decode(get(ev, 5)!.v as Uint8Array);
    const value = decode(get(summary, 1)!.v as Uint8Array);
    assert.equal(str(get(value, 1)), want[i][0]);
    const sv = get(value, 2)!;
    assert.equal(sv.wire, 5);
    assert.equal((sv.v as DataView).getFloat32(0, true), want[i][1]);
  });
});

test('histogram event: min, max, num, sum, sum_squares and buckets consistent with their edges', () => {
  const values = [0.5, -2, 3, 3, 0, 1e-3];
  const recs = withWriter((w) => w.addHistogram('w', tensor(values, { dtype: 'float64' }), 5, 1));
  const value = decode(get(decode(get(decode(recs[1]), 5)!.v as Uint8Array), 1)!.v as Uint8Array);
  assert.equal(str(get(value, 1)), 'w');
  const h = decode(get(value, 5)!.v as Uint8Array);
  assert.equal(dbl(get(h, 1)), -2);
  assert.equal(dbl(get(h, 2)), 3);
  assert.equal(dbl(get(h, 3)), 6);
  assert.equal(dbl(get(h, 4)), 0.5 - 2 + 3 + 3 + 0 + 1e-3);
  assert.equal(dbl(get(h, 5)), 0.25 + 4 + 9 + 9 + 0 + 1e-6);
  const limits = doubles(get(h, 6)), counts = doubles(get(h, 7));
  assert.equal(limits.length, counts.length);
  assert.equal(counts[0], 0, 'one empty bucket on the left marks where the support starts');
  assert.equal(counts.reduce((a, b) => a + b, 0), 6);
  for (let i = 1; i < limits.length; i++) {
    assert.ok(limits[i] > limits[i - 1], 'edges increase');
    // each bucket counts exactly the values in [previous edge, its edge)
    assert.equal(counts[i], values.filter((v) => v >= limits[i - 1] && v < limits[i]).length, `bucket ${i}`);
    // TensorFlow's default edges: neighbours of one sign differ by a factor 1.1
    if (limits[i - 1] > 0) assert.ok(Math.abs(limits[i] / limits[i - 1] - 1.1) < 1e-9);
    if (limits[i] < 0) assert.ok(Math.abs(limits[i - 1] / limits[i] - 1.1) < 1e-9);
  }
  assert.ok(limits[0] <= -2 && limits.at(-1)! > 3, 'support covered');
});

test('makeHistogram of one value; bad input raises ValueError naming the tag or index', () => {
  const h = makeHistogram([1]);
  assert.deepEqual(h.bucket, [0, 1]);
  assert.ok(h.bucketLimit[0] <= 1 && h.bucketLimit[1] > 1 && h.bucketLimit[1] <= 1.1 + 1e-12);
  assert.throws(() => makeHistogram([]), (e: Error) => e instanceof ValueError && /no values/.test(e.message));
  assert.throws(() => makeHistogram([1, NaN]), /value NaN at index 1/);
  withWriter((w) => {
    assert.throws(() => w.addHistogram('layer1', [Infinity], 0), /addHistogram\("layer1"\): value Infinity/);
    assert.throws(() => w.addScalar('', 1, 0), /tag must be a non-empty string/);
    assert.throws(() => w.addScalar('x', 1, 1.5), /step must be an integer, got 1.5 for tag "x"/);
  });
});

test('writing after close raises; maxQueue flushes automatically', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-'));
  try {
    const w = new SummaryWriter(dir, { maxQueue: 2 });
    w.addScalar('a', 1, 0);
    w.addScalar('a', 2, 1); // second pending event triggers a flush
    assert.equal(readRecords(readFileSync(w.path)).length, 3);
    w.close();
    assert.throws(() => w.addScalar('a', 3, 2), /is closed/);
    const w2 = new SummaryWriter(dir); // same second: a distinct file, nothing overwritten
    w2.close();
    assert.notEqual(w2.path, w.path);
    assert.equal(readRecords(readFileSync(w.path)).length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
