// Embedding and EmbeddingBag: lookup tables of vectors indexed by integer
// tensors, initialised N(0, 1) with the padding row zeroed, as in PyTorch.
import type { Embedding as EmbeddingShape } from '../../types/conv.ts';
import type { Shape } from '../../types/shape.ts';
import type { DType } from '../../types/dtype.ts';
import type { ShapeOf } from '../../ops/typing.ts';
import type { Tensor } from '../../core/tensor.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as aten from '../../ops/generated/aten.ts';
import { randn } from '../../ops/creation.ts';
import { noGrad } from '../../core/autograd.ts';
import * as F from '../functional/index.ts';
import { Module, reprFields } from '../module.ts';
import type { InShape, ShapeFn } from '../shape-fn.ts';
import { configure, p, required } from './config.ts';
import { factory, type FactoryOptions } from './factory.ts';

export interface EmbeddingOptions extends FactoryOptions {
  /** The row that stays zero and gets no gradient (negative: from the end). */
  paddingIdx?: number | null;
  /** Rows looked up are renormalized in place to at most this norm. */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  /** The weight's gradient as a sparse COO tensor holding the rows looked up (for SGD; Adam and the others refuse it, as in Python). */
  sparse?: boolean;
}
type EmbeddingConfig = { paddingIdx: number | null; maxNorm: number | null; normType: number; scaleGradByFreq: boolean; sparse: boolean };
const EMBEDDING = [p('paddingIdx', null, ['int', 'null']), p('maxNorm', null, ['number', 'null']), p('normType', 2.0), p('scaleGradByFreq', false), p('sparse', false)];

function paddingRow(cls: string, paddingIdx: number | null, rows: number): number | null {
  if (paddingIdx === null) return null;
  if (paddingIdx >= rows || paddingIdx < -rows) throw new RangeError(`${cls}: paddingIdx ${paddingIdx} is outside the ${rows} embeddings`);
  return paddingIdx < 0 ? rows + paddingIdx : paddingIdx;
}

/** The lookup's input check: indices must be an integer tensor. */
type IndexIn<X extends Tensor> = DType extends X['dtype'] ? X
  : X['dtype'] extends 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' ? X
  : `Embedding: the indices must be an integer tensor (int64 or int32), got ${X['dtype']}`;

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`. forward(indices [...]) is [..., embeddingDim], in the table's dtype. */
export class Embedding<N extends number = number, E extends number = number> extends Module implements ShapeFn {
  declare readonly __tensors: 'weight';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: EmbeddingShape<[N, E], InShape<this['In']>>;
  readonly options: Readonly<EmbeddingConfig>;
  readonly paddingIdx: number | null;

  constructor(readonly numEmbeddings: N, readonly embeddingDim: E, ...args: PyRest<[paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean], EmbeddingOptions>) {
    super();
    required('Embedding', 'numEmbeddings', numEmbeddings, 'int');
    required('Embedding', 'embeddingDim', embeddingDim, 'int');
    const o = configure<EmbeddingConfig & FactoryOptions>('Embedding', EMBEDDING, args, factory.params);
    this.options = o;
    this.paddingIdx = paddingRow('Embedding', o.paddingIdx, numEmbeddings);
    const w = this.param('weight', randn([numEmbeddings, embeddingDim], factory.of(o)));
    const row = this.paddingIdx;
    if (row !== null) noGrad(() => aten.zero_(aten.select_int(w, 0, row)).dispose());
  }

  /** Python's Embedding.from_pretrained: a table holding `embeddings` [N, E] (frozen unless freeze: false). */
  static fromPretrained<N extends number, E extends number>(
    embeddings: Tensor<[N, E]> | Tensor,
    options: Omit<EmbeddingOptions, keyof FactoryOptions> & { freeze?: boolean } = {},
  ): Embedding<N, E> {
    if (embeddings.ndim !== 2) throw new TypeError(`Embedding.fromPretrained: embeddings must be 2-D [num, dim], got [${embeddings.shape.join(', ')}]`);
    const { freeze = true, ...rest } = options;
    const [n, e] = embeddings.shape as [N, E];
    const m = new Embedding<N, E>(n, e, { ...rest, dtype: embeddings.dtype, device: embeddings.device });
    noGrad(() => aten.copy_(m.weight, embeddings));
    m.weight.requiresGrad = !freeze;
    return m;
  }

  get weight(): Tensor<[N, E], 'float32', 'cpu'> {
    return this.tensor('weight');
  }

  forward<X extends Tensor>(indices: IndexIn<X>): Tensor<ShapeOfLookup<this, X>, 'float32', X['device']> {
    const x = indices as Tensor;
    if (x.isFloatingPoint() || x.isComplex() || x.dtype === 'bool') throw new TypeError(`Embedding: the indices must be an integer tensor, got ${x.dtype}`);
    const o = this.options;
    return F.embedding(x, this.weight, { paddingIdx: this.paddingIdx, maxNorm: o.maxNorm, normType: o.normType, scaleGradByFreq: o.scaleGradByFreq, sparse: o.sparse }) as never;
  }

  override extraRepr(): string {
    const o = this.options;
    const extra: Record<string, unknown> = {};
    if (o.paddingIdx !== null) extra.padding_idx = o.paddingIdx;
    if (o.maxNorm !== null) extra.max_norm = o.maxNorm;
    if (o.normType !== 2) extra.norm_type = o.normType;
    if (o.scaleGradByFreq) extra.scale_grad_by_freq = true;
    if (o.sparse) extra.sparse = true;
    return `${this.numEmbeddings}, ${this.embeddingDim}${Object.keys(extra).length ? `, ${reprFields(extra)}` : ''}`;
  }
}
type ShapeOfLookup<L extends ShapeFn, X extends Tensor> = (L & { readonly In: ShapeOf<X> })['Out'] extends infer S extends Shape ? S : number[];

export interface EmbeddingBagOptions extends FactoryOptions {
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  mode?: 'sum' | 'mean' | 'max';
  /** The weight's gradient as a sparse COO tensor (see EmbeddingOptions.sparse). */
  sparse?: boolean;
  /** offsets has one more entry, the end of the last bag. */
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
}
type BagConfig = { maxNorm: number | null; normType: number; scaleGradByFreq: boolean; mode: 'sum' | 'mean' | 'max'; sparse: boolean; includeLastOffset: boolean; paddingIdx: number | null };

/** The sum, mean or max of the embeddings in each bag: forward(input, offsets?, perSampleWeights?) is [bags, embeddingDim]. */
export class EmbeddingBag extends Module {
  declare readonly __tensors: 'weight';
  declare readonly __children: {};
  readonly options: Readonly<BagConfig>;
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    ...args: PyRest<[maxNorm: number | null, normType: number, scaleGradByFreq: boolean, mode: 'sum' | 'mean' | 'max', sparse: boolean, weight: null, includeLastOffset: boolean, paddingIdx: number | null], EmbeddingBagOptions>
  ) {
    super();
    required('EmbeddingBag', 'numEmbeddings', numEmbeddings, 'int');
    required('EmbeddingBag', 'embeddingDim', embeddingDim, 'int');
    const o = configure<BagConfig & FactoryOptions & { weight: null }>('EmbeddingBag', [
      p('maxNorm', null, ['number', 'null']), p('normType', 2.0), p('scaleGradByFreq', false), p('mode', 'mean', ['string'], ['sum', 'mean', 'max']),
      p('sparse', false), p('weight', null, ['null']), p('includeLastOffset', false), p('paddingIdx', null, ['int', 'null']),
    ], args, factory.params);
    this.options = { ...o, paddingIdx: paddingRow('EmbeddingBag', o.paddingIdx, numEmbeddings) };
    const w = this.param('weight', randn([numEmbeddings, embeddingDim], factory.of(o)));
    const row = this.options.paddingIdx;
    if (row !== null) noGrad(() => aten.zero_(aten.select_int(w, 0, row)).dispose());
  }
  forward<X extends Tensor>(input: X, offsets: Tensor | null = null, perSampleWeights: Tensor | null = null): Tensor<[number, number], 'float32', X['device']> {
    return F.embeddingBag(input, this.tensor('weight'), { ...this.options, offsets, perSampleWeights }) as never;
  }
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}, ${reprFields({ mode: this.options.mode })}`;
  }
}
