// TensorBoard event files: a SummaryWriter writing scalars and histograms as protobuf Event records
// framed as TFRecords (length, masked CRC32C of the length, data, masked CRC32C of the data).
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { maskedCrc32c } from './crc32c.js';
import { ProtoWriter } from './protobuf.js';

/** TensorBoard's HistogramProto fields (bucket_limit[i] is the right edge of bucket[i]). */
export interface Histogram {
  min: number; max: number; num: number; sum: number; sumSquares: number;
  bucketLimit: number[]; bucket: number[];
}

/** TensorFlow's default bucket edges: ±1e-12·1.1^k up to 1e20, and 0; then +DBL_MAX closes the last bucket. */
const DEFAULT_LIMITS: number[] = (() => {
  const pos: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
  return [...pos.map((v) => -v).reverse(), 0, ...pos, Number.MAX_VALUE];
})();

/**
 * The histogram TensorBoard expects for `values`: bucket i counts the values v with
 * limit[i-1] ≤ v < limit[i] over TensorFlow's default exponential edges; only the buckets from the
 * first to the last non-empty one are kept, plus one empty bucket on the left so its right edge
 * marks where the support starts (as PyTorch's SummaryWriter does).
 */
export function makeHistogram(values: ArrayLike<number>, what = 'makeHistogram'): Histogram {
  if (values.length === 0) throw new ValueError(`${what}: no values to make a histogram of`);
  const counts = new Array<number>(DEFAULT_LIMITS.length).fill(0);
  let min = Infinity, max = -Infinity, sum = 0, sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new ValueError(`${what}: value ${v} at index ${i}: a histogram needs finite values`);
    min = Math.min(min, v); max = Math.max(max, v); sum += v; sumSquares += v * v;
    counts[upperBound(DEFAULT_LIMITS, v)]++;
  }
  let first = 0, last = counts.length - 1;
  while (counts[first] === 0) first++;
  while (counts[last] === 0) last--;
  const lo = Math.max(0, first - 1);
  return {
    min, max, num: values.length, sum, sumSquares,
    bucketLimit: DEFAULT_LIMITS.slice(lo, last + 1), bucket: counts.slice(lo, last + 1),
  };
}

/** Index of the first limit strictly greater than v. */
function upperBound(limits: number[], v: number): number {
  let lo = 0, hi = limits.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (limits[mid] > v) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** One TFRecord: u64 length LE, masked CRC32C of those 8 bytes, the data, masked CRC32C of the data. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

function histogramProto(h: Histogram): Uint8Array {
  return new ProtoWriter().double(1, h.min).double(2, h.max).double(3, h.num).double(4, h.sum)
    .double(5, h.sumSquares).packedDoubles(6, h.bucketLimit).packedDoubles(7, h.bucket).finish();
}

/** An Event {wall_time=1, step=2, file_version=3 | summary=5}. */
function eventProto(wallTime: number, step: number, body: { fileVersion?: string; summary?: Uint8Array }): Uint8Array {
  const w = new ProtoWriter().double(1, wallTime).int64(2, step);
  if (body.fileVersion !== undefined) w.string(3, body.fileVersion);
  if (body.summary !== undefined) w.bytes(5, body.summary);
  return w.finish();
}

/** Options of SummaryWriter. */
export interface SummaryWriterOptions {
  /** Events buffered before an automatic flush (PyTorch's max_queue). Default 10. */
  maxQueue?: number;
  /** Appended to the file name, as PyTorch's filename_suffix. */
  filenameSuffix?: string;
}

/**
 * Writes TensorBoard event files to `logDir` (created if missing), named
 * `events.out.tfevents.<secs>.<hostname>`. Events are buffered and written on flush(), close(), or
 * when `maxQueue` are pending.
 * @example
 * const w = new SummaryWriter('runs/exp1');
 * w.addScalar('loss/train', 0.42, step); w.addHistogram('fc1.weight', fc1.weight, step); w.close();
 */
export class SummaryWriter {
  /** The event file being written. */
  readonly path: string;
  private fd: number | null;
  private pending: Uint8Array[] = [];
  private readonly maxQueue: number;

  constructor(readonly logDir: string, opts: SummaryWriterOptions = {}) {
    this.maxQueue = opts.maxQueue ?? 10;
    mkdirSync(logDir, { recursive: true });
    const base = `events.out.tfevents.${Math.floor(Date.now() / 1000)}.${hostname()}${opts.filenameSuffix ?? ''}`;
    let path = join(logDir, base);
    for (let i = 1; existsSync(path); i++) path = join(logDir, `${base}.${i}`);
    this.path = path;
    this.fd = openSync(path, 'wx');
    this.pending.push(frameRecord(eventProto(Date.now() / 1000, 0, { fileVersion: 'brain.Event:2' })));
    this.flush();
  }

  private check(what: string, tag: string, step: number): void {
    if (this.fd === null) throw new ValueError(`SummaryWriter.${what}: the writer for ${this.path} is closed`);
    if (typeof tag !== 'string' || tag.length === 0) throw new ValueError(`SummaryWriter.${what}: tag must be a non-empty string, got ${JSON.stringify(tag)}`);
    if (!Number.isSafeInteger(step)) throw new ValueError(`SummaryWriter.${what}: step must be an integer, got ${step} for tag "${tag}"`);
  }

  private push(event: Uint8Array): void {
    this.pending.push(frameRecord(event));
    if (this.pending.length >= this.maxQueue) this.flush();
  }

  /** Logs a scalar (stored as float32, TensorBoard's simple_value). */
  addScalar(tag: string, value: number | Tensor, step: number, wallTime = Date.now() / 1000): void {
    this.check('addScalar', tag, step);
    const v = value instanceof Tensor ? value.item() : value;
    if (typeof v !== 'number') throw new ValueError(`SummaryWriter.addScalar: value for "${tag}" must be a number, got ${typeof v}`);
    const val = new ProtoWriter().string(1, tag).float(2, v).finish();
    this.push(eventProto(wallTime, step, { summary: new ProtoWriter().bytes(1, val).finish() }));
  }

  /** Logs a histogram of `values` (all elements of a tensor, or an array); see makeHistogram. */
  addHistogram(tag: string, values: Tensor | ArrayLike<number>, step: number, wallTime = Date.now() / 1000): void {
    this.check('addHistogram', tag, step);
    const data = values instanceof Tensor ? values.contiguousData() : values;
    const h = makeHistogram(data, `SummaryWriter.addHistogram("${tag}")`);
    const val = new ProtoWriter().string(1, tag).bytes(5, histogramProto(h)).finish();
    this.push(eventProto(wallTime, step, { summary: new ProtoWriter().bytes(1, val).finish() }));
  }

  /** Writes the pending events to the file. */
  flush(): void {
    if (this.fd === null) return;
    for (const rec of this.pending) {
      let off = 0;
      while (off < rec.length) off += writeSync(this.fd, rec, off, rec.length - off);
    }
    this.pending = [];
  }

  /** Flushes and closes the file; later add* calls raise. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
  }
}
