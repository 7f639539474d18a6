// Sorting and nonzero with Python's arguments: sort and argsort take
// `stable` along with a positional dim (the aten overload with `stable`
// has every argument keyword-only), nonzero returns one index tensor per
// dim with asTuple.
import type { Tensor } from '../../core/tensor.ts';
import type { DeviceOf, Like, LikeAs } from '../typing.ts';
import * as aten from '../generated/aten.ts';
import { bindPy, type PyRest } from '../python-args.ts';

export interface SortOptions {
  /** The dim to sort along. Default -1. */
  dim?: number;
  descending?: boolean;
  /** Keep the order of equal elements. */
  stable?: boolean | null;
}

type SortRest = PyRest<[dim: number, descending: boolean, stable: boolean | null], SortOptions>;

/** The sorted values and, for each, its index in the input. */
export function sort<X extends Tensor>(input: X, ...rest: SortRest): [values: Like<X>, indices: LikeAs<X, 'int64'>] {
  const a = bindPy('sort', ['dim', 'descending', 'stable'], rest);
  return aten.sort_stable(input, (a.stable ?? false) as boolean, (a.dim ?? -1) as number, (a.descending ?? false) as boolean) as never;
}

/** The indices that sort the input along dim. */
export function argsort<X extends Tensor>(input: X, ...rest: SortRest): LikeAs<X, 'int64'> {
  const a = bindPy('argsort', ['dim', 'descending', 'stable'], rest);
  return aten.argsort_stable(input, (a.stable ?? false) as boolean, (a.dim ?? -1) as number, (a.descending ?? false) as boolean) as never;
}

/** The indices of the nonzero elements: [count, rank], or with asTuple one 1-D tensor per dim. */
export function nonzero<X extends Tensor>(input: X, options: { asTuple: true }): Tensor<[number], 'int64', DeviceOf<X>>[];
export function nonzero<X extends Tensor>(input: X, options?: { asTuple?: false }): Tensor<[number, number], 'int64', DeviceOf<X>>;
export function nonzero(input: Tensor, options: { asTuple?: boolean } = {}): Tensor | Tensor[] {
  bindPy('nonzero', [], [options], ['asTuple']);
  if (!options.asTuple) return aten.nonzero(input);
  // Python's as_tuple on a 0-d tensor treats it as 1-d.
  return aten.nonzero_numpy(input.shape.length === 0 ? aten.unsqueeze(input, 0) : input);
}
