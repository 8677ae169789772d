// The safetensors format (https://github.com/huggingface/safetensors), with the API of its Python
// package: serialize/deserialize bytes, saveFile/loadFile paths. F32, F64, I64, I32 and BOOL.
import { readFileSync } from 'node:fs';
import { allocArray, type AnyArray, type DType } from '../backend/types.js';
import { FormatError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic-write.js';
import { ST_DTYPES, parseHeader, setOwn, type StDType } from './safetensors-header.js';

export { MAX_HEADER_BYTES, type StDType } from './safetensors-header.js';

/** Tensors by name plus the file's `__metadata__` (string → string). */
export interface SafetensorsContent { tensors: Record<string, Tensor>; metadata: Record<string, string> }

const TO_ST: Record<DType, StDType> = { float32: 'F32', float64: 'F64', int64: 'I64', int32: 'I32', bool: 'BOOL' };
/** Layout order of the reference implementation: dtypes by descending rank (I64, F64, F32, I32, BOOL), then name. */
const RANK: Record<StDType, number> = { BOOL: 0, I32: 1, F32: 2, F64: 3, I64: 4 };

/**
 * Serializes tensors to safetensors bytes. Layout: 8-byte little-endian header length N, N bytes of
 * JSON (`__metadata__` first when given, then one `{dtype, shape, data_offsets}` per tensor in data
 * order), padded with spaces to a multiple of 8, then the raw little-endian data. Data order is the
 * reference implementation's: dtype (I64, F64, F32, I32, BOOL: largest alignment first), then name,
 * so every tensor starts aligned to its element size. Non-contiguous tensors are written contiguously.
 * int64 values must be integers within ±2^53 (they are stored as float64 in trainlab).
 * @example
 * const bytes = safetensors.serialize({ w: tensor([1, 2]) }, { metadata: { format: 'pt' } });
 */
export function serialize(tensors: Record<string, Tensor>, opts: { metadata?: Record<string, string> } = {}): Uint8Array {
  const items = checkInput(tensors, opts.metadata);
  items.sort((a, b) => RANK[TO_ST[b[1].dtype]] - RANK[TO_ST[a[1].dtype]] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const head: Record<string, unknown> = {};
  if (opts.metadata !== undefined) head.__metadata__ = { ...opts.metadata };
  let pos = 0;
  for (const [name, t] of items) {
    const size = t.numel() * ST_DTYPES[TO_ST[t.dtype]].size;
    setOwn(head, name, { dtype: TO_ST[t.dtype], shape: [...t.shape], data_offsets: [pos, pos + size] });
    pos += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(head));
  const n = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + n + pos);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(n), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let off = 8 + n;
  for (const [, t] of items) off = writeData(view, off, t.dtype, t.contiguousData());
  return out;
}

function checkInput(tensors: Record<string, Tensor>, metadata: Record<string, string> | undefined): [string, Tensor][] {
  if (tensors === null || typeof tensors !== 'object' || tensors instanceof Tensor) {
    throw new ValueError('safetensors.serialize: expected an object of named tensors');
  }
  const items = Object.entries(tensors);
  for (const [name, t] of items) {
    if (!(t instanceof Tensor)) throw new ValueError(`safetensors.serialize: "${name}" is not a Tensor (got ${t === null ? 'null' : typeof t})`);
    if (name === '__metadata__') throw new ValueError('safetensors.serialize: "__metadata__" is reserved and cannot name a tensor');
  }
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object') throw new ValueError('safetensors.serialize: metadata must be an object of strings');
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new ValueError(`safetensors.serialize: metadata "${k}" must be a string, got ${typeof v}`);
    }
  }
  return items;
}

function writeData(view: DataView, off: number, dtype: DType, d: AnyArray): number {
  switch (dtype) {
    case 'float32': for (let i = 0; i < d.length; i++, off += 4) view.setFloat32(off, d[i], true); break;
    case 'float64': for (let i = 0; i < d.length; i++, off += 8) view.setFloat64(off, d[i], true); break;
    case 'int32': for (let i = 0; i < d.length; i++, off += 4) view.setInt32(off, d[i], true); break;
    case 'bool': for (let i = 0; i < d.length; i++, off += 1) view.setUint8(off, d[i] ? 1 : 0); break;
    case 'int64':
      for (let i = 0; i < d.length; i++, off += 8) {
        if (!Number.isSafeInteger(d[i])) throw new ValueError(`safetensors.serialize: int64 value ${d[i]} is not an integer within ±2^53`);
        view.setBigInt64(off, BigInt(d[i]), true);
      }
      break;
  }
  return off;
}

/**
 * Tensors and metadata from safetensors bytes. The whole header is validated first (see
 * parseHeader); any problem raises a FormatError naming it and the tensor, and nothing is returned.
 * I64 values beyond ±2^53 (not representable in trainlab's int64) and BOOL bytes other than 0/1 are
 * FormatErrors too. Tensors are returned in file order (the header's key order).
 */
export function deserializeWithMetadata(bytes: Uint8Array, src = 'safetensors'): SafetensorsContent {
  if (!(bytes instanceof Uint8Array)) throw new ValueError('safetensors.deserialize: expected a Uint8Array');
  const h = parseHeader(bytes, src);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tensors: Record<string, Tensor> = {};
  for (const e of h.entries) {
    const { dtype } = ST_DTYPES[e.stDtype];
    const count = e.shape.reduce((a, b) => a * b, 1);
    const data = allocArray(dtype, count);
    readData(view, h.dataStart + e.begin, dtype, data, (msg) => {
      throw new FormatError(`${src}: tensor "${e.name}" (${e.stDtype} ${fmtShape(e.shape)}): ${msg}`);
    });
    setOwn(tensors, e.name, Tensor.fromArray(data, e.shape, dtype));
  }
  return { tensors, metadata: h.metadata };
}

function readData(view: DataView, off: number, dtype: DType, d: AnyArray, fail: (msg: string) => never): void {
  switch (dtype) {
    case 'float32': for (let i = 0; i < d.length; i++, off += 4) d[i] = view.getFloat32(off, true); break;
    case 'float64': for (let i = 0; i < d.length; i++, off += 8) d[i] = view.getFloat64(off, true); break;
    case 'int32': for (let i = 0; i < d.length; i++, off += 4) d[i] = view.getInt32(off, true); break;
    case 'bool':
      for (let i = 0; i < d.length; i++, off += 1) {
        const b = view.getUint8(off);
        if (b > 1) fail(`element ${i} is byte ${b}, a BOOL must be 0 or 1`);
        d[i] = b;
      }
      break;
    case 'int64':
      for (let i = 0; i < d.length; i++, off += 8) {
        const v = view.getBigInt64(off, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
          fail(`element ${i} is ${v}, beyond ±2^53 (trainlab stores int64 as float64)`);
        }
        d[i] = Number(v);
      }
      break;
  }
}

/** Tensors from safetensors bytes (as `safetensors.torch.load`); see deserializeWithMetadata. */
export function deserialize(bytes: Uint8Array): Record<string, Tensor> {
  return deserializeWithMetadata(bytes).tensors;
}

/**
 * Writes tensors to a safetensors file, atomically (temp file + fsync + rename).
 * @example
 * safetensors.saveFile(model.stateDict(), 'model.safetensors', { metadata: { format: 'pt' } });
 */
export function saveFile(tensors: Record<string, Tensor>, path: string, opts: { metadata?: Record<string, string> } = {}): void {
  writeFileAtomic(path, serialize(tensors, opts));
}

/** Tensors and metadata of a safetensors file (FormatError naming the file when corrupt). */
export function loadFileWithMetadata(path: string): SafetensorsContent {
  return deserializeWithMetadata(readFileSync(path), path);
}

/**
 * Tensors of a safetensors file, by name (as `safetensors.torch.load_file`).
 * @example
 * model.loadStateDict(safetensors.loadFile('model.safetensors'));
 */
export function loadFile(path: string): Record<string, Tensor> {
  return loadFileWithMetadata(path).tensors;
}
