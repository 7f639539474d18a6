// RNN, LSTM and GRU on libtorch's own fused kernels (aten::rnn_tanh,
// rnn_relu, lstm, gru): multi-layer, bidirectional, batch_first, LSTM
// projections (proj_size), batched or unbatched input; and the single-step
// cells RNNCell, LSTMCell and GRUCell. PyTorch's parameter names,
// initialisation order and constructor arguments.
import type { Dim, Shape } from '../types/shape.ts';
import type { Mul } from '../types/arith.ts';
import type { DType, Device } from '../types/dtype.ts';
import type { DTypeOf, DeviceOf, ShapeOf } from '../ops/typing.ts';
import type { OrMsg } from '../types/errors.ts';
import type { LastDimIs } from '../types/norm.ts';
import type { Tensor } from '../core/tensor.ts';
import type { PyRest } from '../ops/python-args.ts';
import * as aten from '../ops/generated/aten.ts';
import { empty, zeros } from '../ops/creation.ts';
import { Module, pyFloat, reprFields } from './module.ts';
import { uniform_ } from './init.ts';
import { configure, p, required } from './layers/config.ts';
import { factory, type FactoryOptions } from './layers/factory.ts';

export interface RNNOptions extends FactoryOptions {
  numLayers?: number;
  bias?: boolean;
  /** Input and output as [batch, seq, feature] rather than [seq, batch, feature]. */
  batchFirst?: boolean;
  /** Dropout between layers (not after the last), in training mode. */
  dropout?: number;
  bidirectional?: boolean;
}

/** The output shape: the last dim becomes (projection or hidden size) × directions. */
export type RNNOutput<S extends Shape, H extends number, Dirs extends number> = S extends readonly [...infer Lead extends Dim[], Dim]
  ? [...Lead, Mul<H, Dirs>]
  : number[];

type Out<X extends Tensor, H extends number, Dirs extends number> = Tensor<RNNOutput<ShapeOf<X>, H, Dirs>, DTypeOf<X>, DeviceOf<X>>;
type State<X extends Tensor> = Tensor<number[], DTypeOf<X>, DeviceOf<X>>;
/**
 * A final state (h_n, c_n): [layers · directions, N, Hs] for batched input
 * (N at dim 1, or dim 0 batch first), [layers · directions, Hs] unbatched.
 */
type FinalState<X extends Tensor, BF, Hs extends number> = Tensor<
  ShapeOf<X> extends readonly [infer A extends Dim, infer B extends Dim, Dim]
    ? [number, [BF] extends [true] ? A : [BF] extends [false] ? B : Dim, Hs]
    : ShapeOf<X> extends readonly [Dim, Dim]
      ? [number, Hs]
      : number[],
  DTypeOf<X>,
  DeviceOf<X>
>;
type Dirs<Bi> = Bi extends true ? 2 : 1;
/** The input, or the error when its last dim is not the layer's input size. */
type SeqIn<X extends Tensor, I extends number, Op extends string> = OrMsg<LastDimIs<ShapeOf<X>, I, Op>, X>;

type RNNConfig = { numLayers: number; bias: boolean; batchFirst: boolean; dropout: number; bidirectional: boolean; dtype: DType | null; device: Device | null };
const NUM_LAYERS = p('numLayers', 1, ['int']);
const COMMON = [p('bias', true), p('batchFirst', false), p('dropout', 0.0), p('bidirectional', false)];

export abstract class RNNBase<I extends number, H extends number, Bi extends boolean> extends Module {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: Bi;
  readonly hasBias: boolean;
  /** LSTM's projection size (0: none): h is projected to this size. */
  readonly projSize: number;

  constructor(readonly inputSize: I, readonly hiddenSize: H, gates: number, o: RNNConfig & { projSize?: number }) {
    super();
    const cls = this.constructor.name;
    required(cls, 'inputSize', inputSize, 'int');
    required(cls, 'hiddenSize', hiddenSize, 'int');
    if (hiddenSize <= 0) throw new RangeError(`${cls}: hiddenSize must be positive, got ${hiddenSize}`);
    if (o.numLayers <= 0) throw new RangeError(`${cls}: numLayers must be positive, got ${o.numLayers}`);
    if (!(o.dropout >= 0 && o.dropout <= 1)) throw new RangeError(`${cls}: dropout must be a probability from 0 to 1, got ${o.dropout}`);
    this.numLayers = o.numLayers;
    this.batchFirst = o.batchFirst;
    this.dropout = o.dropout;
    this.bidirectional = o.bidirectional as Bi;
    this.hasBias = o.bias;
    this.projSize = o.projSize ?? 0;
    if (this.projSize < 0) throw new RangeError(`${cls}: projSize must be non-negative, got ${this.projSize}`);
    if (this.projSize >= hiddenSize) throw new RangeError(`${cls}: projSize (${this.projSize}) has to be smaller than hiddenSize (${hiddenSize})`);
    const make = factory.of(o);
    const stdv = 1 / Math.sqrt(hiddenSize);
    const dirs = this.directions;
    const realHidden = this.projSize > 0 ? this.projSize : hiddenSize;
    // Created in PyTorch's order, so a shared seed gives PyTorch's values.
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        const inSize = layer === 0 ? inputSize : realHidden * dirs;
        uniform_(this.param(`weight_ih${suffix}`, empty([gates * hiddenSize, inSize], make)), -stdv, stdv);
        uniform_(this.param(`weight_hh${suffix}`, empty([gates * hiddenSize, realHidden], make)), -stdv, stdv);
        if (this.hasBias) {
          uniform_(this.param(`bias_ih${suffix}`, empty([gates * hiddenSize], make)), -stdv, stdv);
          uniform_(this.param(`bias_hh${suffix}`, empty([gates * hiddenSize], make)), -stdv, stdv);
        }
        if (this.projSize > 0) uniform_(this.param(`weight_hr${suffix}`, empty([this.projSize, hiddenSize], make)), -stdv, stdv);
      }
    }
  }

  protected get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** The flat weight list in the order libtorch's kernels expect (PyTorch's _flat_weights). */
  protected flatWeights(): Tensor[] {
    return this.parameters();
  }

  /** Adds the batch dim to unbatched input; returns the batch size. */
  protected batched(x: Tensor): { input: Tensor; batch: number; unbatched: boolean } {
    const cls = this.constructor.name;
    if (x.ndim !== 2 && x.ndim !== 3) throw new TypeError(`${cls}: expected a 2-D (unbatched) or 3-D input, got ${x.ndim}-D [${x.shape.join(', ')}]`);
    const features = x.shape[x.ndim - 1];
    if (features !== this.inputSize) {
      throw new TypeError(`${cls}: the input has ${features} features (its last dim), the layer expects ${this.inputSize}`);
    }
    if (x.ndim === 2) return { input: aten.unsqueeze(x, this.batchFirst ? 0 : 1), batch: 1, unbatched: true };
    return { input: x, batch: x.shape[this.batchFirst ? 0 : 1]!, unbatched: false };
  }

  /** A given initial state, batched like the input and checked against the expected size. */
  protected state(s: Tensor, unbatched: boolean, batch: number, size: number, name: string): Tensor {
    const cls = this.constructor.name;
    const want = [this.numLayers * this.directions, batch, size];
    if (unbatched && s.ndim !== 2) throw new TypeError(`${cls}: for unbatched input, ${name} must be 2-D [${want[0]}, ${size}], got ${s.ndim}-D`);
    if (!unbatched && s.ndim !== 3) throw new TypeError(`${cls}: for batched input, ${name} must be 3-D [${want.join(', ')}], got ${s.ndim}-D`);
    const h = unbatched ? aten.unsqueeze(s, 1) : s;
    if (h.shape.join() !== want.join()) throw new TypeError(`${cls}: expected ${name} of size [${want.join(', ')}], got [${h.shape.join(', ')}]`);
    return h;
  }

  protected initialState(x: Tensor, batch: number, size: number): Tensor {
    return zeros([this.numLayers * this.directions, batch, size], { dtype: x.dtype, device: x.device });
  }

  protected unbatch(t: Tensor, axis: number, unbatched: boolean): Tensor {
    return unbatched ? aten.squeeze_dim(t, axis) : t;
  }

  override extraRepr(): string {
    const extra: Record<string, unknown> = {};
    if (this.projSize !== 0) extra.proj_size = this.projSize;
    if (this.numLayers !== 1) extra.num_layers = this.numLayers;
    if (!this.hasBias) extra.bias = false;
    if (this.batchFirst) extra.batch_first = true;
    if (this.dropout !== 0) extra.dropout = pyFloat(this.dropout);
    if (this.bidirectional) extra.bidirectional = true;
    return `${this.inputSize}, ${this.hiddenSize}${Object.keys(extra).length ? `, ${reprFields(extra)}` : ''}`;
  }
}

type RNNArgs<Bi, Extra, BF = boolean> = PyRest<
  [numLayers: number, ...([Extra] extends ['nonlinearity'] ? [nonlinearity: 'tanh' | 'relu'] : []), bias: boolean, batchFirst: BF, dropout: number, bidirectional: Bi],
  RNNOptions & { bidirectional?: Bi; batchFirst?: BF } & ([Extra] extends ['nonlinearity'] ? { nonlinearity?: 'tanh' | 'relu' } : {})
>;

/** Elman RNN with tanh (or relu) nonlinearity. forward(x, h0?) gives [output, hN]. */
export class RNN<I extends number = number, H extends number = number, Bi extends boolean = false, BF extends boolean = false> extends RNNBase<I, H, Bi> {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: I, hiddenSize: H, ...args: RNNArgs<Bi, 'nonlinearity', BF>) {
    const o = configure<RNNConfig & { nonlinearity: 'tanh' | 'relu' }>(
      'RNN', [NUM_LAYERS, p('nonlinearity', 'tanh', ['string'], ['tanh', 'relu']), ...COMMON], args, factory.params,
    );
    super(inputSize, hiddenSize, 1, o);
    this.nonlinearity = o.nonlinearity;
  }

  forward<X extends Tensor>(x: SeqIn<X, I, 'RNN'>, h0?: Tensor | null): [output: Out<X, H, Dirs<Bi>>, hN: FinalState<X, BF, H>] {
    const { input, batch, unbatched } = this.batched(x as Tensor);
    const h = h0 == null ? this.initialState(input, batch, this.hiddenSize) : this.state(h0, unbatched, batch, this.hiddenSize, 'hx');
    const [out, hN] = (this.nonlinearity === 'tanh' ? aten.rnn_tanh_input : aten.rnn_relu_input)(
      input, h, this.flatWeights(), this.hasBias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst,
    );
    return [this.unbatch(out, this.batchFirst ? 0 : 1, unbatched) as never, this.unbatch(hN, 1, unbatched) as never];
  }

  override extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === 'relu' ? ", nonlinearity='relu'" : '');
  }
}

/** LSTM. forward(x, [h0, c0]?) gives [output, [hN, cN]]; with projSize, h has projSize features. */
export class LSTM<I extends number = number, H extends number = number, Bi extends boolean = false, P extends number = 0, BF extends boolean = false> extends RNNBase<I, H, Bi> {
  constructor(
    inputSize: I,
    hiddenSize: H,
    ...args: PyRest<
      [numLayers: number, bias: boolean, batchFirst: BF, dropout: number, bidirectional: Bi, projSize: P],
      RNNOptions & { bidirectional?: Bi; projSize?: P; batchFirst?: BF }
    >
  ) {
    super(inputSize, hiddenSize, 4, configure<RNNConfig & { projSize: number }>('LSTM', [NUM_LAYERS, ...COMMON, p('projSize', 0, ['int'])], args, factory.params));
  }

  forward<X extends Tensor>(x: SeqIn<X, I, 'LSTM'>, state?: readonly [h0: Tensor, c0: Tensor] | null): [output: Out<X, P extends 0 ? H : P, Dirs<Bi>>, state: [hN: FinalState<X, BF, P extends 0 ? H : P>, cN: FinalState<X, BF, H>]] {
    const { input, batch, unbatched } = this.batched(x as Tensor);
    const hSize = this.projSize > 0 ? this.projSize : this.hiddenSize;
    const hx = state == null
      ? [this.initialState(input, batch, hSize), this.initialState(input, batch, this.hiddenSize)]
      : [this.state(state[0], unbatched, batch, hSize, 'h0'), this.state(state[1], unbatched, batch, this.hiddenSize, 'c0')];
    const [out, hN, cN] = aten.lstm_input(
      input, hx, this.flatWeights(), this.hasBias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst,
    );
    return [this.unbatch(out, this.batchFirst ? 0 : 1, unbatched) as never, [this.unbatch(hN, 1, unbatched) as never, this.unbatch(cN, 1, unbatched) as never]];
  }
}

/** GRU. forward(x, h0?) gives [output, hN]. */
export class GRU<I extends number = number, H extends number = number, Bi extends boolean = false, BF extends boolean = false> extends RNNBase<I, H, Bi> {
  constructor(inputSize: I, hiddenSize: H, ...args: RNNArgs<Bi, never, BF>) {
    super(inputSize, hiddenSize, 3, configure<RNNConfig>('GRU', [NUM_LAYERS, ...COMMON], args, factory.params));
  }

  forward<X extends Tensor>(x: SeqIn<X, I, 'GRU'>, h0?: Tensor | null): [output: Out<X, H, Dirs<Bi>>, hN: FinalState<X, BF, H>] {
    const { input, batch, unbatched } = this.batched(x as Tensor);
    const h = h0 == null ? this.initialState(input, batch, this.hiddenSize) : this.state(h0, unbatched, batch, this.hiddenSize, 'hx');
    const [out, hN] = aten.gru_input(
      input, h, this.flatWeights(), this.hasBias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst,
    );
    return [this.unbatch(out, this.batchFirst ? 0 : 1, unbatched) as never, this.unbatch(hN, 1, unbatched) as never];
  }
}

/** What the three cells share: weights [gates·H, I] and [gates·H, H], biases, and batched or unbatched input. */
export abstract class RNNCellBase<I extends number, H extends number> extends Module {
  declare readonly __tensors: 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh';
  declare readonly __children: {};
  readonly hasBias: boolean;
  constructor(readonly inputSize: I, readonly hiddenSize: H, gates: number, o: { bias: boolean; dtype: DType | null; device: Device | null }) {
    super();
    const cls = this.constructor.name;
    required(cls, 'inputSize', inputSize, 'int');
    required(cls, 'hiddenSize', hiddenSize, 'int');
    this.hasBias = o.bias;
    const make = factory.of(o);
    const stdv = hiddenSize > 0 ? 1 / Math.sqrt(hiddenSize) : 0;
    uniform_(this.param('weight_ih', empty([gates * hiddenSize, inputSize], make)), -stdv, stdv);
    uniform_(this.param('weight_hh', empty([gates * hiddenSize, hiddenSize], make)), -stdv, stdv);
    if (o.bias) {
      uniform_(this.param('bias_ih', empty([gates * hiddenSize], make)), -stdv, stdv);
      uniform_(this.param('bias_hh', empty([gates * hiddenSize], make)), -stdv, stdv);
    }
  }

  /** The input as [N, I] (and whether it was 1-D), checked. */
  protected batched(x: Tensor): { input: Tensor; unbatched: boolean } {
    const cls = this.constructor.name;
    if (x.ndim !== 1 && x.ndim !== 2) throw new TypeError(`${cls}: expected a 1-D (unbatched) or 2-D input, got ${x.ndim}-D [${x.shape.join(', ')}]`);
    if (x.shape[x.ndim - 1] !== this.inputSize) throw new TypeError(`${cls}: the input has ${x.shape[x.ndim - 1]} features, the cell expects ${this.inputSize}`);
    return x.ndim === 1 ? { input: aten.unsqueeze(x, 0), unbatched: true } : { input: x, unbatched: false };
  }

  /** A state [N, H] (zeros when not given), checked. */
  protected hidden(h: Tensor | null | undefined, input: Tensor, unbatched: boolean, name: string): Tensor {
    if (h == null) return zeros([input.shape[0]!, this.hiddenSize], { dtype: input.dtype, device: input.device });
    const s = unbatched ? aten.unsqueeze(h, 0) : h;
    if (s.ndim !== 2 || s.shape[0] !== input.shape[0] || s.shape[1] !== this.hiddenSize) {
      throw new TypeError(`${this.constructor.name}: ${name} must be [${unbatched ? '' : `${input.shape[0]}, `}${this.hiddenSize}], got [${h.shape.join(', ')}]`);
    }
    return s;
  }

  protected weights(): [Tensor, Tensor, Tensor | null, Tensor | null] {
    return [this.tensor('weight_ih'), this.tensor('weight_hh'), this.optionalTensor('bias_ih'), this.optionalTensor('bias_hh')];
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.hasBias ? '' : ', bias=False'}`;
  }
}

type CellOut<X extends Tensor> = Tensor<number[], DTypeOf<X>, DeviceOf<X>>;
type CellArgs = PyRest<[bias: boolean], { bias?: boolean } & FactoryOptions>;

/** One step of an Elman RNN: forward(x [N, I] or [I], h?) gives h'. */
export class RNNCell<I extends number = number, H extends number = number> extends RNNCellBase<I, H> {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: I, hiddenSize: H, ...args: PyRest<[bias: boolean, nonlinearity: 'tanh' | 'relu'], { bias?: boolean; nonlinearity?: 'tanh' | 'relu' } & FactoryOptions>) {
    const o = configure<{ bias: boolean; nonlinearity: 'tanh' | 'relu'; dtype: DType | null; device: Device | null }>(
      'RNNCell', [p('bias', true), p('nonlinearity', 'tanh', ['string'], ['tanh', 'relu'])], args, factory.params,
    );
    super(inputSize, hiddenSize, 1, o);
    this.nonlinearity = o.nonlinearity;
  }
  forward<X extends Tensor>(x: SeqIn<X, I, 'RNNCell'>, h?: Tensor | null): CellOut<X> {
    const { input, unbatched } = this.batched(x as Tensor);
    const cell = this.nonlinearity === 'tanh' ? aten.rnn_tanh_cell : aten.rnn_relu_cell;
    const out = cell(input, this.hidden(h, input, unbatched, 'hx'), ...this.weights());
    return (unbatched ? aten.squeeze_dim(out, 0) : out) as never;
  }
}

/** One step of an LSTM: forward(x, [h, c]?) gives [h', c']. */
export class LSTMCell<I extends number = number, H extends number = number> extends RNNCellBase<I, H> {
  constructor(inputSize: I, hiddenSize: H, ...args: CellArgs) {
    super(inputSize, hiddenSize, 4, configure('LSTMCell', [p('bias', true)], args, factory.params));
  }
  forward<X extends Tensor>(x: SeqIn<X, I, 'LSTMCell'>, state?: readonly [h: Tensor, c: Tensor] | null): [h: CellOut<X>, c: CellOut<X>] {
    const { input, unbatched } = this.batched(x as Tensor);
    const hx = [this.hidden(state?.[0], input, unbatched, 'h'), this.hidden(state?.[1], input, unbatched, 'c')];
    const [h, c] = aten.lstm_cell(input, hx, ...this.weights());
    return (unbatched ? [aten.squeeze_dim(h!, 0), aten.squeeze_dim(c!, 0)] : [h, c]) as never;
  }
}

/** One step of a GRU: forward(x, h?) gives h'. */
export class GRUCell<I extends number = number, H extends number = number> extends RNNCellBase<I, H> {
  constructor(inputSize: I, hiddenSize: H, ...args: CellArgs) {
    super(inputSize, hiddenSize, 3, configure('GRUCell', [p('bias', true)], args, factory.params));
  }
  forward<X extends Tensor>(x: SeqIn<X, I, 'GRUCell'>, h?: Tensor | null): CellOut<X> {
    const { input, unbatched } = this.batched(x as Tensor);
    const out = aten.gru_cell(input, this.hidden(h, input, unbatched, 'hx'), ...this.weights());
    return (unbatched ? aten.squeeze_dim(out, 0) : out) as never;
  }
}
