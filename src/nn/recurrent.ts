// RNN, LSTM and GRU on libtorch's own fused kernels (aten::rnn_tanh,
// rnn_relu, lstm, gru): multi-layer, bidirectional, batch_first, with
// PyTorch's parameter names and initialisation.
import type { Dim, Shape } from '../types/shape.ts';
import type { Mul } from '../types/arith.ts';
import type { DTypeOf, DeviceOf, ShapeOf } from '../ops/typing.ts';
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { empty, zeros } from '../ops/creation.ts';
import { Module } from './module.ts';
import { uniform_ } from './init.ts';

export interface RNNOptions {
  numLayers?: number;
  bias?: boolean;
  batchFirst?: boolean;
  /** Dropout between layers (not after the last), in training mode. */
  dropout?: number;
  bidirectional?: boolean;
}

/** The output shape: the last dim becomes hidden × directions. */
export type RNNOutput<S extends Shape, H extends number, Dirs extends number> = S extends readonly [...infer Lead extends Dim[], Dim]
  ? [...Lead, Mul<H, Dirs>]
  : number[];

type Out<X extends Tensor, H extends number, Dirs extends number> = Tensor<RNNOutput<ShapeOf<X>, H, Dirs>, DTypeOf<X>, DeviceOf<X>>;

abstract class RNNBase<I extends number, H extends number, Bi extends boolean> extends Module {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: Bi;
  readonly hasBias: boolean;

  constructor(readonly inputSize: I, readonly hiddenSize: H, gates: number, options: RNNOptions & { bidirectional?: Bi }) {
    super();
    this.numLayers = options.numLayers ?? 1;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    this.bidirectional = (options.bidirectional ?? false) as Bi;
    this.hasBias = options.bias ?? true;
    const stdv = 1 / Math.sqrt(hiddenSize);
    const dirs = this.bidirectional ? 2 : 1;
    // Created in PyTorch's order, so a shared seed gives PyTorch's values.
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        const inSize = layer === 0 ? inputSize : hiddenSize * dirs;
        uniform_(this.param(`weight_ih${suffix}`, empty([gates * hiddenSize, inSize])), -stdv, stdv);
        uniform_(this.param(`weight_hh${suffix}`, empty([gates * hiddenSize, hiddenSize])), -stdv, stdv);
        if (this.hasBias) {
          uniform_(this.param(`bias_ih${suffix}`, empty([gates * hiddenSize])), -stdv, stdv);
          uniform_(this.param(`bias_hh${suffix}`, empty([gates * hiddenSize])), -stdv, stdv);
        }
      }
    }
  }

  protected get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** The flat weight list in the order libtorch's kernels expect. */
  protected flatWeights(): Tensor[] {
    return this.parameters();
  }

  /** Adds the batch dim to unbatched input; returns the batch size. */
  protected batched(x: Tensor): { input: Tensor; batch: number; unbatched: boolean } {
    if (x.ndim === 2) return { input: aten.unsqueeze(x, this.batchFirst ? 0 : 1), batch: 1, unbatched: true };
    if (x.ndim !== 3) throw new TypeError(`${this.constructor.name}: expected a 2-D or 3-D input, got [${x.shape.join(', ')}]`);
    const features = x.shape[2];
    if (features !== this.inputSize) {
      throw new TypeError(`${this.constructor.name}: input has ${features} features, the layer expects ${this.inputSize}`);
    }
    return { input: x, batch: x.shape[this.batchFirst ? 0 : 1]!, unbatched: false };
  }

  protected initialState(x: Tensor, batch: number): Tensor {
    return zeros([this.numLayers * this.directions, batch, this.hiddenSize], { dtype: x.dtype });
  }

  protected unbatch(t: Tensor, axis: number, unbatched: boolean): Tensor {
    return unbatched ? aten.squeeze_dim(t, axis) : t;
  }
}

/** Elman RNN with tanh (or relu) nonlinearity. forward(x, h0?) gives [output, hN]. */
export class RNN<I extends number = number, H extends number = number, Bi extends boolean = false> extends RNNBase<I, H, Bi> {
  constructor(inputSize: I, hiddenSize: H, options: RNNOptions & { bidirectional?: Bi; nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(inputSize, hiddenSize, 1, options);
    this.nonlinearity = options.nonlinearity ?? 'tanh';
  }
  readonly nonlinearity: 'tanh' | 'relu';

  forward<X extends Tensor>(x: X, h0?: Tensor): [output: Out<X, H, Bi extends true ? 2 : 1>, hN: Tensor] {
    const { input, batch, unbatched } = this.batched(x);
    const h = h0 === undefined ? this.initialState(input, batch) : unbatched ? aten.unsqueeze(h0, 1) : h0;
    const [out, hN] = (this.nonlinearity === 'tanh' ? aten.rnn_tanh_input : aten.rnn_relu_input)(
      input, h, this.flatWeights(), this.hasBias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst,
    );
    return [this.unbatch(out, this.batchFirst ? 0 : 1, unbatched) as never, this.unbatch(hN, 1, unbatched)];
  }
}

/** LSTM. forward(x, [h0, c0]?) gives [output, [hN, cN]]. */
export class LSTM<I extends number = number, H extends number = number, Bi extends boolean = false> extends RNNBase<I, H, Bi> {
  constructor(inputSize: I, hiddenSize: H, options: RNNOptions & { bidirectional?: Bi } = {}) {
    super(inputSize, hiddenSize, 4, options);
  }

  forward<X extends Tensor>(x: X, state?: [h0: Tensor, c0: Tensor]): [output: Out<X, H, Bi extends true ? 2 : 1>, state: [hN: Tensor, cN: Tensor]] {
    const { input, batch, unbatched } = this.batched(x);
    const hx = state === undefined
      ? [this.initialState(input, batch), this.initialState(input, batch)]
      : state.map((s) => (unbatched ? aten.unsqueeze(s, 1) : s));
    const [out, hN, cN] = aten.lstm_input(
      input, hx, this.flatWeights(), this.hasBias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst,
    );
    return [this.unbatch(out, this.batchFirst ? 0 : 1, unbatched) as never, [this.unbatch(hN, 1, unbatched), this.unbatch(cN, 1, unbatched)]];
  }
}

/** GRU. forward(x, h0?) gives [output, hN]. */
export class GRU<I extends number = number, H extends number = number, Bi extends boolean = false> extends RNNBase<I, H, Bi> {
  constructor(inputSize: I, hiddenSize: H, options: RNNOptions & { bidirectional?: Bi } = {}) {
    super(inputSize, hiddenSize, 3, options);
  }

  forward<X extends Tensor>(x: X, h0?: Tensor): [output: Out<X, H, Bi extends true ? 2 : 1>, hN: Tensor] {
    const { input, batch, unbatched } = this.batched(x);
    const h = h0 === undefined ? this.initialState(input, batch) : unbatched ? aten.unsqueeze(h0, 1) : h0;
    const [out, hN] = aten.gru_input(
      input, h, this.flatWeights(), this.hasBias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst,
    );
    return [this.unbatch(out, this.batchFirst ? 0 : 1, unbatched) as never, this.unbatch(hN, 1, unbatched)];
  }
}
