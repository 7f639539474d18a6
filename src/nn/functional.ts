// torch.nn.functional: losses with Python's arguments (reduction as
// 'mean' | 'sum' | 'none', label smoothing, ignore_index, class weights).
// A reduced loss is a 0-d tensor in the types too.
import type { DTypeOf, DeviceOf } from '../ops/typing.ts';
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';

export type Reduction = 'mean' | 'sum' | 'none';

/** A loss value: 0-d when reduced, unreduced otherwise (shape known at run time). */
export type Loss<X extends Tensor, R> = Tensor<R extends 'none' ? number[] : [], DTypeOf<X>, DeviceOf<X>>;

const CODES: Record<Reduction, number> = { none: 0, mean: 1, sum: 2 };

function code(reduction: string | undefined, fn: string): number {
  const c = CODES[(reduction ?? 'mean') as Reduction];
  if (c === undefined) throw new TypeError(`${fn}: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
  return c;
}

export interface CrossEntropyOptions<R extends Reduction> {
  /** A weight per class. */
  weight?: Tensor | null;
  /** Target value to ignore (class-index targets only). */
  ignoreIndex?: number;
  reduction?: R;
  /** Mixes the target with the uniform distribution: (1 - s) * target + s / classes. */
  labelSmoothing?: number;
}

/**
 * Cross entropy of logits `input` [N, C, ...] against class indices [N, ...]
 * (int64) or class probabilities shaped like `input`.
 */
export function crossEntropy<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: CrossEntropyOptions<R> = {},
): Loss<X, R> {
  return aten.cross_entropy_loss(
    input, target, options.weight ?? null, code(options.reduction, 'crossEntropy'), options.ignoreIndex ?? -100, options.labelSmoothing ?? 0,
  ) as Loss<X, R>;
}

/** Negative log-likelihood of log-probabilities [N, C, ...] at class indices [N, ...]. */
export function nllLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: Omit<CrossEntropyOptions<R>, 'labelSmoothing'> = {},
): Loss<X, R> {
  return aten.nll_loss_nd(input, target, options.weight ?? null, code(options.reduction, 'nllLoss'), options.ignoreIndex ?? -100) as Loss<X, R>;
}

function checkSameShape(fn: string, a: Tensor, b: Tensor): void {
  const sa = a.shape.join(', ');
  const sb = b.shape.join(', ');
  if (sa !== sb) throw new TypeError(`${fn}: input [${sa}] and target [${sb}] must have the same shape`);
}

/** Mean squared error. */
export function mseLoss<X extends Tensor, R extends Reduction = 'mean'>(input: X, target: Tensor, options: { reduction?: R } = {}): Loss<X, R> {
  checkSameShape('mseLoss', input, target);
  return aten.mse_loss(input, target, code(options.reduction, 'mseLoss')) as Loss<X, R>;
}

/** Mean absolute error. */
export function l1Loss<X extends Tensor, R extends Reduction = 'mean'>(input: X, target: Tensor, options: { reduction?: R } = {}): Loss<X, R> {
  checkSameShape('l1Loss', input, target);
  return aten.l1_loss(input, target, code(options.reduction, 'l1Loss')) as Loss<X, R>;
}

/** Smooth L1: quadratic below `beta`, linear above. */
export function smoothL1Loss<X extends Tensor, R extends Reduction = 'mean'>(input: X, target: Tensor, options: { reduction?: R; beta?: number } = {}): Loss<X, R> {
  checkSameShape('smoothL1Loss', input, target);
  return aten.smooth_l1_loss(input, target, code(options.reduction, 'smoothL1Loss'), options.beta ?? 1) as Loss<X, R>;
}

/** Huber loss: quadratic below `delta`, linear above. */
export function huberLoss<X extends Tensor, R extends Reduction = 'mean'>(input: X, target: Tensor, options: { reduction?: R; delta?: number } = {}): Loss<X, R> {
  checkSameShape('huberLoss', input, target);
  return aten.huber_loss(input, target, code(options.reduction, 'huberLoss'), options.delta ?? 1) as Loss<X, R>;
}

/** Binary cross entropy of probabilities in [0, 1]. */
export function binaryCrossEntropy<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: { weight?: Tensor | null; reduction?: R } = {},
): Loss<X, R> {
  checkSameShape('binaryCrossEntropy', input, target);
  return aten.binary_cross_entropy(input, target, options.weight ?? null, code(options.reduction, 'binaryCrossEntropy')) as Loss<X, R>;
}

/** Binary cross entropy of logits (numerically stable), with an optional weight for positives. */
export function binaryCrossEntropyWithLogits<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: { weight?: Tensor | null; posWeight?: Tensor | null; reduction?: R } = {},
): Loss<X, R> {
  checkSameShape('binaryCrossEntropyWithLogits', input, target);
  return aten.binary_cross_entropy_with_logits(
    input, target, options.weight ?? null, options.posWeight ?? null, code(options.reduction, 'binaryCrossEntropyWithLogits'),
  ) as Loss<X, R>;
}

/**
 * KL divergence with `input` as log-probabilities; `target` probabilities (or
 * log-probabilities with logTarget). 'batchmean' divides the sum by the batch
 * size, the mathematically correct mean (as Python recommends).
 */
export function klDiv<X extends Tensor, R extends Reduction | 'batchmean' = 'mean'>(
  input: X,
  target: Tensor,
  options: { reduction?: R; logTarget?: boolean } = {},
): Loss<X, R> {
  const batchmean = options.reduction === 'batchmean';
  const c = batchmean ? CODES.sum : code(options.reduction as string | undefined, 'klDiv');
  const out = aten.kl_div(input, target, c, options.logTarget ?? false);
  if (!batchmean) return out as Loss<X, R>;
  const scaled = aten.div_Scalar(out, input.shape.length > 0 ? input.shape[0]! : 1);
  out.dispose();
  return scaled as Loss<X, R>;
}

