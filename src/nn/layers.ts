// Layers with PyTorch's default initialisation, each typed with its shape
// function (ShapeFn), so a composition of layers is checked by the compiler.
import type { Shape } from '../types/shape.ts';
import type { Ok, OrMsg, ShapeError } from '../types/errors.ts';
import type { Linear as LinearShape } from '../types/matmul.ts';
import type { Conv, Pool, ConvTranspose2d as ConvT2Shape, AdaptivePool, Embedding as EmbeddingShape } from '../types/conv.ts';
import type { Flatten as FlattenShape } from '../types/views.ts';
import type { DTypeOf, DeviceOf, ShapeOf } from '../ops/typing.ts';
import { Tensor } from '../core/tensor.ts';
import { call } from '../core/op.ts';
import { noGrad } from '../core/autograd.ts';
import { empty, ones, randn, zeros } from '../core/creation.ts';
import { Module, type ApplyLayer, type InShape, type ShapeFn } from './module.ts';

/** Output tensor of a layer for input X. */
type LayerOut<L extends ShapeFn, X extends Tensor> = Ok<ApplyLayer<L, ShapeOf<X>>> extends infer S extends Shape
  ? Tensor<S, DTypeOf<X>, DeviceOf<X>>
  : never;
/** The input parameter: the layer's error message, or X. */
type LayerIn<L extends ShapeFn, X extends Tensor> = OrMsg<ApplyLayer<L, ShapeOf<X>>, X>;

/** uniform(-bound, bound), in place, from the seeded default generator. */
function uniform(t: Tensor, bound: number): void {
  noGrad(() => call('uniform_', t, -bound, bound));
}

/** y = x W^T + b. Weight and bias uniform in ±1/sqrt(in), as PyTorch (kaiming_uniform with a = sqrt(5)). */
export class Linear<I extends number = number, O extends number = number> extends Module implements ShapeFn {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: LinearShape<InShape<this['In']>, [O, I]>;

  constructor(readonly inFeatures: I, readonly outFeatures: O, options: { bias?: boolean } = {}) {
    super();
    const bound = 1 / Math.sqrt(inFeatures);
    uniform(this.param('weight', empty([outFeatures, inFeatures])), bound);
    if (options.bias ?? true) uniform(this.param('bias', empty([outFeatures])), bound);
  }

  get weight(): Tensor<[O, I], 'float32', 'cpu'> {
    return this.tensor('weight');
  }

  get bias(): Tensor<[O], 'float32', 'cpu'> | null {
    return this.optionalTensor<Tensor<[O], 'float32', 'cpu'>>('bias');
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return call('linear', x, this.weight, this.bias) as never;
  }
}

export interface Conv2dOptions<S, P, D> {
  stride?: S;
  padding?: P;
  dilation?: D;
  groups?: number;
  bias?: boolean;
}

/**
 * The shared part of Conv1d and Conv2d: options, PyTorch's initialisation
 * (uniform in ±1/sqrt(fan_in) for weight and bias), and the forward call.
 */
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
    private readonly op: 'conv1d' | 'conv2d',
  ) {
    super();
    this.stride = options.stride ?? (1 as S);
    this.padding = options.padding ?? (0 as P);
    this.dilation = options.dilation ?? (1 as D);
    this.groups = options.groups ?? 1;
    const bound = 1 / Math.sqrt((inChannels / this.groups) * kernel.reduce((a, b) => a * b, 1));
    uniform(this.param('weight', empty([outChannels, inChannels / this.groups, ...kernel])), bound);
    if (options.bias ?? true) uniform(this.param('bias', empty([outChannels])), bound);
  }

  protected convolve(x: unknown): unknown {
    return call(this.op, x, this.tensor('weight'), this.optionalTensor('bias'), this.stride, this.padding, this.dilation, this.groups);
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
    super(inChannels, outChannels, [kernelSize, kernelSize], options, 'conv2d');
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return this.convolve(x) as never;
  }
}

/** Layers without parameters whose output has the input's shape. */
abstract class Elementwise<Tensors extends string = never> extends Module implements ShapeFn {
  declare readonly __tensors: Tensors;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: InShape<this['In']>;
  protected abstract apply(x: Tensor): Tensor;
  forward<X extends Tensor>(x: X): LayerOut<this, X> {
    return this.apply(x) as never;
  }
}

export class ReLU extends Elementwise {
  protected apply(x: Tensor): Tensor { return call('relu', x) as Tensor; }
}
export class Tanh extends Elementwise {
  protected apply(x: Tensor): Tensor { return call('tanh', x) as Tensor; }
}
export class Sigmoid extends Elementwise {
  protected apply(x: Tensor): Tensor { return call('sigmoid', x) as Tensor; }
}
export class GELU extends Elementwise {
  protected apply(x: Tensor): Tensor { return call('gelu', x) as Tensor; }
}

/** Zeroes elements with probability p while training (scaling the rest by 1/(1-p)). */
export class Dropout extends Elementwise {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be in [0, 1], got ${p}`);
  }
  protected apply(x: Tensor): Tensor { return call('dropout', x, this.p, this.training) as Tensor; }
}

/** Flattens dims start..end into one (default: all but the batch dim). */
export class Flatten<A extends number = 1, B extends number = -1> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: FlattenShape<InShape<this['In']>, A, B>;
  constructor(readonly startDim: A = 1 as A, readonly endDim: B = -1 as B) {
    super();
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return call('flatten.using_ints', x, this.startDim, this.endDim) as never;
  }
}

/** 2-D max pooling (stride defaults to the kernel size). */
export class MaxPool2d<K extends number = number, S extends number | undefined = undefined> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 2, K, S, 0, 1, false, 'max_pool2d'>;
  constructor(readonly kernelSize: K, readonly stride?: S) {
    super();
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return call('max_pool2d', x, this.kernelSize, this.stride ?? [], 0, 1, false) as never;
  }
}

// ---- composition ----------------------------------------------------------------

type Chain<L extends readonly unknown[], S, I extends unknown[] = []> = L extends readonly [infer H, ...infer T]
  ? H extends ShapeFn
    ? S extends Shape
      ? ApplyLayer<H, S> extends infer R
        ? [R] extends [ShapeError<infer M>]
          ? ShapeError<`layer ${I['length']}: ${M}`>
          : Chain<T, R, [...I, 1]>
        : never
      : S
    : ShapeError<`layer ${I['length']} is not a layer`>
  : S;

/** Layers applied in order; the compiler checks each link for the input it is given. */
export class Sequential<L extends readonly (Module & ShapeFn)[]> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: { [K in keyof L & `${number}`]: L[K] };
  declare readonly In: unknown;
  declare readonly Out: Chain<L, InShape<this['In']>>;
  readonly layers: L;

  constructor(...layers: L) {
    super();
    this.layers = layers;
    layers.forEach((layer, i) => this.child(String(i), layer));
  }

  /** The layer at position i, with its own type. */
  at<I extends number>(i: I): L[I] {
    const layer = this.layers[i];
    if (layer === undefined) throw new RangeError(`Sequential has ${this.layers.length} layers; there is no layer ${i}`);
    return layer;
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    let h = x as unknown as Tensor;
    for (const layer of this.layers) h = (layer as unknown as { forward(x: Tensor): Tensor }).forward(h);
    return h as never;
  }
}

/** sequential(a, b, c): the layers in order (dims named `Dim` flow through, e.g. a batch 'B'). */
export function sequential<const L extends readonly (Module & ShapeFn)[]>(...layers: L): Sequential<L> {
  return new Sequential<L>(...layers);
}


// ---- more layers -------------------------------------------------------------------


/** 1-D convolution; weight [out, in / groups, k]. */
export class Conv1d<Cin extends number = number, Cout extends number = number, K extends number = number, S extends number = 1, P extends number = 0, D extends number = 1>
  extends ConvNd<S, P, D> implements ShapeFn {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: Conv<InShape<this['In']>, [Cout, Cin, K], 1, S, P, D>;

  constructor(inChannels: Cin, outChannels: Cout, readonly kernelSize: K, options: Conv2dOptions<S, P, D> = {}) {
    super(inChannels, outChannels, [kernelSize], options, 'conv1d');
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return this.convolve(x) as never;
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
    uniform(this.param('weight', empty([inChannels, outChannels, kernelSize, kernelSize])), bound);
    if (options.bias ?? true) uniform(this.param('bias', empty([outChannels])), bound);
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return call('conv_transpose2d.input', x, this.tensor('weight'), this.optionalTensor('bias'), this.stride, this.padding, this.outputPadding, 1, 1) as never;
  }
}

/** 2-D average pooling (stride defaults to the kernel size). */
export class AvgPool2d<K extends number = number, S extends number | undefined = undefined, P extends number = 0> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 2, K, S, P, 1, false, 'avg_pool2d'>;
  constructor(readonly kernelSize: K, readonly stride?: S, readonly padding: P = 0 as P) {
    super();
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return call('avg_pool2d', x, this.kernelSize, this.stride ?? [], this.padding) as never;
  }
}

/** Adaptive average pooling to a fixed output size. */
export class AdaptiveAvgPool2d<Os extends number | readonly [number, number] = number> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: AdaptivePool<InShape<this['In']>, 2, Os, 'adaptive_avg_pool2d'>;
  constructor(readonly outputSize: Os) {
    super();
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return call('adaptive_avg_pool2d', x, this.outputSize) as never;
  }
}

/** Batch normalisation over dim 1 with running statistics (as BatchNorm1d/2d/3d in PyTorch). */
abstract class BatchNorm extends Elementwise<'weight' | 'bias' | 'running_mean' | 'running_var' | 'num_batches_tracked'> {
  constructor(
    readonly numFeatures: number,
    readonly options: { eps?: number; momentum?: number; affine?: boolean; trackRunningStats?: boolean } = {},
  ) {
    super();
    if (options.affine ?? true) {
      this.param('weight', ones([numFeatures]));
      this.param('bias', zeros([numFeatures]));
    }
    if (options.trackRunningStats ?? true) {
      this.buffer('running_mean', zeros([numFeatures]));
      this.buffer('running_var', ones([numFeatures]));
      this.buffer('num_batches_tracked', zeros([], { dtype: 'int64' }));
    }
  }

  protected apply(x: Tensor): Tensor {
    const runningMean = this.optionalTensor('running_mean');
    const track = runningMean !== null;
    if (this.training && track) noGrad(() => call('add_.Scalar', this.tensor('num_batches_tracked'), 1));
    return call(
      'batch_norm', x, this.optionalTensor('weight'), this.optionalTensor('bias'), runningMean,
      this.optionalTensor('running_var'), this.training || !track, this.options.momentum ?? 0.1, this.options.eps ?? 1e-5, false,
    ) as Tensor;
  }
}

export class BatchNorm1d extends BatchNorm {}
export class BatchNorm2d extends BatchNorm {}

/** Layer normalisation over the trailing `normalizedShape` dims. */
export class LayerNorm extends Elementwise<'weight' | 'bias'> {
  readonly normalizedShape: number[];
  constructor(normalizedShape: number | readonly number[], readonly options: { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (options.elementwiseAffine ?? true) {
      this.param('weight', ones(this.normalizedShape));
      this.param('bias', zeros(this.normalizedShape));
    }
  }
  protected apply(x: Tensor): Tensor {
    return call('layer_norm', x, this.normalizedShape, this.optionalTensor('weight'), this.optionalTensor('bias'), this.options.eps ?? 1e-5, false) as Tensor;
  }
}

/** Group normalisation of channels in `numGroups` groups. */
export class GroupNorm extends Elementwise<'weight' | 'bias'> {
  constructor(readonly numGroups: number, readonly numChannels: number, readonly options: { eps?: number; affine?: boolean } = {}) {
    super();
    if (numChannels % numGroups !== 0) throw new RangeError(`GroupNorm: ${numChannels} channels do not split into ${numGroups} groups`);
    if (options.affine ?? true) {
      this.param('weight', ones([numChannels]));
      this.param('bias', zeros([numChannels]));
    }
  }
  protected apply(x: Tensor): Tensor {
    return call('group_norm', x, this.numGroups, this.optionalTensor('weight'), this.optionalTensor('bias'), this.options.eps ?? 1e-5, false) as Tensor;
  }
}

/** A lookup table of `num` vectors of size `dim`, initialised N(0, 1); the padding row (if any) is zero. */
export class Embedding<N extends number = number, E extends number = number> extends Module implements ShapeFn {
  declare readonly __tensors: 'weight';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: EmbeddingShape<[N, E], InShape<this['In']>>;
  constructor(readonly numEmbeddings: N, readonly embeddingDim: E, readonly options: { paddingIdx?: number } = {}) {
    super();
    const w = this.param('weight', randn([numEmbeddings, embeddingDim]));
    if (options.paddingIdx !== undefined) noGrad(() => call('fill_.Scalar', call('select.int', w, 0, options.paddingIdx), 0));
  }
  forward<X extends Tensor>(indices: X): LayerOut<this, X> {
    return call('embedding', this.tensor('weight'), indices, this.options.paddingIdx ?? -1) as never;
  }
}

/** Splits one dim into several. */
export class Unflatten extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {};
  constructor(readonly dim: number, readonly sizes: readonly number[]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return call('unflatten.int', x, this.dim, this.sizes) as Tensor;
  }
}

/** y = x1^T A x2 + b for each output feature. */
export class Bilinear extends Module {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  constructor(readonly in1: number, readonly in2: number, readonly out: number, options: { bias?: boolean } = {}) {
    super();
    const bound = 1 / Math.sqrt(in1);
    uniform(this.param('weight', empty([out, in1, in2])), bound);
    if (options.bias ?? true) uniform(this.param('bias', empty([out])), bound);
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return call('bilinear', x1, x2, this.tensor('weight'), this.optionalTensor('bias')) as Tensor;
  }
}

export class LeakyReLU extends Elementwise {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  protected apply(x: Tensor): Tensor { return call('leaky_relu', x, this.negativeSlope) as Tensor; }
}
export class SiLU extends Elementwise {
  protected apply(x: Tensor): Tensor { return call('silu', x) as Tensor; }
}
export class Softmax extends Elementwise {
  constructor(readonly dim: number) {
    super();
  }
  protected apply(x: Tensor): Tensor { return call('softmax.int', x, this.dim) as Tensor; }
}
export class LogSoftmax extends Elementwise {
  constructor(readonly dim: number) {
    super();
  }
  protected apply(x: Tensor): Tensor { return call('log_softmax.int', x, this.dim) as Tensor; }
}
