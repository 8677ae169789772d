// Recording an op in the graph: the GradFn implementation, saved-tensor version checks and the
// anomaly scan of forward outputs.
import { AnomalyError, AutogradError, fmtShape } from '../errors.js';
import type { GradFn, Tensor } from '../tensor/tensor.js';
import { graph } from '../tensor/pool.js';
import { isAnomalyEnabled, isGradEnabled } from './grad-mode.js';

export type BackwardFn = (grad: Tensor) => (Tensor | null)[];

class Node implements GradFn {
  private fn: BackwardFn | null;
  private saved: Tensor[];
  private versions: number[];
  constructor(readonly name: string, readonly inputs: readonly (Tensor | null)[], fn: BackwardFn, saved: Tensor[]) {
    this.fn = fn;
    this.saved = saved;
    this.versions = saved.map((t) => t.storage.version);
  }
  get released(): boolean { return this.fn === null; }
  release(): void { this.fn = null; this.saved = []; }
  backward(grad: Tensor): (Tensor | null)[] {
    if (!this.fn) {
      throw new AutogradError(`backward: trying to backward through the graph a second time (${this.name}); ` +
        'its saved tensors were freed after the first backward. Pass { retainGraph: true } to the first backward.');
    }
    this.saved.forEach((t, i) => {
      if (t.storage.version !== this.versions[i]) {
        throw new AutogradError(`backward: a ${fmtShape(t.shape)} ${t.dtype} tensor saved by ${this.name} was modified ` +
          `by an in-place operation (version ${this.versions[i]} when saved, now ${t.storage.version})`);
      }
    });
    return this.fn(grad);
  }
}

/** Whether an op on these inputs should record a node. */
export function needsGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

/** Throws AnomalyError when `t` holds NaN or Inf (only while anomaly detection is on). */
export function checkAnomaly(t: Tensor, op: string, phase: 'forward' | 'backward'): void {
  if (!isAnomalyEnabled() || (t.dtype !== 'float32' && t.dtype !== 'float64')) return;
  const d = t.contiguousData();
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new AnomalyError(`detectAnomaly: ${op} produced ${Number.isNaN(d[i]) ? 'NaN' : 'Inf'} in its ${phase} ` +
        `output (shape ${fmtShape(t.shape)}, element ${i})`);
    }
  }
}

/** `LogBackward` → `log`: the op name as users call it. */
function forwardName(node: string): string {
  const base = node.replace(/Backward$/, '');
  return base.charAt(0).toLowerCase() + base.slice(1);
}

/**
 * Attaches a backward node to `out` when any input requires grad and grad mode is on.
 * `saved` lists tensors the backward reads, so in-place changes to them are caught and dispose()
 * refuses them.
 */
export function record(name: string, out: Tensor, inputs: readonly (Tensor | null)[], backward: BackwardFn,
  saved: Tensor[] = []): Tensor {
  if (isAnomalyEnabled()) checkAnomaly(out, forwardName(name), 'forward');
  if (!needsGrad(inputs)) return out;
  out.requiresGrad = true;
  out.gradFn = new Node(name, inputs.map((t) => (t && t.requiresGrad ? t : null)), backward, saved);
  // the backward reads the saved tensors: none of them may be disposed (tidy also watches the count)
  graph.nodes++;
  for (const t of saved) t.savedByGraph = true;
  return out;
}
