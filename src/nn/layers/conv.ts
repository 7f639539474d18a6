// Convolutions: Conv1d, Conv2d and ConvTranspose2d, initialised as PyTorch
// does (uniform in ±1/sqrt(fan_in) for weight and bias).
import type { Conv, ConvTranspose2d as ConvT2Shape } from '../../types/conv.ts';
import type { Tensor } from '../../core/tensor.ts';
import * as aten from '../../ops/generated/aten.ts';
import { empty } from '../../ops/creation.ts';
import { Module } from '../module.ts';
import { uniform_ } from '../init.ts';
import type { InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';

export interface Conv2dOptions<S, P, D> {
  stride?: S;
  padding?: P;
  dilation?: D;
  groups?: number;
  bias?: boolean;
}

/** aten.conv1d or aten.conv2d (spelled out: the declarations must not pull in the untyped layer). */
type ConvFn = (
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  stride: number | readonly number[],
  padding: number | readonly number[],
  dilation: number | readonly number[],
  groups: number,
) => Tensor;

/** The shared part of Conv1d and Conv2d: options, initialisation, and the forward call. */
abstract class ConvNd<S, P, D> extends Module {
  readonly stride: S;
  readonly padding: P;
  readonly dilation: D;
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernel: number[],
    options: Conv2dOptions<S, P, D>,
    private readonly conv: ConvFn,
  ) {
    super();
    this.stride = options.stride ?? (1 as S);
    this.padding = options.padding ?? (0 as P);
    this.dilation = options.dilation ?? (1 as D);
    this.groups = options.groups ?? 1;
    const bound = 1 / Math.sqrt((inChannels / this.groups) * kernel.reduce((a, b) => a * b, 1));
    uniform_(this.param('weight', empty([outChannels, inChannels / this.groups, ...kernel])), -bound, bound);
    if (options.bias ?? true) uniform_(this.param('bias', empty([outChannels])), -bound, bound);
  }

  protected convolve(x: Tensor): Tensor {
    return this.conv(
      x, this.tensor('weight'), this.optionalTensor('bias'),
      this.stride as number | number[], this.padding as number | number[], this.dilation as number | number[], this.groups,
    );
  }
}

/** 2-D convolution; weight [out, in / groups, k, k], initialised as PyTorch does. */
export class Conv2d<
  Cin extends number = number,
  Cout extends number = number,
  K extends number = number,
  S extends number | readonly number[] = 1,
  P extends number | readonly number[] = 0,
  D extends number | readonly number[] = 1,
> extends ConvNd<S, P, D> implements ShapeFn {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: Conv<InShape<this['In']>, [Cout, Cin, K, K], 2, S, P, D>;

  constructor(inChannels: Cin, outChannels: Cout, readonly kernelSize: K, options: Conv2dOptions<S, P, D> = {}) {
    super(inChannels, outChannels, [kernelSize, kernelSize], options, aten.conv2d);
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return this.convolve(x as Tensor) as never;
  }
}

/** 1-D convolution; weight [out, in / groups, k]. */
export class Conv1d<Cin extends number = number, Cout extends number = number, K extends number = number, S extends number = 1, P extends number = 0, D extends number = 1>
  extends ConvNd<S, P, D> implements ShapeFn {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: Conv<InShape<this['In']>, [Cout, Cin, K], 1, S, P, D>;

  constructor(inChannels: Cin, outChannels: Cout, readonly kernelSize: K, options: Conv2dOptions<S, P, D> = {}) {
    super(inChannels, outChannels, [kernelSize], options, aten.conv1d);
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return this.convolve(x as Tensor) as never;
  }
}

/** Transposed 2-D convolution; weight [in, out / groups, k, k]. */
export class ConvTranspose2d<Cin extends number = number, Cout extends number = number, K extends number = number, S extends number = 1, P extends number = 0, OP extends number = 0>
  extends Module implements ShapeFn {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: ConvT2Shape<InShape<this['In']>, [Cin, Cout, K, K], S, P, OP, 1, 1>;
  readonly stride: S;
  readonly padding: P;
  readonly outputPadding: OP;

  constructor(readonly inChannels: Cin, readonly outChannels: Cout, readonly kernelSize: K, options: { stride?: S; padding?: P; outputPadding?: OP; bias?: boolean } = {}) {
    super();
    this.stride = options.stride ?? (1 as S);
    this.padding = options.padding ?? (0 as P);
    this.outputPadding = options.outputPadding ?? (0 as OP);
    // PyTorch computes fan_in from weight.size(1) * k * k for transposed convolutions.
    const bound = 1 / Math.sqrt(outChannels * kernelSize * kernelSize);
    uniform_(this.param('weight', empty([inChannels, outChannels, kernelSize, kernelSize])), -bound, bound);
    if (options.bias ?? true) uniform_(this.param('bias', empty([outChannels])), -bound, bound);
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return aten.conv_transpose2d_input(
      x as Tensor, this.tensor('weight'), this.optionalTensor('bias'), this.stride, this.padding, this.outputPadding, 1, 1,
    ) as never;
  }
}
