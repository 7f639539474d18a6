// Convolutions, pooling, adaptive pooling and embeddings: output sizes from
// kernel, stride, padding, dilation (and ceil_mode).
import type { Dim, Shape } from './shape.ts';
import type { ShapeError } from './errors.ts';
import type { DimsAgree, IsUnknownRank, ShowDim, ShowShape } from './dims.ts';
import type { Add, FloorDiv, IsNat, LessThan, Mul, Sub } from './arith.ts';

/**
 * One spatial size: floor((in + 2p - d(k - 1) - 1) / s) + 1, or an error
 * text; `number` when the input size is not a literal (unknown, a symbol, or
 * a type parameter of generic code: the test is generic-friendly, see dims.ts).
 */
export type ConvSize<In extends Dim, K extends number, S extends number, P extends number, D extends number, Ceil extends boolean = false> = { v: number } extends { v: In }
  ? number
  : In extends number
  ? [IsNat<In>, IsNat<K>, IsNat<S>, IsNat<P>, IsNat<D>] extends [true, true, true, true, true]
    ? Add<In, Mul<2, P>> extends infer Padded extends number
      ? Add<Mul<D, Sub<K, 1>>, 1> extends infer Span extends number
        ? LessThan<Padded, Span> extends true
          ? `kernel ${Span} larger than padded input ${Padded}`
          : Ceil extends true
            ? CeilAdjust<Add<FloorDiv<Add<Sub<Padded, Span>, Sub<S, 1>>, S>, 1>, In, S, P>
            : Add<FloorDiv<Sub<Padded, Span>, S>, 1>
        : never
      : never
    : number
  : number;

/** ceil_mode: the last window must start inside the input or left padding. */
type CeilAdjust<Out extends number, In extends number, S extends number, P extends number> = LessThan<Mul<Sub<Out, 1>, S>, Add<In, P>> extends true
  ? Out
  : Sub<Out, 1>;

/**
 * A per-dim argument (`int[2]` given as one number or a tuple), as the tuple
 * for N dims. Omitted (undefined, or TS's fallback to the whole constraint
 * when nothing was inferred) means the default; tested first and without
 * distributing, so the fallback never turns into a union of guesses.
 */
export type PerDim<A, N extends number, Default extends number> = undefined extends A
  ? Tuple<N, Default>
  : A extends number
  ? Tuple<N, A>
  : A extends readonly number[]
    ? number extends A['length']
      ? Tuple<N, number>
      : A['length'] extends N
        ? A
        : Tuple<N, number>
    : Tuple<N, Default>;

type Tuple<N extends number, X, Acc extends unknown[] = []> = number extends N ? X[] : Acc['length'] extends N ? Acc : Tuple<N, X, [...Acc, X]>;

type Spatial<In extends readonly Dim[], K extends readonly Dim[], S extends readonly number[], P extends readonly number[], D extends readonly number[], Ceil extends boolean, Op extends string, X extends Shape, Acc extends Dim[] = []> = In extends readonly [
  infer I extends Dim,
  ...infer IR extends Dim[],
]
  ? K extends readonly [infer KK extends Dim, ...infer KR extends Dim[]]
    ? S extends readonly [infer SS extends number, ...infer SR extends number[]]
      ? P extends readonly [infer PP extends number, ...infer PR extends number[]]
        ? D extends readonly [infer DD extends number, ...infer DR extends number[]]
          ? (KK extends number ? ConvSize<I, KK, SS, PP, DD, Ceil> : number) extends infer O
            ? { v: O } extends { v: number }
              ? Spatial<IR, KR, SR, PR, DR, Ceil, Op, X, [...Acc, O & Dim]>
              : ShapeError<`${Op}: ${O & string} (input ${ShowShape<X>})`>
            : never
          : never
        : never
      : never
    : never
  : Acc;

type SplitSpatial<X extends Shape, N extends number> = X extends readonly [...infer Lead extends Dim[], ...Tuple<N, Dim>]
  ? Lead
  : never;

type LastN<X extends readonly Dim[], N extends number, Acc extends Dim[] = []> = Acc['length'] extends N
  ? Acc
  : X extends readonly [...infer R extends Dim[], infer L extends Dim]
    ? LastN<R, N, [L, ...Acc]>
    : Acc;

/**
 * conv1d/2d/3d: input [N, C, ...spatial] (or unbatched [C, ...spatial]) with
 * weight [O, C / groups, ...kernel].
 */
/** groups, with omitted meaning 1. */
type GroupsOf<G> = undefined extends G ? 1 : G extends number ? G : 1;

/** The input channels a weight [O, Cin, ...] expects with G groups (Cin itself for one group, a type parameter too). */
type GroupedIn<Cin extends Dim, Groups extends number> = { v: Groups } extends { v: 1 } ? Cin : Cin extends number ? Mul<Cin, Groups> : Cin;

export type Conv<X extends Shape, W extends Shape, N extends number, Stride, Padding, Dilation, G = 1, Op extends string = `conv${N}d`> = GroupsOf<G> extends infer Groups extends number ? ConvG<X, W, N, Stride, Padding, Dilation, Groups, Op> : never;

type ConvG<X extends Shape, W extends Shape, N extends number, Stride, Padding, Dilation, Groups extends number, Op extends string> = IsUnknownRank<X> extends true
  ? number[]
  : IsUnknownRank<W> extends true
    ? number[]
    : W extends readonly [infer O extends Dim, infer Cin extends Dim, ...infer Kernel extends Dim[]]
      ? Kernel['length'] extends N
        ? X['length'] extends Add<N, 2> | Add<N, 1>
          ? SplitSpatial<X, N> extends infer Lead extends Dim[]
            ? Lead extends readonly [...infer Batch extends Dim[], infer C extends Dim]
              ? DimsAgree<C, GroupedIn<Cin, Groups>> extends true
                ? Spatial<LastN<X, N>, Kernel, PerDim<Stride, N, 1>, PerDim<Padding, N, 0>, PerDim<Dilation, N, 1>, false, Op, X> extends infer Sp
                  ? Sp extends readonly unknown[] // the spatial sizes, or an error
                    ? [...Batch, O, ...Sp]
                    : Sp
                  : never
                : ShapeError<`${Op}: input has ${ShowDim<C>} channels but the weight ${ShowShape<W>} expects ${ShowDim<GroupedIn<Cin, Groups>>}`>
              : never
            : never
          : ShapeError<`${Op}: expected a ${Add<N, 2>}-D input [N, C, ...] (or ${Add<N, 1>}-D unbatched), got ${ShowShape<X>}`>
        : ShapeError<`${Op}: expected a ${Add<N, 2>}-D weight, got ${ShowShape<W>}`>
      : ShapeError<`${Op}: expected a ${Add<N, 2>}-D weight, got ${ShowShape<W>}`>;

/** conv_transpose2d size: (in - 1) s - 2p + d (k - 1) + output_padding + 1. */
type ConvTSize<In extends Dim, K extends Dim, S extends number, P extends number, D extends number, OP extends number> = In extends number
  ? K extends number
    ? [IsNat<In>, IsNat<K>] extends [true, true]
      ? Sub<Add<Add<Add<Mul<Sub<In, 1>, S>, Mul<D, Sub<K, 1>>>, OP>, 1>, Mul<2, P>>
      : number
    : number
  : number;

/** conv_transpose2d: input [N, C, H, W] with weight [C, O / groups, kh, kw]. */
export type ConvTranspose2d<X extends Shape, W extends Shape, Stride = 1, Padding = 0, OutPad = 0, Dilation = 1, G = 1> = GroupsOf<G> extends infer Groups extends number ? ConvT2<X, W, Stride, Padding, OutPad, Dilation, Groups> : never;

type ConvT2<X extends Shape, W extends Shape, Stride, Padding, OutPad, Dilation, Groups extends number> = IsUnknownRank<X> extends true
  ? number[]
  : X extends readonly [...infer Batch extends Dim[], infer C extends Dim, infer H extends Dim, infer Wd extends Dim]
    ? W extends readonly [infer Cin extends Dim, infer O extends Dim, infer KH extends Dim, infer KW extends Dim]
      ? DimsAgree<C, Cin> extends true
        ? [PerDim<Stride, 2, 1>, PerDim<Padding, 2, 0>, PerDim<Dilation, 2, 1>, PerDim<OutPad, 2, 0>] extends [
            [infer S0 extends number, infer S1 extends number],
            [infer P0 extends number, infer P1 extends number],
            [infer D0 extends number, infer D1 extends number],
            [infer Q0 extends number, infer Q1 extends number],
          ]
          ? [...Batch, O extends number ? Mul<O, Groups> : O, ConvTSize<H, KH, S0, P0, D0, Q0>, ConvTSize<Wd, KW, S1, P1, D1, Q1>]
          : [...Batch, Dim, number, number]
        : ShapeError<`conv_transpose2d: input has ${ShowDim<C>} channels but the weight ${ShowShape<W>} expects ${ShowDim<Cin>}`>
      : ShapeError<`conv_transpose2d: expected a 4-D weight, got ${ShowShape<W>}`>
    : ShapeError<`conv_transpose2d: expected a 4-D input, got ${ShowShape<X>}`>;

/** max/avg pooling over the last N dims (stride defaults to the kernel). */
export type Pool<X extends Shape, N extends number, Kernel, Stride, Padding, Dilation, Ceil, Op extends string> = IsUnknownRank<X> extends true
  ? number[]
  : X['length'] extends Add<N, 1> | Add<N, 2>
    ? PerDim<Kernel, N, 1> extends infer K extends readonly number[]
      ? Spatial<
          LastN<X, N>,
          K,
          undefined extends Stride ? K : [Stride] extends [readonly []] ? K : PerDim<Stride, N, 1>,
          PerDim<Padding, N, 0>,
          PerDim<Dilation, N, 1>,
          [Ceil] extends [true] ? true : false,
          Op,
          X
        > extends infer Sp
        ? Sp extends readonly unknown[] // the spatial sizes, or an error
          ? [...SplitSpatial<X, N>, ...Sp]
          : Sp
        : never
      : never
    : ShapeError<`${Op}: expected a ${Add<N, 1>}-D or ${Add<N, 2>}-D input, got ${ShowShape<X>}`>;

/** adaptive pooling: the last N dims become the output size. */
export type AdaptivePool<X extends Shape, N extends number, Size, Op extends string> = IsUnknownRank<X> extends true
  ? number[]
  : X['length'] extends Add<N, 1> | Add<N, 2>
    ? [...SplitSpatial<X, N>, ...PerDim<Size, N, 1>]
    : ShapeError<`${Op}: expected a ${Add<N, 1>}-D or ${Add<N, 2>}-D input, got ${ShowShape<X>}`>;

/** embedding(weight [num, dim], indices): the indices' shape plus dim. */
export type Embedding<W extends Shape, I extends Shape> = IsUnknownRank<I> extends true
  ? number[]
  : W extends readonly [Dim, infer E extends Dim]
    ? [...I, E]
    : IsUnknownRank<W> extends true
      ? [...I, number]
      : ShapeError<`embedding: weight must be 2-D [num_embeddings, dim], got ${ShowShape<W>}`>;
