// Pooling modules: max, average and power-average pooling (stride defaults
// to the kernel), adaptive pooling to an output size, fractional max
// pooling and max unpooling, with Python's constructor arguments in
// Python's order (MaxPool's return_indices comes before ceil_mode).
import type { Pool, AdaptivePool } from '../../types/conv.ts';
import type { Tensor } from '../../core/tensor.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as aten from '../../ops/generated/aten.ts';
import * as F from '../functional/index.ts';
import { Module, reprFields } from '../module.ts';
import type { InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';
import { configure, p, required } from './config.ts';

type Ints = number | readonly number[];
type Dynamic<X extends Tensor> = Tensor<number[], X['dtype'], X['device']>;

abstract class PoolBase extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {};
  override extraRepr(): string {
    return reprFields(this.fields());
  }
  protected abstract fields(): Record<string, unknown>;
}

interface MaxPoolOptions<S, P, D, RI, C> {
  stride?: S;
  padding?: P;
  dilation?: D;
  /** Also return the flat index of each maximum (for MaxUnpool). */
  returnIndices?: RI;
  ceilMode?: C;
}
type MaxPoolArgs<S, P, D, RI, C> = PyRest<[stride: S, padding: P, dilation: D, returnIndices: RI, ceilMode: C], MaxPoolOptions<S, P, D, RI, C>>;
type MaxPoolConfig = { stride: Ints | null; padding: Ints; dilation: Ints; returnIndices: boolean; ceilMode: boolean };
const MAX_POOL = [p('stride', null, ['ints', 'null']), p('padding', 0, ['ints']), p('dilation', 1, ['ints']), p('returnIndices', false), p('ceilMode', false)];

abstract class MaxPoolNd extends PoolBase {
  readonly options: Readonly<MaxPoolConfig>;
  constructor(readonly kernelSize: Ints, args: readonly unknown[], private readonly fn: typeof F.maxPool2d) {
    super();
    required(new.target.name, 'kernelSize', kernelSize, 'ints');
    this.options = configure<MaxPoolConfig>(new.target.name, MAX_POOL, args);
  }
  /** The stride (the kernel size when not given). */
  get stride(): Ints {
    return this.options.stride ?? this.kernelSize;
  }
  protected pool(x: Tensor): Tensor | [Tensor, Tensor] {
    const o = this.options;
    return this.fn(x, this.kernelSize, { stride: o.stride, padding: o.padding, dilation: o.dilation, ceilMode: o.ceilMode, returnIndices: o.returnIndices as true });
  }
  protected fields(): Record<string, unknown> {
    const o = this.options;
    return { kernel_size: this.kernelSize, stride: this.stride, padding: o.padding, dilation: o.dilation, ceil_mode: o.ceilMode };
  }
}

type MaxOut<L extends ShapeFn, X extends Tensor, RI> = RI extends true ? [LayerOut<L, X>, Tensor<number[], 'int64', X['device']>] : LayerOut<L, X>;
type Stride<S> = S extends null ? undefined : S;

/** 1-D max pooling of [N, C, L] or [C, L] (stride defaults to the kernel size); with returnIndices, [values, indices]. */
export class MaxPool1d<
  K extends Ints = number, S extends Ints | null | undefined = undefined, P extends Ints = 0, D extends Ints = 1, RI extends boolean = false, C extends boolean = false,
> extends MaxPoolNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 1, K, Stride<S>, P, D, C, 'max_pool1d'>;
  constructor(kernelSize: K, ...args: MaxPoolArgs<S, P, D, RI, C>) { super(kernelSize, args, F.maxPool1d as typeof F.maxPool2d); }
  forward<X extends Tensor>(x: LayerIn<this, X>): MaxOut<this, X, RI> { return this.pool(x as Tensor) as never; }
}

/** 2-D max pooling of [N, C, H, W] or [C, H, W] (stride defaults to the kernel size); with returnIndices, [values, indices]. */
export class MaxPool2d<
  K extends Ints = number, S extends Ints | null | undefined = undefined, P extends Ints = 0, D extends Ints = 1, RI extends boolean = false, C extends boolean = false,
> extends MaxPoolNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 2, K, Stride<S>, P, D, C, 'max_pool2d'>;
  constructor(kernelSize: K, ...args: MaxPoolArgs<S, P, D, RI, C>) { super(kernelSize, args, F.maxPool2d as typeof F.maxPool2d); }
  forward<X extends Tensor>(x: LayerIn<this, X>): MaxOut<this, X, RI> { return this.pool(x as Tensor) as never; }
}

/** 3-D max pooling of [N, C, D, H, W] or [C, D, H, W] (stride defaults to the kernel size); with returnIndices, [values, indices]. */
export class MaxPool3d<
  K extends Ints = number, S extends Ints | null | undefined = undefined, P extends Ints = 0, D extends Ints = 1, RI extends boolean = false, C extends boolean = false,
> extends MaxPoolNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 3, K, Stride<S>, P, D, C, 'max_pool3d'>;
  constructor(kernelSize: K, ...args: MaxPoolArgs<S, P, D, RI, C>) { super(kernelSize, args, F.maxPool3d as typeof F.maxPool2d); }
  forward<X extends Tensor>(x: LayerIn<this, X>): MaxOut<this, X, RI> { return this.pool(x as Tensor) as never; }
}

interface AvgPoolOptions<S, P> {
  stride?: S;
  padding?: P;
  ceilMode?: boolean;
  /** Count the zero padding in each average. */
  countIncludePad?: boolean;
  /** Divide by this instead of the window size (2-D and 3-D). */
  divisorOverride?: number | null;
}
type AvgPoolConfig = { stride: Ints | null; padding: Ints; ceilMode: boolean; countIncludePad: boolean; divisorOverride: number | null };
const AVG_POOL = [p('stride', null, ['ints', 'null']), p('padding', 0, ['ints']), p('ceilMode', false), p('countIncludePad', true)];
const AVG_POOL_DIVISOR = [...AVG_POOL, p('divisorOverride', null, ['int', 'null'])];

abstract class AvgPoolNd extends PoolBase {
  readonly options: Readonly<AvgPoolConfig>;
  constructor(readonly kernelSize: Ints, args: readonly unknown[], private readonly spatial: 1 | 2 | 3) {
    super();
    required(new.target.name, 'kernelSize', kernelSize, 'ints');
    this.options = { ...configure<AvgPoolConfig>(new.target.name, spatial === 1 ? AVG_POOL : AVG_POOL_DIVISOR, args) } as AvgPoolConfig;
    if (spatial === 1) (this.options as { divisorOverride: number | null }).divisorOverride = null;
  }
  protected pool(x: Tensor): Tensor {
    const o = this.options;
    const stride = o.stride ?? [];
    if (this.spatial === 1) return aten.avg_pool1d(x, this.kernelSize, stride, o.padding, o.ceilMode, o.countIncludePad);
    const op = this.spatial === 2 ? aten.avg_pool2d : aten.avg_pool3d;
    return op(x, this.kernelSize, stride, o.padding, o.ceilMode, o.countIncludePad, o.divisorOverride);
  }
  protected fields(): Record<string, unknown> {
    const o = this.options;
    return { kernel_size: this.kernelSize, stride: o.stride ?? this.kernelSize, padding: o.padding };
  }
}
type AvgArgs<S, P> = PyRest<[stride: S, padding: P, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null], AvgPoolOptions<S, P>>;

/** 1-D average pooling of [N, C, L] or [C, L]. */
export class AvgPool1d<K extends Ints = number, S extends Ints | null | undefined = undefined, P extends Ints = 0> extends AvgPoolNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 1, K, S extends null ? undefined : S, P, 1, false, 'avg_pool1d'>;
  constructor(kernelSize: K, ...args: PyRest<[stride: S, padding: P, ceilMode: boolean, countIncludePad: boolean], Omit<AvgPoolOptions<S, P>, 'divisorOverride'>>) {
    super(kernelSize, args, 1);
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> { return this.pool(x as Tensor) as never; }
}
/** 2-D average pooling of [N, C, H, W] or [C, H, W]. */
export class AvgPool2d<K extends Ints = number, S extends Ints | null | undefined = undefined, P extends Ints = 0> extends AvgPoolNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 2, K, S extends null ? undefined : S, P, 1, false, 'avg_pool2d'>;
  constructor(kernelSize: K, ...args: AvgArgs<S, P>) { super(kernelSize, args, 2); }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> { return this.pool(x as Tensor) as never; }
}
/** 3-D average pooling of [N, C, D, H, W] or [C, D, H, W]. */
export class AvgPool3d<K extends Ints = number, S extends Ints | null | undefined = undefined, P extends Ints = 0> extends AvgPoolNd implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 3, K, S extends null ? undefined : S, P, 1, false, 'avg_pool3d'>;
  constructor(kernelSize: K, ...args: AvgArgs<S, P>) { super(kernelSize, args, 3); }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> { return this.pool(x as Tensor) as never; }
}

type AdaptiveSize = number | readonly (number | null)[];

/** Adaptive average pooling of the last dim to `outputSize`. */
export class AdaptiveAvgPool1d<Os extends number = number> extends PoolBase implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: AdaptivePool<InShape<this['In']>, 1, Os, 'adaptive_avg_pool1d'>;
  constructor(readonly outputSize: Os) { super(); required('AdaptiveAvgPool1d', 'outputSize', outputSize, 'ints'); }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> { return aten.adaptive_avg_pool1d(x as Tensor, this.outputSize) as never; }
  protected fields(): Record<string, unknown> { return { output_size: this.outputSize }; }
}
/** Adaptive average pooling of the last two dims to `outputSize` (null: keep that dim). */
export class AdaptiveAvgPool2d<Os extends AdaptiveSize = number> extends PoolBase implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: AdaptivePool<InShape<this['In']>, 2, Os, 'adaptive_avg_pool2d'>;
  constructor(readonly outputSize: Os) { super(); }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> { return F.adaptiveAvgPool2d(x as Tensor, this.outputSize) as never; }
  protected fields(): Record<string, unknown> { return { output_size: this.outputSize }; }
}
/** Adaptive average pooling of the last three dims to `outputSize` (null: keep that dim). */
export class AdaptiveAvgPool3d<Os extends AdaptiveSize = number> extends PoolBase implements ShapeFn {
  declare readonly In: unknown;
  declare readonly Out: AdaptivePool<InShape<this['In']>, 3, Os, 'adaptive_avg_pool3d'>;
  constructor(readonly outputSize: Os) { super(); }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> { return F.adaptiveAvgPool3d(x as Tensor, this.outputSize) as never; }
  protected fields(): Record<string, unknown> { return { output_size: this.outputSize }; }
}

abstract class AdaptiveMaxPoolNd extends PoolBase {
  readonly returnIndices: boolean;
  constructor(readonly outputSize: AdaptiveSize, args: readonly unknown[], private readonly fn: typeof F.adaptiveMaxPool2d) {
    super();
    this.returnIndices = configure<{ returnIndices: boolean }>(new.target.name, [p('returnIndices', false)], args).returnIndices;
  }
  protected pool(x: Tensor): Tensor | [Tensor, Tensor] {
    return this.fn(x, this.outputSize, { returnIndices: this.returnIndices as true });
  }
  protected fields(): Record<string, unknown> { return { output_size: this.outputSize }; }
}
type RIArgs<RI extends boolean> = PyRest<[returnIndices: RI], { returnIndices?: RI }>;
type AdaptiveMaxOut<X extends Tensor, RI> = RI extends true ? [Dynamic<X>, Tensor<number[], 'int64', X['device']>] : Dynamic<X>;

/** Adaptive max pooling of the last dim; with returnIndices, [values, indices]. */
export class AdaptiveMaxPool1d<RI extends boolean = false> extends AdaptiveMaxPoolNd {
  constructor(outputSize: AdaptiveSize, ...args: RIArgs<RI>) { super(outputSize, args, F.adaptiveMaxPool1d); }
  forward<X extends Tensor>(x: X): AdaptiveMaxOut<X, RI> { return this.pool(x) as never; }
}
/** Adaptive max pooling of the last two dims (null: keep that dim); with returnIndices, [values, indices]. */
export class AdaptiveMaxPool2d<RI extends boolean = false> extends AdaptiveMaxPoolNd {
  constructor(outputSize: AdaptiveSize, ...args: RIArgs<RI>) { super(outputSize, args, F.adaptiveMaxPool2d); }
  forward<X extends Tensor>(x: X): AdaptiveMaxOut<X, RI> { return this.pool(x) as never; }
}
/** Adaptive max pooling of the last three dims (null: keep that dim); with returnIndices, [values, indices]. */
export class AdaptiveMaxPool3d<RI extends boolean = false> extends AdaptiveMaxPoolNd {
  constructor(outputSize: AdaptiveSize, ...args: RIArgs<RI>) { super(outputSize, args, F.adaptiveMaxPool3d); }
  forward<X extends Tensor>(x: X): AdaptiveMaxOut<X, RI> { return this.pool(x) as never; }
}

abstract class LPPoolNd extends PoolBase {
  readonly stride: Ints | null;
  readonly ceilMode: boolean;
  constructor(readonly normType: number, readonly kernelSize: Ints, args: readonly unknown[], private readonly spatial: 1 | 2) {
    super();
    required(new.target.name, 'normType', normType, 'number');
    required(new.target.name, 'kernelSize', kernelSize, 'ints');
    ({ stride: this.stride, ceilMode: this.ceilMode } = configure<{ stride: Ints | null; ceilMode: boolean }>(
      new.target.name, [p('stride', null, ['ints', 'null']), p('ceilMode', false)], args,
    ));
  }
  protected pool(x: Tensor): Tensor {
    const fn = this.spatial === 1 ? F.lpPool1d : F.lpPool2d;
    return fn(x, this.normType, this.kernelSize, { stride: this.stride, ceilMode: this.ceilMode });
  }
  protected fields(): Record<string, unknown> {
    return { norm_type: this.normType, kernel_size: this.kernelSize, stride: this.stride, ceil_mode: this.ceilMode };
  }
}
type LPArgs = PyRest<[stride: Ints | null, ceilMode: boolean], { stride?: Ints | null; ceilMode?: boolean }>;
/** Power-average pooling over the last dim: (sum of x^p over each window)^(1/p). */
export class LPPool1d extends LPPoolNd {
  constructor(normType: number, kernelSize: Ints, ...args: LPArgs) { super(normType, kernelSize, args, 1); }
  forward<X extends Tensor>(x: X): Dynamic<X> { return this.pool(x) as never; }
}
/** Power-average pooling over the last two dims. */
export class LPPool2d extends LPPoolNd {
  constructor(normType: number, kernelSize: Ints, ...args: LPArgs) { super(normType, kernelSize, args, 2); }
  forward<X extends Tensor>(x: X): Dynamic<X> { return this.pool(x) as never; }
}

abstract class MaxUnpoolNd extends PoolBase {
  readonly stride: Ints | null;
  readonly padding: Ints;
  constructor(readonly kernelSize: Ints, args: readonly unknown[], private readonly fn: typeof F.maxUnpool2d) {
    super();
    required(new.target.name, 'kernelSize', kernelSize, 'ints');
    ({ stride: this.stride, padding: this.padding } = configure<{ stride: Ints | null; padding: Ints }>(
      new.target.name, [p('stride', null, ['ints', 'null']), p('padding', 0, ['ints'])], args,
    ));
  }
  protected unpool(x: Tensor, indices: Tensor, outputSize?: readonly number[] | null): Tensor {
    return this.fn(x, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize: outputSize ?? null });
  }
  protected fields(): Record<string, unknown> {
    return { kernel_size: this.kernelSize, stride: this.stride ?? this.kernelSize, padding: this.padding };
  }
}
type UnpoolArgs = PyRest<[stride: Ints | null, padding: Ints], { stride?: Ints | null; padding?: Ints }>;
/** The partial inverse of MaxPool1d: forward(x, indices, outputSize?). */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(kernelSize: Ints, ...args: UnpoolArgs) { super(kernelSize, args, F.maxUnpool1d); }
  forward<X extends Tensor>(x: X, indices: Tensor, outputSize?: readonly number[] | null): Dynamic<X> { return this.unpool(x, indices, outputSize) as never; }
}
/** The partial inverse of MaxPool2d: forward(x, indices, outputSize?). */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(kernelSize: Ints, ...args: UnpoolArgs) { super(kernelSize, args, F.maxUnpool2d); }
  forward<X extends Tensor>(x: X, indices: Tensor, outputSize?: readonly number[] | null): Dynamic<X> { return this.unpool(x, indices, outputSize) as never; }
}
/** The partial inverse of MaxPool3d: forward(x, indices, outputSize?). */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(kernelSize: Ints, ...args: UnpoolArgs) { super(kernelSize, args, F.maxUnpool3d); }
  forward<X extends Tensor>(x: X, indices: Tensor, outputSize?: readonly number[] | null): Dynamic<X> { return this.unpool(x, indices, outputSize) as never; }
}

interface FractionalOptions<RI extends boolean> {
  outputSize?: Ints | null;
  outputRatio?: number | readonly number[] | null;
  returnIndices?: RI;
}
abstract class FractionalMaxPoolNd extends PoolBase {
  readonly outputSize: Ints | null;
  readonly outputRatio: number | readonly number[] | null;
  readonly returnIndices: boolean;
  constructor(readonly kernelSize: Ints, args: readonly unknown[], private readonly fn: typeof F.fractionalMaxPool2d) {
    super();
    const cls = new.target.name;
    required(cls, 'kernelSize', kernelSize, 'ints');
    const o = configure<{ outputSize: Ints | null; outputRatio: number | number[] | null; returnIndices: boolean }>(
      cls, [p('outputSize', null, ['ints', 'null']), p('outputRatio', null, ['number', 'ints', 'null']), p('returnIndices', false)], args,
    );
    if ((o.outputSize === null) === (o.outputRatio === null)) throw new TypeError(`${cls}: give exactly one of outputSize and outputRatio`);
    const ratios = o.outputRatio === null ? [] : typeof o.outputRatio === 'number' ? [o.outputRatio] : o.outputRatio;
    if (ratios.some((r) => !(r > 0 && r < 1))) throw new RangeError(`${cls}: outputRatio must be between 0 and 1, got ${JSON.stringify(o.outputRatio)}`);
    ({ outputSize: this.outputSize, outputRatio: this.outputRatio, returnIndices: this.returnIndices } = o);
  }
  protected pool(x: Tensor): Tensor | [Tensor, Tensor] {
    return this.fn(x, this.kernelSize, { outputSize: this.outputSize, outputRatio: this.outputRatio, returnIndices: this.returnIndices as true });
  }
  protected fields(): Record<string, unknown> {
    return { kernel_size: this.kernelSize, output_size: this.outputSize, output_ratio: this.outputRatio };
  }
}
/** Fractional max pooling of the last two dims (random window placements, to an output size or ratio). */
export class FractionalMaxPool2d<RI extends boolean = false> extends FractionalMaxPoolNd {
  constructor(kernelSize: Ints, ...args: PyRest<[outputSize: Ints | null, outputRatio: number | readonly number[] | null, returnIndices: RI], FractionalOptions<RI>>) {
    super(kernelSize, args, F.fractionalMaxPool2d);
  }
  forward<X extends Tensor>(x: X): AdaptiveMaxOut<X, RI> { return this.pool(x) as never; }
}
/** Fractional max pooling of the last three dims. */
export class FractionalMaxPool3d<RI extends boolean = false> extends FractionalMaxPoolNd {
  constructor(kernelSize: Ints, ...args: PyRest<[outputSize: Ints | null, outputRatio: number | readonly number[] | null, returnIndices: RI], FractionalOptions<RI>>) {
    super(kernelSize, args, F.fractionalMaxPool3d);
  }
  forward<X extends Tensor>(x: X): AdaptiveMaxOut<X, RI> { return this.pool(x) as never; }
}
