// Broadcasting (numpy rules, right-aligned), with call-site messages.
import type { Dim, Shape } from './shape.ts';
import type { ShapeError } from './errors.ts';
import type { IsUnknownRank, Same, ShowDim, ShowShape } from './dims.ts';

/** Two dims that cannot broadcast (not a Dim, so that no unknown dim is ever taken for it). */
interface Mismatch {
  readonly mismatch: true;
}

/** The broadcast of two dims, or Mismatch. Written with the tests of dims.ts (generic-friendly). */
type BDim<A extends Dim, B extends Dim> = { v: Same<A, B> } extends { v: true }
  ? A
  : { v: A } extends { v: 1 }
    ? B
    : { v: B } extends { v: 1 }
      ? A
      : { v: number } extends { v: A }
        ? B
        : { v: number } extends { v: B }
          ? A
          : { v: A } extends { v: string }
            ? { v: B } extends { v: string }
              ? Mismatch
              : B // a symbol may stand for this number: left to the run time
            : { v: B } extends { v: string }
              ? A
              : Mismatch;

type Go<A extends Shape, B extends Shape, Acc extends Dim[]> = A extends readonly [...infer AR extends Dim[], infer AL extends Dim]
  ? B extends readonly [...infer BR extends Dim[], infer BL extends Dim]
    ? BDim<AL, BL> extends infer D
      ? { v: D } extends { v: Dim }
        ? Go<AR, BR, [D & Dim, ...Acc]>
        : ['mismatch', AL, BL]
      : never
    : [...A, ...Acc]
  : [...B, ...Acc];

/** The broadcast shape of A and B, or a ShapeError naming the dims that clash. */
export type Broadcast<A extends Shape, B extends Shape> = { v: Same<A, B> } extends { v: true }
  ? [...A] // the same shape (a generic one included) broadcasts to itself
  : IsUnknownRank<A> extends true
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
    ? R extends readonly Dim[] // a shape, or the broadcast's error
      ? BroadcastAll<T, R>
      : R
    : never
  : Acc;
