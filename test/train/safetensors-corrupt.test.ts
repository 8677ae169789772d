// safetensors: a corpus of damaged files (truncations, bad lengths, bad JSON, bad entries, bad
// offsets, unsupported dtypes, unrepresentable values); each must raise a FormatError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError, tensor } from '../../src/index.js';
import * as safetensors from '../../src/train/safetensors.js';

const good = safetensors.serialize({
  a: tensor([1, 2, 3], { dtype: 'float32' }),
  n: tensor([7], { dtype: 'int64' }),
  m: tensor([1, 0], { dtype: 'bool' }),
}, { metadata: { format: 'pt' } });

/** A file with the given header text (padded to 8) and data bytes. */
function file(header: string | object, data: number[] | Uint8Array = [], lenOverride?: bigint): Uint8Array {
  let h = typeof header === 'string' ? header : JSON.stringify(header);
  h += ' '.repeat((8 - (Buffer.byteLength(h) % 8)) % 8);
  const hb = Buffer.from(h, 'utf8');
  const out = new Uint8Array(8 + hb.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lenOverride ?? BigInt(hb.length), true);
  out.set(hb, 8);
  out.set(data, 8 + hb.length);
  return out;
}

function expectFormatError(bytes: Uint8Array, re: RegExp, what: string): void {
  assert.throws(() => safetensors.deserialize(bytes), (e: Error) => {
    assert.ok(e instanceof FormatError, `${what}: expected FormatError, got ${e.name}: ${e.message}`);
    assert.match(e.message, re, what);
    return true;
  }, what);
}

test('the uncorrupted file loads', () => {
  assert.deepEqual(Object.keys(safetensors.deserialize(good)).sort(), ['a', 'm', 'n']);
});

test('truncation at every byte position is a FormatError', () => {
  for (let cut = 0; cut < good.length; cut++) {
    expectFormatError(good.slice(0, cut), /too short|past the end|cover|data buffer/, `truncated at ${cut}/${good.length}`);
  }
});

test('trailing garbage after the data is a FormatError', () => {
  expectFormatError(Uint8Array.from([...good, 0]), /trailing bytes/, 'one extra byte');
});

const f32 = (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setFloat32(0, v, true); return [...b]; };
const x = (offs: unknown, dtype: unknown = 'F32', shape: unknown = [1]) => ({ dtype, shape, data_offsets: offs });

const corpus: [string, Uint8Array, RegExp][] = [
  ['header length 2^63', file({}, [], 2n ** 63n), /exceeds the 100000000-byte limit/],
  ['header length beyond the file', file({ a: x([0, 4]) }, f32(1), 1000n), /runs past the end/],
  ['header length 0', file('', [], 0n), /too small/],
  ['header not JSON', file('{"a": [1, 2', []), /not valid JSON/],
  ['header not UTF-8', file(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1'), []).map((b, i) => (i === 9 ? 0xff : b)), /UTF-8|JSON/],
  ['header a JSON array', file('[1,2,3]'), /must be a JSON object, got an array/],
  ['header a JSON number', file('12345678'), /must be a JSON object, got number/],
  ['entry not an object', file({ a: 5 }), /tensor "a": entry must be an object/],
  ['missing dtype', file({ a: { shape: [1], data_offsets: [0, 4] } }, f32(1)), /tensor "a": missing field "dtype"/],
  ['missing shape', file({ a: { dtype: 'F32', data_offsets: [0, 4] } }, f32(1)), /tensor "a": missing field "shape"/],
  ['missing data_offsets', file({ a: { dtype: 'F32', shape: [1] } }, f32(1)), /tensor "a": missing field "data_offsets"/],
  ['unknown dtype', file({ a: x([0, 4], 'Q7') }, f32(1)), /tensor "a": unknown dtype "Q7"/],
  ['unsupported dtype F16', file({ a: x([0, 2], 'F16') }, [0, 0]), /tensor "a": dtype F16 is not supported/],
  ['unsupported dtype BF16', file({ a: x([0, 2], 'BF16') }, [0, 0]), /dtype BF16 is not supported/],
  ['negative shape', file({ a: x([0, 4], 'F32', [-1]) }, f32(1)), /tensor "a": shape must be an array of non-negative integers/],
  ['fractional shape', file({ a: x([0, 4], 'F32', [1.5]) }, f32(1)), /shape must be/],
  ['shape not an array', file({ a: x([0, 4], 'F32', 4) }, f32(1)), /shape must be/],
  ['offsets wrong arity', file({ a: x([0]) }, f32(1)), /data_offsets must be \[begin, end\]/],
  ['negative offset', file({ a: x([-4, 0]) }, f32(1)), /data_offsets must be/],
  ['end before begin', file({ a: x([4, 0]) }, f32(1)), /end before they begin/],
  ['size mismatch', file({ a: x([0, 4], 'F32', [2]) }, f32(1)), /tensor "a": shape \[2\] of F32 needs 8 bytes, data_offsets \[0, 4\] give 4/],
  ['offsets out of range', file({ a: x([4, 8]) }, f32(1)), /tensor "a": data_offsets \[4, 8\] run past the 4-byte data buffer/],
  ['overlapping tensors', file({ a: x([0, 4]), b: x([0, 4]) }, f32(1)), /overlap/],
  ['partly overlapping', file({ a: x([0, 8], 'F32', [2]), b: x([4, 12], 'F32', [2]) }, [...f32(1), ...f32(2), ...f32(3)]), /tensor "b".*overlap tensor "a"/],
  ['gap between tensors', file({ a: x([0, 4]), b: x([8, 12]) }, [...f32(1), ...f32(2), ...f32(3)]), /tensor "b": gap in the data buffer: bytes 4..8/],
  ['data not fully covered', file({ a: x([0, 4]) }, [...f32(1), ...f32(2)]), /trailing bytes/],
  ['metadata not an object', file({ __metadata__: [1], a: x([0, 4]) }, f32(1)), /__metadata__ must be an object/],
  ['metadata value not a string', file({ __metadata__: { epoch: 3 }, a: x([0, 4]) }, f32(1)), /__metadata__ value "epoch" must be a string/],
  ['int64 beyond 2^53', file({ n: x([0, 8], 'I64') }, [0, 0, 0, 0, 0, 0, 0x40, 0]), /tensor "n".*beyond ±2\^53/],
  ['bool byte 2', file({ m: x([0, 2], 'BOOL', [2]) }, [1, 2]), /tensor "m".*element 1 is byte 2/],
  ['file shorter than 8 bytes', Uint8Array.from([1, 0, 0]), /too short/],
];

for (const [what, bytes, re] of corpus) {
  test(`damaged file: ${what} -> FormatError`, () => expectFormatError(bytes, re, what));
}

test('loadFile names the file in the error', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'stc-'));
  try {
    const p = join(dir, 'bad.safetensors');
    writeFileSync(p, good.slice(0, 20));
    assert.throws(() => safetensors.loadFile(p), (e: Error) => e instanceof FormatError && e.message.startsWith(`${p}: header length`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('names that are Object.prototype keys ("__proto__", "constructor") load as tensors and metadata, and round-trip', () => {
  // JSON.parse keeps "__proto__" as an own key; assigning it to a plain object would instead replace the
  // prototype and silently drop the tensor (a partial load).
  const bytes = file('{"__metadata__":{"__proto__":"p","constructor":"c"},"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
    '"constructor":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', new Uint8Array(new Float32Array([1.5, -2]).buffer));
  const { tensors, metadata } = safetensors.deserializeWithMetadata(bytes);
  assert.deepEqual(Object.keys(tensors), ['__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(tensors), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(tensors, '__proto__')?.value.toArray(), [1.5]);
  assert.deepEqual(Object.keys(metadata), ['__proto__', 'constructor']);
  assert.equal(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value, 'p');
  const again = safetensors.deserializeWithMetadata(safetensors.serialize(tensors, { metadata }));
  assert.deepEqual(Object.keys(again.tensors).sort(), ['__proto__', 'constructor']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(again.tensors, '__proto__')?.value.toArray(), [1.5]);
  assert.equal(Object.getOwnPropertyDescriptor(again.metadata, '__proto__')?.value, 'p');
});
