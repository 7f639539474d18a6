// cat, stack, select, narrow, index_select, gather.
import type { Dim, Shape } from './shape.ts';
import type { ShapeError } from './errors.ts';
import type { DimsAgree, InsertAt, IsUnknownRank, NormDim, RemoveAt, ReplaceAt, ShowDim, ShowShape } from './dims.ts';
import type { Add, FloorDiv, IsNat, LessThan, Sub } from './arith.ts';

type AddDims<A extends Dim, B extends Dim> = A extends number ? (B extends number ? Add<A, B> : number) : number;

/** Checks every dim but `D` agrees; returns the first clash. */
type SameExcept<A extends readonly Dim[], B extends readonly Dim[], D extends number, I extends unknown[] = []> = A extends readonly [
  infer AH extends Dim,
  ...infer AT extends Dim[],
]
  ? B extends readonly [infer BH extends Dim, ...infer BT extends Dim[]]
    ? I['length'] extends D
      ? SameExcept<AT, BT, D, [...I, 1]>
      : DimsAgree<AH, BH> extends true
        ? SameExcept<AT, BT, D, [...I, 1]>
        : [I['length'], AH, BH]
    : 'ok'
  : 'ok';

type CatGo<L extends readonly Shape[], D extends number, Acc extends readonly Dim[]> = L extends readonly [
  infer H extends Shape,
  ...infer T extends readonly Shape[],
]
  ? IsUnknownRank<H> extends true
    ? number[]
    : H['length'] extends Acc['length']
      ? SameExcept<Acc, H, D> extends [infer I extends number, infer X, infer Y]
        ? ShapeError<`cat: shapes ${ShowShape<Acc>} and ${ShowShape<H>} differ in dim ${I} (${ShowDim<X>} vs ${ShowDim<Y>}), not only in the cat dim ${D}`>
        : CatGo<T, D, ReplaceAt<Acc, D, AddDims<Acc[D], H[D]>>>
      : ShapeError<`cat: all tensors need the same rank, got ${ShowShape<Acc>} and ${ShowShape<H>}`>
  : Acc;

/** torch.cat(tensors, dim). */
export type Cat<L extends readonly Shape[], D extends number = 0> = number extends L['length']
  ? number[]
  : L extends readonly [infer F extends Shape, ...infer R extends readonly Shape[]]
    ? IsUnknownRank<F> extends true
      ? number[]
      : NormDim<D, F['length']> extends infer I extends number
        ? [I] extends [never]
          ? ShapeError<`cat: dim ${D} out of range for ${ShowShape<F>}`>
          : number extends I
            ? number[]
            : CatGo<R, I, F>
        : never
    : ShapeError<'cat: expected a non-empty list of tensors'>;

type AllSame<L extends readonly Shape[], F extends Shape> = L extends readonly [infer H extends Shape, ...infer T extends readonly Shape[]]
  ? IsUnknownRank<H> extends true
    ? AllSame<T, F>
    : H['length'] extends F['length']
      ? SameExcept<F, H, -1> extends [number, infer X, infer Y]
        ? ShapeError<`stack: shapes ${ShowShape<F>} and ${ShowShape<H>} differ (${ShowDim<X>} vs ${ShowDim<Y>})`>
        : AllSame<T, F>
      : ShapeError<`stack: shapes ${ShowShape<F>} and ${ShowShape<H>} differ in rank`>
  : 'ok';

/** torch.stack(tensors, dim): a new dim of size len(tensors). */
export type Stack<L extends readonly Shape[], D extends number = 0> = number extends L['length']
  ? number[]
  : L extends readonly [infer F extends Shape, ...infer R extends readonly Shape[]]
    ? IsUnknownRank<F> extends true
      ? number[]
      : AllSame<R, F> extends infer Err extends ShapeError<string>
        ? Err
        : NormDim<D, Add<F['length'], 1>> extends infer I extends number
          ? [I] extends [never]
            ? ShapeError<`stack: dim ${D} out of range for ${ShowShape<F>}`>
            : number extends I
              ? number[]
              : InsertAt<F, I, L['length']>
          : never
    : ShapeError<'stack: expected a non-empty list of tensors'>;

/** select(dim, index): the dim removed. */
export type Select<S extends Shape, D extends number> = IsUnknownRank<S> extends true
  ? number[]
  : NormDim<D, S['length']> extends infer I extends number
    ? [I] extends [never]
      ? ShapeError<`select: dim ${D} out of range for ${ShowShape<S>}`>
      : number extends I
        ? number[]
        : RemoveAt<S, I>
    : never;

/** narrow(dim, start, length) and index_select(dim, index [n]): the dim becomes N. */
export type Resize<S extends Shape, D extends number, N extends Dim, Op extends string> = IsUnknownRank<S> extends true
  ? number[]
  : NormDim<D, S['length']> extends infer I extends number
    ? [I] extends [never]
      ? ShapeError<`${Op}: dim ${D} out of range for ${ShowShape<S>}`>
      : number extends I
        ? number[]
        : ReplaceAt<S, I, N>
    : never;

/** narrow(dim, start, length): the window must end inside the dim (literal start, length and size). */
export type Narrow<S extends Shape, D extends number, St extends number, N extends number> = Resize<S, D, N, 'narrow'> extends infer R
  ? R extends ShapeError<string>
    ? R
    : IsUnknownRank<S> extends true
      ? R
      : NormDim<D, S['length']> extends infer I extends number
        ? number extends I | St | N
          ? R
          : S[I] extends infer Size extends number
            ? number extends Size
              ? R
              : `${St}` extends `-${string}`
                ? R // a start from the end: checked at run time
                : LessThan<Size, Add<St, N>> extends true
                  ? ShapeError<`narrow: start ${St} + length ${N} is past the end of dim ${D} (size ${Size}) of ${ShowShape<S>}`>
                  : R
            : R
        : R
  : never;

/** index_select's index must be 1-D (or 0-D). */
export type IndexSelect<S extends Shape, D extends number, I extends Shape> = IsUnknownRank<I> extends true
  ? Resize<S, D, number, 'index_select'>
  : I['length'] extends 0 | 1
    ? Resize<S, D, IndexLength<I>, 'index_select'>
    : ShapeError<`index_select: the index must be 1-D, got ${ShowShape<I>}`>;

/** The size of a 1-D index tensor's shape. */
export type IndexLength<I extends Shape> = I extends readonly [infer N extends Dim] ? N : number;

/** gather(dim, index): the index's shape, which must have the input's rank. */
export type Gather<S extends Shape, I extends Shape> = IsUnknownRank<S> extends true
  ? [...I]
  : IsUnknownRank<I> extends true
    ? number[]
    : I['length'] extends S['length']
      ? [...I]
      : ShapeError<`gather: index ${ShowShape<I>} must have the same rank as the input ${ShowShape<S>}`>;

type SliceBound<B, Default extends number> = B extends null | undefined ? Default : B;

/** The size of one sliced dim: start/end default to 0/size, end clamps to size; negative bounds are unknown. */
export type SliceSize<Size extends Dim, Start, End, Step> = Size extends number
  ? [SliceBound<Start, 0>, SliceBound<End, Size>, undefined extends Step ? 1 : Step] extends [
      infer A extends number,
      infer B extends number,
      infer C extends number,
    ]
    ? [IsNat<A>, IsNat<B>, IsNat<C>, IsNat<Size>] extends [true, true, true, true]
      ? (LessThan<Size, B> extends true ? Size : B) extends infer E extends number
        ? LessThan<A, E> extends true
          ? FloorDiv<Add<Sub<E, A>, Sub<C, 1>>, C>
          : 0
        : never
      : number
    : number
  : number;

/** slice(dim, start, end, step): the dim's size becomes ceil((end - start) / step). */
export type Slice<S extends Shape, D extends number, Start, End, Step> = IsUnknownRank<S> extends true
  ? number[]
  : NormDim<D, S['length']> extends infer I extends number
    ? [I] extends [never]
      ? ShapeError<`slice: dim ${D} out of range for ${ShowShape<S>}`>
      : number extends I
        ? number[]
        : ReplaceAt<S, I, SliceSize<S[I], Start, End, Step>>
    : never;
