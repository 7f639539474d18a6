// Embedding: a lookup table of vectors, indexed by integer tensors.
import type { Embedding as EmbeddingShape } from '../../types/conv.ts';
import type { Tensor } from '../../core/tensor.ts';
import * as aten from '../../ops/generated/aten.ts';
import { randn } from '../../ops/creation.ts';
import { Module } from '../module.ts';
import { noGrad } from '../../core/autograd.ts';
import type { InShape, LayerOut, ShapeFn } from '../shape-fn.ts';

/** A lookup table of `num` vectors of size `dim`, initialised N(0, 1); the padding row (if any) is zero. */
export class Embedding<N extends number = number, E extends number = number> extends Module implements ShapeFn {
  declare readonly __tensors: 'weight';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: EmbeddingShape<[N, E], InShape<this['In']>>;
  constructor(readonly numEmbeddings: N, readonly embeddingDim: E, readonly options: { paddingIdx?: number } = {}) {
    super();
    const w = this.param('weight', randn([numEmbeddings, embeddingDim]));
    if (options.paddingIdx !== undefined) {
      const padding = options.paddingIdx;
      noGrad(() => aten.zero_(aten.select_int(w, 0, padding)).dispose());
    }
  }
  forward<X extends Tensor>(indices: X): LayerOut<this, X> {
    return aten.embedding(this.tensor('weight'), indices, this.options.paddingIdx ?? -1) as never;
  }
}
