// The types of the generated signatures, one small family per shape rule of
// gen/shape-rules.ts: `XArg` is a checked parameter (its type becomes the
// rule's error message when the call is wrong), `XOut` the result. The
// generated declarations name these instead of spelling out the conditional
// types, so each op reads as e.g.
//   matmul<T, O>(this: T, other: MatmulOther<T, O>): MatmulOut<T, O>
import type { Tensor } from '../core/tensor.ts';
import type { DType, Device } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import type { Ok, OrMsg } from '../types/errors.ts';
import type { Promote, FloatOf, PromoteScalar, CombineCategories, RealOf } from '../types/promote.ts';
import type { BroadcastAll } from '../types/broadcast.ts';
import type { SameDevice } from '../types/device.ts';
import type { Matmul, Mm, Bmm, Mv, Dot, Linear } from '../types/matmul.ts';
import type { Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Permute, T as TransposeLast2, Expand, Repeat, Unflatten } from '../types/views.ts';
import type { Reduce } from '../types/reduce.ts';
import type { Cat, Stack, Select, Resize, IndexLength, Gather, Slice, Narrow, IndexSelect } from '../types/join.ts';
import type { CheckDim } from '../types/dims.ts';
import type { Conv, ConvTranspose2d, Pool, AdaptivePool, Embedding } from '../types/conv.ts';
import type { Binary, DTypeOf, DeviceCarrier, DeviceOf, DimArg, Dims, LikeAs, OnSameDevice, Out, ShapeOf, ShapesOf } from './typing.ts';

// ---- dtypes ------------------------------------------------------------------

/**
 * The promoted dtype of two tensors, as libtorch's result_type: tensors of the same kind
 * (both with dims, or both 0-d) promote; a 0-d one counts against one with dims only where its
 * category is higher (CombineCategories). With a rank unknown, the dtype is known where every
 * case agrees.
 */
export type Promoted<T, O> = PromotedByRank<RankKind<T>, RankKind<O>, DTypeOf<T>, DTypeOf<O>>;
type RankKind<T> = ShapeOf<T> extends readonly [] ? 'zero' : ShapeOf<T> extends readonly [unknown, ...unknown[]] ? 'dims' : 'unknown';
type PromotedByRank<RT, RO, A extends DType, B extends DType> = [RT, RO] extends ['zero', 'zero'] | ['dims', 'dims']
  ? Promote<A, B>
  : [RT, RO] extends ['dims', 'zero']
    ? CombineCategories<A, B>
    : [RT, RO] extends ['zero', 'dims']
      ? CombineCategories<B, A>
      : Agreed<Promote<A, B>, CombineCategories<A, B>, CombineCategories<B, A>>;
type Agreed<X extends DType, Y extends DType, Z extends DType> = [X, Y, Z] extends [Y, Z, X] ? ([Y, Z, X] extends [X, Y, Z] ? X : DType) : DType;
/** The dtype of a tensor op with a JS number (integral literals keep integer dtypes). */
export type WithScalar<T, Sc> = PromoteScalar<DTypeOf<T>, Sc>;
/** clamp's dtype: T's, promoted with each bound given as a JS number (an omitted or null bound changes nothing). */
export type Clamped<T, Lo, Hi> = PromoteBound<PromoteBound<DTypeOf<T>, Lo>, Hi>;
type PromoteBound<D extends DType, B> = [B] extends [null | undefined] ? D : PromoteScalar<D, B>;
/** div with a rounding mode: 'trunc' and 'floor' keep the promoted dtype, null is true division; a mode known only at run time, either. */
export type DivDType<T, O, RM> = [RM] extends [string]
  ? Promoted<T, O>
  : [RM] extends [null | undefined]
    ? FloatOf<Promoted<T, O>>
    : DType;
/**
 * The dtype of a matrix product: libtorch does not promote its operands, so with one dtype it is
 * that one; with two the call fails, except on empty operands, where the result takes either's
 * (mm self's, bmm and mv the other's): unknown.
 */
export type ProductDType<T, O> = [DTypeOf<T>] extends [DTypeOf<O>] ? ([DTypeOf<O>] extends [DTypeOf<T>] ? DTypeOf<T> : DType) : DType;
/** Sums and products of bool and small integers accumulate in int64. */
export type Accumulated<D extends DType> = [D] extends ['bool' | 'uint8' | 'int8' | 'int16' | 'int32'] ? 'int64' : D;
/** all and any: bool, but uint8 for a uint8 input (PyTorch's exception); unknown when the input's dtype is. */
export type AllAny<D extends DType> = [D] extends ['uint8'] ? 'uint8' : 'uint8' extends D ? DType : 'bool';
/** keepdim given in place (KP, when a boolean) or else in the options object (K): see gen/emit.ts ownPositionalFlags. */
export type Keep<KP, K extends boolean> = KP extends boolean ? (KP extends true ? true : K) : K;
/** An explicit `dtype` argument when one was given, else the op's own dtype. */
export type OrDType<DT, D extends DType> = DT extends DType ? DT : D;

// ---- pointwise -----------------------------------------------------------------

/** Same shape and device, floating dtype (integers and bool compute in float32). */
export type FloatLike<T> = LikeAs<T, FloatOf<DTypeOf<T>>>;
/** Same shape and device, the real dtype of a complex one (abs). */
export type RealLike<T> = LikeAs<T, RealOf<DTypeOf<T>>>;
/** Same shape and device, floating and real (angle: integers become float32, complex its real type). */
export type RealFloatLike<T> = LikeAs<T, RealOf<FloatOf<DTypeOf<T>>>>;
/** A reduction's dtype that is real and floating (std, var, norm). */
export type RealFloat<T> = RealOf<FloatOf<DTypeOf<T>>>;
/** Same shape and device, bool. */
export type BoolLike<T> = LikeAs<T, 'bool'>;
/** Same shape and device, accumulating dtype (cumsum, cumprod). */
export type AccumulateLike<T> = LikeAs<T, Accumulated<DTypeOf<T>>>;

/** The other operand of a broadcasting op: O itself, or the broadcast (or device) error. */
export type BroadcastArg<T, O, Op extends string = ''> = OrMsg<Named<Op, Binary<T, O>>, O>;
/** A rule's error with the op's name in front ("add: cannot broadcast ..."); other results as they are. */
export type Named<Op extends string, R> = Op extends '' ? R : [R] extends [ShapeErrorOf<infer M>] ? ShapeErrorOf<`${Op}: ${M}`> : R;
/** The result of a broadcasting op, of dtype D. */
export type BroadcastOut<T, O, D extends DType> = Out<Binary<T, O>, D, DeviceCarrier<T, O>>;
/** where(condition, self, other): the three shapes broadcast, on one device. */
export type WhereArg<C, T, O> = OrMsg<Named<'where', OnSameDevice<C, T, OnSameDevice<T, O, BroadcastAll<[ShapeOf<C>, ShapeOf<T>, ShapeOf<O>]>>>>, O>;
export type WhereOut<C, T, O> = Out<BroadcastAll<[ShapeOf<C>, ShapeOf<T>, ShapeOf<O>]>, Promoted<T, O>, DeviceCarrier<T, O>>;

// ---- reductions -------------------------------------------------------------------

/** A 0-d result on T's device. */
export type ScalarOf<T, D extends DType> = Tensor<[], D, DeviceOf<T>>;
/** The dims of a reduction: checked against T's rank. */
export type ReduceDim<T, Dm extends DimArg, K extends boolean, Op extends string> = OrMsg<Reduce<ShapeOf<T>, Dims<Dm>, K, Op>, Dm>;
export type ReduceOut<T, Dm extends DimArg, K extends boolean, Op extends string, D extends DType> = Out<Reduce<ShapeOf<T>, Dims<Dm>, K, Op>, D, T>;

// ---- matmul family --------------------------------------------------------------------

/** A device check whose error names the op (the rule's own errors already do). */
type DeviceFor<Op extends string, T, O, R> = { v: SameDevice<DeviceOf<T>, DeviceOf<O>> } extends { v: Device } ? R : OnSameDevice<T, O, R> extends infer X ? ([X] extends [R] ? X : Named<Op, X>) : never;
export type MatmulOther<T, O> = OrMsg<DeviceFor<'matmul', T, O, Matmul<ShapeOf<T>, ShapeOf<O>>>, O>;
export type MatmulOut<T, O> = Out<Matmul<ShapeOf<T>, ShapeOf<O>>, ProductDType<T, O>, T>;
export type MmOther<T, O> = OrMsg<DeviceFor<'mm', T, O, Mm<ShapeOf<T>, ShapeOf<O>>>, O>;
export type MmOut<T, O> = Out<Mm<ShapeOf<T>, ShapeOf<O>>, ProductDType<T, O>, T>;
export type BmmOther<T, O> = OrMsg<DeviceFor<'bmm', T, O, Bmm<ShapeOf<T>, ShapeOf<O>>>, O>;
export type BmmOut<T, O> = Out<Bmm<ShapeOf<T>, ShapeOf<O>>, ProductDType<T, O>, T>;
export type MvOther<T, O> = OrMsg<DeviceFor<'mv', T, O, Mv<ShapeOf<T>, ShapeOf<O>>>, O>;
export type MvOut<T, O> = Out<Mv<ShapeOf<T>, ShapeOf<O>>, ProductDType<T, O>, T>;
export type DotOther<T, O> = OrMsg<DeviceFor<'dot', T, O, Dot<ShapeOf<T>, ShapeOf<O>>>, O>;
export type DotOut<T, O> = Out<Dot<ShapeOf<T>, ShapeOf<O>>, ProductDType<T, O>, T>;
/** linear(input X, weight W): W is [out, in], X's last dim must be in. */
export type LinearWeight<X, W> = OrMsg<DeviceFor<'linear', X, W, Linear<ShapeOf<X>, ShapeOf<W>>>, W>;
export type LinearOut<X, W> = Out<Linear<ShapeOf<X>, ShapeOf<W>>, ProductDType<X, W>, X>;

// ---- views and indexing ---------------------------------------------------------------------

export type ReshapeArg<T, Sz extends readonly number[], Op extends string> = OrMsg<Reshape<ShapeOf<T>, Sz, Op>, Sz>;
export type ReshapeOut<T, Sz extends readonly number[], Op extends string> = Out<Reshape<ShapeOf<T>, Sz, Op>, DTypeOf<T>, T>;
export type FlattenArg<T, A extends number, B extends number> = OrMsg<Flatten<ShapeOf<T>, A, B>, A>;
export type FlattenOut<T, A extends number, B extends number> = Out<Flatten<ShapeOf<T>, A, B>, DTypeOf<T>, T>;
export type SqueezeArg<T, Dm extends number> = OrMsg<Squeeze<ShapeOf<T>, Dm>, Dm>;
export type SqueezeOut<T, Dm extends number | undefined = undefined> = Out<Squeeze<ShapeOf<T>, Dm>, DTypeOf<T>, T>;
export type UnsqueezeArg<T, Dm extends number> = OrMsg<Unsqueeze<ShapeOf<T>, Dm>, Dm>;
export type UnsqueezeOut<T, Dm extends number> = Out<Unsqueeze<ShapeOf<T>, Dm>, DTypeOf<T>, T>;
export type TransposeArg<T, D0 extends number, D1 extends number> = OrMsg<Transpose<ShapeOf<T>, D0, D1>, D1>;
export type TransposeOut<T, D0 extends number, D1 extends number> = Out<Transpose<ShapeOf<T>, D0, D1>, DTypeOf<T>, T>;
export type PermuteArg<T, P extends readonly number[]> = OrMsg<Permute<ShapeOf<T>, P>, P>;
export type PermuteOut<T, P extends readonly number[]> = Out<Permute<ShapeOf<T>, P>, DTypeOf<T>, T>;
/**
 * The receiver of an argument-less op that checks its shape (t()): T itself,
 * intersected with the rule's message when the check fails, so the error is
 * at the call (TS infers T from the receiver and then refuses it).
 */
export type CheckedSelf<T, R> = [R] extends [ShapeErrorOf<infer M>] ? T & M : T;
type ShapeErrorOf<M extends string> = import('../types/errors.ts').ShapeError<M>;
/**
 * mean, std, var of integers or bools: PyTorch refuses them unless a
 * floating `dtype` is given ("could not infer output dtype").
 */
export type FloatingSelf<T, DT, Op extends string> = DType extends DTypeOf<T>
  ? T
  : [DT] extends [DType]
    ? T
    : DTypeOf<T> extends 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'bool'
      ? T & `${Op}: ${DTypeOf<T>} tensors have no ${Op} (PyTorch needs a floating or complex input${Op extends 'mean' | 'nanmean' ? "; give { dtype: 'float32' } or convert with .float()" : '; convert with .float()'})`
      : T;
/** t(): the two dims of a matrix swapped (0-d and 1-d unchanged). */
export type TSelf<T> = CheckedSelf<T, TransposeLast2<ShapeOf<T>>>;
export type TOut<T> = Out<TransposeLast2<ShapeOf<T>>, DTypeOf<T>, T>;
export type ExpandArg<T, Sz extends readonly number[]> = OrMsg<Expand<ShapeOf<T>, Sz>, Sz>;
export type ExpandOut<T, Sz extends readonly number[]> = Out<Expand<ShapeOf<T>, Sz>, DTypeOf<T>, T>;
export type RepeatArg<T, R extends readonly number[]> = OrMsg<Repeat<ShapeOf<T>, R>, R>;
export type RepeatOut<T, R extends readonly number[]> = Out<Repeat<ShapeOf<T>, R>, DTypeOf<T>, T>;
export type SelectArg<T, Dm extends number> = OrMsg<Select<ShapeOf<T>, Dm>, Dm>;
export type SelectOut<T, Dm extends number> = Out<Select<ShapeOf<T>, Dm>, DTypeOf<T>, T>;
/** An op that keeps the shape and takes a dim (softmax, cumsum, ...): the dim must be in range. */
export type DimInRange<T, Dm extends number, Op extends string> = OrMsg<CheckDim<ShapeOf<T>, Dm, Op>, Dm>;
/** narrow(dim, start, length): the dim in range, and the window inside it. */
export type NarrowArg<T, Dm extends number, St extends number, L extends number> = OrMsg<Narrow<ShapeOf<T>, Dm, St, L>, Dm>;
/** index_select's index must be 1-D; the error is at the index. */
export type IndexSelectIndex<T, Dm extends number, I> = OrMsg<IndexSelect<ShapeOf<T>, Dm, ShapeOf<I>>, I>;
/** zeros_like & co.: T's shape, the dtype and device asked for, else T's. */
export type LikeFactoryOut<T, DT, DV> = Tensor<ShapeOf<T>, OrDType<DT, DTypeOf<T>>, DV extends Device ? DV : DeviceOf<T>>;
/** unbind(dim): views without that dim. */
export type UnbindOut<T, Dm extends number> = Ok<Select<ShapeOf<T>, Dm>> extends infer S extends Shape ? Tensor<S, DTypeOf<T>, DeviceOf<T>>[] : never;
/** chunk, split: views whose dim Dm has a size known at run time. */
export type PiecesOut<T, Dm extends number> = Ok<Resize<ShapeOf<T>, Dm, number, 'split'>> extends infer S extends Shape ? Tensor<S, DTypeOf<T>, DeviceOf<T>>[] : never;
/** unflatten(dim, sizes): dim Dm becomes `sizes` (a -1 inferred), its element count checked. */
export type UnflattenArg<T, Dm extends number, Sz extends readonly number[]> = OrMsg<Unflatten<ShapeOf<T>, Dm, Sz>, Dm>;
export type UnflattenOut<T, Dm extends number, Sz extends readonly number[]> = Out<Unflatten<ShapeOf<T>, Dm, Sz>, DTypeOf<T>, T>;
/** narrow, topk: dim Dm gets size N. */
export type ResizeArg<T, Dm extends number, N extends number, Op extends string> = OrMsg<Resize<ShapeOf<T>, Dm, N, Op>, Dm>;
export type ResizeOut<T, Dm extends number, N extends number, Op extends string, D extends DType = DTypeOf<T>> = Out<Resize<ShapeOf<T>, Dm, N, Op>, D, T>;
/** index_select(dim, index I): dim Dm gets I's length. */
export type IndexSelectArg<T, Dm extends number, I> = OrMsg<Resize<ShapeOf<T>, Dm, IndexLength<ShapeOf<I>>, 'index_select'>, Dm>;
export type IndexSelectOut<T, Dm extends number, I> = Out<Resize<ShapeOf<T>, Dm, IndexLength<ShapeOf<I>>, 'index_select'>, DTypeOf<T>, T>;
export type SliceArg<T, Dm extends number, A, B, C> = OrMsg<Slice<ShapeOf<T>, Dm, A, B, C>, Dm>;
export type SliceOut<T, Dm extends number, A, B, C> = Out<Slice<ShapeOf<T>, Dm, A, B, C>, DTypeOf<T>, T>;
export type GatherArg<T, I> = OrMsg<Gather<ShapeOf<T>, ShapeOf<I>>, I>;
export type GatherOut<T, I> = Out<Gather<ShapeOf<T>, ShapeOf<I>>, DTypeOf<T>, T>;

// ---- joins ------------------------------------------------------------------------------------

type First<L extends readonly Tensor[]> = L[0];
export type CatArg<L extends readonly Tensor[], Dm extends number> = OrMsg<Cat<ShapesOf<L>, Dm>, L>;
export type CatOut<L extends readonly Tensor[], Dm extends number> = Out<Cat<ShapesOf<L>, Dm>, PromotedAll<L>, First<L>>;
export type StackArg<L extends readonly Tensor[], Dm extends number> = OrMsg<Stack<ShapesOf<L>, Dm>, L>;
export type StackOut<L extends readonly Tensor[], Dm extends number> = Out<Stack<ShapesOf<L>, Dm>, PromotedAll<L>, First<L>>;
/** The dtype of cat and stack: all the tensors' dtypes promoted, as Python's result_type (an array of unknown length: its element's). */
export type PromotedAll<L extends readonly Tensor[]> = L extends readonly [infer H, ...infer R extends readonly Tensor[]]
  ? R extends readonly [] ? DTypeOf<H> : Promote<DTypeOf<H>, PromotedAll<R>>
  : DTypeOf<L[number]>;

// ---- convolution, pooling, embedding ---------------------------------------------------------------

/** convNd(input X, weight W, ...): the output size of each spatial dim. */
export type ConvWeight<X, W, N extends number, St, Pd, Dl, G> = OrMsg<Conv<ShapeOf<X>, ShapeOf<W>, N, St, Pd, Dl, G>, W>;
export type ConvOut<X, W, N extends number, St, Pd, Dl, G> = Out<Conv<ShapeOf<X>, ShapeOf<W>, N, St, Pd, Dl, G>, Promoted<X, W>, X>;
export type ConvTranspose2dWeight<X, W, St, Pd, OP, Dl, G> = OrMsg<ConvTranspose2d<ShapeOf<X>, ShapeOf<W>, St, Pd, OP, Dl, G>, W>;
export type ConvTranspose2dOut<X, W, St, Pd, OP, Dl, G> = Out<ConvTranspose2d<ShapeOf<X>, ShapeOf<W>, St, Pd, OP, Dl, G>, Promoted<X, W>, X>;
/** max/avg pooling over N spatial dims: the kernel is checked against the input. */
export type PoolKernel<T, N extends number, Ks, St, Pd, Dl, Cm, Op extends string> = OrMsg<Pool<ShapeOf<T>, N, Ks, St, Pd, Dl, Cm, Op>, Ks>;
export type PoolOut<T, N extends number, Ks, St, Pd, Dl, Cm, Op extends string> = Out<Pool<ShapeOf<T>, N, Ks, St, Pd, Dl, Cm, Op>, DTypeOf<T>, T>;
export type AdaptivePoolOut<T, N extends number, Os, Op extends string, D extends DType = DTypeOf<T>> = Out<AdaptivePool<ShapeOf<T>, N, Os, Op>, D, T>;
export type EmbeddingOut<W, I> = Out<Embedding<ShapeOf<W>, ShapeOf<I>>, DTypeOf<W>, W>;

// ---- sparse layouts ----------------------------------------------------------------------------

/** A sparse COO tensor's indices: [sparse dims, nnz], always int64. */
export type SparseIndicesOut<T> = Tensor<[number, number], 'int64', DeviceOf<T>>;
/** A sparse tensor's values: [nnz, ...dense dims] (or blocks), in T's dtype. */
export type SparseValuesOut<T> = Tensor<number[], DTypeOf<T>, DeviceOf<T>>;
/** A compressed layout's indices (crow/col/ccol/row): int32 or int64, as they were built. */
export type CompressedIndicesOut<T> = Tensor<number[], 'int32' | 'int64', DeviceOf<T>>;
