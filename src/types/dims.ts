// Dims and tuples: display, negative-index normalisation, tuple edits.
import type { Dim, Shape } from './shape.ts';
import type { Add, IsNat, Sub } from './arith.ts';
import type { ShapeError } from './errors.ts';

// Generic-friendly tests. A conditional whose check type is wrapped in an
// object ({ v: A } extends { v: B }) is decided even when A and B hold type
// parameters: true when they are the same type, and, when the compiler asks
// whether any instantiation could fail (errors.ts, OrMsg), true for every
// undecidable case. So each test below returns true for "fine / unknown /
// continue", and the rules branch on `extends true` towards their results.
// Tests of whole shapes first wait (`[S] extends [unknown]`, deferred while S
// is itself a type parameter or a pending rule) until S is a tuple, whose
// dims may then be type parameters: in an op's own declaration nothing is
// decided early.

/** A and B are the same type (identical type parameters included); decided once neither is pending. */
export type Same<A, B> = [A, B] extends [unknown, unknown]
  ? { v: A } extends { v: B }
    ? { v: B } extends { v: A }
      ? true
      : false
    : false
  : never;

/** True for `number[]` (rank unknown), false for tuples. */
export type IsUnknownRank<S extends Shape> = [S] extends [unknown] ? ({ v: number } extends { v: S['length'] } ? true : false) : never;

/** A dim as text for messages: 3, B, or ? for unknown. */
export type ShowDim<D> = D extends number ? (number extends D ? '?' : `${D}`) : D extends string ? D : '?';

type JoinDims<S extends readonly unknown[], Acc extends string = ''> = S extends readonly [infer H, ...infer T]
  ? JoinDims<T, Acc extends '' ? ShowDim<H> : `${Acc}, ${ShowDim<H>}`>
  : Acc;

/** A shape as text for messages: [2, 3], [B, 784], or [...] for unknown rank. */
export type ShowShape<S extends Shape> = IsUnknownRank<S> extends true ? '[...]' : `[${JoinDims<S>}]`;

/** A literal negative number's magnitude, or never. */
type Magnitude<N extends number> = `${N}` extends `-${infer M extends number}` ? M : never;

/**
 * A dim index normalised against a rank (Python style: -1 is the last);
 * `number` when unknown, `never` when out of range.
 */
export type NormDim<D extends number, Rank extends number> = number extends D | Rank
  ? number
  : [Magnitude<D>] extends [never]
    ? IsNat<D> extends true
      ? Sub<Rank, Add<D, 1>> extends never
        ? never
        : D
      : never
    : Sub<Rank, Magnitude<D>>;

/** S when dim D is in range for it (or unknown), else the error naming the op. */
export type CheckDim<S extends Shape, D extends number, Op extends string> = IsUnknownRank<S> extends true
  ? S
  : number extends D
    ? S
    : [NormDim<D, S['length'] extends 0 ? 1 : S['length']>] extends [never]
      ? ShapeError<`${Op}: dim ${D} out of range for ${ShowShape<S>} (a ${S['length']}-D tensor takes dims ${S['length'] extends 0 ? '-1 to 0' : `-${S['length']} to ${Sub<S['length'], 1>}`})`>
      : S;

/** The element at index I. */
export type At<S extends readonly unknown[], I extends number> = S[I];

/** S with the element at I replaced by X. */
export type ReplaceAt<S extends readonly unknown[], I extends number, X, Acc extends unknown[] = []> = S extends readonly [
  infer H,
  ...infer T,
]
  ? Acc['length'] extends I
    ? [...Acc, X, ...T]
    : ReplaceAt<T, I, X, [...Acc, H]>
  : Acc;

/** S without the element at I. */
export type RemoveAt<S extends readonly unknown[], I extends number, Acc extends unknown[] = []> = S extends readonly [
  infer H,
  ...infer T,
]
  ? Acc['length'] extends I
    ? [...Acc, ...T]
    : RemoveAt<T, I, [...Acc, H]>
  : Acc;

/** S with X inserted before index I (I = length appends). */
export type InsertAt<S extends readonly unknown[], I extends number, X, Acc extends unknown[] = []> = Acc['length'] extends I
  ? [...Acc, X, ...S]
  : S extends readonly [infer H, ...infer T]
    ? InsertAt<T, I, X, [...Acc, H]>
    : [...Acc, X];

/** The first N elements. */
export type Take<S extends readonly unknown[], N extends number, Acc extends unknown[] = []> = Acc['length'] extends N
  ? Acc
  : S extends readonly [infer H, ...infer T]
    ? Take<T, N, [...Acc, H]>
    : Acc;

/** All but the first N elements. */
export type Drop<S extends readonly unknown[], N extends number, Acc extends unknown[] = []> = Acc['length'] extends N
  ? S
  : S extends readonly [infer H, ...infer T]
    ? Drop<T, N, [...Acc, H]>
    : [];

/** Mutable copy of a (readonly) tuple. */
export type Mutable<S extends readonly unknown[]> = { -readonly [K in keyof S]: S[K] };

/**
 * Whether two dims may be equal: unknown and symbols are left to the run
 * time, literals must agree, identical type parameters agree.
 */
export type DimsAgree<A extends Dim, B extends Dim> = { v: A } extends { v: B }
  ? true
  : { v: number } extends { v: A }
    ? true
    : { v: number } extends { v: B }
      ? true
      : { v: A } extends { v: string }
        ? { v: B } extends { v: string }
          ? false
          : true
        : { v: B } extends { v: string }
          ? true
          : false;

/** Of two dims that agree, the more informative one (a literal over a symbol over unknown). */
export type MoreKnown<A extends Dim, B extends Dim> = { v: Same<A, B> } extends { v: true }
  ? A
  : { v: number } extends { v: A }
    ? B
    : { v: A } extends { v: string }
      ? { v: B } extends { v: number }
        ? { v: number } extends { v: B }
          ? A
          : B
        : A
      : A;
