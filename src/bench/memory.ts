// Memory of a model (seed §6.2 benchmark_memory_usage, done exactly): parameter counts and bytes,
// activation bytes counted by the tensor layer's allocation accounting during a forward pass,
// the bytes of a training step (activations + gradients + optimizer state), and a per-layer table
// like torchinfo's (output shape, parameters, activation bytes, MACs).
import { noGrad } from '../autograd/grad-mode.js';
import { allocationStats, measureAllocations, type Tensor } from '../tensor/tensor.js';
import { randn } from '../tensor/creation.js';
import type { BenchModel, Hookable } from './model-types.js';

export interface LayerRow {
  name: string;
  type: string;
  outputShape: number[];
  params: number;
  /** Bytes allocated while this layer's forward ran (its output and temporaries). */
  activationBytes: number;
  /** Multiply-accumulates of the forward pass (Linear and convolutions; 0 for the rest). */
  macs: number;
}

export interface MemoryReport {
  params: number;
  trainableParams: number;
  paramBytes: number;
  /** Bytes allocated by one eval-mode forward under noGrad. */
  activationBytes: number;
  /** Bytes allocated by one training forward that records the graph (what backward keeps alive). */
  trainForwardBytes: number;
  gradientBytes: number;
  optimizerStateBytes: number;
  /** params + gradients + optimizer state + training forward: the step's footprint. */
  trainingStepBytes: number;
  layers: LayerRow[];
  totalMacs: number;
}

const bytesOf = (t: Tensor) => t.storage.data.BYTES_PER_ELEMENT * t.numel();

function macsOf(m: Hookable, input: Tensor | undefined, out: Tensor): number {
  const a = m as unknown as Record<string, unknown>;
  const type = m.constructor.name;
  if (type === 'Linear') return (out.numel() / (a.outFeatures as number)) * (a.inFeatures as number) * (a.outFeatures as number);
  if (type === 'Conv2d' || type === 'Conv1d') {
    const k = (a.kernelSize as number[]).reduce((x, y) => x * y, 1);
    return out.numel() * ((a.inChannels as number) / (a.groups as number)) * k;
  }
  if (type === 'ConvTranspose2d' && input) {
    const k = (a.kernelSize as number[]).reduce((x, y) => x * y, 1);
    return input.numel() * ((a.outChannels as number) / (a.groups as number)) * k;
  }
  return 0;
}

/** Per-layer rows from one forward pass through hooks on every leaf module (removed afterwards). */
export function layerTable(model: BenchModel, x: Tensor): LayerRow[] {
  const rows: LayerRow[] = [];
  const starts = new Map<Hookable, number>();
  const handles: { remove(): void }[] = [];
  for (const [name, m] of model.namedModules()) {
    if (!name || [...m.namedModules()].length !== 1) continue;
    handles.push(m.registerForwardPreHook(() => { starts.set(m, allocationStats.bytes); }));
    handles.push(m.registerForwardHook((_m, input, output) => {
      const out = output as Tensor;
      const inp = (Array.isArray(input) ? input[0] : input) as Tensor | undefined;
      rows.push({ name, type: m.constructor.name, outputShape: [...out.shape], params: m.parameters({ recurse: false }).reduce((s, p) => s + p.numel(), 0),
        activationBytes: allocationStats.bytes - (starts.get(m) ?? allocationStats.bytes), macs: macsOf(m, inp, out) });
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
 * Measures memory for a batch of `[batchSize, ...sampleShape]`. With an optimizer factory, one
 * real training step is run on a throwaway copy of the state to count gradient and optimizer-state bytes.
 */
export function benchmarkMemory(model: BenchModel, sampleShape: number[], o: {
  batchSize?: number;
  optimizerStateBytes?: number;
} = {}): MemoryReport {
  const batch = o.batchSize ?? 1;
  const x = randn([batch, ...sampleShape]);
  const ps = model.parameters();
  const params = ps.reduce((s, p) => s + p.numel(), 0);
  const trainableParams = ps.filter((p) => p.requiresGrad).reduce((s, p) => s + p.numel(), 0);
  const paramBytes = ps.reduce((s, p) => s + bytesOf(p), 0);
  const was = model.training;
  model.eval();
  const activationBytes = measureAllocations(() => noGrad(() => model.call(x))).bytes;
  const layers = layerTable(model, x);
  model.train();
  const trainForwardBytes = measureAllocations(() => model.call(x)).bytes;
  model.train(was);
  const gradientBytes = ps.filter((p) => p.requiresGrad).reduce((s, p) => s + bytesOf(p), 0);
  const optimizerStateBytes = o.optimizerStateBytes ?? 0;
  return {
    params, trainableParams, paramBytes, activationBytes, trainForwardBytes, gradientBytes, optimizerStateBytes,
    trainingStepBytes: paramBytes + gradientBytes + optimizerStateBytes + trainForwardBytes,
    layers, totalMacs: layers.reduce((s, l) => s + l.macs, 0),
  };
}

/** Bytes of an optimizer's state tensors (after at least one step), e.g. Adam's two moments. */
export function optimizerStateBytes(opt: { state: Map<unknown, Record<string, unknown>> }): number {
  let total = 0;
  for (const st of opt.state.values()) {
    for (const v of Object.values(st)) if (v && typeof v === 'object' && 'storage' in (v as object)) total += bytesOf(v as Tensor);
  }
  return total;
}
