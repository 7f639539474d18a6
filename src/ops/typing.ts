// Type helpers used by the generated op signatures: they read a tensor's
// static shape, dtype and device, and build result types from the rules in
// src/types.
import type { Tensor } from '../core/tensor.ts';
import type { DType, Device } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import type { Ok, ShapeError } from '../types/errors.ts';
import type { Broadcast } from '../types/broadcast.ts';
import type { SameDevice } from '../types/device.ts';

export type ShapeOf<T> = T extends Tensor<infer S, DType, Device> ? S : number[];
export type DTypeOf<T> = T extends Tensor<Shape, infer D, Device> ? D : DType;
export type DeviceOf<T> = T extends Tensor<Shape, DType, infer V> ? V : Device;

/** The shapes of a list of tensors. */
export type ShapesOf<L extends readonly unknown[]> = { [K in keyof L]: ShapeOf<L[K]> };

/** A tensor like T (same shape, dtype and device). */
export type Like<T> = Tensor<ShapeOf<T>, DTypeOf<T>, DeviceOf<T>>;

/** A tensor with T's shape and device and another dtype. */
export type LikeAs<T, D extends DType> = Tensor<ShapeOf<T>, D, DeviceOf<T>>;

/** A result tensor: the rule's shape (unknown when it failed), a dtype, T's device. */
export type Out<R, D extends DType, T> = Ok<R> extends infer S extends Shape ? Tensor<S, D, DeviceOf<T>> : never;

/** Broadcast of T and O, after checking they share a device. */
export type Binary<T, O> = SameDevice<DeviceOf<T>, DeviceOf<O>> extends ShapeError<infer M>
  ? ShapeError<M>
  : Broadcast<ShapeOf<T>, ShapeOf<O>>;

/** A rule's result, after checking that T and O share a device. */
export type OnSameDevice<T, O, R> = SameDevice<DeviceOf<T>, DeviceOf<O>> extends ShapeError<infer M> ? ShapeError<M> : R;

/** A dim argument that may be null or omitted (reductions over every dim). */
export type DimArg = number | readonly number[] | null | undefined;

/** null and undefined both mean "no dims given". */
export type Dims<D> = D extends null | undefined ? undefined : D;
