// tidy() and keep(): scoped early release of the tensors a block of code creates (see pool.ts).
import { TrainlabError } from '../errors.js';
import { graph, scopes } from './pool.js';
import { Tensor } from './tensor.js';

const kept = new WeakSet<Tensor>();

/** Exempts `t` from release by the enclosing tidy() scopes; returns it. */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new TrainlabError(`keep: expected a Tensor, got ${t === null ? 'null' : typeof t}`);
  kept.add(t);
  return t;
}

/** The tensors in a result: a tensor, or arrays / Maps / Sets / plain objects holding tensors. */
function collect(x: unknown, out: Set<Tensor>, seen: Set<object>): void {
  if (x === null || typeof x !== 'object' || seen.has(x)) return;
  seen.add(x);
  if (x instanceof Tensor) { out.add(x); return; }
  if (Array.isArray(x) || x instanceof Set) for (const v of x) collect(v, out, seen);
  else if (x instanceof Map) for (const [k, v] of x) { collect(k, out, seen); collect(v, out, seen); }
  else if (Object.getPrototypeOf(x) === Object.prototype) for (const v of Object.values(x)) collect(v, out, seen);
}

/**
 * Runs `fn` and then disposes every tensor it created except those in its result (a tensor, or
 * arrays, Maps, Sets and plain objects of tensors) and those passed to keep(): their buffers go to
 * the next tensors of the same size while still in cache, instead of waiting for the garbage
 * collector. For inference and data preparation loops, like TensorFlow.js's tf.tidy:
 * `const y = tidy(() => model.call(x).softmax(-1))`.
 *
 * A scope in which autograd recorded a graph releases nothing (backward may still read its tensors),
 * nor does one that throws; tensors that require grad (parameters) are never released. A tensor
 * created inside and stored elsewhere (a cache, a module buffer) must be returned or kept, or its next
 * use throws DisposedError. Kept and returned tensors belong to the enclosing scope, if any. Every
 * tensor created in the scope stays alive until it ends: scope each iteration of a loop, not the loop.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TrainlabError(`tidy: expected a function, got ${fn === null ? 'null' : typeof fn}`);
  const scope = { tensors: [] as object[], nodesAtOpen: graph.nodes };
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  if (result instanceof Promise) {
    throw new TrainlabError('tidy: fn returned a Promise; tidy scopes synchronous code only (await inside an async function, then call tidy on the synchronous parts)');
  }
  const parent = scopes.length ? scopes[scopes.length - 1] : null;
  const live = new Set<Tensor>();
  collect(result, live, new Set());
  const built = graph.nodes !== scope.nodesAtOpen;
  for (const o of scope.tensors) {
    const t = o as Tensor;
    if (built || live.has(t) || kept.has(t)) parent?.tensors.push(t);
    else if (!t.readByAutograd) t.dispose();
  }
  return result;
}
