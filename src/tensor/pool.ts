// Early release of tensor memory. A JS tensor's buffer is normally freed when the garbage collector
// finds it unreachable, which V8 does in batches, so every large result lands in memory that left
// the cache long ago. Buffers released on purpose (Tensor.dispose, tidy) wait here and go to the next
// tensor of the same byte size while still warm: what PyTorch's reference counting gets for free.
// Also the stack of open tidy() scopes, which the Tensor constructor feeds.
import { ValueError } from '../errors.js';

/** Buffers smaller than this are not pooled (fresh small allocations cost nothing extra). */
export const POOL_MIN_BYTES = 16384;

const DEFAULT_LIMIT = 256 << 20;
let limit = DEFAULT_LIMIT;
let pooledBytes = 0;
let pooledCount = 0;
let reusedCount = 0;
const free = new Map<number, ArrayBuffer[]>();

/**
 * The storage that exclusively owns a pooled-size buffer allocated for a tensor, kept on the buffer
 * itself (a WeakMap keyed by young ArrayBuffers makes V8's scavenges keep them: measured 2× slower
 * `a.add(b)`). A buffer that a second storage wraps loses its owner and is never pooled, so a
 * released buffer is never in use.
 */
const OWNER = Symbol('trainlab.owner');
type Owned = ArrayBufferLike & { [OWNER]?: object | null };

/** Marks `buffer` as owned by `storage` alone (only for buffers this module may later take back). */
export function own(buffer: ArrayBufferLike, storage: object): void {
  if (buffer.byteLength >= POOL_MIN_BYTES) (buffer as Owned)[OWNER] = storage;
}

/** A buffer that one more storage now wraps: shared, so never pooled. */
export function disown(buffer: ArrayBufferLike): void {
  if ((buffer as Owned)[OWNER]) (buffer as Owned)[OWNER] = null;
}

/** Takes `buffer` back from `storage` (its sole owner) for reuse; false when it may not be reused. */
export function release(buffer: ArrayBufferLike, storage: object): boolean {
  const b = buffer as Owned;
  if (b[OWNER] !== storage) return false;
  b[OWNER] = null;
  return recycle(b);
}

/**
 * Takes back a scratch buffer that no tensor wraps and no one else holds (an op's private temporary,
 * from allocUninit), for the next allocation of its size; false when it is not taken (too small,
 * owned by a storage, or the pool is full).
 */
export function recycle(buffer: ArrayBufferLike): boolean {
  const b = buffer as Owned;
  if (b.byteLength < POOL_MIN_BYTES || b[OWNER] || pooledBytes + b.byteLength > limit) return false;
  const list = free.get(b.byteLength);
  if (list) list.push(b as ArrayBuffer);
  else free.set(b.byteLength, [b as ArrayBuffer]);
  pooledBytes += b.byteLength;
  pooledCount++;
  return true;
}

/** The most recently released buffer of exactly `bytes`, if any (contents arbitrary). */
export function take(bytes: number): ArrayBuffer | undefined {
  const b = free.get(bytes)?.pop();
  if (b) {
    pooledBytes -= bytes;
    pooledCount--;
    reusedCount++;
  }
  return b;
}

/**
 * Memory held for reuse (released buffers not yet taken by a new tensor), the pool's limit, and how
 * many allocations so far were served from the pool.
 */
export function memoryStats(): { pooledBytes: number; pooledBuffers: number; limitBytes: number; reused: number } {
  return { pooledBytes, pooledBuffers: pooledCount, limitBytes: limit, reused: reusedCount };
}

/**
 * Drops every pooled buffer (the garbage collector frees them) and optionally sets how many bytes
 * the pool may hold (default 256 MiB; 0 turns pooling off).
 */
export function emptyCache(opts: { limitBytes?: number } = {}): void {
  if (opts.limitBytes !== undefined) {
    if (!Number.isFinite(opts.limitBytes) || opts.limitBytes < 0) {
      throw new ValueError(`emptyCache: limitBytes must be a finite number ≥ 0, got ${opts.limitBytes}`);
    }
    limit = opts.limitBytes;
  }
  free.clear();
  pooledBytes = 0;
  pooledCount = 0;
}

/** An open tidy() scope: the tensors created in it and the graph-node count when it opened. */
export interface Scope {
  tensors: object[];
  nodesAtOpen: number;
}
/** Open scopes, innermost last. */
export const scopes: Scope[] = [];
/** Autograd nodes recorded so far (a scope that recorded any releases nothing: backward may read it). */
export const graph = { nodes: 0 };
