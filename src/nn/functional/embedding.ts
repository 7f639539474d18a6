// Embedding lookups with Python's arguments: padding indices that may be
// negative, max-norm renormalization, and embedding bags by mode name.
import type { Tensor } from '../../core/tensor.ts';
import type { DTypeOf, DeviceOf } from '../../ops/typing.ts';
import * as aten from '../../ops/generated/aten.ts';
import { noGrad } from '../../core/autograd.ts';

export interface EmbeddingOptions {
  /** The row that gets no gradient (negative: from the end). */
  paddingIdx?: number | null;
  /** Rows looked up are first renormalized in place to at most this norm. */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

function paddingIndex(fn: string, paddingIdx: number | null | undefined, rows: number): number {
  if (paddingIdx == null) return -1;
  if (paddingIdx >= rows || paddingIdx < -rows) throw new RangeError(`${fn}: paddingIdx ${paddingIdx} is outside the ${rows} embeddings`);
  return paddingIdx < 0 ? rows + paddingIdx : paddingIdx;
}

function renorm(weight: Tensor, input: Tensor, maxNorm: number | null | undefined, normType: number | undefined): void {
  if (maxNorm == null) return;
  noGrad(() => aten.embedding_renorm_(aten.detach(weight), aten.contiguous(input), maxNorm, normType ?? 2));
}

/** The rows of `weight` [num, dim] at the indices `input` [...]: a tensor [..., dim]. */
export function embedding<W extends Tensor>(input: Tensor, weight: W, options: EmbeddingOptions = {}): Tensor<number[], DTypeOf<W>, DeviceOf<W>> {
  const padding = paddingIndex('embedding', options.paddingIdx, weight.shape[0] ?? 0);
  renorm(weight, input, options.maxNorm, options.normType);
  return aten.embedding(weight, input, padding, options.scaleGradByFreq ?? false, options.sparse ?? false) as never;
}

export interface EmbeddingBagOptions extends EmbeddingOptions {
  /** Where each bag starts in a 1-D input (none for a 2-D input: one bag per row). */
  offsets?: Tensor | null;
  mode?: 'sum' | 'mean' | 'max';
  /** A weight per index (mode 'sum' only). */
  perSampleWeights?: Tensor | null;
  /** offsets has one more entry, the end of the last bag. */
  includeLastOffset?: boolean;
}

const MODES = { sum: 0, mean: 1, max: 2 } as const;

/** The sum, mean or max of the embeddings in each bag: [bags, dim]. */
export function embeddingBag<W extends Tensor>(input: Tensor, weight: W, options: EmbeddingBagOptions = {}): Tensor<number[], DTypeOf<W>, DeviceOf<W>> {
  const fn = 'embeddingBag';
  let indices = input;
  let offsets = options.offsets ?? null;
  let perSample = options.perSampleWeights ?? null;
  const mode = options.mode ?? 'mean';
  if (!(mode in MODES)) throw new TypeError(`${fn}: mode must be 'sum', 'mean' or 'max', got '${String(mode)}'`);
  if (perSample && perSample.shape.join() !== input.shape.join()) {
    throw new TypeError(`${fn}: perSampleWeights [${perSample.shape.join(', ')}] must have the input's shape [${input.shape.join(', ')}]`);
  }
  if (input.shape.length === 2) {
    if (offsets) throw new TypeError(`${fn}: a 2-D input is one bag per row; offsets must be null`);
    const [rows, cols] = input.shape as [number, number];
    offsets = aten.arange_start_step(0, rows * cols, cols, input.dtype, undefined, input.device);
    indices = aten.reshape(input, [-1]);
    if (perSample) perSample = aten.reshape(perSample, [-1]);
  } else if (input.shape.length === 1) {
    if (!offsets || offsets.shape.length !== 1) throw new TypeError(`${fn}: a 1-D input needs 1-D offsets`);
  } else {
    throw new TypeError(`${fn}: input must be 1-D or 2-D, got ${input.shape.length}-D`);
  }
  if (mode === 'max' && options.scaleGradByFreq) throw new TypeError(`${fn}: mode 'max' does not support scaleGradByFreq`);
  if (mode === 'max' && options.sparse) throw new TypeError(`${fn}: mode 'max' does not support sparse weights`);
  if (perSample && mode !== 'sum') throw new TypeError(`${fn}: perSampleWeights needs mode 'sum', got '${mode}'`);
  renorm(weight, indices, options.maxNorm, options.normType);
  const [out] = aten.embedding_bag_padding_idx(
    weight, indices, offsets, options.scaleGradByFreq ?? false, MODES[mode], options.sparse ?? false, perSample,
    options.includeLastOffset ?? false, options.paddingIdx ?? null,
  );
  return out as never;
}
