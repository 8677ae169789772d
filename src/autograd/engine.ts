// The backward engine: an iterative topological walk from the root (no recursion, so a chain of
// 10,000 ops cannot overflow the stack), gradient accumulation, hooks and graph release.
import { backend } from '../backend/index.js';
import { AutogradError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from './grad-mode.js';
import { checkAnomaly } from './node.js';

export interface BackwardOptions {
  /** Keep the graph's saved tensors so backward can run through it again. */
  retainGraph?: boolean;
}

/** Gradients a backward function allocated for this call alone (no other tensor shares their storage). */
const exclusive = new WeakSet<Tensor>();

/**
 * Marks a tensor a backward function just allocated and returns nowhere else, so that when it
 * reaches a leaf without hooks the engine adopts it as `.grad` instead of copying it.
 */
export function markExclusiveGrad(t: Tensor): Tensor {
  exclusive.add(t);
  return t;
}

/** a + b for two same-shape gradients, into a fresh contiguous tensor. */
function addGrads(a: Tensor, b: Tensor): Tensor {
  const out = Tensor.uninit(a.shape, a.dtype);
  const view = (t: Tensor) => ({ data: t.storage.data, offset: t.offset, strides: t.strides });
  backend().binary('add', view(a), view(b), a.shape, out.storage.data);
  return out;
}

/** Topological order (inputs before outputs) of the tensors reachable from root through gradFns. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.gradFn ? t.gradFn.inputs : [];
    if (i < inputs.length) {
      top[1]++;
      const child = inputs[i];
      if (child && !visited.has(child)) { visited.add(child); stack.push([child, 0]); }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

function runHooks(t: Tensor, g: Tensor): Tensor {
  for (const h of t.gradHooks) {
    const r = h(g);
    if (r instanceof Tensor) {
      if (!sameShape(r.shape, t.shape)) throw new ShapeError(`backward: hook returned a gradient of shape ${fmtShape(r.shape)} for a tensor of shape ${fmtShape(t.shape)}`);
      g = r;
    }
  }
  return g;
}

function accumulateInto(t: Tensor, g: Tensor): void {
  if (t.grad === null) {
    if (exclusive.has(g) && t.isLeaf && t.gradHooks.length === 0 && g.dtype === t.dtype && g.offset === 0 &&
      g.isContiguous() && g.storage.data.length === g.numel()) {
      // a fresh buffer nothing else references: adopt it
      exclusive.delete(g);
      t.grad = g;
      return;
    }
    // own a contiguous copy so later in-place accumulation never writes into another tensor
    t.grad = Tensor.fromArray(g.toTypedArray(), t.shape, t.dtype);
  } else {
    const sum = addGrads(t.grad, g);
    t.grad.storage.data.set(sum.storage.data);
    t.grad.bumpVersion();
  }
}

/**
 * Computes d(root)/d(leaf) for every leaf that requires grad and adds it into `leaf.grad`.
 * `gradient` is d(something)/d(root); it may be omitted only when root is a scalar.
 */
export function backward(root: Tensor, gradient?: Tensor | BackwardOptions | null, options?: BackwardOptions): void {
  let opts = options ?? {};
  if (gradient != null && !(gradient instanceof Tensor)) {
    // backward({ retainGraph: true }): the options in the gradient's place
    if (typeof gradient !== 'object' || Array.isArray(gradient) || options !== undefined) {
      throw new ValueError(`backward: the gradient must be a Tensor (or omitted for a scalar), got ${Array.isArray(gradient) ? 'an array' : typeof gradient}`);
    }
    opts = gradient;
    gradient = null;
  }
  if (!root.requiresGrad) {
    throw new AutogradError('backward: the tensor does not require grad and has no gradFn ' +
      '(did you call it on a detached tensor, inside noGrad, or forget requiresGrad: true?)');
  }
  let seed: Tensor;
  if (gradient == null) {
    if (root.numel() !== 1) {
      throw new AutogradError(`backward: grad can be implicitly created only for scalar outputs, got shape ${fmtShape(root.shape)}; pass a gradient`);
    }
    seed = Tensor.empty(root.shape, root.dtype);
    seed.storage.data[0] = 1;
  } else {
    if (!sameShape(gradient.shape, root.shape)) {
      throw new ShapeError(`backward: gradient has shape ${fmtShape(gradient.shape)} but the output has shape ${fmtShape(root.shape)}`);
    }
    seed = gradient.dtype === root.dtype ? gradient : Tensor.fromArray(castTo(gradient, root), root.shape, root.dtype);
  }
  const order = topoOrder(root);
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  // how many pending entries of `grads` hold each gradient tensor (a backward may pass its incoming
  // gradient through to several inputs)
  const holds = new Map<Tensor, number>([[seed, 1]]);
  const hold = (g: Tensor): void => { holds.set(g, (holds.get(g) ?? 0) + 1); };
  const drop = (g: Tensor): void => {
    const n = holds.get(g)! - 1;
    if (n > 0) holds.set(g, n); else holds.delete(g);
  };
  noGrad(() => {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      let g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      drop(g);
      const hooked = t.gradHooks.length > 0;
      g = runHooks(t, g);
      if (t.isLeaf || t.retainsGrad) accumulateInto(t, g);
      const fn = t.gradFn;
      if (!fn) continue;
      const inGrads = fn.backward(g);
      fn.inputs.forEach((inp, i) => {
        const gi = inGrads[i];
        if (!inp || !gi) return;
        if (!sameShape(gi.shape, inp.shape)) {
          throw new ShapeError(`backward: ${fn.name} returned a gradient of shape ${fmtShape(gi.shape)} for input ${i} of shape ${fmtShape(inp.shape)}`);
        }
        checkAnomaly(gi, fn.name, 'backward');
        const prev = grads.get(inp);
        if (prev) drop(prev);
        const next = prev ? addGrads(prev, gi) : gi;
        grads.set(inp, next);
        hold(next);
      });
      if (!opts.retainGraph) fn.release();
      // the gradient of an intermediate tensor is consumed: release its buffer for the gradients
      // still to come, unless something else may hold it (the caller's, a hook's, a pending entry;
      // a retained .grad is a copy)
      if (g !== gradient && !hooked && !holds.has(g) && !g.readByAutograd) g.dispose();
    }
  });
}

function castTo(g: Tensor, like: Tensor): Float32Array | Float64Array {
  const out = like.dtype === 'float64' ? new Float64Array(g.numel()) : new Float32Array(g.numel());
  out.set(g.contiguousData());
  return out;
}
