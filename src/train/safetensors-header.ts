// Parsing and validation of a safetensors header: every field, offset and size is checked before
// any tensor data is read, so a corrupt file raises a FormatError and nothing is half-loaded.
import type { DType } from '../backend/types.js';
import { FormatError, fmtShape } from '../errors.js';

/** The safetensors dtypes trainlab reads and writes, with their trainlab dtype and byte size. */
export const ST_DTYPES = {
  F32: { dtype: 'float32', size: 4 },
  F64: { dtype: 'float64', size: 8 },
  I64: { dtype: 'int64', size: 8 },
  I32: { dtype: 'int32', size: 4 },
  BOOL: { dtype: 'bool', size: 1 },
} as const satisfies Record<string, { dtype: DType; size: number }>;
export type StDType = keyof typeof ST_DTYPES;

/** Dtypes of the format that trainlab has no tensor type for (named in the error). */
const OTHER_ST_DTYPES = ['F16', 'BF16', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2',
  'U8', 'I8', 'I16', 'U16', 'U32', 'U64', 'C64'];

/** Largest header accepted (as the reference implementation: 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

/** One validated tensor entry of the header. */
export interface HeaderEntry { name: string; stDtype: StDType; shape: number[]; begin: number; end: number }

/** A validated header: entries in file order, metadata, and where the data buffer starts. */
export interface ParsedHeader { entries: HeaderEntry[]; metadata: Record<string, string>; dataStart: number }

/**
 * Sets an own, enumerable property. Plain assignment of the key "__proto__" (a legal tensor or
 * metadata name, kept as an own key by JSON.parse) would replace the prototype and drop the value.
 */
export function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Reads and validates the header of a safetensors buffer. Checks: the 8-byte length against the
 * cap and the buffer, UTF-8 and JSON validity, every entry's fields, dtype, shape × itemsize against
 * its byte range, ranges inside the data buffer, and that the ranges tile the data buffer exactly
 * (no gap, no overlap, nothing left over), as the format requires.
 */
export function parseHeader(bytes: Uint8Array, src = 'safetensors'): ParsedHeader {
  const fail = (msg: string): never => { throw new FormatError(`${src}: ${msg}`); };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n64} exceeds the ${MAX_HEADER_BYTES}-byte limit (corrupt length field?)`);
  const n = Number(n64);
  if (8 + n > bytes.length) fail(`header length ${n} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  if (n < 2) fail(`header length ${n} is too small for a JSON object`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (!isObj(json)) fail(`header must be a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  const head = json as Record<string, unknown>;
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const metadata = parseMetadata(head.__metadata__, fail);
  const entries: HeaderEntry[] = [];
  for (const [name, v] of Object.entries(head)) {
    if (name === '__metadata__') continue;
    entries.push(parseEntry(name, v, dataLen, fail));
  }
  checkCoverage(entries, dataLen, fail);
  return { entries, metadata, dataStart };
}

function parseMetadata(m: unknown, fail: (msg: string) => never): Record<string, string> {
  if (m === undefined || m === null) return {};
  if (!isObj(m)) fail(`__metadata__ must be an object of strings, got ${Array.isArray(m) ? 'an array' : typeof m}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
    if (typeof v !== 'string') fail(`__metadata__ value "${k}" must be a string, got ${typeof v}`);
    setOwn(out, k, v as string);
  }
  return out;
}

function parseEntry(name: string, v: unknown, dataLen: number, fail: (msg: string) => never): HeaderEntry {
  const t = `tensor "${name}"`;
  if (!isObj(v)) fail(`${t}: entry must be an object {dtype, shape, data_offsets}`);
  const e = v as Record<string, unknown>;
  for (const k of ['dtype', 'shape', 'data_offsets']) if (!(k in e)) fail(`${t}: missing field "${k}"`);
  if (typeof e.dtype !== 'string') fail(`${t}: dtype must be a string`);
  const dt = e.dtype as string;
  if (!Object.prototype.hasOwnProperty.call(ST_DTYPES, dt)) {
    fail(OTHER_ST_DTYPES.includes(dt)
      ? `${t}: dtype ${dt} is not supported by trainlab (supported: ${Object.keys(ST_DTYPES).join(', ')})`
      : `${t}: unknown dtype ${JSON.stringify(dt)}`);
  }
  const shape = e.shape;
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(`${t}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  const offs = e.data_offsets;
  if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isCount)) {
    fail(`${t}: data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offs)}`);
  }
  const [begin, end] = offs as number[];
  if (end < begin) fail(`${t}: data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLen) fail(`${t}: data_offsets [${begin}, ${end}] run past the ${dataLen}-byte data buffer`);
  const stDtype = dt as StDType;
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  const want = count * ST_DTYPES[stDtype].size;
  if (!Number.isSafeInteger(want) || want !== end - begin) {
    fail(`${t}: shape ${fmtShape(shape as number[])} of ${dt} needs ${want} bytes, data_offsets [${begin}, ${end}] give ${end - begin}`);
  }
  return { name, stDtype, shape: [...(shape as number[])], begin, end };
}

function checkCoverage(entries: HeaderEntry[], dataLen: number, fail: (msg: string) => never): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev = '';
  for (const e of sorted) {
    if (e.begin < pos) fail(`tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] overlap tensor "${prev}" (ending at ${pos})`);
    if (e.begin > pos) fail(`tensor "${e.name}": gap in the data buffer: bytes ${pos}..${e.begin} belong to no tensor`);
    pos = e.end;
    prev = e.name;
  }
  if (pos !== dataLen) fail(`data buffer is ${dataLen} bytes but the tensors cover ${pos} (trailing bytes or wrong offsets)`);
}
