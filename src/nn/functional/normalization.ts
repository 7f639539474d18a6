// Normalization with Python's arguments and argument order:
// F.batch_norm(input, running_mean, running_var, weight, bias, training,
// momentum, eps) and the others, plus the ones Python writes from other ops
// (localResponseNorm, normalize).
import type { Tensor } from '../../core/tensor.ts';
import type { Like } from '../../ops/typing.ts';
import * as aten from '../../ops/generated/aten.ts';
import { bindPy, type PyRest } from '../../ops/python-args.ts';

/** Whether libtorch may use cuDNN: the kernels choose it only for CUDA tensors. */
const CUDNN = true;

function sizeList(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Use the batch's statistics (and update the running ones) rather than the running ones. */
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Normalizes each channel (dim 1) with the batch's statistics while training,
 * with the running ones otherwise; running statistics are updated in place.
 */
export function batchNorm<X extends Tensor>(
  input: X,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  ...rest: PyRest<[weight: Tensor | null, bias: Tensor | null, training: boolean, momentum: number, eps: number], BatchNormOptions>
): Like<X> {
  const a = bindPy('batchNorm', ['weight', 'bias', 'training', 'momentum', 'eps'], rest);
  const training = (a.training ?? false) as boolean;
  if (training) {
    const shape = input.shape;
    const perChannel = shape.reduce((p, n, i) => (i === 1 ? p : p * n), 1);
    if (perChannel === 1) throw new RangeError(`batchNorm: expected more than 1 value per channel when training, got input size ${sizeList(shape)}`);
  }
  return aten.batch_norm(
    input, (a.weight ?? null) as Tensor | null, (a.bias ?? null) as Tensor | null, runningMean, runningVar, training,
    (a.momentum ?? 0.1) as number, (a.eps ?? 1e-5) as number, CUDNN,
  ) as Like<X>;
}

export interface InstanceNormOptions {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalize with each instance's statistics (default) rather than the running ones. */
  useInputStats?: boolean;
  momentum?: number;
  eps?: number;
}

/** Normalizes each channel of each sample over its spatial dims. */
export function instanceNorm<X extends Tensor>(
  input: X,
  ...rest: PyRest<
    [runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null, useInputStats: boolean, momentum: number, eps: number],
    InstanceNormOptions
  >
): Like<X> {
  const a = bindPy('instanceNorm', ['runningMean', 'runningVar', 'weight', 'bias', 'useInputStats', 'momentum', 'eps'], rest);
  const useInputStats = (a.useInputStats ?? true) as boolean;
  if (useInputStats) {
    const spatial = input.shape.slice(2).reduce((p, n) => p * n, 1);
    if (spatial === 1) throw new RangeError(`instanceNorm: expected more than 1 spatial element when training, got input size ${sizeList(input.shape)}`);
  }
  return aten.instance_norm(
    input, (a.weight ?? null) as Tensor | null, (a.bias ?? null) as Tensor | null, (a.runningMean ?? null) as Tensor | null,
    (a.runningVar ?? null) as Tensor | null, useInputStats, (a.momentum ?? 0.1) as number, (a.eps ?? 1e-5) as number, CUDNN,
  ) as Like<X>;
}

export interface LayerNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** Normalizes over the last dims, those of `normalizedShape`. */
export function layerNorm<X extends Tensor>(
  input: X,
  normalizedShape: number | readonly number[],
  ...rest: PyRest<[weight: Tensor | null, bias: Tensor | null, eps: number], LayerNormOptions>
): Like<X> {
  const a = bindPy('layerNorm', ['weight', 'bias', 'eps'], rest);
  return aten.layer_norm(input, normalizedShape, (a.weight ?? null) as Tensor | null, (a.bias ?? null) as Tensor | null, (a.eps ?? 1e-5) as number, CUDNN) as Like<X>;
}

/** Normalizes groups of channels of each sample. */
export function groupNorm<X extends Tensor>(
  input: X,
  numGroups: number,
  ...rest: PyRest<[weight: Tensor | null, bias: Tensor | null, eps: number], LayerNormOptions>
): Like<X> {
  const a = bindPy('groupNorm', ['weight', 'bias', 'eps'], rest);
  const shape = input.shape;
  if (shape.length < 2) throw new TypeError(`groupNorm: expected an input of at least 2 dims [N, C, ...], got ${sizeList(shape)}`);
  const perGroup = Math.floor((shape[0]! * shape[1]!) / numGroups) * shape.slice(2).reduce((p, n) => p * n, 1);
  if (perGroup === 1) throw new RangeError(`groupNorm: expected more than 1 value per group when training, got input size ${sizeList(shape)}`);
  return aten.group_norm(input, numGroups, (a.weight ?? null) as Tensor | null, (a.bias ?? null) as Tensor | null, (a.eps ?? 1e-5) as number, CUDNN) as Like<X>;
}

export interface LocalResponseNormOptions {
  alpha?: number;
  beta?: number;
  k?: number;
}

/** Divides each element by (k + alpha * mean of squares over `size` neighbouring channels)^beta. */
export function localResponseNorm<X extends Tensor>(
  input: X,
  size: number,
  ...rest: PyRest<[alpha: number, beta: number, k: number], LocalResponseNormOptions>
): Like<X> {
  const a = bindPy('localResponseNorm', ['alpha', 'beta', 'k'], rest);
  const shape = input.shape;
  if (shape.length < 3) throw new TypeError(`localResponseNorm: expected an input of 3 or more dims, got ${shape.length}`);
  if (shape.reduce((p, n) => p * n, 1) === 0) return input as unknown as Like<X>;
  let div = aten.unsqueeze(aten.mul_Tensor(input, input), 1);
  const before = Math.floor(size / 2);
  const after = Math.floor((size - 1) / 2);
  if (shape.length === 3) {
    div = aten.squeeze_dim(aten.avg_pool2d(aten.constant_pad_nd(div, [0, 0, before, after]), [size, 1], 1), 1);
  } else {
    div = aten.view(div, [shape[0]!, 1, shape[1]!, shape[2]!, -1]);
    div = aten.squeeze_dim(aten.avg_pool3d(aten.constant_pad_nd(div, [0, 0, 0, 0, before, after]), [size, 1, 1], 1), 1);
    div = aten.view(div, shape);
  }
  div = aten.pow_Tensor_Scalar(aten.add_Scalar(aten.mul_Scalar(div, (a.alpha ?? 1e-4) as number), (a.k ?? 1) as number), (a.beta ?? 0.75) as number);
  return aten.div_Tensor(input, div) as Like<X>;
}

export interface NormalizeOptions {
  /** The norm's exponent. Default 2. */
  p?: number;
  /** The dim to normalize over. Default 1. */
  dim?: number;
  /** The smallest denominator. */
  eps?: number;
}

/** input / max(||input||_p along dim, eps). */
export function normalize<X extends Tensor>(input: X, ...rest: PyRest<[p: number, dim: number, eps: number], NormalizeOptions>): Like<X> {
  const a = bindPy('normalize', ['p', 'dim', 'eps'], rest);
  const norm = aten.norm_ScalarOpt_dim(input, (a.p ?? 2) as number, [(a.dim ?? 1) as number], true);
  return aten.div_Tensor(input, aten.expand_as(aten.clamp_min(norm, (a.eps ?? 1e-12) as number), input)) as Like<X>;
}
