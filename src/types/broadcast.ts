// Broadcasting (numpy rules, right-aligned), with call-site messages.
import type { Dim, Shape } from './shape.ts';
import type { ShapeError } from './errors.ts';
import type { IsUnknownRank, ShowDim, ShowShape } from './dims.ts';

type BDim<A extends Dim, B extends Dim> = A extends 1
  ? B
  : B extends 1
    ? A
    : number extends A
      ? number extends B
        ? number
        : B
      : number extends B
        ? A
        : A extends string
          ? B extends string
            ? A extends B
              ? A
              : 'mismatch'
            : B // a symbol may stand for this number: left to the run time
          : B extends string
            ? A
            : A extends B
              ? A
              : 'mismatch';

type Go<A extends Shape, B extends Shape, Acc extends Dim[]> = A extends readonly [...infer AR extends Dim[], infer AL extends Dim]
  ? B extends readonly [...infer BR extends Dim[], infer BL extends Dim]
    ? BDim<AL, BL> extends infer D
      ? [D] extends ['mismatch']
        ? ['mismatch', AL, BL]
        : Go<AR, BR, [D & Dim, ...Acc]>
      : never
    : [...A, ...Acc]
  : [...B, ...Acc];

/** The broadcast shape of A and B, or a ShapeError naming the dims that clash. */
export type Broadcast<A extends Shape, B extends Shape> = IsUnknownRank<A> extends true
  ? number[]
  : IsUnknownRank<B> extends true
    ? number[]
    : Go<A, B, []> extends infer R
      ? R extends ['mismatch', infer X, infer Y]
        ? ShapeError<`cannot broadcast ${ShowShape<A>} with ${ShowShape<B>}: dims ${ShowDim<X>} and ${ShowDim<Y>} differ`>
        : R
      : never;

/** Broadcast over a list of shapes (where, addcmul, ...). */
export type BroadcastAll<L extends readonly Shape[], Acc extends Shape = []> = L extends readonly [
  infer H extends Shape,
  ...infer T extends readonly Shape[],
]
  ? Broadcast<Acc, H> extends infer R
    ? R extends Shape
      ? BroadcastAll<T, R>
      : R
    : never
  : Acc;
