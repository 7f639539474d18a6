// Runtime tables for dtypes (which typed array carries each dtype's data) and layouts.
import type { DType, Layout } from '../types/dtype.ts';

/** Every layout, as the addon names them (native/src/common.cpp, layoutName). */
export const LAYOUTS: readonly Layout[] = ['strided', 'sparse_coo', 'sparse_csr', 'sparse_csc', 'sparse_bsr', 'sparse_bsc'];

export const DTYPES: readonly DType[] = [
  'float32', 'float64', 'float16', 'bfloat16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool',
  'complex32', 'complex64', 'complex128',
];

const DTYPE_SET = new Set<string>(DTYPES);

export function isDType(v: unknown): v is DType {
  return typeof v === 'string' && DTYPE_SET.has(v);
}

/**
 * The typed array each dtype reads back as. float16 and bfloat16 read back as
 * Float32Array (widened exactly), complex32 as complex64 pairs; int64 as
 * BigInt64Array; bool as Uint8Array.
 */
export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  float16: Float32Array;
  bfloat16: Float32Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  bool: Uint8Array;
  complex32: Float32Array;
  complex64: Float32Array;
  complex128: Float64Array;
}

export type AnyTypedArray = TypedArrayOf[DType];

type TypedArrayCtor = { new (buffer: ArrayBuffer): AnyTypedArray; BYTES_PER_ELEMENT: number };

/** The typed array that holds each dtype's data as read back by toBuffer(). */
export const READ_ARRAY: Record<DType, TypedArrayCtor> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Float32Array,
  bfloat16: Float32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  complex32: Float32Array,
  complex64: Float32Array,
  complex128: Float64Array,
};

/** The dtype that a typed array's bytes are, when given as tensor data. */
export function dtypeOfTypedArray(a: ArrayBufferView): DType | undefined {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return 'uint8';
  return undefined;
}

export const FLOATING: ReadonlySet<DType> = new Set<DType>(['float32', 'float64', 'float16', 'bfloat16']);

/** Bytes per element of each dtype, as stored by libtorch. */
export const ELEMENT_BYTES: Record<DType, number> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1,
  complex32: 4, complex64: 8, complex128: 16,
};
