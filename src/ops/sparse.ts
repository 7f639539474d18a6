// Sparse tensors: the constructors with Python's arguments
// (torch.sparse_coo_tensor, torch.sparse_csr_tensor, ...), over the generated
// layer's factories. Python's constructors take indices and values as tensors
// or nested lists, infer the size from the indices when none is given, and
// take `requires_grad`; the aten schemas take a layout and pin_memory
// instead, so the generator leaves them to this file (gen/select.ts).
// The accessors and conversions (indices, values, toDense, toSparse,
// coalesce, ...) are generated; torch.sparse's functions are in
// src/ops/python/sparse.ts.
import type { DType, Device, Layout } from '../types/dtype.ts';
import { Tensor, setSparseParts } from '../core/tensor.ts';
import * as aten from './generated/aten.ts';
import { tensor, type DTypeOfData, type NestedData, type Writable } from './creation.ts';

export interface SparseTensorOptions<D extends DType = DType, V extends Device = Device> {
  /** The values' dtype (default: the values' own). */
  dtype?: D;
  /** The device (default: the values'). */
  device?: V;
  requiresGrad?: boolean;
}

/** Indices or values: a tensor, or nested arrays as torch.tensor takes them. */
export type SparseData = Tensor | NestedData;

/** The dtype the values give: a tensor's own, else the dtype their data gets. */
export type ValuesDType<Vals> = Vals extends Tensor<any, infer D, any> ? D : DTypeOfData<Vals>;
/** The device the values give: a tensor's own, else 'cpu'. */
export type ValuesDevice<Vals> = Vals extends Tensor<any, any, infer V> ? V : 'cpu';
/** The shape a constructor's size gives: that size, or dynamic when it is inferred from the indices. */
export type SparseShape<Sz> = Sz extends readonly number[] ? Writable<Sz> : number[];

type SparseResult<Sz, D extends DType, V extends Device> = Tensor<SparseShape<Sz>, NoInfer<D>, NoInfer<V>>;

/**
 * Brings indices and values to what the constructor is asked for, as
 * Python's constructors do before calling libtorch: nested arrays become
 * tensors, values take options.dtype and options.device, COO indices become
 * int64 on the values' device. The tensors made here are freed afterwards.
 */
class Inputs {
  readonly made: Tensor[] = [];
  constructor(private readonly fn: string, private readonly options: SparseTensorOptions) {}

  values(data: SparseData): Tensor {
    let t = this.fromData(data, 'values', undefined);
    const { dtype, device } = this.options;
    if ((dtype !== undefined && dtype !== t.dtype) || (device !== undefined && device !== t.device)) {
      t = this.keep(aten.to_device(t, device ?? t.device, dtype ?? t.dtype));
    }
    return t;
  }

  /** Indices on `device`; COO's as int64 (`toInt64`), compressed ones keep int32 or int64. */
  indices(data: SparseData, what: string, device: Device, toInt64: boolean): Tensor {
    let t = this.fromData(data, what, 'int64');
    const dtype = toInt64 ? 'int64' : t.dtype;
    if (dtype !== t.dtype || device !== t.device) t = this.keep(aten.to_device(t, device, dtype));
    return t;
  }

  dispose(): void {
    for (const t of this.made) t.dispose();
  }

  private fromData(data: SparseData, what: string, dtype: 'int64' | undefined): Tensor {
    if (data instanceof Tensor) return data;
    if (data === null || (typeof data !== 'object' && typeof data !== 'number' && typeof data !== 'boolean' && typeof data !== 'bigint')) {
      throw new TypeError(`${this.fn}: ${what} must be a tensor or nested arrays of numbers, got ${data === null ? 'null' : typeof data}`);
    }
    return this.keep(dtype ? tensor(data, { dtype }) : tensor(data));
  }

  private keep(t: Tensor): Tensor {
    this.made.push(t);
    return t;
  }
}

/** The trailing (size?, options?) of a constructor. */
function sizeAndOptions(fn: string, rest: readonly unknown[]): { size: readonly number[] | undefined; options: SparseTensorOptions } {
  const [a, b] = rest;
  if (rest.length > 2) throw new TypeError(`${fn}: takes at most a size and an options object after the data, got ${rest.length} more arguments`);
  if (Array.isArray(a) || a === undefined) return { size: a as readonly number[] | undefined, options: (b ?? {}) as SparseTensorOptions };
  if (typeof a === 'object' && a !== null && b === undefined) return { size: undefined, options: a as SparseTensorOptions };
  throw new TypeError(`${fn}: the size must be an array of numbers, got ${typeof a}`);
}

function finish(t: Tensor, options: SparseTensorOptions): Tensor {
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * A sparse COO tensor (Python's torch.sparse_coo_tensor): `indices` is
 * [sparse dims, nnz] (int64; nested arrays are converted), `values` is
 * [nnz, ...dense dims]. Without a size, each sparse dim is one more than its
 * largest index. Duplicate indices are kept until `coalesce()` sums them.
 *
 *   const a = torch.sparseCooTensor([[0, 1, 1], [2, 0, 2]], [3, 4, 5], [2, 3]);  // Tensor<[2, 3], 'float32'>
 */
export function sparseCooTensor<Vals extends SparseData, D extends DType = ValuesDType<Vals>, V extends Device = ValuesDevice<Vals>>(
  indices: SparseData,
  values: Vals,
  options?: SparseTensorOptions<D, V>,
): SparseResult<undefined, D, V>;
export function sparseCooTensor<
  Vals extends SparseData,
  const Sz extends readonly number[],
  D extends DType = ValuesDType<Vals>,
  V extends Device = ValuesDevice<Vals>,
>(indices: SparseData, values: Vals, size: Sz, options?: SparseTensorOptions<D, V>): SparseResult<Sz, D, V>;
export function sparseCooTensor(indices: SparseData, values: SparseData, ...rest: unknown[]): Tensor {
  const { size, options } = sizeAndOptions('sparseCooTensor', rest);
  const inputs = new Inputs('sparseCooTensor', options);
  try {
    const v = inputs.values(values);
    const i = inputs.indices(indices, 'indices', v.device, true);
    // The values' dtype and device, as Python passes values.options() (libtorch's own default is float32 on cpu).
    const t = size === undefined
      ? aten.sparse_coo_tensor_indices(i, v, v.dtype, undefined, v.device)
      : aten.sparse_coo_tensor_indices_size(i, v, size, v.dtype, undefined, v.device);
    return finish(t, options);
  } finally {
    inputs.dispose();
  }
}

/** The compressed sparse layouts, with the names of their two index tensors. */
type Compressed = Exclude<Layout, 'strided' | 'sparse_coo'>;

function compressed(
  fn: string,
  layout: Compressed,
  compressedIndices: SparseData,
  plainIndices: SparseData,
  values: SparseData,
  rest: readonly unknown[],
): Tensor {
  const { size, options } = sizeAndOptions(fn, rest);
  const inputs = new Inputs(fn, options);
  try {
    const v = inputs.values(values);
    const c = inputs.indices(compressedIndices, 'the compressed indices', v.device, false);
    const p = inputs.indices(plainIndices, 'the plain indices', v.device, false);
    const t = size === undefined
      ? aten.sparse_compressed_tensor_comp_plain_value(c, p, v, v.dtype, layout, v.device)
      : aten.sparse_compressed_tensor_comp_plain_value_size(c, p, v, size, v.dtype, layout, v.device);
    return finish(t, options);
  } finally {
    inputs.dispose();
  }
}

/** The signature the compressed constructors share: two index tensors, values, then (size?, options?). */
interface CompressedConstructor {
  <Vals extends SparseData, D extends DType = ValuesDType<Vals>, V extends Device = ValuesDevice<Vals>>(
    compressedIndices: SparseData,
    plainIndices: SparseData,
    values: Vals,
    options?: SparseTensorOptions<D, V>,
  ): SparseResult<undefined, D, V>;
  <Vals extends SparseData, const Sz extends readonly number[], D extends DType = ValuesDType<Vals>, V extends Device = ValuesDevice<Vals>>(
    compressedIndices: SparseData,
    plainIndices: SparseData,
    values: Vals,
    size: Sz,
    options?: SparseTensorOptions<D, V>,
  ): SparseResult<Sz, D, V>;
}

function compressedConstructor(fn: string, layout: Compressed): CompressedConstructor {
  return ((c: SparseData, p: SparseData, v: SparseData, ...rest: unknown[]) => compressed(fn, layout, c, p, v, rest)) as CompressedConstructor;
}

/**
 * A sparse CSR matrix (Python's torch.sparse_csr_tensor): `crowIndices` has
 * rows + 1 entries (row i's values are crowIndices[i]..crowIndices[i+1]),
 * `colIndices` and `values` one per stored element. Indices may be int32 or
 * int64; libtorch checks them.
 */
export const sparseCsrTensor: CompressedConstructor = compressedConstructor('sparseCsrTensor', 'sparse_csr');
/** A sparse CSC matrix: compressed column indices, row indices, values (torch.sparse_csc_tensor). */
export const sparseCscTensor: CompressedConstructor = compressedConstructor('sparseCscTensor', 'sparse_csc');
/** A block-sparse row matrix: values are [nnz blocks, block rows, block cols] (torch.sparse_bsr_tensor). */
export const sparseBsrTensor: CompressedConstructor = compressedConstructor('sparseBsrTensor', 'sparse_bsr');
/** A block-sparse column matrix (torch.sparse_bsc_tensor). */
export const sparseBscTensor: CompressedConstructor = compressedConstructor('sparseBscTensor', 'sparse_bsc');

/**
 * A compressed sparse tensor of any compressed layout (torch.sparse_compressed_tensor):
 * `options.layout` is 'sparse_csr', 'sparse_csc', 'sparse_bsr' or 'sparse_bsc'.
 */
export function sparseCompressedTensor<Vals extends SparseData, D extends DType = ValuesDType<Vals>, V extends Device = ValuesDevice<Vals>>(
  compressedIndices: SparseData,
  plainIndices: SparseData,
  values: Vals,
  options: SparseTensorOptions<D, V> & { layout: Compressed },
): SparseResult<undefined, D, V>;
export function sparseCompressedTensor<
  Vals extends SparseData,
  const Sz extends readonly number[],
  D extends DType = ValuesDType<Vals>,
  V extends Device = ValuesDevice<Vals>,
>(compressedIndices: SparseData, plainIndices: SparseData, values: Vals, size: Sz, options: SparseTensorOptions<D, V> & { layout: Compressed }): SparseResult<Sz, D, V>;
export function sparseCompressedTensor(c: SparseData, p: SparseData, v: SparseData, ...rest: unknown[]): Tensor {
  const layout = (rest[rest.length - 1] as { layout?: unknown } | undefined)?.layout;
  const layouts: Compressed[] = ['sparse_csr', 'sparse_csc', 'sparse_bsr', 'sparse_bsc'];
  if (!layouts.includes(layout as Compressed)) {
    throw new TypeError(`sparseCompressedTensor: options.layout must be one of ${layouts.join(', ')}, got ${JSON.stringify(layout)}`);
  }
  return compressed('sparseCompressedTensor', layout as Compressed, c, p, v, rest);
}

// toString of a sparse tensor shows its parts as Python's repr does: the
// stored indices (also of a COO tensor not yet coalesced, whose indices()
// refuses) and values, and nnz.
const PARTS: Record<Exclude<Layout, 'strided'>, [string, (t: Tensor) => Tensor][]> = {
  sparse_coo: [['indices', aten._indices], ['values', aten._values]],
  sparse_csr: [['crowIndices', aten.crow_indices], ['colIndices', aten.col_indices], ['values', aten.values]],
  sparse_bsr: [['crowIndices', aten.crow_indices], ['colIndices', aten.col_indices], ['values', aten.values]],
  sparse_csc: [['ccolIndices', aten.ccol_indices], ['rowIndices', aten.row_indices], ['values', aten.values]],
  sparse_bsc: [['ccolIndices', aten.ccol_indices], ['rowIndices', aten.row_indices], ['values', aten.values]],
};

/** Parts with more elements than this are not printed (as dense tensors print up to 100). */
const MAX_PRINTED = 100;

setSparseParts((t) => {
  const shown: string[] = [];
  for (const [name, read] of PARTS[t.layout as Exclude<Layout, 'strided'>] ?? []) {
    const part = read(t);
    try {
      if (part.device === 'cpu' && part.numel() <= MAX_PRINTED && !part.dtype.startsWith('complex')) shown.push(`${name}=${JSON.stringify(part.toArray())}, `);
    } finally {
      part.dispose();
    }
  }
  return `${shown.join('')}nnz=${aten._nnz(t)}, `;
});
