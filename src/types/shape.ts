/**
 * A dimension: a number literal (known size), a string literal (a symbolic
 * size such as 'B'), or `number` (unknown until run time).
 */
export type Dim = number | string;

/** A shape: a tuple of dims, or `number[]` when even the rank is unknown. */
export type Shape = readonly Dim[];
