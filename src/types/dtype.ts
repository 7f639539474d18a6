/** Element types, named as `torch.float32` etc. are in Python. */
export type DType =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'bool'
  | 'complex32'
  | 'complex64'
  | 'complex128';

/** Devices: 'cpu', 'meta' (shapes only, no data) and 'cuda' / 'cuda:N'. */
export type Device = 'cpu' | 'meta' | 'cuda' | `cuda:${number}`;

/**
 * Memory layouts, by Python's names without `torch.`: dense (strided), sparse
 * COO, and the compressed sparse layouts (rows, columns, blocks).
 */
export type Layout = 'strided' | 'sparse_coo' | 'sparse_csr' | 'sparse_csc' | 'sparse_bsr' | 'sparse_bsc';
