// Normalisation layers: batch norm (running statistics, cumulative averages
// with momentum null), instance norm (batched or not), layer norm, group norm
// and local response norm, with PyTorch's parameter names, initial values
// and constructor arguments.
import type { Tensor } from '../../core/tensor.ts';
import type { DType, Device } from '../../types/dtype.ts';
import type { StateDict } from '../../serialization/index.ts';
import { noGrad } from '../../core/autograd.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as aten from '../../ops/generated/aten.ts';
import { ones, zeros } from '../../ops/creation.ts';
import * as F from '../functional/index.ts';
import { creationTarget, pyFloat, reprFields } from '../module.ts';
import { Elementwise, ShapePreserving } from './elementwise.ts';
import type { InShape } from '../shape-fn.ts';
import type { ChannelsAt1, EndsInShape } from '../../types/norm.ts';
import { configure, p, required } from './config.ts';
import { factory, type FactoryOptions } from './factory.ts';

export interface BatchNormOptions extends FactoryOptions {
  eps?: number;
  /** The running statistics' update factor; null: a cumulative average (1 / batches seen). */
  momentum?: number | null;
  /** Learned per-channel weight and bias. */
  affine?: boolean;
  /** Keep running statistics (used in evaluation mode). */
  trackRunningStats?: boolean;
}
type NormConfig = Required<Omit<BatchNormOptions, keyof FactoryOptions>>;
type NormArgs = PyRest<[eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean], BatchNormOptions>;

const normParams = (affine: boolean, track: boolean) => [
  p('eps', 1e-5), p('momentum', 0.1, ['number', 'null']), p('affine', affine), p('trackRunningStats', track),
];

/** The shared part of batch and instance norm: weight, bias and the running statistics. */
abstract class NormBase extends ShapePreserving<'weight' | 'bias' | 'running_mean' | 'running_var' | 'num_batches_tracked'> {
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  /** The channels (null until a lazy module sees its first input). */
  numFeatures: number;
  #make: { dtype?: DType; device?: Device };

  constructor(numFeatures: number | null, args: readonly unknown[], defaults: { affine: boolean; track: boolean }) {
    super();
    const cls = this.constructor.name;
    if (numFeatures !== null) required(cls, 'numFeatures', numFeatures, 'int');
    const o = configure<NormConfig & FactoryOptions>(cls, normParams(defaults.affine, defaults.track), args, factory.params);
    ({ eps: this.eps, momentum: this.momentum, affine: this.affine, trackRunningStats: this.trackRunningStats } = o);
    this.#make = factory.of(o);
    this.numFeatures = numFeatures ?? 0;
    if (numFeatures !== null) {
      this.createState(numFeatures);
    } else {
      // Python's lazy norms: weight, bias and running statistics wait for the first input; the counter exists from the start.
      for (const name of ['weight', 'bias']) if (this.affine) this.registerParameter(name, null);
      if (this.trackRunningStats) {
        this.registerBuffer('running_mean', null);
        this.registerBuffer('running_var', null);
        this.buffer('num_batches_tracked', zeros([], { dtype: 'int64', ...(this.#make.device ? { device: this.#make.device } : {}) }));
      }
    }
  }

  #lazy(): boolean {
    return this.numFeatures === 0 && (this.affine ? this.optionalTensor('weight') === null : this.trackRunningStats && this.optionalTensor('running_mean') === null);
  }

  private createState(n: number): void {
    const make = this.#make;
    noGrad(() => {
      if (this.affine) {
        this.param('weight', ones([n], make));
        this.param('bias', zeros([n], make));
      }
      if (this.trackRunningStats) {
        this.buffer('running_mean', zeros([n], make));
        this.buffer('running_var', ones([n], make));
        if (this.optionalTensor('num_batches_tracked') === null) {
          this.buffer('num_batches_tracked', zeros([], { dtype: 'int64', ...(make.device ? { device: make.device } : {}) }));
        }
      }
    });
    this.numFeatures = n;
  }

  /** A lazy norm takes its channels from its first input. */
  protected materialize(channels: number): void {
    if (this.#lazy()) this.createState(channels);
  }

  protected override materializeFrom(state: StateDict, prefix: string): void {
    const t = state.get(`${prefix}weight`) ?? state.get(`${prefix}running_mean`);
    if (this.#lazy() && t !== undefined && t.ndim === 1) this.createState(t.shape[0]!);
  }

  /** Before a lazy norm materializes, to() sets the dtype or device its tensors will be created in. */
  override to(target: DType | Device): this {
    if (this.#lazy()) this.#make = { ...this.#make, ...creationTarget(target) };
    return super.to(target);
  }

  /** Python's _check_input_dim: the ranks this layer takes. */
  protected checkRank(x: Tensor, ranks: readonly number[], what: string): void {
    if (!ranks.includes(x.ndim)) throw new TypeError(`${this.constructor.name}: expected ${what} input, got ${x.ndim}-D [${x.shape.join(', ')}]`);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, ${reprFields({ eps: pyFloat(this.eps), momentum: pyFloat(this.momentum), affine: this.affine, track_running_stats: this.trackRunningStats })}`;
  }
}

/** Batch normalisation over dim 1 with running statistics (BatchNorm1d/2d/3d differ in the ranks they take). */
abstract class BatchNorm extends NormBase {
  constructor(numFeatures: number | null, args: readonly unknown[]) {
    super(numFeatures, args, { affine: true, track: true });
  }

  protected compute(x: Tensor): Tensor {
    this.checkInput(x);
    this.materialize(x.shape[1]!);
    if (x.shape[1] !== this.numFeatures) {
      throw new TypeError(`${this.constructor.name}: the input has ${x.shape[1]} channels (dim 1), the layer was built for ${this.numFeatures}`);
    }
    let factor = this.momentum ?? 0;
    const tracked = this.optionalTensor('num_batches_tracked');
    if (this.training && this.trackRunningStats && tracked !== null) {
      noGrad(() => aten.add__Scalar(tracked, 1));
      if (this.momentum === null) factor = 1 / Number(tracked.item());
    }
    const runningMean = this.optionalTensor('running_mean');
    const runningVar = this.optionalTensor('running_var');
    const useBatchStats = this.training || (runningMean === null && runningVar === null);
    const keepStats = !this.training || this.trackRunningStats;
    return F.batchNorm(x, keepStats ? runningMean : null, keepStats ? runningVar : null, {
      weight: this.optionalTensor('weight'), bias: this.optionalTensor('bias'), training: useBatchStats, momentum: factor, eps: this.eps,
    });
  }

  protected abstract checkInput(x: Tensor): void;
}

/** Batch norm of [N, C] or [N, C, L]. */
export class BatchNorm1d<C extends number = number> extends BatchNorm {
  declare readonly Out: ChannelsAt1<InShape<this['In']>, C, 2 | 3, 'BatchNorm1d'>;
  constructor(numFeatures: C, ...args: NormArgs) { super(numFeatures, args); }
  protected checkInput(x: Tensor): void { this.checkRank(x, [2, 3], '2-D or 3-D'); }
}
/** Batch norm of [N, C, H, W]. */
export class BatchNorm2d<C extends number = number> extends BatchNorm {
  declare readonly Out: ChannelsAt1<InShape<this['In']>, C, 4, 'BatchNorm2d'>;
  constructor(numFeatures: C, ...args: NormArgs) { super(numFeatures, args); }
  protected checkInput(x: Tensor): void { this.checkRank(x, [4], 'a 4-D'); }
}
/** Batch norm of [N, C, D, H, W]. */
export class BatchNorm3d<C extends number = number> extends BatchNorm {
  declare readonly Out: ChannelsAt1<InShape<this['In']>, C, 5, 'BatchNorm3d'>;
  constructor(numFeatures: C, ...args: NormArgs) { super(numFeatures, args); }
  protected checkInput(x: Tensor): void { this.checkRank(x, [5], 'a 5-D'); }
}

/** Instance normalisation: each channel of each sample over its spatial dims; unbatched input too. */
abstract class InstanceNorm extends NormBase {
  declare readonly Out: InShape<this['In']>;
  // Python's lazy instance norms default to affine and tracked statistics; the eager ones to neither.
  constructor(numFeatures: number | null, args: readonly unknown[], private readonly spatial: number) {
    super(numFeatures, args, numFeatures === null ? { affine: true, track: true } : { affine: false, track: false });
  }

  protected compute(x: Tensor): Tensor {
    const unbatchedRank = this.spatial + 1;
    this.checkRank(x, [unbatchedRank, unbatchedRank + 1], `a ${unbatchedRank}-D or ${unbatchedRank + 1}-D`);
    const channels = x.shape[x.ndim - unbatchedRank]!;
    this.materialize(channels);
    if (channels !== this.numFeatures && this.affine) {
      throw new TypeError(`${this.constructor.name}: the input has ${channels} channels, the layer was built for ${this.numFeatures} (affine=True)`);
    }
    const batched = x.ndim === unbatchedRank + 1;
    const input = batched ? x : aten.unsqueeze(x, 0);
    const out = F.instanceNorm(input, {
      runningMean: this.optionalTensor('running_mean'), runningVar: this.optionalTensor('running_var'),
      weight: this.optionalTensor('weight'), bias: this.optionalTensor('bias'),
      useInputStats: this.training || !this.trackRunningStats, momentum: this.momentum ?? 0.1, eps: this.eps,
    });
    return batched ? out : aten.squeeze_dim(out, 0);
  }
}

/** Instance norm of [N, C, L] or [C, L]. */
export class InstanceNorm1d extends InstanceNorm {
  constructor(numFeatures: number, ...args: NormArgs) { super(numFeatures, args, 1); }
}
/** Instance norm of [N, C, H, W] or [C, H, W]. */
export class InstanceNorm2d extends InstanceNorm {
  constructor(numFeatures: number, ...args: NormArgs) { super(numFeatures, args, 2); }
}
/** Instance norm of [N, C, D, H, W] or [C, D, H, W]. */
export class InstanceNorm3d extends InstanceNorm {
  constructor(numFeatures: number, ...args: NormArgs) { super(numFeatures, args, 3); }
}

/** BatchNorm1d whose channels come from its first input (or a loaded state dict). */
export class LazyBatchNorm1d extends BatchNorm {
  declare readonly Out: InShape<this['In']>;
  constructor(...args: NormArgs) { super(null, args); }
  protected checkInput(x: Tensor): void { this.checkRank(x, [2, 3], '2-D or 3-D'); }
}
/** BatchNorm2d whose channels come from its first input (or a loaded state dict). */
export class LazyBatchNorm2d extends BatchNorm {
  declare readonly Out: InShape<this['In']>;
  constructor(...args: NormArgs) { super(null, args); }
  protected checkInput(x: Tensor): void { this.checkRank(x, [4], 'a 4-D'); }
}
/** BatchNorm3d whose channels come from its first input (or a loaded state dict). */
export class LazyBatchNorm3d extends BatchNorm {
  declare readonly Out: InShape<this['In']>;
  constructor(...args: NormArgs) { super(null, args); }
  protected checkInput(x: Tensor): void { this.checkRank(x, [5], 'a 5-D'); }
}
/** InstanceNorm1d whose channels come from its first input. */
export class LazyInstanceNorm1d extends InstanceNorm {
  constructor(...args: NormArgs) { super(null, args, 1); }
}
/** InstanceNorm2d whose channels come from its first input. */
export class LazyInstanceNorm2d extends InstanceNorm {
  constructor(...args: NormArgs) { super(null, args, 2); }
}
/** InstanceNorm3d whose channels come from its first input. */
export class LazyInstanceNorm3d extends InstanceNorm {
  constructor(...args: NormArgs) { super(null, args, 3); }
}

export interface LayerNormOptions extends FactoryOptions {
  eps?: number;
  /** Learned weight and bias of normalizedShape. */
  elementwiseAffine?: boolean;
}

/** Layer normalisation over the trailing `normalizedShape` dims. */
export class LayerNorm<const NS extends number | readonly number[] = number[]> extends ShapePreserving<'weight' | 'bias'> {
  declare readonly Out: EndsInShape<InShape<this['In']>, NS extends number ? [NS] : NS extends readonly number[] ? NS : number[], 'LayerNorm'>;
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  constructor(normalizedShape: NS, ...args: PyRest<[eps: number, elementwiseAffine: boolean], LayerNormOptions>) {
    super();
    required('LayerNorm', 'normalizedShape', normalizedShape, 'ints');
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...(normalizedShape as readonly number[])];
    const o = configure<{ eps: number; elementwiseAffine: boolean } & FactoryOptions>('LayerNorm', [p('eps', 1e-5), p('elementwiseAffine', true)], args, factory.params);
    this.eps = o.eps;
    this.elementwiseAffine = o.elementwiseAffine;
    if (this.elementwiseAffine) {
      this.param('weight', ones(this.normalizedShape, factory.of(o)));
      this.param('bias', zeros(this.normalizedShape, factory.of(o)));
    }
  }
  protected compute(x: Tensor): Tensor {
    const n = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - n);
    if (x.ndim < n || tail.join() !== this.normalizedShape.join()) {
      throw new TypeError(`LayerNorm: the input [${x.shape.join(', ')}] does not end in the normalized shape [${this.normalizedShape.join(', ')}]`);
    }
    return F.layerNorm(x, this.normalizedShape, { weight: this.optionalTensor('weight'), bias: this.optionalTensor('bias'), eps: this.eps });
  }
  override extraRepr(): string {
    return `(${this.normalizedShape.join(', ')}${this.normalizedShape.length === 1 ? ',' : ''}), ${reprFields({ eps: pyFloat(this.eps), elementwise_affine: this.elementwiseAffine })}`;
  }
}

/** Group normalisation of channels in `numGroups` groups. */
export class GroupNorm<C extends number = number> extends ShapePreserving<'weight' | 'bias'> {
  declare readonly Out: ChannelsAt1<InShape<this['In']>, C, number, 'GroupNorm'>;
  readonly eps: number;
  readonly affine: boolean;
  constructor(readonly numGroups: number, readonly numChannels: C, ...args: PyRest<[eps: number, affine: boolean], { eps?: number; affine?: boolean } & FactoryOptions>) {
    super();
    required('GroupNorm', 'numGroups', numGroups, 'int');
    required('GroupNorm', 'numChannels', numChannels, 'int');
    if (numGroups === 0 || numChannels % numGroups !== 0) throw new RangeError(`GroupNorm: ${numChannels} channels do not split into ${numGroups} groups`);
    const o = configure<{ eps: number; affine: boolean } & FactoryOptions>('GroupNorm', [p('eps', 1e-5), p('affine', true)], args, factory.params);
    this.eps = o.eps;
    this.affine = o.affine;
    if (this.affine) {
      this.param('weight', ones([numChannels], factory.of(o)));
      this.param('bias', zeros([numChannels], factory.of(o)));
    }
  }
  protected compute(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new TypeError(`GroupNorm: expected an input [N, ${this.numChannels}, ...], got [${x.shape.join(', ')}]`);
    }
    return F.groupNorm(x, this.numGroups, { weight: this.optionalTensor('weight'), bias: this.optionalTensor('bias'), eps: this.eps });
  }
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, ${reprFields({ eps: pyFloat(this.eps), affine: this.affine })}`;
  }
}

/** Local response normalisation across `size` neighbouring channels. */
export class LocalResponseNorm extends Elementwise {
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  constructor(readonly size: number, ...args: PyRest<[alpha: number, beta: number, k: number], { alpha?: number; beta?: number; k?: number }>) {
    super();
    required('LocalResponseNorm', 'size', size, 'int');
    ({ alpha: this.alpha, beta: this.beta, k: this.k } = configure<{ alpha: number; beta: number; k: number }>(
      'LocalResponseNorm', [p('alpha', 1e-4), p('beta', 0.75), p('k', 1.0)], args,
    ));
  }
  protected compute(x: Tensor): Tensor {
    return F.localResponseNorm(x, this.size, { alpha: this.alpha, beta: this.beta, k: this.k });
  }
  override extraRepr(): string {
    return `${this.size}, ${reprFields({ alpha: pyFloat(this.alpha), beta: pyFloat(this.beta), k: pyFloat(this.k) })}`;
  }
}
