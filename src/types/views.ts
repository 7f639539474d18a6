// reshape/view (one -1 inferred, element-count check), flatten, squeeze,
// unsqueeze, transpose, permute, t, expand, repeat.
import type { Dim, Shape } from './shape.ts';
import type { ShapeError } from './errors.ts';
import type { Drop, IsUnknownRank, InsertAt, NormDim, RemoveAt, ReplaceAt, ShowDim, ShowShape, Take } from './dims.ts';
import type { Add, FloorDiv, IsNat, LessThan, Mod, Mul, Product, Sub } from './arith.ts';

// ---- reshape -------------------------------------------------------------

/** Removes one occurrence of X from L, or returns 'absent'. */
type RemoveOne<L extends readonly Dim[], X extends Dim, Acc extends Dim[] = []> = L extends readonly [infer H extends Dim, ...infer T extends Dim[]]
  ? H extends X
    ? [...Acc, ...T]
    : RemoveOne<T, X, [...Acc, H]>
  : 'absent';

/** Cancels symbols present in both shapes (B in [B, 784] and [B, 28, 28]). */
type Cancel<A extends readonly Dim[], B extends readonly Dim[], KeptA extends Dim[] = []> = A extends readonly [infer H extends Dim, ...infer T extends Dim[]]
  ? H extends string
    ? RemoveOne<B, H> extends infer R
      ? R extends Dim[]
        ? Cancel<T, R, KeptA>
        : Cancel<T, B, [...KeptA, H]>
      : never
    : Cancel<T, B, [...KeptA, H]>
  : [KeptA, B];

type Minus1<T extends readonly Dim[], Acc extends Dim[] = []> = T extends readonly [infer H extends Dim, ...infer R extends Dim[]]
  ? H extends -1
    ? Minus1<R, Acc>
    : Minus1<R, [...Acc, H]>
  : Acc;

type CountMinus1<T extends readonly Dim[], N extends unknown[] = []> = T extends readonly [infer H, ...infer R extends Dim[]]
  ? CountMinus1<R, H extends -1 ? [...N, 1] : N>
  : N['length'];

type Fill<T extends readonly Dim[], X extends Dim> = { -readonly [K in keyof T]: T[K] extends -1 ? X : T[K] };

/** A / B when B divides A, else 'inexact' (deferred through infer: TS would expand it eagerly otherwise). */
type ExactDiv<A extends number, B extends number> = Mod<A, B> extends 0 ? FloorDiv<A, B> : 'inexact';

/** The dims of L that are not number literals (symbols and unknown dims), and the literal ones. */
type SplitLiteral<L extends readonly Dim[], Sym extends Dim[] = [], Lit extends number[] = []> = L extends readonly [infer H extends Dim, ...infer T extends Dim[]]
  ? IsNat<H> extends true
    ? SplitLiteral<T, Sym, [...Lit, H & number]>
    : SplitLiteral<T, [...Sym, H], Lit>
  : [Sym, Lit];

/**
 * The -1 of a reshape when the input has one symbolic dim X left after
 * cancelling and the other dims on both sides multiply to the same count:
 * the -1 is exactly X (view([-1, 784]) of [B, 1, 28, 28] is [B, 784]).
 */
type SymbolicMinus1<SA extends readonly Dim[], TA extends readonly Dim[]> = AllLiteral<TA> extends true
  ? SplitLiteral<SA> extends [[infer X extends string], infer Lit extends number[]]
    ? SplitLiteral<TA> extends [[], infer TL extends number[]]
      ? [Product<Lit>, Product<TL>] extends [infer A extends number, infer B extends number]
        ? number extends A | B
          ? []
          : A extends B
            ? [X]
            : []
        : []
      : []
    : []
  : [];

type AllLiteral<L extends readonly Dim[]> = L extends readonly [infer H, ...infer T extends Dim[]] ? (IsNat<H> extends true ? AllLiteral<T> : false) : true;

/** reshape/view: the target shape with -1 inferred, or an error when the element counts differ. */
export type Reshape<S extends Shape, T extends readonly Dim[], Op extends string = 'reshape'> = number extends T['length']
  ? number[]
  : CountMinus1<T> extends 0 | 1
    ? IsUnknownRank<S> extends true
      ? Fill<T, number>
      : Cancel<S, Minus1<T>> extends [infer SA extends Dim[], infer TA extends Dim[]]
        ? [AllLiteral<SA>, AllLiteral<TA>] extends [true, true]
          ? Product<SA> extends infer NS extends number
            ? Product<TA> extends infer NT extends number
              ? CountMinus1<T> extends 1
                ? NT extends 0
                  ? ShapeError<`${Op}: cannot infer -1 for ${ShowShape<T>}: the other dims multiply to 0`>
                  : ExactDiv<NS, NT> extends infer Q
                    ? Q extends number
                      ? Fill<T, Q>
                      : ShapeError<`${Op}: cannot reshape ${NS} elements (shape ${ShowShape<S>}) into ${ShowShape<T>}: ${NS} is not a multiple of ${NT}`>
                    : never
                : NS extends NT
                  ? [...T]
                  : ShapeError<`${Op}: cannot reshape ${NS} elements (shape ${ShowShape<S>}) into ${ShowShape<T>} (${NT} elements)`>
              : never
            : never
          : CountMinus1<T> extends 1
            ? SymbolicMinus1<SA, TA> extends [infer X extends Dim]
              ? Fill<T, X>
              : Fill<T, number> // symbols or unknown dims left over: checked at run time
            : Fill<T, number>
        : never
    : ShapeError<`${Op}: only one dimension can be -1, got ${ShowShape<T>}`>;

// ---- flatten, squeeze, unsqueeze ---------------------------------------------

/** flatten(start, end): the dims start..end multiplied into one. */
export type Flatten<S extends Shape, Start extends number = 0, End extends number = -1> = IsUnknownRank<S> extends true
  ? number[]
  : S extends readonly []
    ? [1]
    : [NormDim<Start, S['length']>, NormDim<End, S['length']>] extends [infer A extends number, infer B extends number]
      ? [A] extends [never]
        ? ShapeError<`flatten: start dim ${Start} out of range for ${ShowShape<S>}`>
        : [B] extends [never]
          ? ShapeError<`flatten: end dim ${End} out of range for ${ShowShape<S>}`>
          : number extends A | B
            ? number[]
            : LessThan<B, A> extends true
              ? ShapeError<`flatten: end dim ${End} comes before start dim ${Start}`>
              : [...Take<S, A>, Product<Take<Drop<S, A>, Sub<Add<B, 1>, A>>>, ...Drop<S, Add<B, 1>>]
      : never;

type SqueezeAll<S extends readonly Dim[], Acc extends Dim[] = []> = S extends readonly [infer H extends Dim, ...infer T extends Dim[]]
  ? H extends 1
    ? SqueezeAll<T, Acc>
    : number extends H
      ? 'unknown'
      : SqueezeAll<T, [...Acc, H]>
  : Acc;

/** squeeze() removes every size-1 dim; squeeze(d) removes dim d if it is 1. */
export type Squeeze<S extends Shape, D extends number | undefined = undefined> = IsUnknownRank<S> extends true
  ? number[]
  : D extends number
    ? NormDim<D, Wrapped<S>> extends infer I extends number // 0-d: dim 0 or -1 leaves it as it is
      ? [I] extends [never]
        ? ShapeError<`squeeze: dim ${D} out of range for ${ShowShape<S>}`>
        : number extends I
          ? number[]
          : S[I] extends 1
            ? RemoveAt<S, I>
            : number extends S[I]
              ? number[]
              : [...S]
      : never
    : SqueezeAll<S> extends infer R
      ? R extends Dim[]
        ? R
        : number[]
      : never;

/** unsqueeze(d) inserts a size-1 dim at d (in [-rank-1, rank]). */
export type Unsqueeze<S extends Shape, D extends number> = IsUnknownRank<S> extends true
  ? number[]
  : NormDim<D, Add<S['length'], 1>> extends infer I extends number
    ? [I] extends [never]
      ? ShapeError<`unsqueeze: dim ${D} out of range for ${ShowShape<S>}`>
      : number extends I
        ? number[]
        : InsertAt<S, I, 1>
    : never;

// ---- transpose, permute, t ---------------------------------------------------

export type Transpose<S extends Shape, D0 extends number, D1 extends number> = IsUnknownRank<S> extends true
  ? number[]
  : [NormDim<D0, Wrapped<S>>, NormDim<D1, Wrapped<S>>] extends [infer A extends number, infer B extends number]
    ? [A] extends [never]
      ? ShapeError<`transpose: dim ${D0} out of range for ${ShowShape<S>}`>
      : [B] extends [never]
        ? ShapeError<`transpose: dim ${D1} out of range for ${ShowShape<S>}`>
        : number extends A | B
          ? number[]
          : S extends readonly []
            ? []
            : ReplaceAt<ReplaceAt<S, A, S[B]>, B, S[A]>
    : never;
/** The rank dims are checked against: a 0-d tensor takes dim 0 and -1, as PyTorch wraps a scalar's dim. */
type Wrapped<S extends Shape> = S['length'] extends 0 ? 1 : S['length'];

type PermuteGo<S extends readonly Dim[], P extends readonly number[], All extends readonly number[], Seen extends number[] = [], Acc extends Dim[] = []> = P extends readonly [
  infer H extends number,
  ...infer T extends number[],
]
  ? NormDim<H, S['length']> extends infer I extends number
    ? [I] extends [never]
      ? ShapeError<`permute: dim ${H} out of range for ${ShowShape<S>}`>
      : I extends Seen[number]
        ? ShapeError<`permute: dim ${H} repeated in ${ShowShape<All>}`>
        : PermuteGo<S, T, All, [...Seen, I], [...Acc, S[I]]>
    : never
  : Acc;

/** permute(dims): the dims in the given order (a permutation of all of them). */
export type Permute<S extends Shape, P extends readonly number[]> = IsUnknownRank<S> extends true
  ? number[]
  : number extends P['length']
    ? number[]
    : P['length'] extends S['length']
      ? PermuteGo<S, P, P>
      : ShapeError<`permute: ${ShowShape<P>} has ${P['length']} dims but the tensor ${ShowShape<S>} has ${S['length']}`>;

/** t(): transposes a matrix; vectors and scalars are unchanged. */
export type T<S extends Shape> = IsUnknownRank<S> extends true
  ? number[]
  : S extends readonly [infer A extends Dim, infer B extends Dim]
    ? [B, A]
    : S extends readonly [] | readonly [Dim]
      ? [...S]
      : ShapeError<`t: expects a tensor of at most 2 dims, got ${ShowShape<S>}`>;

/** Tensor.T: the dims in reverse order. */
export type ReverseDims<S extends Shape> = IsUnknownRank<S> extends true
  ? number[]
  : S extends readonly [infer H extends Dim, ...infer R extends Dim[]]
    ? [...ReverseDims<R>, H]
    : [];

/** Tensor.mT and .mH: the last two dims swapped (a batch of matrices). */
export type MatrixT<S extends Shape> = IsUnknownRank<S> extends true
  ? number[]
  : S extends readonly [...infer B extends Dim[], infer M extends Dim, infer N extends Dim]
    ? [...B, N, M]
    : ShapeError<`mT: expects a tensor of at least 2 dims, got ${ShowShape<S>}`>;

/** Tensor.H: the conjugate transpose of a matrix (or a scalar). */
export type MatrixH<S extends Shape> = IsUnknownRank<S> extends true
  ? number[]
  : S extends readonly [infer A extends Dim, infer B extends Dim]
    ? [B, A]
    : S extends readonly []
      ? []
      : ShapeError<`H: expects a matrix or a scalar, got ${ShowShape<S>}`>;

// ---- expand, repeat ------------------------------------------------------------

type ExpandGo<S extends readonly Dim[], T extends readonly Dim[], Acc extends Dim[] = []> = T extends readonly [...infer TR extends Dim[], infer TL extends Dim]
  ? S extends readonly [...infer SR extends Dim[], infer SL extends Dim]
    ? TL extends -1
      ? ExpandGo<SR, TR, [SL, ...Acc]>
      : SL extends 1
        ? ExpandGo<SR, TR, [TL, ...Acc]>
        : number extends SL
          ? ExpandGo<SR, TR, [TL, ...Acc]>
          : SL extends TL
            ? ExpandGo<SR, TR, [TL, ...Acc]>
            : [SL, TL] extends [string, number] | [number, string]
              ? ExpandGo<SR, TR, [TL, ...Acc]>
              : ['mismatch', SL, TL]
    : TL extends -1
      ? ['leading -1']
      : ExpandGo<[], TR, [TL, ...Acc]>
  : S extends readonly [] ? Acc : ['too few'];

/** expand(sizes): size-1 dims stretched to the given sizes (-1 keeps a dim). */
export type Expand<S extends Shape, T extends readonly Dim[]> = IsUnknownRank<S> extends true
  ? number extends T['length'] ? number[] : { [K in keyof T]: T[K] extends -1 ? number : T[K] }
  : number extends T['length']
    ? number[]
    : ExpandGo<S, T> extends infer R
      ? R extends ['mismatch', infer A, infer B]
        ? ShapeError<`expand: dim of size ${ShowDim<A>} cannot expand to ${ShowDim<B>} (${ShowShape<S>} to ${ShowShape<T>})`>
        : R extends ['too few']
          ? ShapeError<`expand: ${ShowShape<T>} has fewer dims than the tensor ${ShowShape<S>}`>
          : R extends ['leading -1']
            ? ShapeError<`expand: -1 is not allowed for new leading dims (${ShowShape<T>})`>
            : R
      : never;

type MulDims<A extends Dim, B extends Dim> = A extends number ? (B extends number ? Mul<A, B> : number) : number;

type RepeatGo<S extends readonly Dim[], R extends readonly Dim[], Acc extends Dim[] = []> = R extends readonly [...infer RR extends Dim[], infer RL extends Dim]
  ? S extends readonly [...infer SR extends Dim[], infer SL extends Dim]
    ? RepeatGo<SR, RR, [MulDims<SL, RL>, ...Acc]>
    : RepeatGo<[], RR, [RL, ...Acc]>
  : Acc;

/** repeat(reps): each dim multiplied by its count (reps may add leading dims). */
export type Repeat<S extends Shape, R extends readonly Dim[]> = IsUnknownRank<S> extends true
  ? number[]
  : number extends R['length']
    ? number[]
    : LessThan<R['length'], S['length']> extends true
      ? ShapeError<`repeat: ${ShowShape<R>} has fewer dims than the tensor ${ShowShape<S>}`>
      : RepeatGo<S, R>;

/** unflatten(dim, sizes): dim D split into `sizes` (one -1 inferred), its element count checked. */
export type Unflatten<S extends Shape, D extends number, Sz extends readonly number[]> = IsUnknownRank<S> extends true
  ? number[]
  : number extends Sz['length']
    ? number[]
    : NormDim<D, S['length']> extends infer I extends number
      ? [I] extends [never]
        ? ShapeError<`unflatten: dim ${D} out of range for ${ShowShape<S>}`>
        : number extends I
          ? number[]
          : Reshape<[S[I]], Sz, 'unflatten'> extends infer R
            ? R extends readonly Dim[]
              ? [...Take<S, I>, ...R, ...Drop<S, Add<I, 1>>]
              : R
            : never
      : never;
