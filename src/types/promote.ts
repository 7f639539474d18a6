// dtype promotion as libtorch does it for tensor-tensor ops, and the dtypes
// of op families (comparisons give bool, argmax int64, ...).
import type { DType } from './dtype.ts';

type FloatRank = { float16: 1; bfloat16: 1; float32: 2; float64: 3 };
type IntRank = { bool: 0; uint8: 1; int8: 1; int16: 2; int32: 3; int64: 4 };
type Floating = keyof FloatRank;
type Integral = keyof IntRank;

type PromoteInt<A extends Integral, B extends Integral> = A extends B
  ? A
  : A extends 'bool'
    ? B
    : B extends 'bool'
      ? A
      : [A, B] extends ['uint8', 'int8'] | ['int8', 'uint8']
        ? 'int16'
        : IntRank[A] extends IntRank[B]
          ? A
          : [IntRank[A], IntRank[B]] extends [1, 2 | 3 | 4] | [2, 3 | 4] | [3, 4]
            ? B
            : A;

type PromoteFloat<A extends Floating, B extends Floating> = A extends B
  ? A
  : FloatRank[A] extends 1
    ? FloatRank[B] extends 1
      ? 'float32' // float16 with bfloat16
      : B
    : FloatRank[B] extends 1
      ? A
      : FloatRank[A] extends 3
        ? A
        : B;

type Complex = 'complex64' | 'complex128';

/** A complex dtype with another: complex128 wherever float64 or complex128 is involved, else complex64. */
type PromoteComplex<C extends Complex, B extends DType> = C extends 'complex128'
  ? C
  : B extends 'complex128' | 'float64'
    ? 'complex128'
    : 'complex64';

/** The result dtype of a tensor-tensor op (libtorch's type promotion); `DType` when unknown. */
export type Promote<A extends DType, B extends DType> = DType extends A
  ? DType
  : DType extends B
    ? DType
    : A extends Complex
      ? PromoteComplex<A, B>
      : B extends Complex
        ? PromoteComplex<B, A>
        : A extends Floating
          ? B extends Floating
            ? PromoteFloat<A, B>
            : A
          : B extends Floating
            ? B
            : A extends Integral
              ? B extends Integral
                ? PromoteInt<A, B>
                : DType
              : DType;

/**
 * libtorch's result type when tensors of two priorities meet (ResultTypeState's
 * combine_categories): H of the higher (dimensioned tensors), L of the lower (0-d tensors).
 * L counts only where it is of a higher category (float over integer, integer over bool):
 * uint8 [3] with an int16 0-d tensor is uint8, int64 [3] with a float64 0-d tensor float64.
 */
export type CombineCategories<H extends DType, L extends DType> = DType extends H
  ? DType
  : DType extends L
    ? DType
    : H extends Complex
      ? H
      : L extends Complex
        ? H extends Floating
          ? H extends 'float64' ? 'complex128' : 'complex64' // H's precision, made complex
          : L
        : H extends Floating
          ? H
          : H extends 'bool'
            ? Promote<H, L>
            : L extends Floating
              ? Promote<H, L>
              : H;

/** The real dtype of a complex one (abs, angle, std of complex64 are float32); other dtypes as they are. */
export type RealOf<D extends DType> = DType extends D ? DType : D extends 'complex64' ? 'float32' : D extends 'complex128' ? 'float64' : D;

/** Ops that compute in floating point (exp, sigmoid, mean, ...): integers and bool become float32. */
export type FloatOf<D extends DType> = DType extends D ? DType : D extends Floating | 'complex64' | 'complex128' ? D : 'float32';

/** The dtype of a tensor op with a JS number: integral literals keep integer dtypes, fractional ones make float32. */
export type PromoteScalar<D extends DType, S> = DType extends D
  ? DType
  : D extends Floating | Complex
    ? D
    : S extends boolean
      ? D
      : S extends bigint
        ? D extends 'bool'
          ? 'int64'
          : D
        : S extends number
          ? number extends S
            ? DType // integer or not: known at run time only
            : `${S}` extends `${string}.${string}` | `${string}e${string}`
              ? 'float32'
              : D extends 'bool'
                ? 'int64'
                : D
          : DType;
