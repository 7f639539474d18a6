// Normalisation layers: batch norm (with running statistics), layer norm and
// group norm, with PyTorch's parameter names and initial values.
import type { Tensor } from '../../core/tensor.ts';
import { noGrad } from '../../core/autograd.ts';
import * as aten from '../../ops/generated/aten.ts';
import { ones, zeros } from '../../ops/creation.ts';
import { Elementwise } from './elementwise.ts';

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
    if (this.training && track) noGrad(() => aten.add__Scalar(this.tensor('num_batches_tracked'), 1));
    return aten.batch_norm(
      x, this.optionalTensor('weight'), this.optionalTensor('bias'), runningMean, this.optionalTensor('running_var'),
      this.training || !track, this.options.momentum ?? 0.1, this.options.eps ?? 1e-5, false,
    );
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
    return aten.layer_norm(x, this.normalizedShape, this.optionalTensor('weight'), this.optionalTensor('bias'), this.options.eps ?? 1e-5, false);
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
    return aten.group_norm(x, this.numGroups, this.optionalTensor('weight'), this.optionalTensor('bias'), this.options.eps ?? 1e-5, false);
  }
}
