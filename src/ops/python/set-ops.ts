// torch.unique and torch.unique_consecutive as Python returns them: the
// unique values alone, or with the inverse indices and/or the counts, as
// asked (the aten ops always compute and return all three).
import type { Tensor } from '../../core/tensor.ts';
import type { DTypeOf, DeviceOf } from '../typing.ts';
import * as aten from '../generated/aten.ts';
import { bindPy, type PyRest } from '../python-args.ts';

type Values<X> = Tensor<number[], DTypeOf<X>, DeviceOf<X>>;
type Int64<X> = Tensor<number[], 'int64', DeviceOf<X>>;

/** What unique returns for the flags: values, then the inverse and the counts where asked for. */
export type UniqueResult<X, I, C> = I extends true
  ? C extends true
    ? [values: Values<X>, inverse: Int64<X>, counts: Int64<X>]
    : [values: Values<X>, inverse: Int64<X>]
  : C extends true
    ? [values: Values<X>, counts: Int64<X>]
    : Values<X>;

export interface UniqueOptions<I extends boolean, C extends boolean> {
  /** Sort the unique values ascending (default true; unsorted order is libtorch's). */
  sorted?: boolean;
  /** Also return, for each input element, the index of its value among the unique ones. */
  returnInverse?: I;
  /** Also return how often each unique value occurs. */
  returnCounts?: C;
  /** Unique slices along this dim instead of unique elements. */
  dim?: number | null;
}

function pick([values, inverse, counts]: Tensor[], returnInverse: boolean, returnCounts: boolean): Tensor | Tensor[] {
  const out: Tensor[] = [values!];
  if (returnInverse) out.push(inverse!);
  else inverse!.dispose();
  if (returnCounts) out.push(counts!);
  else counts!.dispose();
  return out.length === 1 ? out[0]! : out;
}

/** The unique elements (or slices along `dim`) of the input. */
export function unique<X extends Tensor, const I extends boolean = false, const C extends boolean = false>(
  input: X,
  ...rest: PyRest<[sorted: boolean, returnInverse: I, returnCounts: C, dim: number | null], UniqueOptions<I, C>>
): UniqueResult<X, I, C> {
  const a = bindPy('unique', ['sorted', 'returnInverse', 'returnCounts', 'dim'], rest);
  const sorted = (a.sorted ?? true) as boolean;
  const inv = (a.returnInverse ?? false) as boolean;
  const counts = (a.returnCounts ?? false) as boolean;
  const parts = a.dim == null ? aten._unique2(input, sorted, inv, counts) : aten.unique_dim(input, a.dim as number, sorted, inv, counts);
  return pick(parts, inv, counts) as UniqueResult<X, I, C>;
}

/** The input with each run of equal consecutive elements (or slices along `dim`) reduced to one. */
export function uniqueConsecutive<X extends Tensor, const I extends boolean = false, const C extends boolean = false>(
  input: X,
  ...rest: PyRest<[returnInverse: I, returnCounts: C, dim: number | null], Omit<UniqueOptions<I, C>, 'sorted'>>
): UniqueResult<X, I, C> {
  const a = bindPy('uniqueConsecutive', ['returnInverse', 'returnCounts', 'dim'], rest);
  const inv = (a.returnInverse ?? false) as boolean;
  const counts = (a.returnCounts ?? false) as boolean;
  const parts = aten.unique_consecutive(input, inv, counts, (a.dim ?? null) as number | null);
  return pick(parts, inv, counts) as UniqueResult<X, I, C>;
}
