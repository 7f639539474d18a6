// What the reader and the writer of torch.save's format share: the storage
// classes that name each dtype in data.pkl (torch.FloatStorage, ...).
import type { DType } from '../types/dtype.ts';

/** The storage class of each dtype PyTorch's format has (not complex32: Python cannot save it either). */
export const STORAGE_CLASS: Partial<Record<DType, string>> = {
  float32: 'FloatStorage', float64: 'DoubleStorage', float16: 'HalfStorage', bfloat16: 'BFloat16Storage',
  int64: 'LongStorage', int32: 'IntStorage', int16: 'ShortStorage', int8: 'CharStorage', uint8: 'ByteStorage',
  bool: 'BoolStorage', complex64: 'ComplexFloatStorage', complex128: 'ComplexDoubleStorage',
};

/** The dtype of each storage class. */
export const STORAGE_DTYPE: Record<string, DType> = Object.fromEntries(
  Object.entries(STORAGE_CLASS).map(([dtype, cls]) => [cls!, dtype as DType]),
);
