// matmul, mm, bmm, mv, dot and linear.
import type { Dim, Shape } from './shape.ts';
import type { ShapeError } from './errors.ts';
import type { DimsAgree, IsUnknownRank, MoreKnown, ShowDim, ShowShape } from './dims.ts';
import type { Broadcast } from './broadcast.ts';

type Inner<Op extends string, A extends Shape, B extends Shape, K1 extends Dim, K2 extends Dim> = ShapeError<`${Op}: inner dims ${ShowDim<K1>} and ${ShowDim<K2>} differ (shapes ${ShowShape<A>} @ ${ShowShape<B>})`>;

/** torch.matmul: 1-D, 2-D and batched operands, with broadcasting of batch dims. */
export type Matmul<A extends Shape, B extends Shape> = IsUnknownRank<A> extends true
  ? number[]
  : IsUnknownRank<B> extends true
    ? number[]
    : A extends readonly []
      ? ShapeError<'matmul: both arguments need at least 1 dimension, got a 0-d tensor'>
      : B extends readonly []
        ? ShapeError<'matmul: both arguments need at least 1 dimension, got a 0-d tensor'>
        : A extends readonly [infer K1 extends Dim]
          ? B extends readonly [infer K2 extends Dim]
            ? DimsAgree<K1, K2> extends true ? [] : Inner<'matmul', A, B, K1, K2>
            : B extends readonly [...infer BB extends Dim[], infer K2 extends Dim, infer M extends Dim]
              ? DimsAgree<K1, K2> extends true ? [...BB, M] : Inner<'matmul', A, B, K1, K2>
              : never
          : A extends readonly [...infer AB extends Dim[], infer N extends Dim, infer K1 extends Dim]
            ? B extends readonly [infer K2 extends Dim]
              ? DimsAgree<K1, K2> extends true ? [...AB, N] : Inner<'matmul', A, B, K1, K2>
              : B extends readonly [...infer BB extends Dim[], infer K2 extends Dim, infer M extends Dim]
                ? DimsAgree<K1, K2> extends true
                  ? Broadcast<AB, BB> extends infer Batch
                    ? Batch extends readonly unknown[] // a shape, or the broadcast's error
                      ? [...Batch, N, M]
                      : Batch
                    : never
                  : Inner<'matmul', A, B, K1, K2>
                : never
            : never;

/** torch.mm: [n, k] @ [k, m]. */
export type Mm<A extends Shape, B extends Shape> = IsUnknownRank<A> extends true
  ? number[]
  : IsUnknownRank<B> extends true
    ? number[]
    : A extends readonly [infer N extends Dim, infer K1 extends Dim]
      ? B extends readonly [infer K2 extends Dim, infer M extends Dim]
        ? DimsAgree<K1, K2> extends true ? [N, M] : Inner<'mm', A, B, K1, K2>
        : ShapeError<`mm: expected 2-D tensors, got ${ShowShape<A>} and ${ShowShape<B>}`>
      : ShapeError<`mm: expected 2-D tensors, got ${ShowShape<A>} and ${ShowShape<B>}`>;

/** torch.bmm: [b, n, k] @ [b, k, m]. */
export type Bmm<A extends Shape, B extends Shape> = IsUnknownRank<A> extends true
  ? number[]
  : IsUnknownRank<B> extends true
    ? number[]
    : A extends readonly [infer B1 extends Dim, infer N extends Dim, infer K1 extends Dim]
      ? B extends readonly [infer B2 extends Dim, infer K2 extends Dim, infer M extends Dim]
        ? DimsAgree<B1, B2> extends true
          ? DimsAgree<K1, K2> extends true
            ? [MoreKnown<B1, B2>, N, M]
            : Inner<'bmm', A, B, K1, K2>
          : ShapeError<`bmm: batch sizes ${ShowDim<B1>} and ${ShowDim<B2>} differ (shapes ${ShowShape<A>} @ ${ShowShape<B>})`>
        : ShapeError<`bmm: expected 3-D tensors, got ${ShowShape<A>} and ${ShowShape<B>}`>
      : ShapeError<`bmm: expected 3-D tensors, got ${ShowShape<A>} and ${ShowShape<B>}`>;

/** torch.mv: [n, k] @ [k]. */
export type Mv<A extends Shape, B extends Shape> = IsUnknownRank<A> extends true
  ? number[]
  : IsUnknownRank<B> extends true
    ? number[]
    : A extends readonly [infer N extends Dim, infer K1 extends Dim]
      ? B extends readonly [infer K2 extends Dim]
        ? DimsAgree<K1, K2> extends true ? [N] : Inner<'mv', A, B, K1, K2>
        : ShapeError<`mv: expected a matrix and a vector, got ${ShowShape<A>} and ${ShowShape<B>}`>
      : ShapeError<`mv: expected a matrix and a vector, got ${ShowShape<A>} and ${ShowShape<B>}`>;

/** torch.dot: [k] . [k]. */
export type Dot<A extends Shape, B extends Shape> = IsUnknownRank<A> extends true
  ? []
  : IsUnknownRank<B> extends true
    ? []
    : A extends readonly [infer K1 extends Dim]
      ? B extends readonly [infer K2 extends Dim]
        ? DimsAgree<K1, K2> extends true ? [] : ShapeError<`dot: sizes ${ShowDim<K1>} and ${ShowDim<K2>} differ`>
        : ShapeError<`dot: expected 1-D tensors, got ${ShowShape<A>} and ${ShowShape<B>}`>
      : ShapeError<`dot: expected 1-D tensors, got ${ShowShape<A>} and ${ShowShape<B>}`>;

/** torch.linear / nn.Linear: x [..., in] with weight [out, in] gives [..., out]. */
export type Linear<X extends Shape, W extends Shape> = IsUnknownRank<X> extends true
  ? number[]
  : IsUnknownRank<W> extends true
    ? number[]
    : W extends readonly [infer O extends Dim, infer I extends Dim]
      ? X extends readonly [...infer Batch extends Dim[], infer XI extends Dim]
        ? DimsAgree<XI, I> extends true
          ? [...Batch, O]
          : ShapeError<`linear: input has ${ShowDim<XI>} features but the weight expects ${ShowDim<I>} (input ${ShowShape<X>}, weight ${ShowShape<W>})`>
        : ShapeError<`linear: input needs at least 1 dimension, got ${ShowShape<X>}`>
      : ShapeError<`linear: weight must be 2-D [out, in], got ${ShowShape<W>}`>;
