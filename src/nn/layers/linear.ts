// Linear, LazyLinear and Bilinear layers, with PyTorch's default
// initialisation and constructor arguments (bias, dtype, device).
import type { Linear as LinearShape } from '../../types/matmul.ts';
import type { Tensor } from '../../core/tensor.ts';
import type { DType, Device } from '../../types/dtype.ts';
import type { StateDict } from '../../serialization/index.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as aten from '../../ops/generated/aten.ts';
import { empty } from '../../ops/creation.ts';
import { noGrad } from '../../core/autograd.ts';
import { Module, creationTarget, reprFields } from '../module.ts';
import { uniform_ } from '../init.ts';
import type { InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';
import { configure, p, required } from './config.ts';
import { factory, type FactoryOptions } from './factory.ts';

type BiasArgs = PyRest<[bias: boolean], { bias?: boolean } & FactoryOptions>;
type BiasConfig = { bias: boolean } & FactoryOptions;
const BIAS = [p('bias', true)];

/** y = x W^T + b. Weight and bias uniform in ±1/sqrt(in), as PyTorch (kaiming_uniform with a = sqrt(5)). */
export class Linear<I extends number = number, O extends number = number> extends Module implements ShapeFn {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: LinearShape<InShape<this['In']>, [O, I]>;

  constructor(readonly inFeatures: I, readonly outFeatures: O, ...args: BiasArgs) {
    super();
    required('Linear', 'inFeatures', inFeatures, 'int');
    required('Linear', 'outFeatures', outFeatures, 'int');
    const o = configure<BiasConfig>('Linear', BIAS, args, factory.params);
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    uniform_(this.param('weight', empty([outFeatures, inFeatures], factory.of(o))), -bound, bound);
    if (o.bias) uniform_(this.param('bias', empty([outFeatures], factory.of(o))), -bound, bound);
    else this.registerParameter('bias', null);
  }

  get weight(): Tensor<[O, I], 'float32', 'cpu'> {
    return this.tensor('weight');
  }

  get bias(): Tensor<[O], 'float32', 'cpu'> | null {
    return this.optionalTensor<Tensor<[O], 'float32', 'cpu'>>('bias');
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    const input = x as Tensor;
    if (input.ndim === 0 || input.shape[input.ndim - 1] !== this.inFeatures) {
      throw new TypeError(`Linear: the input [${input.shape.join(', ')}] must end in ${this.inFeatures} features`);
    }
    return aten.linear(input, this.weight, this.bias) as never;
  }

  override extraRepr(): string {
    return reprFields({ in_features: this.inFeatures, out_features: this.outFeatures, bias: this.bias !== null });
  }
}

/** Linear whose input features come from its first input (or a loaded state dict). */
export class LazyLinear<O extends number = number> extends Module {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  inFeatures: number | null = null;
  #o: BiasConfig;
  constructor(readonly outFeatures: O, ...args: BiasArgs) {
    super();
    required('LazyLinear', 'outFeatures', outFeatures, 'int');
    this.#o = configure<BiasConfig>('LazyLinear', BIAS, args, factory.params);
    this.registerParameter('weight', null);
    this.registerParameter('bias', null);
  }
  #materialize(inFeatures: number): void {
    noGrad(() => {
      const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      uniform_(this.param('weight', empty([this.outFeatures, inFeatures], factory.of(this.#o))), -bound, bound);
      if (this.#o.bias) uniform_(this.param('bias', empty([this.outFeatures], factory.of(this.#o))), -bound, bound);
    });
    this.inFeatures = inFeatures;
  }
  /** Before materializing, to() sets the dtype or device the parameters will be created in. */
  override to(target: DType | Device): this {
    if (this.inFeatures === null) this.#o = { ...this.#o, ...creationTarget(target) };
    return super.to(target);
  }
  protected override materializeFrom(state: StateDict, prefix: string): void {
    const w = state.get(`${prefix}weight`);
    if (this.inFeatures === null && w !== undefined && w.ndim === 2) this.#materialize(w.shape[1]!);
  }
  forward<X extends Tensor>(x: X): Tensor<number[], X['dtype'], X['device']> {
    if (x.ndim === 0) throw new TypeError('LazyLinear: the input must have at least one dim');
    if (this.inFeatures === null) this.#materialize(x.shape[x.ndim - 1]!);
    return aten.linear(x, this.tensor('weight'), this.optionalTensor('bias')) as never;
  }
  override extraRepr(): string {
    return reprFields({ in_features: this.inFeatures ?? 0, out_features: this.outFeatures, bias: this.#o.bias });
  }
}

/** y = x1^T A x2 + b for each output feature. */
export class Bilinear extends Module {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  constructor(readonly in1Features: number, readonly in2Features: number, readonly outFeatures: number, ...args: BiasArgs) {
    super();
    for (const [n, v] of [['in1Features', in1Features], ['in2Features', in2Features], ['outFeatures', outFeatures]] as const) required('Bilinear', n, v, 'int');
    const o = configure<BiasConfig>('Bilinear', BIAS, args, factory.params);
    const bound = in1Features > 0 ? 1 / Math.sqrt(in1Features) : 0;
    uniform_(this.param('weight', empty([outFeatures, in1Features, in2Features], factory.of(o))), -bound, bound);
    if (o.bias) uniform_(this.param('bias', empty([outFeatures], factory.of(o))), -bound, bound);
  }
  forward<X extends Tensor>(x1: X, x2: Tensor): Tensor<number[], X['dtype'], X['device']> {
    return aten.bilinear(x1, x2, this.tensor('weight'), this.optionalTensor('bias')) as never;
  }
  override extraRepr(): string {
    return reprFields({ in1_features: this.in1Features, in2_features: this.in2Features, out_features: this.outFeatures, bias: this.optionalTensor('bias') !== null });
  }
}
