// Aggregation by destination: rows of `src` (one per edge) summed, averaged
// or maxed into the rows of their destination nodes. The message-passing
// half of a graph layer; libtorch's index_add and scatter_reduce do the work.
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { scope } from '../core/scope.ts';

export type Reduce = 'sum' | 'mean' | 'max';

/**
 * out[i] = reduce over edges e with index[e] = i of src[e], for i < numNodes;
 * a node no edge reaches gets zeros. src is [E, ...], index [E] (int64).
 */
export function scatter<S extends Tensor>(src: S, index: Tensor, numNodes: number, reduce: Reduce = 'sum'): Tensor<[number, ...number[]], S['dtype'], S['device']> {
  if (index.ndim !== 1 || index.dtype !== 'int64') throw new TypeError(`scatter: index must be a 1-d int64 tensor of destinations, got ${index.dtype} [${index.shape.join(', ')}]`);
  if (src.ndim === 0 || src.shape[0] !== index.shape[0]) {
    throw new TypeError(`scatter: src [${src.shape.join(', ')}] must have one row per index entry (${index.shape[0]})`);
  }
  if (!['sum', 'mean', 'max'].includes(reduce)) throw new RangeError(`scatter: reduce must be 'sum', 'mean' or 'max', got ${JSON.stringify(reduce)}`);
  return scope(() => {
    const size = [numNodes, ...src.shape.slice(1)];
    const zeros = aten.zeros(size, src.dtype, null, src.device);
    if (reduce === 'max') {
      const expanded = aten.expand_as(aten.view(index, [index.shape[0]!, ...src.shape.slice(1).map(() => 1)]), src);
      return aten.scatter_reduce_two(zeros, 0, expanded, src, 'amax', false);
    }
    const sum = aten.index_add(zeros, 0, index, src);
    if (reduce === 'sum') return sum;
    const count = aten.clamp_min(aten.bincount(index, null, numNodes), 1);
    return aten.div_Tensor(sum, aten.view(count, [numNodes, ...src.shape.slice(1).map(() => 1)]));
  }) as never;
}

/**
 * softmax of `scores` [E, ...] over the edges that share a destination:
 * exp(s_e - max) / sum of exp over the group, for attention over neighbours.
 */
export function groupSoftmax<S extends Tensor>(scores: S, index: Tensor, numNodes: number): Tensor<S['shape'], S['dtype'], S['device']> {
  return scope(() => {
    // The group's maximum is a constant shift (softmax is invariant to it): no gradient needed through it.
    const max = aten.index_select(aten.detach(scatter(scores, index, numNodes, 'max')), 0, index);
    const e = aten.exp(aten.sub_Tensor(scores, max));
    return aten.div_Tensor(e, aten.index_select(scatter(e, index, numNodes, 'sum'), 0, index));
  }) as never;
}
