// Value types of op arguments that are not tensors.

/** A number-like argument: JS integers become integer Scalars (as Python's `2`), others floats. */
export type Scalar = number | bigint | boolean;

/** Tensor memory layouts. */
export type { Layout } from '../types/dtype.ts';

/** Memory formats for `contiguous`, `empty`, `clone`, ... */
export type MemoryFormat = 'contiguous_format' | 'preserve_format' | 'channels_last' | 'channels_last_3d';

/** A random-number generator argument (`Generator? generator` in a schema). */
export type { Generator } from '../core/generator.ts';
