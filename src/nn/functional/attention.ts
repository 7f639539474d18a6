// Scaled dot-product attention, under PyTorch 2's public name and arguments
// (1.13 has it as the private F._scaled_dot_product_attention).
import type { Tensor } from '../../core/tensor.ts';
import type { DTypeOf, DeviceOf } from '../../ops/typing.ts';
import * as aten from '../../ops/generated/aten.ts';

export interface ScaledDotProductAttentionOptions {
  /** Added to the scores (float) or masking them out where false (bool); [..., L, S]. */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights. */
  dropoutP?: number;
  /** Mask out the future: query i attends to keys 0..i only. */
  isCausal?: boolean;
  /** Also return the attention weights [..., L, S]. */
  returnWeights?: boolean;
}

type Attended<Q> = Tensor<number[], DTypeOf<Q>, DeviceOf<Q>>;

/** softmax(Q K^T / sqrt(E) + mask) V for query [..., L, E], key [..., S, E], value [..., S, Ev]. */
export function scaledDotProductAttention<Q extends Tensor>(
  query: Q,
  key: Tensor,
  value: Tensor,
  options: ScaledDotProductAttentionOptions & { returnWeights: true },
): [Attended<Q>, Attended<Q>];
export function scaledDotProductAttention<Q extends Tensor>(query: Q, key: Tensor, value: Tensor, options?: ScaledDotProductAttentionOptions): Attended<Q>;
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, options: ScaledDotProductAttentionOptions = {}): Tensor | [Tensor, Tensor] {
  const p = options.dropoutP ?? 0;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`scaledDotProductAttention: dropoutP must be from 0 to 1, got ${p}`);
  const [out, weights] = aten._scaled_dot_product_attention(query, key, value, options.attnMask ?? null, p, options.returnWeights ?? false, options.isCausal ?? false);
  if (options.returnWeights) return [out, weights];
  weights.dispose();
  return out;
}
