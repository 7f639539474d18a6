// torch.nn's activation modules, each over its torch.nn.functional function,
// with Python's constructor arguments (positional or by name).
import type { Tensor } from '../../core/tensor.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as F from '../functional/index.ts';
import { empty } from '../../ops/creation.ts';
import { constant_ } from '../init.ts';
import { ConfiguredElementwise, Elementwise } from './elementwise.ts';
import { p, configure, required } from './config.ts';
import { Module, reprFields } from '../module.ts';
import type { FactoryOptions } from './factory.ts';
import { factory } from './factory.ts';

type Inplace = PyRest<[inplace: boolean], { inplace?: boolean }>;
const INPLACE = [p('inplace', false)];

export class ReLU extends ConfiguredElementwise<{ inplace: boolean }> {
  constructor(...args: Inplace) { super(INPLACE, args); }
  protected compute(x: Tensor): Tensor { return F.relu(x, this.options.inplace); }
}
export class ReLU6 extends ConfiguredElementwise<{ inplace: boolean }> {
  constructor(...args: Inplace) { super(INPLACE, args); }
  protected compute(x: Tensor): Tensor { return F.relu6(x, this.options.inplace); }
}
export class SELU extends ConfiguredElementwise<{ inplace: boolean }> {
  constructor(...args: Inplace) { super(INPLACE, args); }
  protected compute(x: Tensor): Tensor { return F.selu(x, this.options.inplace); }
}
export class SiLU extends ConfiguredElementwise<{ inplace: boolean }> {
  constructor(...args: Inplace) { super(INPLACE, args); }
  protected compute(x: Tensor): Tensor { return F.silu(x, this.options.inplace); }
}
export class Mish extends ConfiguredElementwise<{ inplace: boolean }> {
  constructor(...args: Inplace) { super(INPLACE, args); }
  protected compute(x: Tensor): Tensor { return F.mish(x, this.options.inplace); }
}
export class Hardsigmoid extends ConfiguredElementwise<{ inplace: boolean }> {
  constructor(...args: Inplace) { super(INPLACE, args); }
  protected compute(x: Tensor): Tensor { return F.hardsigmoid(x, this.options.inplace); }
}
export class Hardswish extends ConfiguredElementwise<{ inplace: boolean }> {
  constructor(...args: Inplace) { super(INPLACE, args); }
  protected compute(x: Tensor): Tensor { return F.hardswish(x, this.options.inplace); }
}

type AlphaArgs = PyRest<[alpha: number, inplace: boolean], { alpha?: number; inplace?: boolean }>;
export class ELU extends ConfiguredElementwise<{ alpha: number; inplace: boolean }> {
  constructor(...args: AlphaArgs) { super([p('alpha', 1.0), ...INPLACE], args); }
  protected compute(x: Tensor): Tensor { return F.elu(x, this.options); }
}
export class CELU extends ConfiguredElementwise<{ alpha: number; inplace: boolean }> {
  constructor(...args: AlphaArgs) { super([p('alpha', 1.0), ...INPLACE], args); }
  protected compute(x: Tensor): Tensor { return F.celu(x, this.options); }
}
export class LeakyReLU extends ConfiguredElementwise<{ negativeSlope: number; inplace: boolean }> {
  constructor(...args: PyRest<[negativeSlope: number, inplace: boolean], { negativeSlope?: number; inplace?: boolean }>) {
    super([p('negativeSlope', 0.01), ...INPLACE], args);
  }
  protected compute(x: Tensor): Tensor { return F.leakyRelu(x, this.options); }
}
export class Hardtanh extends ConfiguredElementwise<{ minVal: number; maxVal: number; inplace: boolean }> {
  constructor(...args: PyRest<[minVal: number, maxVal: number, inplace: boolean], { minVal?: number; maxVal?: number; inplace?: boolean }>) {
    super([p('minVal', -1.0), p('maxVal', 1.0), ...INPLACE], args);
    if (this.options.maxVal <= this.options.minVal) throw new RangeError(`Hardtanh: maxVal (${this.options.maxVal}) must be greater than minVal (${this.options.minVal})`);
  }
  protected compute(x: Tensor): Tensor { return F.hardtanh(x, this.options); }
}
export class RReLU extends ConfiguredElementwise<{ lower: number; upper: number; inplace: boolean }> {
  constructor(...args: PyRest<[lower: number, upper: number, inplace: boolean], { lower?: number; upper?: number; inplace?: boolean }>) {
    super([p('lower', 1 / 8), p('upper', 1 / 3), ...INPLACE], args);
  }
  protected compute(x: Tensor): Tensor { return F.rrelu(x, { ...this.options, training: this.training }); }
}
export class GELU extends ConfiguredElementwise<{ approximate: 'none' | 'tanh' }> {
  constructor(...args: PyRest<[approximate: 'none' | 'tanh'], { approximate?: 'none' | 'tanh' }>) {
    super([p('approximate', 'none', ['string'], ['none', 'tanh'])], args);
  }
  protected compute(x: Tensor): Tensor { return F.gelu(x, { approximate: this.options.approximate }); }
  /** Python quotes GELU's mode (repr(self.approximate)). */
  override extraRepr(): string { return `approximate='${this.options.approximate}'`; }
}
export class Hardshrink extends ConfiguredElementwise<{ lambd: number }> {
  constructor(...args: PyRest<[lambd: number], { lambd?: number }>) { super([p('lambd', 0.5)], args); }
  protected compute(x: Tensor): Tensor { return F.hardshrink(x, this.options.lambd); }
}
export class Softshrink extends ConfiguredElementwise<{ lambd: number }> {
  constructor(...args: PyRest<[lambd: number], { lambd?: number }>) { super([p('lambd', 0.5)], args); }
  protected compute(x: Tensor): Tensor { return F.softshrink(x, this.options.lambd); }
}
export class Softplus extends ConfiguredElementwise<{ beta: number; threshold: number }> {
  constructor(...args: PyRest<[beta: number, threshold: number], { beta?: number; threshold?: number }>) {
    super([p('beta', 1), p('threshold', 20)], args);
  }
  protected compute(x: Tensor): Tensor { return F.softplus(x, this.options.beta, this.options.threshold); }
}

/** y = x if x > threshold, else value. */
export class Threshold extends Elementwise {
  readonly inplace: boolean;
  constructor(readonly threshold: number, readonly value: number, ...args: Inplace) {
    super();
    required('Threshold', 'threshold', threshold, 'number');
    required('Threshold', 'value', value, 'number');
    this.inplace = configure<{ inplace: boolean }>('Threshold', INPLACE, args).inplace;
  }
  protected compute(x: Tensor): Tensor { return F.threshold(x, this.threshold, this.value, this.inplace); }
  override extraRepr(): string { return `threshold=${this.threshold}, value=${this.value}${this.inplace ? ', inplace=True' : ''}`; }
}

export class Sigmoid extends Elementwise {
  protected compute(x: Tensor): Tensor { return F.sigmoid(x); }
}
export class Tanh extends Elementwise {
  protected compute(x: Tensor): Tensor { return F.tanh(x); }
}
export class LogSigmoid extends Elementwise {
  protected compute(x: Tensor): Tensor { return F.logsigmoid(x); }
}
export class Softsign extends Elementwise {
  protected compute(x: Tensor): Tensor { return F.softsign(x); }
}
export class Tanhshrink extends Elementwise {
  protected compute(x: Tensor): Tensor { return F.tanhshrink(x); }
}

type DimArgs = PyRest<[dim: number | null], { dim?: number | null }>;
const DIM = [p('dim', null, ['int', 'null'])];
/** softmax over `dim` (null: Python's implicit choice, dim 0 for 0-D, 1-D and 3-D input, else 1). */
export class Softmax extends ConfiguredElementwise<{ dim: number | null }> {
  constructor(...args: DimArgs) { super(DIM, args); }
  protected compute(x: Tensor): Tensor { return F.softmax(x, this.options.dim as number); }
}
export class Softmin extends ConfiguredElementwise<{ dim: number | null }> {
  constructor(...args: DimArgs) { super(DIM, args); }
  protected compute(x: Tensor): Tensor { return F.softmin(x, this.options.dim as number); }
}
export class LogSoftmax extends ConfiguredElementwise<{ dim: number | null }> {
  constructor(...args: DimArgs) { super(DIM, args); }
  protected compute(x: Tensor): Tensor { return F.logSoftmax(x, this.options.dim as number); }
}
/** softmax over the channels of [N, C, H, W] or [C, H, W]. */
export class Softmax2d extends Elementwise {
  protected compute(x: Tensor): Tensor {
    if (x.ndim !== 3 && x.ndim !== 4) throw new TypeError(`Softmax2d: expected a 3-D or 4-D input, got [${x.shape.join(', ')}]`);
    return F.softmax(x, -3);
  }
}

/** Gated linear unit: the first half of `dim` times the sigmoid of the second (the dim halves). */
export class GLU extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {};
  readonly dim: number;
  constructor(...args: PyRest<[dim: number], { dim?: number }>) {
    super();
    this.dim = configure<{ dim: number }>('GLU', [p('dim', -1, ['int'])], args).dim;
  }
  forward<X extends Tensor>(x: X): Tensor<number[], X['dtype'], X['device']> { return F.glu(x, this.dim) as never; }
  override extraRepr(): string { return reprFields({ dim: this.dim }); }
}

/** max(0, x) + a * min(0, x) with a learned slope per channel (or one for all). */
export class PReLU extends Elementwise<'weight'> {
  /** Python's num_parameters: one slope, or one per channel. */
  readonly slopeCount: number;
  constructor(...args: PyRest<[numParameters: number, init: number], { numParameters?: number; init?: number } & FactoryOptions>) {
    super();
    const o = configure<{ numParameters: number; init: number; dtype: string | null; device: string | null }>(
      'PReLU', [p('numParameters', 1, ['int']), p('init', 0.25)], args, factory.params,
    );
    this.slopeCount = o.numParameters;
    constant_(this.param('weight', empty([o.numParameters], factory.of(o))), o.init);
  }
  protected compute(x: Tensor): Tensor { return F.prelu(x, this.tensor('weight')); }
  override extraRepr(): string { return reprFields({ num_parameters: this.slopeCount }); }
}
