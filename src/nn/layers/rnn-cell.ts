// Single-step recurrent cells RNNCell, LSTMCell and GRUCell (torch's parameter names `weight_ih`,
// `weight_hh`, `bias_ih`, `bias_hh`, gate order and init): one step of the fused layers of ops/rnn.ts.
import { ShapeError, fmtShape } from '../../errors.js';
import { gruLayer, lstmLayer, rnnLayer } from '../../ops/rnn.js';
import { squeeze, unsqueeze } from '../../ops/movement.js';
import { full } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkPositiveInt, type FactoryOptions } from './linear.js';
import { checkNonlinearity, recurrentParam } from './rnn.js';
import { py } from './util.js';

export interface RNNCellOptions extends FactoryOptions { bias?: boolean }

abstract class CellBase<In extends unknown[], Out> extends Module<In, Out> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(gates: number, inputSize: number, hiddenSize: number, opts: RNNCellOptions) {
    super();
    const op = this.constructor.name;
    this.inputSize = checkPositiveInt(inputSize, 'inputSize', op);
    this.hiddenSize = checkPositiveInt(hiddenSize, 'hiddenSize', op);
    this.bias = opts.bias ?? true;
    const param = (shape: number[]) => recurrentParam(shape, hiddenSize, opts);
    this.registerParameter('weight_ih', param([gates * hiddenSize, inputSize]));
    this.registerParameter('weight_hh', param([gates * hiddenSize, hiddenSize]));
    this.registerParameter('bias_ih', this.bias ? param([gates * hiddenSize]) : null);
    this.registerParameter('bias_hh', this.bias ? param([gates * hiddenSize]) : null);
  }

  /** The input as one step [1, N, I], whether it was batched, and a state as [N, H] (zeros when unset). */
  protected step(input: Tensor, ...states: (Tensor | null | undefined)[]): { x: Tensor; batched: boolean; hs: Tensor[] } {
    const op = this.constructor.name;
    if (input.ndim !== 1 && input.ndim !== 2) throw new ShapeError(`${op}: expected a 1-d (unbatched) or 2-d input, got ${fmtShape(input.shape)}`);
    const batched = input.ndim === 2, x = batched ? input : unsqueeze(input, 0);
    if (x.shape[1] !== this.inputSize) throw new ShapeError(`${op}: input ${fmtShape(input.shape)} has ${x.shape[1]} features, expected ${this.inputSize}`);
    const want = [x.shape[0], this.hiddenSize];
    const hs = states.map((h) => {
      if (!h) return full(want, 0, { dtype: x.dtype });
      const hb = batched ? h : unsqueeze(h, 0);
      if (hb.shape.join() !== want.join()) {
        throw new ShapeError(`${op}: state ${fmtShape(h.shape)} does not match ${fmtShape(batched ? want : [this.hiddenSize])}`);
      }
      return hb;
    });
    return { x: unsqueeze(x, 0), batched, hs };
  }

  protected unbatch(t: Tensor, batched: boolean): Tensor { return batched ? t : squeeze(t, 0); }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias ? '' : `, bias=${py(false)}`}`;
  }
}

/**
 * One Elman RNN step, h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh) (or relu). `call(input, h?)` → h';
 * input [N, inputSize] or [inputSize], h [N, H] or [H] (zeros when omitted).
 */
export class RNNCell extends CellBase<[Tensor, (Tensor | null)?], Tensor> {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(1, inputSize, hiddenSize, opts);
    this.nonlinearity = checkNonlinearity(opts.nonlinearity ?? 'tanh', 'RNNCell');
  }
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    const { x, batched, hs: [h] } = this.step(input, hx);
    const out = rnnLayer(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh, this.nonlinearity);
    return this.unbatch(out.select(0, 0), batched);
  }
  override extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === 'tanh' ? '' : `, nonlinearity=${this.nonlinearity}`);
  }
}

/**
 * One LSTM step (gates i, f, g, o). `call(input, [h, c]?)` → `[h', c']`; input [N, inputSize] or
 * [inputSize], states [N, H] or [H] (zeros when omitted).
 */
export class LSTMCell extends CellBase<[Tensor, ([Tensor, Tensor] | null)?], [Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) { super(4, inputSize, hiddenSize, opts); }
  override forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, Tensor] {
    const { x, batched, hs: [h, c] } = this.step(input, hx?.[0], hx?.[1]);
    const [out, cN] = lstmLayer(x, h, c, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return [this.unbatch(out.select(0, 0), batched), this.unbatch(cN, batched)];
  }
}

/** One GRU step (gates r, z, n). `call(input, h?)` → h'; shapes as RNNCell. */
export class GRUCell extends CellBase<[Tensor, (Tensor | null)?], Tensor> {
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) { super(3, inputSize, hiddenSize, opts); }
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    const { x, batched, hs: [h] } = this.step(input, hx);
    const out = gruLayer(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return this.unbatch(out.select(0, 0), batched);
  }
}
