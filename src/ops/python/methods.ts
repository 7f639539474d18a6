// The Tensor methods of the Python-level functions (Python's Tensor.unique,
// Tensor.norm, ... call the torch functions), installed on the prototype.
import type { DType, Device } from '../../types/dtype.ts';
import type { Shape } from '../../types/shape.ts';
import { Tensor } from '../../core/tensor.ts';
import type { DeviceOf, Like, LikeAs } from '../typing.ts';
import type { PyRest } from '../python-args.ts';
import { unique, uniqueConsecutive, type UniqueOptions, type UniqueResult } from './set-ops.ts';
import { norm, lu, type LuOptions, type NormOptions } from './linalg.ts';
import { stft, type StftOptions } from './spectral.ts';
import { sort, argsort, nonzero, type SortOptions } from './selection.ts';

type SortRest = PyRest<[dim: number, descending: boolean, stable: boolean | null], SortOptions>;

declare module '../../core/tensor.ts' {
  interface Tensor<out S extends Shape = Shape, out D extends DType = DType, out V extends Device = Device> {
    /** torch.unique(this, ...). */
    unique<T extends Tensor, const I extends boolean = false, const C extends boolean = false>(
      this: T,
      ...rest: PyRest<[sorted: boolean, returnInverse: I, returnCounts: C, dim: number | null], UniqueOptions<I, C>>
    ): UniqueResult<T, I, C>;
    /** torch.uniqueConsecutive(this, ...). */
    uniqueConsecutive<T extends Tensor, const I extends boolean = false, const C extends boolean = false>(
      this: T,
      ...rest: PyRest<[returnInverse: I, returnCounts: C, dim: number | null], Omit<UniqueOptions<I, C>, 'sorted'>>
    ): UniqueResult<T, I, C>;
    /** torch.norm(this, ...): the Frobenius norm by default. */
    norm(...rest: PyRest<[p: number | 'fro' | 'nuc' | null, dim: number | readonly number[] | null, keepdim: boolean], NormOptions>): Tensor;
    /** torch.stft(this, nFft, ...). */
    stft(
      nFft: number,
      ...rest: PyRest<[hopLength: number | null, winLength: number | null, window: Tensor | null, center: boolean, padMode: string, normalized: boolean, onesided: boolean | null, returnComplex: boolean | null], StftOptions>
    ): Tensor;
    /** torch.lu(this, ...). */
    lu<const I extends boolean = false>(
      ...rest: PyRest<[pivot: boolean, getInfos: I], LuOptions<I>>
    ): I extends true ? [LU: Tensor, pivots: Tensor, infos: Tensor] : [LU: Tensor, pivots: Tensor];
    /** torch.sort(this, ...). */
    sort<T extends Tensor>(this: T, ...rest: SortRest): [values: Like<T>, indices: LikeAs<T, 'int64'>];
    /** torch.argsort(this, ...). */
    argsort<T extends Tensor>(this: T, ...rest: SortRest): LikeAs<T, 'int64'>;
    /** torch.nonzero(this, ...). */
    nonzero<T extends Tensor>(this: T, options: { asTuple: true }): Tensor<[number], 'int64', DeviceOf<T>>[];
    nonzero<T extends Tensor>(this: T, options?: { asTuple?: false }): Tensor<[number, number], 'int64', DeviceOf<T>>;
  }
}

type Fn = (self: Tensor, ...rest: any[]) => unknown;
const METHODS: Record<string, Fn> = { unique, uniqueConsecutive, norm, stft, lu, sort, argsort, nonzero };
for (const [name, fn] of Object.entries(METHODS)) {
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...rest: unknown[]) {
      return fn(this, ...rest);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
