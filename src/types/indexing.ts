// The result shape of Tensor.index(...), PyTorch's indexing (x[1, 0:2, None,
// ..., mask]) at the type level. The rules follow libtorch's applySlicing, in
// order: an integer selects (removing its dim), a slice 'start:stop:step'
// keeps its dim with the sliced length, null inserts a dim of 1, '...' stands
// for the dims no other index takes, and tensor or array indices (advanced
// indexing) are gathered at the end: their broadcast shape replaces the dims
// they index when they are adjacent, and goes first otherwise.
import type { Dim, Shape } from './shape.ts';
import type { DType } from './dtype.ts';
import type { ShapeError } from './errors.ts';
import type { Add, FloorDiv, LessThan, Sub } from './arith.ts';
import type { Drop, IsUnknownRank, ShowShape, Take } from './dims.ts';
import type { BroadcastAll } from './broadcast.ts';

/** What Tensor.index takes for one position. */
export type IndexArg = number | string | null | boolean | readonly number[] | readonly boolean[] | { readonly __type?: { shape: Shape; dtype: DType } };

type IsLit<N> = N extends number ? (number extends N ? false : true) : false;

/** A literal integer string: its number, null for '' (the default), or 'bad'. */
type Int<S extends string> = S extends ''
  ? null
  : S extends ` ${infer R}`
    ? Int<R>
    : S extends `${infer R} `
      ? Int<R>
      : S extends `${infer N extends number}`
        ? N
        : 'bad';

/** 'start:stop:step' as [start, stop, step] (null for a bound left out), or 'bad'. */
type ParseSlice<S extends string> = S extends `${infer A}:${infer B}:${infer C}`
  ? [Int<A>, Int<B>, Int<C> extends null ? 1 : Int<C>]
  : S extends `${infer A}:${infer B}`
    ? [Int<A>, Int<B>, 1]
    : 'bad';

/** -k for a negative literal's k, else never. */
type Neg<N extends number> = `${N}` extends `-${infer K extends number}` ? K : never;

/** A bound of a slice of a dim of size D, clamped to [0, D] as Python does. */
type Bound<B, D extends number, Default extends number> = B extends null
  ? Default
  : B extends number
    ? [Neg<B>] extends [never]
      ? LessThan<B, D> extends true
        ? B
        : D
      : [Sub<D, Neg<B>>] extends [never]
        ? 0
        : Sub<D, Neg<B>>
    : number;

/** The length of slice [A, B, C] of a dim of size D. */
type SliceLen<D extends Dim, P> = P extends [infer A, infer B, infer C]
  ? D extends number
    ? IsLit<D> extends true
      ? [A extends null ? true : IsLit<A>, B extends null ? true : IsLit<B>, IsLit<C>] extends [true, true, true]
        ? Bound<A, D, 0> extends infer S extends number
          ? Bound<B, D, D> extends infer E extends number
            ? LessThan<S, E> extends true
              ? FloorDiv<Add<Sub<E, S>, Sub<C & number, 1>>, C & number>
              : 0
            : number
          : number
        : number
      : number
    : number
  : number;

/** A step that is not a positive literal: PyTorch refuses zero and negative steps. */
type BadStep<P> = P extends [unknown, unknown, infer C extends number] ? (IsLit<C> extends true ? (LessThan<0, C> extends true ? false : true) : false) : false;

type ShapeOfIndex<I> = I extends { readonly __type?: { shape: infer S extends Shape } } ? S : number[];
type DTypeOfIndex<I> = I extends { readonly __type?: { dtype: infer D extends DType } } ? D : DType;

/** How many dims of the input an index takes (for '...'). */
type Takes<I> = I extends null | boolean | '...'
  ? 0
  : I extends number | string | readonly unknown[]
    ? 1
    : DTypeOfIndex<I> extends 'bool' | 'uint8'
      ? ShapeOfIndex<I>['length']
      : 1;

type TakesAll<L extends readonly unknown[], Acc extends number = 0> = L extends readonly [infer H, ...infer T] ? TakesAll<T, Add<Acc, Takes<H>>> : Acc;

/** An advanced index's place in the output, until the broadcast shape is known. */
interface Adv {
  readonly advanced: true;
}

type Err<M extends string> = ShapeError<`index: ${M}`>;

/**
 * One step: index I on the remaining input dims Rem, with the output so far
 * Out and the advanced indices' shapes Advs. `K` counts the input dims
 * consumed (for messages).
 */
type Step<I, Rest extends readonly unknown[], Rem extends readonly Dim[], Out extends readonly unknown[], Advs extends readonly Shape[], S extends Shape> = I extends null
  ? Go<Rest, Rem, [...Out, 1], Advs, S>
  : I extends '...'
    ? number extends Rem['length']
      ? number[]
      : Sub<Rem['length'], TakesAll<Rest>> extends infer N extends number
        ? [N] extends [never]
          ? Err<`too many indices for a tensor of shape ${ShowShape<S>}`>
          : Go<Rest, Drop<Rem, N>, [...Out, ...Take<Rem, N>], Advs, S>
        : number[]
    : I extends boolean
      ? Go<Rest, Rem, [...Out, Adv], [...Advs, [I extends true ? 1 : I extends false ? 0 : number]], S>
      : Rem extends readonly [infer D extends Dim, ...infer RemT extends Dim[]]
        ? I extends number
          ? SelectOk<I, D> extends true
            ? Go<Rest, RemT, Out, Advs, S>
            : Err<`index ${I} is out of range for a dim of size ${D & number} (shape ${ShowShape<S>})`>
          : I extends string
            ? ParseSlice<I> extends infer P
              ? P extends 'bad'
                ? Err<`'${I}' is not a slice ('start:stop:step') or '...'`>
                : 'bad' extends P[keyof P & number]
                  ? Err<`'${I}' is not a slice ('start:stop:step') or '...'`>
                  : BadStep<P> extends true
                    ? Err<`the step of '${I}' must be positive`>
                    : Go<Rest, RemT, [...Out, SliceLen<D, P>], Advs, S>
              : never
            : I extends readonly boolean[]
              ? Go<Rest, RemT, [...Out, Adv], [...Advs, [number]], S>
              : I extends readonly number[]
                ? Go<Rest, RemT, [...Out, Adv], [...Advs, [I['length']]], S>
                : DTypeOfIndex<I> extends 'bool' | 'uint8'
                  ? Mask<ShapeOfIndex<I>, Rest, Rem, Out, Advs, S>
                  : ShapeOfIndex<I> extends []
                    ? Go<Rest, RemT, Out, Advs, S> // a 0-d integer tensor selects, as an integer does
                    : Go<Rest, RemT, [...Out, Adv], [...Advs, ShapeOfIndex<I>], S>
        : Err<`too many indices for a tensor of shape ${ShowShape<S>}`>;

/**
 * A boolean mask of rank k takes k dims and gives one of unknown length.
 * libtorch moves its cursor one dim only: indices after a mask of 2 or
 * more dims are applied to dims the mask covers (the run time decides).
 */
type Mask<M extends Shape, Rest extends readonly unknown[], Rem extends readonly Dim[], Out extends readonly unknown[], Advs extends readonly Shape[], S extends Shape> = number extends M['length']
  ? number[]
  : M extends []
    ? Go<Rest, Rem, [...Out, Adv], [...Advs, [number]], S>
    : M['length'] extends 1
      ? Go<Rest, Drop<Rem, 1>, [...Out, Adv], [...Advs, [number]], S>
      : TakesAll<Rest> extends 0
        ? Go<Rest, Drop<Rem, M['length']>, [...Out, Adv], [...Advs, [number]], S>
        : number[];

/** Whether integer I indexes a dim of size D (unknown values pass: the run time checks). */
type SelectOk<I extends number, D extends Dim> = IsLit<I> extends true
  ? D extends number
    ? IsLit<D> extends true
      ? [Neg<I>] extends [never]
        ? LessThan<I, D>
        : LessThan<Sub<Neg<I>, 1>, D>
      : true
    : true
  : true;

type Go<L extends readonly unknown[], Rem extends readonly Dim[], Out extends readonly unknown[], Advs extends readonly Shape[], S extends Shape> = L extends readonly [
  infer H,
  ...infer T,
]
  ? Step<H, T, Rem, Out, Advs, S>
  : Finish<[...Out, ...Rem], Advs>;

/** Whether the Adv markers of Out are adjacent. */
type Adjacent<Out extends readonly unknown[], Seen extends boolean = false, Ended extends boolean = false> = Out extends readonly [infer H, ...infer T]
  ? H extends Adv
    ? Ended extends true
      ? false
      : Adjacent<T, true, false>
    : Seen extends true
      ? Adjacent<T, true, true>
      : Adjacent<T, false, false>
  : true;

type Dims<Out extends readonly unknown[]> = Out extends readonly [infer H, ...infer T] ? (H extends Adv ? Dims<T> : [H & Dim, ...Dims<T>]) : [];

/** The broadcast advanced-index shape in place of the first marker. */
type InPlace<Out extends readonly unknown[], B extends Shape, Done extends boolean = false> = Out extends readonly [infer H, ...infer T]
  ? H extends Adv
    ? Done extends true
      ? InPlace<T, B, true>
      : [...B, ...InPlace<T, B, true>]
    : [H & Dim, ...InPlace<T, B, Done>]
  : [];

type Finish<Out extends readonly unknown[], Advs extends readonly Shape[]> = Advs extends []
  ? Dims<Out>
  : BroadcastAll<Advs> extends infer B
    ? B extends Shape
      ? Adjacent<Out> extends true
        ? InPlace<Out, B>
        : [...B, ...Dims<Out>]
      : Err<'the tensor and list indices do not broadcast together'>
    : never;

/** The shape of `x.index(...I)` for a tensor of shape S, or a ShapeError. */
export type Index<S extends Shape, I extends readonly unknown[]> = IsUnknownRank<S> extends true ? number[] : Go<I, [...S], [], [], S>;
