// Distances between pairs of inputs: cosine similarity and the p-norm
// distance, as modules over their functional forms.
import type { Tensor } from '../../core/tensor.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as F from '../functional/index.ts';
import { Module, reprFields } from '../module.ts';
import { configure, p } from './config.ts';

type Dynamic<X extends Tensor> = Tensor<number[], X['dtype'], X['device']>;

/** Cosine similarity of x1 and x2 along `dim` (default 1). */
export class CosineSimilarity extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {};
  readonly dim: number;
  readonly eps: number;
  constructor(...args: PyRest<[dim: number, eps: number], { dim?: number; eps?: number }>) {
    super();
    ({ dim: this.dim, eps: this.eps } = configure<{ dim: number; eps: number }>('CosineSimilarity', [p('dim', 1, ['int']), p('eps', 1e-8)], args));
  }
  forward<X extends Tensor>(x1: X, x2: Tensor): Dynamic<X> { return F.cosineSimilarity(x1, x2, this.dim, this.eps) as never; }
  override extraRepr(): string { return reprFields({ dim: this.dim, eps: this.eps }); }
}

/** The p-norm of x1 - x2 + eps along the last dim. */
export class PairwiseDistance extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {};
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;
  constructor(...args: PyRest<[p: number, eps: number, keepdim: boolean], { p?: number; eps?: number; keepdim?: boolean }>) {
    super();
    const o = configure<{ p: number; eps: number; keepdim: boolean }>('PairwiseDistance', [p('p', 2.0), p('eps', 1e-6), p('keepdim', false)], args);
    this.norm = o.p;
    this.eps = o.eps;
    this.keepdim = o.keepdim;
  }
  forward<X extends Tensor>(x1: X, x2: Tensor): Dynamic<X> { return F.pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim) as never; }
  override extraRepr(): string { return reprFields({ p: this.norm, eps: this.eps, keepdim: this.keepdim }); }
}
