// The Tensor: shared storage + shape, strides, offset and dtype; autograd fields live here too
// (filled in by the autograd layer). Op methods (`a.add(b)`) are installed by src/ops/methods.ts.
import { Buffer } from 'node:buffer';
import { backend } from '../backend/index.js';
import { ARRAY_OF, allocArray, type AnyArray, type DType } from '../backend/types.js';
import { AutogradError, DisposedError, IndexError, ValueError, fmtShape } from '../errors.js';
import { POOL_MIN_BYTES, disown, own, recycle, release, scopes, take } from './pool.js';
import { contiguousStrides, normDim, numel } from './shape.js';

/**
 * Storage shared by a tensor and its views; `version` counts in-place writes (for autograd), `refs`
 * the tensors built on it that were not disposed (absent: unknown, so never released early).
 */
export interface Storage {
  data: AnyArray;
  version: number;
  refs?: number;
}

/** The storage of a disposed tensor: any read of its data throws. */
const DISPOSED: Storage = Object.freeze(Object.defineProperties({} as Storage, {
  data: { get: () => { throw new DisposedError('this tensor was disposed (by dispose() or at the end of the tidy() scope that created it); its memory may hold another tensor now'); } },
  version: { get: () => { throw new DisposedError('this tensor was disposed (by dispose() or at the end of the tidy() scope that created it)'); } },
}));

/** A node of the backward graph: how to turn the output gradient into input gradients. */
export interface GradFn {
  /** PyTorch-style name, e.g. `MulBackward`. */
  readonly name: string;
  /** The tensors the op read; a null entry needs no gradient. */
  readonly inputs: readonly (Tensor | null)[];
  /** Gradients of the inputs (same order as `inputs`), each of the input's shape or null. */
  backward(grad: Tensor): (Tensor | null)[];
  /** Frees what the node saved; a later backward through it raises. */
  release(): void;
  readonly released: boolean;
}

export type GradHook = (grad: Tensor) => Tensor | void;

/** Running totals of tensor storage allocated (views allocate nothing). Read by memory benchmarks. */
export const allocationStats = { bytes: 0, count: 0 };

/**
 * Runs `fn` and returns the bytes and number of storages allocated while it ran: an exact count of
 * the memory its tensors asked for (not an estimate; JS garbage collection is not subtracted).
 */
export function measureAllocations<T>(fn: () => T): { result: T; bytes: number; count: number } {
  const b0 = allocationStats.bytes, c0 = allocationStats.count;
  const result = fn();
  return { result, bytes: allocationStats.bytes - b0, count: allocationStats.count - c0 };
}

/**
 * An array of `n` elements of `dtype` with unspecified contents (its own ArrayBuffer, offset 0), for
 * a kernel that writes every element. Not counted in allocationStats until it becomes a tensor.
 */
export function allocUninit(dtype: DType, n: number): AnyArray {
  const C = ARRAY_OF[dtype] as Float32ArrayConstructor;
  const bytes = n * C.BYTES_PER_ELEMENT;
  // below the pool's floor a zero-filled allocation costs no more than an uninitialised one
  if (bytes < POOL_MIN_BYTES) return allocArray(dtype, n);
  // a released buffer (still warm: the kernels are told so), else a dedicated ArrayBuffer of exactly
  // `bytes`, not zero-filled (allocUnsafeSlow: not from Node's shared Buffer pool)
  const pooled = take(bytes);
  if (pooled) {
    const a = new C(pooled, 0, n);
    backend().noteWarm?.(a);
    return a;
  }
  return new C(Buffer.allocUnsafeSlow(bytes).buffer, 0, n);
}

/**
 * Returns an op's private scratch array (from allocUninit, never wrapped in a tensor, not used after
 * this call) to the pool, so the next op's scratch of that size reuses it while still in cache.
 */
export function releaseScratch(a: AnyArray): void {
  if (poolable(a)) recycle(a.buffer);
}

/** Whether `a` is pool-sized and spans its whole buffer (byteLength is checked first: reading .buffer
 * of a small on-heap array would move it off-heap). */
function poolable(a: AnyArray): boolean {
  return a.byteLength >= POOL_MIN_BYTES && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
}

export class Tensor {
  storage: Storage;
  shape: number[];
  strides: number[];
  offset: number;
  dtype: DType;
  /** Whether gradients flow to this tensor. Only float tensors may require grad. */
  requiresGrad = false;
  /** Accumulated gradient (leaves, and non-leaves after `retainGrad()`). */
  grad: Tensor | null = null;
  /** The op that produced this tensor; null for leaves. */
  gradFn: GradFn | null = null;
  /** Set by retainGrad(): keep .grad on a non-leaf. */
  retainsGrad = false;
  /** Hooks run on this tensor's gradient during backward (see registerHook). */
  gradHooks: GradHook[] = [];
  /** Optional name, used by debugging tools and error messages. */
  name?: string;
  /** Set when an autograd node read this tensor: its backward may read it again, so it is not disposed. */
  savedByGraph = false;

  constructor(storage: Storage, shape: number[], strides: number[], offset: number, dtype: DType) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
    if (storage.refs !== undefined) storage.refs++;
    if (scopes.length !== 0) scopes[scopes.length - 1].tensors.push(this);
  }

  /**
   * A new contiguous tensor over `data` (not copied). Pass `fresh = false` when `data` already
   * belongs to another tensor, so allocation accounting does not count it twice.
   */
  static fromArray(data: AnyArray, shape: readonly number[], dtype: DType, fresh = true): Tensor {
    if (data.length !== numel(shape)) {
      throw new ValueError(`tensor: ${data.length} values do not fill shape ${fmtShape(shape)}`);
    }
    if (fresh) {
      allocationStats.bytes += data.byteLength;
      allocationStats.count++;
    }
    // an array another storage may already wrap: shared from now on, so never released early
    if (data.byteLength >= POOL_MIN_BYTES) disown(data.buffer);  // (reading .buffer of a small array would move it off-heap)
    return new Tensor({ data, version: 0, refs: 0 }, [...shape], contiguousStrides(shape), 0, dtype);
  }

  /** A new zero-filled contiguous tensor. */
  static empty(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    // small arrays come zero-filled from allocUninit; a pool-sized one may be a reused buffer
    const t = Tensor.uninit(shape, dtype);
    if (t.storage.data.byteLength >= POOL_MIN_BYTES) t.storage.data.fill(0);
    return t;
  }

  /**
   * A new contiguous tensor whose elements are NOT initialised (arbitrary values): only for outputs
   * that a kernel overwrites entirely. Skips the zero fill of `empty` on large buffers.
   */
  static uninit(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const t = Tensor.fromArray(allocUninit(dtype, numel(shape)), shape, dtype);
    if (poolable(t.storage.data)) own(t.storage.data.buffer, t.storage);
    return t;
  }

  /** Whether autograd may still read this tensor (it requires grad, has a gradFn, or an op saved it). */
  get readByAutograd(): boolean { return this.requiresGrad || this.gradFn !== null || this.savedByGraph; }

  /** Whether dispose() was called on this tensor (or tidy() released it). */
  get isDisposed(): boolean { return this.storage === DISPOSED; }

  /**
   * Releases this tensor now instead of when the garbage collector finds it: any later use of it
   * throws DisposedError, and once every tensor sharing its storage (views) is disposed, the buffer
   * goes to the next new tensor of the same size while still in cache. Typed arrays read from its
   * storage must not be used afterwards. Refused for tensors autograd may still read (that require
   * grad, have a grad_fn, or were read by a recorded op). Disposing twice does nothing.
   */
  dispose(): void {
    const s = this.storage;
    if (s === DISPOSED) return;
    if (this.readByAutograd) {
      throw new AutogradError(`dispose: a ${fmtShape(this.shape)} tensor that autograd may still read (` +
        `${this.requiresGrad ? 'it requires grad' : this.gradFn ? `grad_fn ${this.gradFn.name}` : 'a recorded op read it'}); leave it to the garbage collector`);
    }
    this.storage = DISPOSED;
    if (s.refs === undefined || --s.refs !== 0) return;
    if (s.data.byteLength >= POOL_MIN_BYTES && release(s.data.buffer, s)) s.data = s.data.subarray(0, 0);
  }

  /** Makes this tensor use `src`'s storage (shared, counted), as a new version of its values. */
  adoptStorage(src: Tensor): void {
    const s = src.storage;
    s.version = Math.max(s.version, this.storage.version + 1);
    if (s.refs !== undefined) s.refs++;
    this.storage = s;
  }

  get ndim(): number { return this.shape.length; }
  get isLeaf(): boolean { return this.gradFn === null; }
  get version(): number { return this.storage.version; }

  numel(): number { return numel(this.shape); }

  /** Size of one dimension (negative counts from the end), or the whole shape. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    if (dim === undefined) return [...this.shape];
    return this.shape[normDim(dim, this.ndim, 'size')];
  }

  isContiguous(): boolean {
    let s = 1;
    for (let d = this.ndim - 1; d >= 0; d--) {
      if (this.shape[d] !== 1 && this.strides[d] !== s) return false;
      s *= this.shape[d];
    }
    return true;
  }

  /**
   * The elements in row-major order: the storage itself when this tensor covers it exactly
   * (do not write to it unless you own the tensor), else a fresh copy.
   */
  contiguousData(): AnyArray {
    const n = this.numel();
    if (this.isContiguous() && this.offset === 0 && this.storage.data.length === n) return this.storage.data;
    return this.toTypedArray();
  }

  /** A fresh contiguous copy of the elements in row-major order. */
  toTypedArray(): AnyArray {
    const out = allocUninit(this.dtype, this.numel());
    backend().copyStrided({ data: this.storage.data, offset: this.offset, strides: this.strides }, this.shape, out);
    return out;
  }

  /** The value of a one-element tensor as a JS number (booleans as 0/1). */
  item(): number {
    if (this.numel() !== 1) {
      throw new ValueError(`item: a tensor with ${this.numel()} elements (shape ${fmtShape(this.shape)}) cannot be converted to a number`);
    }
    return this.storage.data[this.offset];
  }

  /** Nested JS arrays (a number for a 0-d tensor). */
  toArray(): unknown {
    const flat = Array.from(this.contiguousData());
    if (this.ndim === 0) return flat[0];
    const build = (d: number, off: number): unknown[] => {
      const out: unknown[] = [];
      const step = numel(this.shape.slice(d + 1));
      for (let i = 0; i < this.shape[d]; i++) {
        out.push(d === this.ndim - 1 ? flat[off + i] : build(d + 1, off + i * step));
      }
      return out;
    };
    return build(0, 0);
  }

  /** Element at a multi-index (negative indices count from the end). */
  at(...index: number[]): number {
    if (index.length !== this.ndim) throw new IndexError(`at: expected ${this.ndim} indices, got ${index.length}`);
    let off = this.offset;
    index.forEach((i, d) => {
      const s = this.shape[d];
      if (!Number.isInteger(i) || i < -s || i >= s) throw new IndexError(`at: index ${i} is out of bounds for dimension ${d} with size ${s}`);
      off += (i < 0 ? i + s : i) * this.strides[d];
    });
    return this.storage.data[off];
  }

  /** Marks the storage as written in place (autograd checks saved tensors against it). */
  bumpVersion(): void {
    this.storage.version++;
  }

  /** Keep `.grad` on this non-leaf tensor during backward. */
  retainGrad(): this {
    if (!this.isLeaf) this.retainsGrad = true;
    return this;
  }

  /**
   * Registers a hook called with this tensor's gradient during backward; a returned tensor
   * replaces the gradient. Returns a handle whose `remove()` unregisters it.
   */
  registerHook(hook: GradHook): { remove(): void } {
    if (!this.requiresGrad) throw new ValueError("registerHook: cannot register a hook on a tensor that doesn't require gradient");
    this.gradHooks.push(hook);
    return { remove: () => { this.gradHooks = this.gradHooks.filter((h) => h !== hook); } };
  }
}
