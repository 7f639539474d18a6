// torch.nn.functional's losses with Python's arguments (reduction as
// 'mean' | 'sum' | 'none', label smoothing, ignore_index, class weights,
// margins). A reduced loss is a 0-d tensor in the types too.
import type { DTypeOf, DeviceOf, ShapeOf } from '../../ops/typing.ts';
import type { Dim } from '../../types/shape.ts';
import type { Tensor } from '../../core/tensor.ts';
import * as aten from '../../ops/generated/aten.ts';
import { noGrad } from '../../core/autograd.ts';
import { pairwiseDistance } from '../../ops/generated/functions.ts';

export type Reduction = 'mean' | 'sum' | 'none';

/** A loss value: 0-d when reduced, unreduced otherwise (shape known at run time). */
export type Loss<X extends Tensor, R> = Tensor<R extends 'none' ? number[] : [], DTypeOf<X>, DeviceOf<X>>;

/**
 * A classification loss (cross entropy, NLL) of input [N, C, d1, ...] or [C]:
 * 0-d when reduced; unreduced, one value per sample, [N, d1, ...] (or []).
 */
export type ClassLoss<X extends Tensor, R> = Tensor<
  R extends 'none' ? (ShapeOf<X> extends readonly [infer N extends Dim, Dim, ...infer Rest extends Dim[]] ? [N, ...Rest] : ShapeOf<X> extends readonly [Dim] ? [] : number[]) : [],
  DTypeOf<X>,
  DeviceOf<X>
>;

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
): ClassLoss<X, R> {
  return aten.cross_entropy_loss(
    input, target, options.weight ?? null, code(options.reduction, 'crossEntropy'), options.ignoreIndex ?? -100, options.labelSmoothing ?? 0,
  ) as ClassLoss<X, R>;
}

/** Negative log-likelihood of log-probabilities [N, C, ...] at class indices [N, ...]. */
export function nllLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: Omit<CrossEntropyOptions<R>, 'labelSmoothing'> = {},
): ClassLoss<X, R> {
  return aten.nll_loss_nd(input, target, options.weight ?? null, code(options.reduction, 'nllLoss'), options.ignoreIndex ?? -100) as ClassLoss<X, R>;
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


/** Reduces an unreduced loss the way `reduction` says (for the losses written here from other ops). */
function reduce(loss: Tensor, reduction: string | undefined, fn: string): Tensor {
  const c = code(reduction, fn);
  return c === CODES.none ? loss : c === CODES.mean ? aten.mean(loss) : aten.sum(loss);
}

/** Negative log-likelihood of a Poisson target: exp(input) - target * input (input as log-rate by default). */
export function poissonNllLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: { logInput?: boolean; full?: boolean; eps?: number; reduction?: R } = {},
): Loss<X, R> {
  return aten.poisson_nll_loss(
    input, target, options.logInput ?? true, options.full ?? false, options.eps ?? 1e-8, code(options.reduction, 'poissonNllLoss'),
  ) as Loss<X, R>;
}

/**
 * Negative log-likelihood of a Gaussian with mean `input` and variance `var`
 * (shaped like input, or like it without the last dim, or with a last dim of 1).
 */
export function gaussianNllLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  variance: Tensor,
  options: { full?: boolean; eps?: number; reduction?: R } = {},
): Loss<X, R> {
  const fn = 'gaussianNllLoss';
  const inShape = input.shape;
  const vShape = variance.shape;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);
  let v = variance;
  if (!same(vShape, inShape)) {
    if (same(inShape.slice(0, -1), vShape)) v = aten.unsqueeze(variance, -1);
    else if (!(same(inShape.slice(0, -1), vShape.slice(0, -1)) && vShape[vShape.length - 1] === 1)) {
      throw new TypeError(`${fn}: var has shape [${vShape.join(', ')}], which does not fit input [${inShape.join(', ')}]`);
    }
  }
  code(options.reduction, fn);
  if (aten.any(aten.lt_Scalar(v, 0)).item()) throw new RangeError(`${fn}: var has negative entries`);
  const clamped = aten.clone(v);
  noGrad(() => aten.clamp_(clamped, options.eps ?? 1e-6));
  const sq = aten.pow_Tensor_Scalar(aten.sub_Tensor(input, target), 2);
  let loss = aten.mul_Scalar(aten.add_Tensor(aten.log(clamped), aten.div_Tensor(sq, clamped)), 0.5);
  if (options.full) loss = aten.add_Scalar(loss, 0.5 * Math.log(2 * Math.PI));
  return reduce(loss, options.reduction, fn) as Loss<X, R>;
}

function sameRank(fn: string, ...ts: Tensor[]): void {
  const ranks = ts.map((t) => t.shape.length);
  if (ranks.some((r) => r !== ranks[0])) {
    throw new TypeError(`${fn}: the inputs must have the same number of dims, got shapes ${ts.map((t) => `[${t.shape.join(', ')}]`).join(', ')}`);
  }
}

/** max(0, -target * (input1 - input2) + margin), target ±1. */
export function marginRankingLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input1: X,
  input2: Tensor,
  target: Tensor,
  options: { margin?: number; reduction?: R } = {},
): Loss<X, R> {
  sameRank('marginRankingLoss', input1, input2, target);
  return aten.margin_ranking_loss(input1, input2, target, options.margin ?? 0, code(options.reduction, 'marginRankingLoss')) as Loss<X, R>;
}

/** input where target is 1, max(0, margin - input) where target is -1. */
export function hingeEmbeddingLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: { margin?: number; reduction?: R } = {},
): Loss<X, R> {
  return aten.hinge_embedding_loss(input, target, options.margin ?? 1, code(options.reduction, 'hingeEmbeddingLoss')) as Loss<X, R>;
}

/** Multi-class multi-label hinge loss; target holds class indices, ended by -1. */
export function multilabelMarginLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: { reduction?: R } = {},
): Loss<X, R> {
  return aten.multilabel_margin_loss(input, target, code(options.reduction, 'multilabelMarginLoss')) as Loss<X, R>;
}

/** log(1 + exp(-target * input)), target ±1. */
export function softMarginLoss<X extends Tensor, R extends Reduction = 'mean'>(input: X, target: Tensor, options: { reduction?: R } = {}): Loss<X, R> {
  return aten.soft_margin_loss(input, target, code(options.reduction, 'softMarginLoss')) as Loss<X, R>;
}

/** Multi-label one-versus-all loss on logits [N, C] against 0/1 targets, averaged over classes. */
export function multilabelSoftMarginLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: { weight?: Tensor | null; reduction?: R } = {},
): Loss<X, R> {
  const fn = 'multilabelSoftMarginLoss';
  code(options.reduction, fn);
  const pos = aten.mul_Tensor(target, aten.log_sigmoid(input));
  const neg = aten.mul_Tensor(aten.rsub_Scalar(target, 1), aten.log_sigmoid(aten.neg(input)));
  let loss = aten.neg(aten.add_Tensor(pos, neg));
  if (options.weight) loss = aten.mul_Tensor(loss, options.weight);
  const classDim = input.shape.length - 1;
  const classes = input.shape[classDim] ?? 1;
  loss = aten.div_Scalar(aten.sum_dim_IntList(loss, [classDim]), classes);
  return reduce(loss, options.reduction, fn) as Loss<X, R>;
}

/** 1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1. */
export function cosineEmbeddingLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input1: X,
  input2: Tensor,
  target: Tensor,
  options: { margin?: number; reduction?: R } = {},
): Loss<X, R> {
  return aten.cosine_embedding_loss(input1, input2, target, options.margin ?? 0, code(options.reduction, 'cosineEmbeddingLoss')) as Loss<X, R>;
}

/** Multi-class hinge loss (p = 1 or 2) of scores [N, C] at class indices [N]. */
export function multiMarginLoss<X extends Tensor, R extends Reduction = 'mean'>(
  input: X,
  target: Tensor,
  options: { p?: 1 | 2; margin?: number; weight?: Tensor | null; reduction?: R } = {},
): Loss<X, R> {
  const p = options.p ?? 1;
  if (p !== 1 && p !== 2) throw new RangeError(`multiMarginLoss: p must be 1 or 2, got ${p}`);
  if (options.weight && options.weight.shape.length !== 1) throw new TypeError('multiMarginLoss: weight must be one-dimensional');
  return aten.multi_margin_loss(input, target, p, options.margin ?? 1, options.weight ?? null, code(options.reduction, 'multiMarginLoss')) as Loss<X, R>;
}

/** max(d(a, p) - d(a, n) + margin, 0) with the p-norm distance. */
export function tripletMarginLoss<X extends Tensor, R extends Reduction = 'mean'>(
  anchor: X,
  positive: Tensor,
  negative: Tensor,
  options: { margin?: number; p?: number; eps?: number; swap?: boolean; reduction?: R } = {},
): Loss<X, R> {
  return aten.triplet_margin_loss(
    anchor, positive, negative, options.margin ?? 1, options.p ?? 2, options.eps ?? 1e-6, options.swap ?? false,
    code(options.reduction, 'tripletMarginLoss'),
  ) as Loss<X, R>;
}

/** The triplet margin loss with any distance function (default: pairwiseDistance). */
export function tripletMarginWithDistanceLoss<X extends Tensor, R extends Reduction = 'mean'>(
  anchor: X,
  positive: Tensor,
  negative: Tensor,
  options: { distanceFunction?: ((a: Tensor, b: Tensor) => Tensor) | null; margin?: number; swap?: boolean; reduction?: R } = {},
): Loss<X, R> {
  const fn = 'tripletMarginWithDistanceLoss';
  code(options.reduction, fn);
  const distance = options.distanceFunction ?? ((a: Tensor, b: Tensor) => pairwiseDistance(a, b) as Tensor);
  const positiveDist = distance(anchor, positive);
  let negativeDist = distance(anchor, negative);
  if (options.swap) negativeDist = aten.min_other(negativeDist, distance(positive, negative));
  const out = aten.clamp(aten.add_Scalar(aten.sub_Tensor(positiveDist, negativeDist), options.margin ?? 1), 0);
  return reduce(out, options.reduction, fn) as Loss<X, R>;
}

/**
 * Connectionist temporal classification loss of log-probabilities [T, N, C]
 * (or [T, C]) against targets, with the length of each input and target.
 */
export function ctcLoss<X extends Tensor, R extends Reduction = 'mean'>(
  logProbs: X,
  targets: Tensor,
  inputLengths: Tensor | readonly number[],
  targetLengths: Tensor | readonly number[],
  options: { blank?: number; reduction?: R; zeroInfinity?: boolean } = {},
): Loss<X, R> {
  const c = code(options.reduction, 'ctcLoss');
  const blank = options.blank ?? 0;
  const zeroInfinity = options.zeroInfinity ?? false;
  if (Array.isArray(inputLengths) !== Array.isArray(targetLengths)) {
    throw new TypeError('ctcLoss: inputLengths and targetLengths must both be tensors or both be arrays');
  }
  const out = Array.isArray(inputLengths)
    ? aten.ctc_loss_IntList(logProbs, targets, inputLengths, targetLengths as readonly number[], blank, c, zeroInfinity)
    : aten.ctc_loss_Tensor(logProbs, targets, inputLengths as Tensor, targetLengths as Tensor, blank, c, zeroInfinity);
  return out as Loss<X, R>;
}
