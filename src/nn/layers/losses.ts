// Every torch.nn loss as a module over its torch.nn.functional function,
// with Python's constructor arguments: reduction as 'mean' | 'sum' | 'none'
// (the deprecated sizeAverage / reduce flags are honoured as Python honours
// them), class weights and pos_weight registered as buffers (so state dicts
// match Python's), and a 0-d result type when the loss is reduced.
import type { Tensor } from '../../core/tensor.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as F from '../functional/index.ts';
import type { ClassLoss, Loss, Reduction } from '../functional/losses.ts';
import { Module, reprFields } from '../module.ts';
import { configure, p, type Param } from './config.ts';

const REDUCTION = p('reduction', 'mean', ['string'], ['mean', 'sum', 'none']);
const SIZE_AVERAGE = p('sizeAverage', null, ['boolean', 'null']);
const REDUCE = p('reduce', null, ['boolean', 'null']);
const WEIGHT = p('weight', null, ['tensor', 'null']);

/** Python's legacy_get_string: the reduction the deprecated flags ask for. */
function legacyReduction(sizeAverage: boolean | null, reduce: boolean | null): Reduction {
  if ((reduce ?? true) === false) return 'none';
  return (sizeAverage ?? true) ? 'mean' : 'sum';
}

/** The legacy flags and the reduction they override. */
interface Legacy {
  sizeAverage?: boolean | null;
  reduce?: boolean | null;
}

abstract class LossBase<R extends string> extends Module {
  declare readonly __children: {};
  readonly reduction: R;
  /** The other options, as configured (tensors are buffers, read at each call). */
  protected readonly config: Record<string, unknown>;

  constructor(params: readonly Param[], args: readonly unknown[], keywordOnly: readonly Param[] = [], buffers: readonly string[] = []) {
    super();
    const o = configure<Record<string, unknown>>(new.target.name, params, args, keywordOnly);
    const { sizeAverage, reduce, reduction, ...rest } = o as Legacy & { reduction: R } & Record<string, unknown>;
    this.reduction = (sizeAverage != null || reduce != null ? legacyReduction(sizeAverage ?? null, reduce ?? null) : reduction) as R;
    for (const name of buffers) {
      const t = rest[name] as Tensor | null;
      delete rest[name];
      // Python registers weight / pos_weight as buffers named in snake_case.
      this.registerBuffer(name === 'posWeight' ? 'pos_weight' : name, t);
    }
    this.config = rest;
  }

  /** Options for the functional call: the configuration, the reduction and the buffers. */
  protected call(buffers: readonly string[] = []): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.config, reduction: this.reduction };
    for (const name of buffers) out[name] = this.optionalTensor(name === 'posWeight' ? 'pos_weight' : name);
    return out;
  }

  override extraRepr(): string {
    return this.reduction === 'mean' ? '' : reprFields({ reduction: this.reduction });
  }
}

type LegacyArgs = [sizeAverage: boolean | null, reduce: boolean | null];

// (input, target) losses with only a reduction.
type ReductionOptions<R> = Legacy & { reduction?: R };
type ReductionArgs<R> = PyRest<[...LegacyArgs, reduction: R], ReductionOptions<R>>;
const REDUCTION_ONLY = [SIZE_AVERAGE, REDUCE, REDUCTION];

/** Mean (or sum) absolute error. */
export class L1Loss<R extends Reduction = 'mean'> extends LossBase<R> {
  constructor(...args: ReductionArgs<R>) { super(REDUCTION_ONLY, args); }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.l1Loss(input, target, this.call() as { reduction: R }); }
}
/** Mean (or sum) squared error. */
export class MSELoss<R extends Reduction = 'mean'> extends LossBase<R> {
  constructor(...args: ReductionArgs<R>) { super(REDUCTION_ONLY, args); }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.mseLoss(input, target, this.call() as { reduction: R }); }
}
/** Logistic loss of ±1 targets. */
export class SoftMarginLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  constructor(...args: ReductionArgs<R>) { super(REDUCTION_ONLY, args); }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.softMarginLoss(input, target, this.call() as { reduction: R }); }
}
/** Multi-class multi-label hinge loss (targets: class indices, -1 terminated). */
export class MultiLabelMarginLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  constructor(...args: ReductionArgs<R>) { super(REDUCTION_ONLY, args); }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.multilabelMarginLoss(input, target, this.call() as { reduction: R }); }
}

/** Cross entropy of logits [N, C, ...] against class indices or probabilities. */
export class CrossEntropyLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: 'weight';
  constructor(...args: PyRest<
    [weight: Tensor | null, sizeAverage: boolean | null, ignoreIndex: number, reduce: boolean | null, reduction: R, labelSmoothing: number],
    Legacy & { weight?: Tensor | null; ignoreIndex?: number; reduction?: R; labelSmoothing?: number }
  >) {
    super([WEIGHT, SIZE_AVERAGE, p('ignoreIndex', -100, ['int']), REDUCE, REDUCTION, p('labelSmoothing', 0.0)], args, [], ['weight']);
  }
  forward<X extends Tensor>(input: X, target: Tensor): ClassLoss<X, R> { return F.crossEntropy(input, target, this.call(['weight']) as { reduction: R }); }
}
/** Negative log-likelihood of log-probabilities [N, C, ...] at class indices. */
export class NLLLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: 'weight';
  constructor(...args: PyRest<
    [weight: Tensor | null, sizeAverage: boolean | null, ignoreIndex: number, reduce: boolean | null, reduction: R],
    Legacy & { weight?: Tensor | null; ignoreIndex?: number; reduction?: R }
  >) {
    super([WEIGHT, SIZE_AVERAGE, p('ignoreIndex', -100, ['int']), REDUCE, REDUCTION], args, [], ['weight']);
  }
  forward<X extends Tensor>(input: X, target: Tensor): ClassLoss<X, R> { return F.nllLoss(input, target, this.call(['weight']) as { reduction: R }); }
}
/** NLLLoss under its deprecated 2-D name (Python keeps it as the same loss). */
export class NLLLoss2d<R extends Reduction = 'mean'> extends NLLLoss<R> {}

/** Binary cross entropy of probabilities. */
export class BCELoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: 'weight';
  constructor(...args: PyRest<[weight: Tensor | null, ...LegacyArgs, reduction: R], Legacy & { weight?: Tensor | null; reduction?: R }>) {
    super([WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION], args, [], ['weight']);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.binaryCrossEntropy(input, target, this.call(['weight']) as { reduction: R }); }
}
/** Binary cross entropy of logits (a sigmoid and BCELoss in one, numerically stable). */
export class BCEWithLogitsLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: 'weight' | 'pos_weight';
  constructor(...args: PyRest<
    [weight: Tensor | null, ...LegacyArgs, reduction: R, posWeight: Tensor | null],
    Legacy & { weight?: Tensor | null; reduction?: R; posWeight?: Tensor | null }
  >) {
    super([WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION, p('posWeight', null, ['tensor', 'null'])], args, [], ['weight', 'posWeight']);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> {
    return F.binaryCrossEntropyWithLogits(input, target, this.call(['weight', 'posWeight']) as { reduction: R });
  }
}
/** Multi-label one-versus-all loss of logits. */
export class MultiLabelSoftMarginLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: 'weight';
  constructor(...args: PyRest<[weight: Tensor | null, ...LegacyArgs, reduction: R], Legacy & { weight?: Tensor | null; reduction?: R }>) {
    super([WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION], args, [], ['weight']);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.multilabelSoftMarginLoss(input, target, this.call(['weight']) as { reduction: R }); }
}
/** Multi-class hinge loss (p = 1 or 2). */
export class MultiMarginLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: 'weight';
  constructor(...args: PyRest<
    [p: 1 | 2, margin: number, weight: Tensor | null, ...LegacyArgs, reduction: R],
    Legacy & { p?: 1 | 2; margin?: number; weight?: Tensor | null; reduction?: R }
  >) {
    super([p('p', 1, ['int']), p('margin', 1.0), WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION], args, [], ['weight']);
    if (this.config.p !== 1 && this.config.p !== 2) throw new RangeError(`MultiMarginLoss: only p = 1 and p = 2 are supported, got ${String(this.config.p)}`);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.multiMarginLoss(input, target, this.call(['weight']) as { reduction: R }); }
}

/** Kullback-Leibler divergence of log-probabilities from the target ('batchmean' divides the sum by the batch size). */
export class KLDivLoss<R extends Reduction | 'batchmean' = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<[...LegacyArgs, reduction: R, logTarget: boolean], Legacy & { reduction?: R; logTarget?: boolean }>) {
    super([SIZE_AVERAGE, REDUCE, p('reduction', 'mean', ['string'], ['mean', 'sum', 'none', 'batchmean']), p('logTarget', false)], args);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.klDiv(input, target, this.call() as { reduction: R }); }
}
/** Poisson negative log-likelihood. */
export class PoissonNLLLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<
    [logInput: boolean, full: boolean, sizeAverage: boolean | null, eps: number, reduce: boolean | null, reduction: R],
    Legacy & { logInput?: boolean; full?: boolean; eps?: number; reduction?: R }
  >) {
    super([p('logInput', true), p('full', false), SIZE_AVERAGE, p('eps', 1e-8), REDUCE, REDUCTION], args);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.poissonNllLoss(input, target, this.call() as { reduction: R }); }
}
/** Gaussian negative log-likelihood: forward(input, target, var). */
export class GaussianNLLLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(options: { full?: boolean; eps?: number; reduction?: R } = {}) {
    super([], [options], [p('full', false), p('eps', 1e-6), REDUCTION]);
  }
  forward<X extends Tensor>(input: X, target: Tensor, variance: Tensor): Loss<X, R> {
    return F.gaussianNllLoss(input, target, variance, this.call() as { reduction: R });
  }
}
/** Smooth L1: squared below beta, absolute above. */
export class SmoothL1Loss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<[...LegacyArgs, reduction: R, beta: number], Legacy & { reduction?: R; beta?: number }>) {
    super([SIZE_AVERAGE, REDUCE, REDUCTION, p('beta', 1.0)], args);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.smoothL1Loss(input, target, this.call() as { reduction: R }); }
}
/** Huber loss: squared below delta, linear above. */
export class HuberLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<[reduction: R, delta: number], { reduction?: R; delta?: number }>) {
    super([REDUCTION, p('delta', 1.0)], args);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.huberLoss(input, target, this.call() as { reduction: R }); }
}
/** Hinge embedding loss of ±1 targets. */
export class HingeEmbeddingLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<[margin: number, ...LegacyArgs, reduction: R], Legacy & { margin?: number; reduction?: R }>) {
    super([p('margin', 1.0), SIZE_AVERAGE, REDUCE, REDUCTION], args);
  }
  forward<X extends Tensor>(input: X, target: Tensor): Loss<X, R> { return F.hingeEmbeddingLoss(input, target, this.call() as { reduction: R }); }
}
/** Cosine embedding loss: forward(x1, x2, target of ±1). */
export class CosineEmbeddingLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<[margin: number, ...LegacyArgs, reduction: R], Legacy & { margin?: number; reduction?: R }>) {
    super([p('margin', 0.0), SIZE_AVERAGE, REDUCE, REDUCTION], args);
  }
  forward<X extends Tensor>(x1: X, x2: Tensor, target: Tensor): Loss<X, R> { return F.cosineEmbeddingLoss(x1, x2, target, this.call() as { reduction: R }); }
}
/** Margin ranking loss: forward(x1, x2, target of ±1). */
export class MarginRankingLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<[margin: number, ...LegacyArgs, reduction: R], Legacy & { margin?: number; reduction?: R }>) {
    super([p('margin', 0.0), SIZE_AVERAGE, REDUCE, REDUCTION], args);
  }
  forward<X extends Tensor>(x1: X, x2: Tensor, target: Tensor): Loss<X, R> { return F.marginRankingLoss(x1, x2, target, this.call() as { reduction: R }); }
}
/** Triplet margin loss: forward(anchor, positive, negative). */
export class TripletMarginLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<
    [margin: number, p: number, eps: number, swap: boolean, ...LegacyArgs, reduction: R],
    Legacy & { margin?: number; p?: number; eps?: number; swap?: boolean; reduction?: R }
  >) {
    super([p('margin', 1.0), p('p', 2.0), p('eps', 1e-6), p('swap', false), SIZE_AVERAGE, REDUCE, REDUCTION], args);
  }
  forward<X extends Tensor>(anchor: X, positive: Tensor, negative: Tensor): Loss<X, R> {
    return F.tripletMarginLoss(anchor, positive, negative, this.call() as { reduction: R });
  }
}
/** Triplet margin loss with a distance function of your own (default: pairwise distance). */
export class TripletMarginWithDistanceLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(options: { distanceFunction?: ((a: Tensor, b: Tensor) => Tensor) | null; margin?: number; swap?: boolean; reduction?: R } = {}) {
    super([], [options], [p('distanceFunction', null, ['function', 'null']), p('margin', 1.0), p('swap', false), REDUCTION]);
  }
  forward<X extends Tensor>(anchor: X, positive: Tensor, negative: Tensor): Loss<X, R> {
    return F.tripletMarginWithDistanceLoss(anchor, positive, negative, this.call() as { reduction: R });
  }
}
/** Connectionist temporal classification: forward(logProbs [T, N, C], targets, inputLengths, targetLengths). */
export class CTCLoss<R extends Reduction = 'mean'> extends LossBase<R> {
  declare readonly __tensors: never;
  constructor(...args: PyRest<[blank: number, reduction: R, zeroInfinity: boolean], { blank?: number; reduction?: R; zeroInfinity?: boolean }>) {
    super([p('blank', 0, ['int']), REDUCTION, p('zeroInfinity', false)], args);
  }
  forward<X extends Tensor>(logProbs: X, targets: Tensor, inputLengths: Tensor | readonly number[], targetLengths: Tensor | readonly number[]): Loss<X, R> {
    return F.ctcLoss(logProbs, targets, inputLengths, targetLengths, this.call() as { reduction: R });
  }
}
