// Memory of a model (seed §6.2 benchmark_memory_usage, done exactly): parameter counts and bytes,
// activation bytes counted by the tensor layer's allocation accounting during a forward pass,
// the bytes of a training step (activations + gradients + optimizer state), and a per-layer table
// like torchinfo's (output shape, parameters, activation bytes, MACs).
import { backward } from '../autograd/engine.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import { Conv1d, Conv2d, ConvTranspose2d, GRU, GRUCell, LSTM, LSTMCell, Linear, RNN, RNNCell } from '../nn/index.js';
import { sum } from '../ops/reduce-core.js';
import { Tensor, allocationStats, measureAllocations } from '../tensor/tensor.js';
import { randn } from '../tensor/creation.js';
import type { BenchModel, Hookable } from './model-types.js';

export interface LayerRow {
  name: string;
  type: string;
  outputShape: number[];
  /** Parameters owned by this layer itself (not its children). */
  params: number;
  /** Bytes allocated while this layer's forward ran (its output and temporaries; a view allocates 0). */
  activationBytes: number;
  /** Multiply-accumulates of the forward pass (Linear, convolutions and recurrent layers; 0 for the rest). */
  macs: number;
}

export interface MemoryReport {
  batchSize: number;
  params: number;
  trainableParams: number;
  paramBytes: number;
  /** Bytes allocated by one eval-mode forward under noGrad. */
  activationBytes: number;
  /** Bytes allocated by one training forward that records the graph (what backward keeps alive). */
  trainForwardBytes: number;
  /** Bytes of the trainable parameters' gradients (one per trainable parameter, same dtype). */
  gradientBytes: number;
  /** Bytes allocated by backward() of sum(output) (measured only with an optimizer factory, else null). */
  backwardBytes: number | null;
  /** Optimizer state after one step (measured with an optimizer factory, else the given figure or 0). */
  optimizerStateBytes: number;
  /** params + gradients + optimizer state + training forward: the footprint at the start of backward. */
  trainingStepBytes: number;
  layers: LayerRow[];
  totalMacs: number;
}

/** What benchmarkMemory needs of an optimizer: torch's `state` map (filled on the first step). */
export interface StatefulOptimizer { step(): unknown; state: Map<unknown, Record<string, unknown>> }

export interface MemoryOptions {
  batchSize?: number;
  /** Builds the optimizer whose state to count; one real step is run and then undone. */
  optimizer?: (params: Tensor[]) => StatefulOptimizer;
  /** A known optimizer-state size in bytes, used when no factory is given. */
  optimizerStateBytes?: number;
}

const bytesOf = (t: Tensor) => t.storage.data.BYTES_PER_ELEMENT * t.numel();
const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/**
 * MACs of one forward: Linear = rows·in·out; Conv = outputs·(inC/groups)·∏kernel (each output
 * element is a dot product of that length); ConvTranspose = inputs·(outC/groups)·∏kernel; a
 * recurrent layer = steps·batch·gates·H·(in + H) per layer and direction (the two projections of
 * every step; the pointwise gate math is not counted), a cell the same for one step.
 */
function macsOf(m: Hookable, input: Tensor | undefined, out: Tensor): number {
  if (m instanceof Linear) return (out.numel() / m.outFeatures) * m.inFeatures * m.outFeatures;
  if (m instanceof ConvTranspose2d) return input ? input.numel() * (m.outChannels / m.groups) * prod(m.kernelSize) : 0;
  if (m instanceof Conv2d || m instanceof Conv1d) return out.numel() * (m.inChannels / m.groups) * prod(m.kernelSize);
  if (!input) return 0;
  const gates = m instanceof LSTM || m instanceof LSTMCell ? 4 : m instanceof GRU || m instanceof GRUCell ? 3 : 1;
  if (m instanceof LSTMCell || m instanceof GRUCell || m instanceof RNNCell) {
    return (input.ndim === 2 ? input.shape[0] : 1) * gates * m.hiddenSize * (m.inputSize + m.hiddenSize);
  }
  if (!(m instanceof LSTM || m instanceof GRU || m instanceof RNN)) return 0;
  const H = m.hiddenSize, I = m.inputSize, dirs = m.bidirectional ? 2 : 1;
  const steps = input.numel() / I;  // T·N, whatever the layout
  let macs = 0;
  for (let l = 0; l < m.numLayers; l++) macs += dirs * steps * gates * H * ((l === 0 ? I : dirs * H) + H);
  return macs;
}

/** The tensor a layer's output row shows: the output itself, or the first tensor of an array output (an RNN's sequence). */
function firstTensor(v: unknown): Tensor | undefined {
  if (v instanceof Tensor) return v;
  if (Array.isArray(v)) for (const x of v) { const t = firstTensor(x); if (t) return t; }
  return undefined;
}

/**
 * Per-layer rows from one forward pass under noGrad, through hooks on every leaf module (removed
 * afterwards), in execution order.
 * @example layerTable(model, randn([1, 784])) // [{ name: '0', type: 'Linear', outputShape: [1, 256], ... }, ...]
 */
export function layerTable(model: BenchModel, x: Tensor): LayerRow[] {
  const rows: LayerRow[] = [];
  const starts = new Map<Hookable, number>();
  const handles: { remove(): void }[] = [];
  for (const [name, m] of model.namedModules()) {
    if (!name || [...m.namedModules()].length !== 1) continue;
    handles.push(m.registerForwardPreHook(() => { starts.set(m, allocationStats.bytes); }));
    handles.push(m.registerForwardHook((_m, input, output) => {
      const out = firstTensor(output), inp = firstTensor(input);
      rows.push({ name, type: m.constructor.name, outputShape: out ? [...out.shape] : [], params: m.parameters({ recurse: false }).reduce((s, p) => s + p.numel(), 0),
        activationBytes: allocationStats.bytes - (starts.get(m) ?? allocationStats.bytes), macs: out ? macsOf(m, inp, out) : 0 });
    }));
  }
  try {
    noGrad(() => model.call(x));
  } finally {
    for (const h of handles) h.remove();
  }
  return rows;
}

/**
 * One training forward (train mode, graph recorded) and, with a factory, backward of sum(output) and
 * one optimizer step; parameters, buffers (running statistics) and gradients are restored afterwards.
 */
function measureStep(model: BenchModel, x: Tensor, ps: Tensor[], factory: MemoryOptions['optimizer'], knownState: number) {
  const tensors = [...ps, ...(model.buffers?.() ?? [])];
  const saved = tensors.map((t) => t.storage.data.slice());
  const grads = ps.map((p) => p.grad);
  try {
    const fwd = measureAllocations(() => model.call(x));
    if (!factory || !ps.length) return { trainForwardBytes: fwd.bytes, backwardBytes: null, optimizerStateBytes: knownState };
    for (const p of ps) p.grad = null;
    const loss = sum(fwd.result);
    const bwd = measureAllocations(() => backward(loss));
    const opt = factory(ps);
    opt.step();
    return { trainForwardBytes: fwd.bytes, backwardBytes: bwd.bytes, optimizerStateBytes: optimizerStateBytes(opt) };
  } finally {
    tensors.forEach((t, i) => { t.storage.data.set(saved[i]); });
    ps.forEach((p, i) => { p.grad = grads[i]; });
  }
}

/**
 * Measures memory for a batch of `[batchSize, ...sampleShape]` (default batch 1). Figures are the
 * exact bytes the tensor layer allocated (views count 0; storage freed by the GC is not subtracted).
 * With `optimizer`, one real training step is run to count optimizer state. Parameters, buffers and
 * gradients are restored afterwards, and the model's train/eval mode.
 * @example benchmarkMemory(mlp, [784], { batchSize: 64, optimizer: (ps) => new Adam(ps) }).trainingStepBytes
 */
export function benchmarkMemory(model: BenchModel, sampleShape: number[], o: MemoryOptions = {}): MemoryReport {
  const batch = o.batchSize ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw new ValueError(`benchmarkMemory: batchSize must be a positive integer, got ${batch}`);
  const x = randn([batch, ...sampleShape]);
  const ps = model.parameters();
  const trainable = ps.filter((p) => p.requiresGrad);
  const params = ps.reduce((s, p) => s + p.numel(), 0);
  const paramBytes = ps.reduce((s, p) => s + bytesOf(p), 0);
  const gradientBytes = trainable.reduce((s, p) => s + bytesOf(p), 0);
  const was = model.training;
  let step: { trainForwardBytes: number; backwardBytes: number | null; optimizerStateBytes: number };
  let activationBytes: number, layers: LayerRow[];
  try {
    model.eval();
    activationBytes = measureAllocations(() => noGrad(() => model.call(x))).bytes;
    layers = layerTable(model, x);
    model.train();
    step = measureStep(model, x, trainable, o.optimizer, o.optimizerStateBytes ?? 0);
  } finally {
    model.train(was);
  }
  return {
    batchSize: batch, params, trainableParams: trainable.reduce((s, p) => s + p.numel(), 0), paramBytes, activationBytes,
    gradientBytes, ...step, trainingStepBytes: paramBytes + gradientBytes + step.optimizerStateBytes + step.trainForwardBytes,
    layers, totalMacs: layers.reduce((s, l) => s + l.macs, 0),
  };
}

/** Bytes of an optimizer's state tensors (after at least one step), e.g. Adam's exp_avg and exp_avg_sq. */
export function optimizerStateBytes(opt: { state: Map<unknown, Record<string, unknown>> }): number {
  let total = 0;
  for (const st of opt.state.values()) {
    for (const v of Object.values(st)) if (v && typeof v === 'object' && 'storage' in (v as object)) total += bytesOf(v as Tensor);
  }
  return total;
}
