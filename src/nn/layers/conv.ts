// Convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d and their Lazy forms
// (input channels taken from the first input, or from a loaded state dict),
// with every constructor argument Python has: stride, padding (numbers or
// 'same' / 'valid'), dilation, groups, bias, padding_mode, dtype and device.
// Initialised as PyTorch does (uniform in ±1/sqrt(fan_in)).
import type { Conv, ConvTranspose2d as ConvT2Shape } from '../../types/conv.ts';
import type { Tensor } from '../../core/tensor.ts';
import type { DType, Device } from '../../types/dtype.ts';
import type { StateDict } from '../../serialization/index.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as aten from '../../ops/generated/aten.ts';
import { pad } from '../../ops/generated/functions.ts';
import { empty } from '../../ops/creation.ts';
import { noGrad } from '../../core/autograd.ts';
import { Module, creationTarget, reprFields } from '../module.ts';
import { uniform_ } from '../init.ts';
import type { InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';
import { configure, p, required } from './config.ts';
import { factory, type FactoryOptions } from './factory.ts';

type Ints = number | readonly number[];
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export interface ConvOptions<S = Ints, P = Ints | 'same' | 'valid', D = Ints> extends FactoryOptions {
  stride?: S;
  /** Zero padding on both sides of each spatial dim; 'same' keeps the size (stride 1 only), 'valid' is none. */
  padding?: P;
  dilation?: D;
  groups?: number;
  bias?: boolean;
  /** How the padding is filled. */
  paddingMode?: PaddingMode;
}
/** @deprecated the same as ConvOptions (kept for code written against 0.1). */
export type Conv2dOptions<S, P, D> = ConvOptions<S, P, D>;

export interface ConvTransposeOptions<S = Ints, P = Ints, OP = Ints, D = Ints> extends FactoryOptions {
  stride?: S;
  padding?: P;
  /** Extra size added to one side of each output dim (to pick among the input sizes a stride maps to one size). */
  outputPadding?: OP;
  groups?: number;
  bias?: boolean;
  dilation?: D;
  paddingMode?: 'zeros';
}

type ConvConfig = {
  stride: Ints; padding: Ints | string; dilation: Ints; groups: number; bias: boolean; paddingMode: PaddingMode;
  dtype: DType | null; device: Device | null;
};
type ConvTConfig = {
  stride: Ints; padding: Ints; outputPadding: Ints; groups: number; bias: boolean; dilation: Ints; paddingMode: 'zeros';
  dtype: DType | null; device: Device | null;
};

const CONV_PARAMS = [
  p('stride', 1, ['ints']), p('padding', 0, ['ints', 'string'], ['same', 'valid']), p('dilation', 1, ['ints']),
  p('groups', 1, ['int']), p('bias', true), p('paddingMode', 'zeros', ['string'], ['zeros', 'reflect', 'replicate', 'circular']),
];
const CONV_T_PARAMS = [
  p('stride', 1, ['ints']), p('padding', 0, ['ints']), p('outputPadding', 0, ['ints']), p('groups', 1, ['int']), p('bias', true),
  p('dilation', 1, ['ints']), p('paddingMode', 'zeros', ['string'], ['zeros']),
];

/** One value per spatial dim (Python's _single/_pair/_triple), checked. */
function perDim(cls: string, name: string, v: Ints, n: number, min: number): number[] {
  const out = typeof v === 'number' ? new Array<number>(n).fill(v) : v.length === 1 ? new Array<number>(n).fill(v[0]!) : [...v];
  if (out.length !== n) throw new TypeError(`${cls}: ${name} must be a number or ${n} numbers, got [${out.join(', ')}]`);
  if (out.some((x) => x < min)) throw new RangeError(`${cls}: ${name} must be at least ${min}, got [${out.join(', ')}]`);
  return out;
}

/** What a convolution and a transposed one share: the options, the weight and bias, their initialisation, and laziness. */
abstract class ConvBase extends Module {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly dilation: number[];
  readonly groups: number;
  protected readonly hasBias: boolean;
  /** The dtype and device parameters are created in (a lazy module's follow to()). */
  protected make: { dtype?: DType; device?: Device };
  /** The input channels (null until a lazy module sees its first input). */
  inChannels: number | null;

  constructor(
    protected readonly spatial: 1 | 2 | 3,
    inChannels: number | null,
    readonly outChannels: number,
    kernelSize: Ints,
    o: { stride: Ints; dilation: Ints; groups: number; bias: boolean; dtype: DType | null; device: Device | null },
    protected readonly transposed: boolean,
  ) {
    super();
    const cls = this.constructor.name;
    if (inChannels !== null) required(cls, 'inChannels', inChannels, 'int');
    required(cls, 'outChannels', outChannels, 'int');
    required(cls, 'kernelSize', kernelSize, 'ints');
    this.kernelSize = perDim(cls, 'kernelSize', kernelSize, spatial, 1);
    this.stride = perDim(cls, 'stride', o.stride, spatial, 1);
    this.dilation = perDim(cls, 'dilation', o.dilation, spatial, 1);
    this.groups = o.groups;
    if (this.groups < 1) throw new RangeError(`${cls}: groups must be a positive integer, got ${this.groups}`);
    if (inChannels !== null && inChannels % this.groups !== 0) throw new RangeError(`${cls}: inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    if (outChannels % this.groups !== 0) throw new RangeError(`${cls}: outChannels (${outChannels}) must be divisible by groups (${this.groups})`);
    this.hasBias = o.bias;
    this.make = factory.of(o);
    this.inChannels = inChannels;
    if (inChannels === null) {
      this.registerParameter('weight', null);
      this.registerParameter('bias', null);
    } else {
      this.createParameters(inChannels);
    }
  }

  /** The weight's shape: [out, in / groups, ...k], or [in, out / groups, ...k] when transposed. */
  protected weightShape(inChannels: number): number[] {
    return this.transposed
      ? [inChannels, this.outChannels / this.groups, ...this.kernelSize]
      : [this.outChannels, inChannels / this.groups, ...this.kernelSize];
  }

  /** PyTorch's reset_parameters: kaiming_uniform(a = sqrt(5)) for the weight, ±1/sqrt(fan_in) for the bias. */
  private createParameters(inChannels: number): void {
    if (inChannels % this.groups !== 0) throw new RangeError(`${this.constructor.name}: ${inChannels} input channels are not divisible by groups (${this.groups})`);
    const shape = this.weightShape(inChannels);
    const fanIn = shape[1]! * this.kernelSize.reduce((a, b) => a * b, 1);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(this.param('weight', empty(shape, this.make)), -bound, bound);
    if (this.hasBias) uniform_(this.param('bias', empty([this.outChannels], this.make)), -bound, bound);
    this.inChannels = inChannels;
  }

  /** A lazy module's first input fixes its input channels ([C, ...] unbatched or [N, C, ...]). */
  protected materialize(x: Tensor): void {
    if (this.inChannels !== null) return;
    const rank = x.ndim;
    if (rank !== this.spatial + 1 && rank !== this.spatial + 2) {
      throw new TypeError(`${this.constructor.name}: expected a ${this.spatial + 1}-D or ${this.spatial + 2}-D input, got ${rank}-D`);
    }
    noGrad(() => this.createParameters(x.shape[rank === this.spatial + 1 ? 0 : 1]!));
  }

  protected override materializeFrom(state: StateDict, prefix: string): void {
    const w = state.get(`${prefix}weight`);
    if (this.inChannels !== null || w === undefined || w.ndim !== this.spatial + 2) return;
    noGrad(() => this.createParameters(this.transposed ? w.shape[0]! : w.shape[1]! * this.groups));
  }

  /** A lazy module not yet materialized remembers the dtype or device for its parameters (as Python's uninitialized ones do). */
  override to(target: DType | Device): this {
    if (this.inChannels === null) this.make = { ...this.make, ...creationTarget(target) };
    return super.to(target);
  }

  protected weights(): [Tensor, Tensor | null] {
    return [this.tensor('weight'), this.optionalTensor('bias')];
  }

  /** Python's _ConvNd.extra_repr: the fields that differ from their defaults, in its order. */
  protected baseRepr(padding: number[] | string, outputPadding: number[] | null, paddingMode: string): string {
    const fields: Record<string, unknown> = { kernel_size: this.kernelSize, stride: this.stride };
    if (typeof padding === 'string' || padding.some((x) => x !== 0)) fields.padding = padding;
    if (this.dilation.some((d) => d !== 1)) fields.dilation = this.dilation;
    if (outputPadding && outputPadding.some((x) => x !== 0)) fields.output_padding = outputPadding;
    if (this.groups !== 1) fields.groups = this.groups;
    if (!this.hasBias) fields.bias = false;
    if (paddingMode !== 'zeros') fields.padding_mode = paddingMode;
    return `${this.inChannels ?? 0}, ${this.outChannels}, ${reprFields(fields)}`;
  }
}

/** A convolution over `spatial` dims. */
abstract class ConvNd extends ConvBase {
  /** Per-dim numbers, or 'same' / 'valid'. */
  readonly padding: number[] | 'same' | 'valid';
  readonly paddingMode: PaddingMode;

  constructor(spatial: 1 | 2 | 3, inChannels: number | null, outChannels: number, kernelSize: Ints, args: readonly unknown[]) {
    const cls = new.target.name;
    const o = configure<ConvConfig>(cls, CONV_PARAMS, args, factory.params);
    super(spatial, inChannels, outChannels, kernelSize, o, false);
    this.paddingMode = o.paddingMode;
    if (typeof o.padding === 'string') {
      if (o.padding === 'same' && this.stride.some((s) => s !== 1)) throw new RangeError(`${cls}: padding='same' is not supported for strided convolutions`);
      this.padding = o.padding as 'same' | 'valid';
    } else {
      this.padding = perDim(cls, 'padding', o.padding, spatial, 0);
    }
  }

  /** Python's _reversed_padding_repeated_twice: F.pad's [left, right] per dim, last dim first. */
  private padAmounts(): number[] {
    const out: number[] = [];
    for (let i = this.spatial - 1; i >= 0; i--) {
      if (this.padding === 'valid') out.push(0, 0);
      else if (this.padding === 'same') {
        const total = this.dilation[i]! * (this.kernelSize[i]! - 1);
        out.push(Math.floor(total / 2), total - Math.floor(total / 2));
      } else out.push(this.padding[i]!, this.padding[i]!);
    }
    return out;
  }

  protected convolve(x: Tensor): Tensor {
    this.materialize(x);
    const [w, b] = this.weights();
    const conv = this.spatial === 1 ? aten.conv1d : this.spatial === 2 ? aten.conv2d : aten.conv3d;
    if (this.paddingMode !== 'zeros') {
      const padded = pad(x, this.padAmounts(), this.paddingMode);
      return conv(padded, w, b, this.stride, 0, this.dilation, this.groups);
    }
    if (typeof this.padding === 'string') {
      const convPadding = this.spatial === 1 ? aten.conv1d_padding : this.spatial === 2 ? aten.conv2d_padding : aten.conv3d_padding;
      return convPadding(x, w, b, this.stride, this.padding, this.dilation, this.groups);
    }
    return conv(x, w, b, this.stride, this.padding, this.dilation, this.groups);
  }

  override extraRepr(): string {
    return this.baseRepr(this.padding, null, this.paddingMode);
  }
}

/** A convolution's output shape: 'valid' is padding 0; 'same' keeps the spatial sizes (checked as a 1-wide kernel). */
type Kernel<K, N extends 1 | 2 | 3> = K extends number ? (N extends 1 ? [K] : N extends 2 ? [K, K] : [K, K, K]) : K extends readonly number[] ? K : number[];
type Ones<N extends 1 | 2 | 3> = N extends 1 ? [1] : N extends 2 ? [1, 1] : [1, 1, 1];
type ConvOut<X, Cout extends number, Cin extends number, K, N extends 1 | 2 | 3, S, P, D> = P extends 'same'
  ? Conv<InShape<X>, [Cout, Cin, ...Ones<N>], N, 1, 0, 1>
  : Conv<InShape<X>, [Cout, Cin, ...Kernel<K, N>], N, S, P extends 'valid' ? 0 : P, D>;

type ConvArgs<S, P, D> = PyRest<[stride: S, padding: P, dilation: D, groups: number, bias: boolean, paddingMode: PaddingMode], ConvOptions<S, P, D>>;

/** 1-D convolution of [N, C, L] or [C, L]; weight [out, in / groups, k]. */
export class Conv1d<
  Cin extends number = number, Cout extends number = number, K extends Ints = number,
  S extends Ints = 1, P extends Ints | 'same' | 'valid' = 0, D extends Ints = 1,
> extends ConvNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: ConvOut<this['In'], Cout, Cin, K, 1, S, P, D>;
  // The options form first: TS infers S, P and D from it (or takes their defaults), which it does not through the union of positional forms.
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, options?: ConvOptions<S, P, D>);
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, ...args: ConvArgs<S, P, D>);
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, ...args: unknown[]) {
    super(1, inChannels, outChannels, kernelSize, args);
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return this.convolve(x as Tensor) as never;
  }
}

/** 2-D convolution of [N, C, H, W] or [C, H, W]; weight [out, in / groups, kh, kw]. */
export class Conv2d<
  Cin extends number = number, Cout extends number = number, K extends Ints = number,
  S extends Ints = 1, P extends Ints | 'same' | 'valid' = 0, D extends Ints = 1,
> extends ConvNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: ConvOut<this['In'], Cout, Cin, K, 2, S, P, D>;
  // The options form first: TS infers S, P and D from it (or takes their defaults), which it does not through the union of positional forms.
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, options?: ConvOptions<S, P, D>);
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, ...args: ConvArgs<S, P, D>);
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, ...args: unknown[]) {
    super(2, inChannels, outChannels, kernelSize, args);
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return this.convolve(x as Tensor) as never;
  }
}

/** 3-D convolution of [N, C, D, H, W] or [C, D, H, W]; weight [out, in / groups, kd, kh, kw]. */
export class Conv3d<
  Cin extends number = number, Cout extends number = number, K extends Ints = number,
  S extends Ints = 1, P extends Ints | 'same' | 'valid' = 0, D extends Ints = 1,
> extends ConvNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: ConvOut<this['In'], Cout, Cin, K, 3, S, P, D>;
  // The options form first: TS infers S, P and D from it (or takes their defaults), which it does not through the union of positional forms.
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, options?: ConvOptions<S, P, D>);
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, ...args: ConvArgs<S, P, D>);
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, ...args: unknown[]) {
    super(3, inChannels, outChannels, kernelSize, args);
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return this.convolve(x as Tensor) as never;
  }
}

type LazyConvArgs = PyRest<[stride: Ints, padding: Ints | 'same' | 'valid', dilation: Ints, groups: number, bias: boolean, paddingMode: PaddingMode], ConvOptions>;

/** Conv1d whose input channels come from its first input (or a loaded state dict). */
export class LazyConv1d<Cout extends number = number> extends ConvNd {
  constructor(outChannels: Cout, kernelSize: Ints, ...args: LazyConvArgs) { super(1, null, outChannels, kernelSize, args); }
  forward<X extends Tensor>(x: X): Tensor<number[], X['dtype'], X['device']> { return this.convolve(x) as never; }
}
/** Conv2d whose input channels come from its first input (or a loaded state dict). */
export class LazyConv2d<Cout extends number = number> extends ConvNd {
  constructor(outChannels: Cout, kernelSize: Ints, ...args: LazyConvArgs) { super(2, null, outChannels, kernelSize, args); }
  forward<X extends Tensor>(x: X): Tensor<number[], X['dtype'], X['device']> { return this.convolve(x) as never; }
}
/** Conv3d whose input channels come from its first input (or a loaded state dict). */
export class LazyConv3d<Cout extends number = number> extends ConvNd {
  constructor(outChannels: Cout, kernelSize: Ints, ...args: LazyConvArgs) { super(3, null, outChannels, kernelSize, args); }
  forward<X extends Tensor>(x: X): Tensor<number[], X['dtype'], X['device']> { return this.convolve(x) as never; }
}

/** A transposed convolution (the gradient of a convolution with respect to its input). */
abstract class ConvTransposeNd extends ConvBase {
  readonly padding: number[];
  readonly outputPadding: number[];

  constructor(spatial: 1 | 2 | 3, inChannels: number | null, outChannels: number, kernelSize: Ints, args: readonly unknown[]) {
    const cls = new.target.name;
    const o = configure<ConvTConfig>(cls, CONV_T_PARAMS, args, factory.params);
    super(spatial, inChannels, outChannels, kernelSize, o, true);
    this.padding = perDim(cls, 'padding', o.padding, spatial, 0);
    this.outputPadding = perDim(cls, 'outputPadding', o.outputPadding, spatial, 0);
    for (let i = 0; i < spatial; i++) {
      if (this.outputPadding[i]! >= Math.max(this.stride[i]!, this.dilation[i]!)) {
        throw new RangeError(`${cls}: outputPadding must be smaller than either stride or dilation, got outputPadding [${this.outputPadding.join(', ')}]`);
      }
    }
  }

  /** Python's _output_padding: the output padding that gives `outputSize` (the last `spatial` sizes asked for). */
  private paddingFor(x: Tensor, outputSize: readonly number[] | undefined): number[] {
    if (outputSize === undefined) return this.outputPadding;
    const n = this.spatial;
    const size = outputSize.length === n + 2 || outputSize.length === n + 1 ? outputSize.slice(outputSize.length - n) : [...outputSize];
    if (size.length !== n) throw new TypeError(`${this.constructor.name}: outputSize must have ${n} or ${n + 2} elements, got ${outputSize.length}`);
    const input = x.shape.slice(x.ndim - n);
    return size.map((want, d) => {
      const min = (input[d]! - 1) * this.stride[d]! - 2 * this.padding[d]! + this.dilation[d]! * (this.kernelSize[d]! - 1) + 1;
      const max = min + this.stride[d]! - 1;
      if (want < min || want > max) {
        throw new RangeError(`${this.constructor.name}: requested an output size of [${size.join(', ')}], but valid sizes range from [${input.map((_, i) => (input[i]! - 1) * this.stride[i]! - 2 * this.padding[i]! + this.dilation[i]! * (this.kernelSize[i]! - 1) + 1).join(', ')}] (for an input of [${input.join(', ')}])`);
      }
      return want - min;
    });
  }

  protected convolveT(x: Tensor, outputSize?: readonly number[]): Tensor {
    this.materialize(x);
    const [w, b] = this.weights();
    const op = this.spatial === 1 ? aten.conv_transpose1d : this.spatial === 2 ? aten.conv_transpose2d_input : aten.conv_transpose3d_input;
    return op(x, w, b, this.stride, this.padding, this.paddingFor(x, outputSize), this.groups, this.dilation);
  }

  override extraRepr(): string {
    return this.baseRepr(this.padding, this.outputPadding, 'zeros');
  }
}

type ConvTArgs<S = Ints, P = Ints, OP = Ints> = PyRest<
  [stride: S, padding: P, outputPadding: OP, groups: number, bias: boolean, dilation: Ints, paddingMode: 'zeros'],
  ConvTransposeOptions<S, P, OP>
>;
type Dynamic<X extends Tensor> = Tensor<number[], X['dtype'], X['device']>;

/** Transposed 1-D convolution of [N, C, L] or [C, L]; weight [in, out / groups, k]. forward(x, outputSize?) picks among the sizes a stride allows. */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: Ints, ...args: ConvTArgs) { super(1, inChannels, outChannels, kernelSize, args); }
  forward<X extends Tensor>(x: X, outputSize?: readonly number[]): Dynamic<X> { return this.convolveT(x, outputSize) as never; }
}

/** Transposed 2-D convolution of [N, C, H, W] or [C, H, W]; weight [in, out / groups, kh, kw]. */
export class ConvTranspose2d<Cin extends number = number, Cout extends number = number, K extends number = number, S extends number = 1, P extends number = 0, OP extends number = 0>
  extends ConvTransposeNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: ConvT2Shape<InShape<this['In']>, [Cin, Cout, K, K], S, P, OP, 1, 1>;
  constructor(inChannels: Cin, outChannels: Cout, kernelSize: K, ...args: ConvTArgs<S, P, OP>) {
    super(2, inChannels, outChannels, kernelSize, args);
  }
  forward<X extends Tensor>(x: LayerIn<this, X>, outputSize?: readonly number[]): LayerOut<this, X> {
    return this.convolveT(x as Tensor, outputSize) as never;
  }
}

/** Transposed 3-D convolution of [N, C, D, H, W] or [C, D, H, W]; weight [in, out / groups, kd, kh, kw]. */
export class ConvTranspose3d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: Ints, ...args: ConvTArgs) { super(3, inChannels, outChannels, kernelSize, args); }
  forward<X extends Tensor>(x: X, outputSize?: readonly number[]): Dynamic<X> { return this.convolveT(x, outputSize) as never; }
}

/** ConvTranspose1d whose input channels come from its first input (or a loaded state dict). */
export class LazyConvTranspose1d extends ConvTransposeNd {
  constructor(outChannels: number, kernelSize: Ints, ...args: ConvTArgs) { super(1, null, outChannels, kernelSize, args); }
  forward<X extends Tensor>(x: X, outputSize?: readonly number[]): Dynamic<X> { return this.convolveT(x, outputSize) as never; }
}
/** ConvTranspose2d whose input channels come from its first input (or a loaded state dict). */
export class LazyConvTranspose2d extends ConvTransposeNd {
  constructor(outChannels: number, kernelSize: Ints, ...args: ConvTArgs) { super(2, null, outChannels, kernelSize, args); }
  forward<X extends Tensor>(x: X, outputSize?: readonly number[]): Dynamic<X> { return this.convolveT(x, outputSize) as never; }
}
/** ConvTranspose3d whose input channels come from its first input (or a loaded state dict). */
export class LazyConvTranspose3d extends ConvTransposeNd {
  constructor(outChannels: number, kernelSize: Ints, ...args: ConvTArgs) { super(3, null, outChannels, kernelSize, args); }
  forward<X extends Tensor>(x: X, outputSize?: readonly number[]): Dynamic<X> { return this.convolveT(x, outputSize) as never; }
}
