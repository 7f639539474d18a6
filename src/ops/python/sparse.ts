// torch.sparse: the functions of Python's torch/sparse/__init__.py, which
// names libtorch's sparse kernels (_sparse_mm, _sparse_addmm, _sparse_sum,
// _sparse_softmax, ...) as torch.sparse.mm, addmm, sum, softmax. Unlike
// torch.mm, these give the sparse operand a gradient (sparse, with the
// operand's sparsity pattern).
import type { Tensor } from '../../core/tensor.ts';
import type { DType, Layout } from '../../types/dtype.ts';
import type { DTypeOf, DeviceOf, Like, LikeAs } from '../typing.ts';
import type { Accumulated, MmOther, MmOut, OrDType } from '../signatures.ts';
import type { Scalar } from '../types.ts';
import * as aten from '../generated/aten.ts';
import { bindPy, type PyRest } from '../python-args.ts';

/**
 * The product of a sparse matrix [n, k] and a dense (or sparse) matrix
 * [k, m]: [n, m], sparse when both are. Gradients reach both operands.
 */
export function mm<A extends Tensor, B extends Tensor>(sparse: A, dense: MmOther<A, B>): MmOut<A, B> {
  return aten._sparse_mm(sparse, dense as Tensor) as never;
}

export interface AddmmOptions {
  /** The factor of `input`. Default 1. */
  beta?: Scalar;
  /** The factor of mat1 @ mat2. Default 1. */
  alpha?: Scalar;
}

/** beta * input + alpha * (mat1 @ mat2), with mat1 sparse: input's shape (dense). */
export function addmm<X extends Tensor>(input: X, mat1: Tensor, mat2: Tensor, options: AddmmOptions = {}): Like<X> {
  const a = bindPy('sparse.addmm', [], [options], ['beta', 'alpha']);
  return aten._sparse_addmm(input, mat1, mat2, a.beta as Scalar | undefined, a.alpha as Scalar | undefined) as never;
}

/**
 * beta * input + alpha * (mat1 @ mat2) at input's nonzero positions only,
 * with input sparse CSR and mat1, mat2 dense: a CSR result with input's
 * pattern (Python's torch.sparse.sampled_addmm).
 */
export function sampledAddmm<X extends Tensor>(input: X, mat1: Tensor, mat2: Tensor, options: AddmmOptions = {}): Like<X> {
  const a = bindPy('sparse.sampledAddmm', [], [options], ['beta', 'alpha']);
  return aten.sparse_sampled_addmm(input, mat1, mat2, a.beta as Scalar | undefined, a.alpha as Scalar | undefined) as never;
}

export interface SparseSumOptions {
  /** The dims to sum over (default: all, giving a dense 0-d tensor). */
  dim?: number | readonly number[];
  /** The dtype to sum in. */
  dtype?: DType;
}

/**
 * The sum of a sparse COO tensor's elements: over every dim a dense 0-d
 * tensor (integers summed in int64), over some dims a sparse tensor, and a
 * dense one when they are all the sparse dims (their dtype is libtorch's:
 * the input's, or int64 for integers summed over every sparse dim).
 */
export function sum<X extends Tensor>(input: X): Tensor<[], Accumulated<DTypeOf<X>>, DeviceOf<X>>;
export function sum<X extends Tensor, const DT extends DType>(input: X, options: { dtype: DT }): Tensor<[], DT, DeviceOf<X>>;
export function sum<X extends Tensor>(
  input: X,
  ...rest: PyRest<[dim: number | readonly number[] | null], SparseSumOptions>
): Tensor<number[], DTypeOf<X> | Accumulated<DTypeOf<X>>, DeviceOf<X>>;
export function sum(input: Tensor, ...rest: unknown[]): Tensor {
  const a = bindPy('sparse.sum', ['dim'], rest, ['dtype']);
  const dim = a.dim as number | readonly number[] | null | undefined;
  const dtype = a.dtype as DType | undefined;
  if (dim === undefined || dim === null) return dtype === undefined ? aten._sparse_sum(input) : aten._sparse_sum_dtype(input, dtype);
  return dtype === undefined ? aten._sparse_sum_dim(input, dim) : aten._sparse_sum_dim_dtype(input, dim, dtype);
}

type SoftmaxRest<DT> = PyRest<[dtype: DT | null], { dtype?: DT | null }>;
/** softmax and logSoftmax: along dim, over the stored values; dtype in place or in the options. */
type StoredValuesSoftmax = <X extends Tensor, const DT extends DType | undefined = undefined>(
  input: X,
  dim: number,
  ...rest: SoftmaxRest<DT>
) => LikeAs<X, OrDType<DT, DTypeOf<X>>>;

function overStoredValues(name: string, kernel: (t: Tensor, dim: number, dtype?: DType | null) => Tensor): StoredValuesSoftmax {
  return ((input: Tensor, dim: number, ...rest: unknown[]) => kernel(input, dim, bindPy(name, ['dtype'], rest).dtype as DType | null | undefined)) as StoredValuesSoftmax;
}

/**
 * Softmax along dim over a sparse COO tensor's stored values only (the
 * elements not stored count as minus infinity, not zero): a sparse tensor
 * with input's pattern.
 */
export const softmax: StoredValuesSoftmax = overStoredValues('sparse.softmax', aten._sparse_softmax_int);

/** log(softmax(input, dim)) over the stored values, as sparse.softmax. */
export const logSoftmax: StoredValuesSoftmax = overStoredValues('sparse.logSoftmax', aten._sparse_log_softmax_int);

/**
 * A sparse matrix of `shape` from diagonals: row i of `diagonals` goes on the
 * diagonal offsets[i] (0 the main one, positive above). COO by default, or
 * `layout` 'sparse_csr' / 'sparse_csc'.
 */
export function spdiags<X extends Tensor, const S extends readonly [number, number]>(
  diagonals: X,
  offsets: Tensor,
  shape: S,
  layout?: Layout,
): Tensor<[S[0], S[1]], DTypeOf<X>, DeviceOf<X>> {
  return aten._spdiags(diagonals, offsets, shape, layout) as never;
}
