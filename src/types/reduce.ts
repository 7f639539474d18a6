// Reductions over one dim or a list of dims, with keepdim.
import type { Dim, Shape } from './shape.ts';
import type { ShapeError } from './errors.ts';
import type { IsUnknownRank, NormDim, ShowShape } from './dims.ts';

type Normalize<Ds extends readonly number[], Rank extends number, Acc extends number[] = []> = Ds extends readonly [
  infer H extends number,
  ...infer T extends number[],
]
  ? NormDim<H, Rank> extends infer I extends number
    ? [I] extends [never]
      ? ['out of range', H]
      : I extends Acc[number]
        ? ['repeated', H]
        : Normalize<T, Rank, [...Acc, I]>
    : never
  : Acc;

type Apply<S extends readonly Dim[], Ds extends number[], Keep extends boolean, I extends unknown[] = [], Acc extends Dim[] = []> = S extends readonly [
  infer H extends Dim,
  ...infer T extends Dim[],
]
  ? I['length'] extends Ds[number]
    ? Apply<T, Ds, Keep, [...I, 1], Keep extends true ? [...Acc, 1] : Acc>
    : Apply<T, Ds, Keep, [...I, 1], [...Acc, H]>
  : Acc;

/**
 * The shape after reducing dims `Ds` (a dim or a list; empty or omitted: all
 * dims), keeping them as size 1 when `Keep` is true.
 */
export type Reduce<S extends Shape, Ds extends number | readonly number[] | undefined, Keep extends boolean | undefined = false, Op extends string = 'reduce'> = IsUnknownRank<S> extends true
  ? number[]
  : [Ds] extends [undefined]
    ? Keep extends true
      ? { [K in keyof S]: 1 }
      : []
    : (Ds extends readonly number[] ? Ds : [Ds]) extends infer L extends readonly number[]
      ? number extends L['length']
        ? number[]
        : L extends readonly []
          ? Keep extends true
            ? { -readonly [K in keyof S]: 1 }
            : []
          : number extends L[number]
            ? number[]
            : Normalize<L, S['length'] extends 0 ? 1 : S['length']> extends infer N // a 0-d tensor takes dim 0 and -1, as PyTorch wraps a scalar's dim
              ? N extends ['out of range', infer D extends number]
                ? ShapeError<`${Op}: dim ${D} out of range for ${ShowShape<S>}`>
                : N extends ['repeated', infer D extends number]
                  ? ShapeError<`${Op}: dim ${D} appears twice`>
                  : N extends number[]
                    ? Apply<S, N, Keep extends true ? true : false>
                    : never
              : never
      : never;
