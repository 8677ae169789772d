// Recurrent layers RNN, LSTM and GRU (torch's gate order, parameter names `weight_ih_l0`, … and init).
// Each layer and direction runs as one fused op over the whole sequence (ops/rnn.ts).
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { mul } from '../../ops/binary.js';
import { gruLayer, lstmLayer, rnnLayer } from '../../ops/rnn.js';
import { squeeze, transpose, unsqueeze } from '../../ops/movement.js';
import { stack } from '../../ops/index.js';
import { bernoulli, full } from '../../tensor/creation.js';
import type { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkPositiveInt, type FactoryOptions } from './linear.js';
import { py, pyFloat } from './util.js';

/** `nonlinearity` of RNN and RNNCell, checked. */
export function checkNonlinearity(v: unknown, op: string): 'tanh' | 'relu' {
  if (v !== 'tanh' && v !== 'relu') throw new ValueError(`${op}: unknown nonlinearity ${JSON.stringify(v)} (expected 'tanh' or 'relu')`);
  return v;
}

export interface RNNOptions extends FactoryOptions {
  numLayers?: number;
  bias?: boolean;
  /** Input and output as [N, T, feature] instead of [T, N, feature]. */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training. */
  dropout?: number;
  bidirectional?: boolean;
}

interface Weights { wIh: Tensor; wHh: Tensor; bIh: Tensor | null; bHh: Tensor | null }
/** One layer in one direction over [T, N, in] (a fused op of ops/rnn.ts): output [T, N, H] and, for LSTM, the last c [N, H]. */
type Layer = (x: Tensor, h0: Tensor, c0: Tensor | null, w: Weights, reverse: boolean) => [Tensor, Tensor | null];

/** LSTM; gates i, f, g, o: c' = f·c + i·g, h' = o·tanh(c'). */
const lstmSeq: Layer = (x, h0, c0, w, reverse) => lstmLayer(x, h0, c0!, w.wIh, w.wHh, w.bIh, w.bHh, reverse);

/** Elman RNN with tanh or relu: h' = act(W_ih·x + b_ih + W_hh·h + b_hh). */
const elmanSeq = (nonlinearity: 'tanh' | 'relu'): Layer => (x, h0, _c0, w, reverse) =>
  [rnnLayer(x, h0, w.wIh, w.wHh, w.bIh, w.bHh, nonlinearity, reverse), null];

/** GRU; gates r, z, n: n = tanh(Wx + r·(Uh + b)), h' = (1 − z)·n + z·h. */
const gruSeq: Layer = (x, h0, _c0, w, reverse) => [gruLayer(x, h0, w.wIh, w.wHh, w.bIh, w.bHh, reverse), null];

/** A recurrent weight of torch's init, U(−1/√hiddenSize, 1/√hiddenSize) (also used by the cells). */
export function recurrentParam(shape: number[], hiddenSize: number, opts: FactoryOptions): Parameter {
  const bound = 1 / Math.sqrt(hiddenSize);
  return new Parameter(uniform_(Tensor.empty(shape, opts.dtype ?? 'float32'), -bound, bound, { generator: opts.generator }));
}

abstract class RNNBase<In extends unknown[], Out> extends Module<In, Out> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  generator?: Generator;

  constructor(gates: number, inputSize: number, hiddenSize: number, opts: RNNOptions) {
    super();
    const op = this.constructor.name;
    this.inputSize = checkPositiveInt(inputSize, 'inputSize', op);
    this.hiddenSize = checkPositiveInt(hiddenSize, 'hiddenSize', op);
    this.numLayers = checkPositiveInt(opts.numLayers ?? 1, 'numLayers', op);
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    this.generator = opts.generator;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(`${op}: dropout must be in [0, 1], got ${this.dropout}`);
    const dirs = this.bidirectional ? 2 : 1;
    const param = (shape: number[]) => recurrentParam(shape, hiddenSize, opts);
    for (let l = 0; l < this.numLayers; l++) {
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${l}${d ? '_reverse' : ''}`;
        const inp = l === 0 ? inputSize : hiddenSize * dirs;
        this.registerParameter(`weight_ih${sfx}`, param([gates * hiddenSize, inp]));
        this.registerParameter(`weight_hh${sfx}`, param([gates * hiddenSize, hiddenSize]));
        if (this.bias) {
          this.registerParameter(`bias_ih${sfx}`, param([gates * hiddenSize]));
          this.registerParameter(`bias_hh${sfx}`, param([gates * hiddenSize]));
        }
      }
    }
  }

  private weights(l: number, d: number): Weights {
    const p = this as unknown as Record<string, Tensor>, sfx = `_l${l}${d ? '_reverse' : ''}`;
    return { wIh: p[`weight_ih${sfx}`], wHh: p[`weight_hh${sfx}`], bIh: p[`bias_ih${sfx}`] ?? null, bHh: p[`bias_hh${sfx}`] ?? null };
  }

  /** Input [T, N, in] (time-major) and zero-filled initial states for an unset `h0`. */
  protected prepare(input: Tensor, h0: Tensor | null): { x: Tensor; batched: boolean; h0: Tensor } {
    const op = this.constructor.name;
    if (input.ndim !== 2 && input.ndim !== 3) throw new ShapeError(`${op}: expected a 2-d (unbatched) or 3-d input, got ${fmtShape(input.shape)}`);
    const batched = input.ndim === 3;
    let x = batched ? input : unsqueeze(input, 1);
    if (batched && this.batchFirst) x = transpose(x, 0, 1);
    if (x.shape[2] !== this.inputSize) throw new ShapeError(`${op}: input ${fmtShape(input.shape)} has ${x.shape[2]} features, expected ${this.inputSize}`);
    const states = [this.numLayers * (this.bidirectional ? 2 : 1), x.shape[1], this.hiddenSize];
    let h = h0 ?? full(states, 0, { dtype: x.dtype });
    if (h0 && !batched) h = unsqueeze(h0, 1);
    if (h.shape.join() !== states.join()) {
      throw new ShapeError(`${op}: initial state ${fmtShape(h0!.shape)} does not match ${fmtShape(batched ? states : [states[0], states[2]])}`);
    }
    return { x, batched, h0: h };
  }

  /** Runs all layers and directions; returns output [T, N, D·H] and final h (and c) [D·L, N, H]. */
  protected run(layer: Layer, x: Tensor, h0: Tensor, c0: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const dirs = this.bidirectional ? 2 : 1;
    const hs: Tensor[] = [], cs: Tensor[] = [];
    let layerIn = x;
    for (let l = 0; l < this.numLayers; l++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const k = l * dirs + d;
        const [out, c] = layer(layerIn, h0.select(0, k), c0 ? c0.select(0, k) : null, this.weights(l, d), d === 1);
        outs.push(out);
        hs.push(out.select(0, d === 1 ? 0 : out.shape[0] - 1));  // the last step of the walk
        if (c) cs.push(c);
      }
      layerIn = dirs === 2 ? this.concatFeatures(outs[0], outs[1]) : outs[0];
      if (this.dropout > 0 && this.training && l < this.numLayers - 1) {
        const keep = 1 - this.dropout;
        const mask = bernoulli(keep, { shape: layerIn.shape, dtype: layerIn.dtype, generator: this.generator });
        layerIn = mul(layerIn, mul(mask, keep > 0 ? 1 / keep : 0));
      }
    }
    return [layerIn, stack(hs, { dim: 0 }), cs.length ? stack(cs, { dim: 0 }) : null];
  }

  /** Joins forward and reverse outputs along the feature dim (stack then reshape, no cat needed). */
  private concatFeatures(a: Tensor, b: Tensor): Tensor {
    const [T, N, H] = a.shape;
    return stack([a, b], { dim: 2 }).reshape(T, N, 2 * H);
  }

  /** Output back to the caller's layout. */
  protected finish(out: Tensor, batched: boolean): Tensor {
    if (!batched) return squeeze(out, 1);
    return this.batchFirst ? transpose(out, 0, 1) : out;
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ', bias=False';
    if (this.batchFirst) s += ', batch_first=True';
    if (this.dropout) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${py(true)}`;
    return s;
  }
}

/**
 * Long short-term memory over a sequence. `call(input, [h0, c0]?)` → `[output, [hN, cN]]`; input
 * [T, N, inputSize] ([N, T, ·] with batchFirst, or unbatched [T, inputSize]); states [D·L, N, H].
 * @example const [out, [h, c]] = new LSTM(8, 16).call(x);
 */
export class LSTM extends RNNBase<[Tensor, ([Tensor, Tensor] | null)?], [Tensor, [Tensor, Tensor]]> {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) { super(4, inputSize, hiddenSize, opts); }
  override forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const { x, batched, h0 } = this.prepare(input, hx ? hx[0] : null);
    const c0 = hx ? this.prepare(input, hx[1]).h0 : h0;
    const [out, h, c] = this.run(lstmSeq, x, h0, c0);
    return [this.finish(out, batched), batched ? [h, c!] : [squeeze(h, 1), squeeze(c!, 1)]];
  }
}

/**
 * Gated recurrent unit over a sequence. `call(input, h0?)` → `[output, hN]`; shapes as LSTM.
 * @example const [out, h] = new GRU(8, 16, { batchFirst: true }).call(x);
 */
export class GRU extends RNNBase<[Tensor, (Tensor | null)?], [Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) { super(3, inputSize, hiddenSize, opts); }
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const { x, batched, h0 } = this.prepare(input, hx ?? null);
    const [out, h] = this.run(gruSeq, x, h0, null);
    return [this.finish(out, batched), batched ? h : squeeze(h, 1)];
  }
}

/**
 * Elman recurrent network over a sequence, h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh) (or relu with
 * `nonlinearity: 'relu'`). `call(input, h0?)` → `[output, hN]`; shapes as LSTM.
 * @example const [out, h] = new RNN(8, 16, { nonlinearity: 'relu' }).call(x);
 */
export class RNN extends RNNBase<[Tensor, (Tensor | null)?], [Tensor, Tensor]> {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(1, inputSize, hiddenSize, opts);
    this.nonlinearity = checkNonlinearity(opts.nonlinearity ?? 'tanh', 'RNN');
  }
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const { x, batched, h0 } = this.prepare(input, hx ?? null);
    const [out, h] = this.run(elmanSeq(this.nonlinearity), x, h0, null);
    return [this.finish(out, batched), batched ? h : squeeze(h, 1)];
  }
}
