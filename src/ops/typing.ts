// Type helpers used by the generated op signatures: they read a tensor's
// static shape, dtype and device, and build result types from the rules in
// src/types.
import type { Tensor } from '../core/tensor.ts';
import type { DType, Device } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import type { Ok, ShapeError } from '../types/errors.ts';
import type { Broadcast } from '../types/broadcast.ts';
import type { SameDevice } from '../types/device.ts';
import type { Same } from '../types/dims.ts';

// Read from the class's phantom `__type` property rather than by matching
// Tensor<infer S, ...>: in generic user code (dims that are type parameters)
// the compiler can prove this match where it cannot prove the other, so a
// result computed from a result (relu of a matmul) still has its shape.
export type ShapeOf<T> = T extends { readonly __type?: { shape: infer S extends Shape } } ? S : number[];
export type DTypeOf<T> = T extends { readonly __type?: { dtype: infer D extends DType } } ? D : DType;
export type DeviceOf<T> = T extends { readonly __type?: { device: infer V extends Device } } ? V : Device;

/** The shapes of a list of tensors. */
export type ShapesOf<L extends readonly unknown[]> = { [K in keyof L]: ShapeOf<L[K]> };

// Result types are built from parts inferred in one conditional (not as
// Tensor<ShapeOf<T>, ...>), so that a result stays readable to the rules of
// the next op in generic user code too.

/** A tensor like T (same shape, dtype and device). */
export type Like<T> = T extends { readonly __type?: { shape: infer S extends Shape; dtype: infer D extends DType; device: infer V extends Device } }
  ? Tensor<S, D, V>
  : Tensor;

/** A tensor with T's shape and device and another dtype. */
export type LikeAs<T, D extends DType> = T extends { readonly __type?: { shape: infer S extends Shape; device: infer V extends Device } }
  ? Tensor<S, D, V>
  : Tensor<number[], D>;

/** A result tensor: the rule's shape (unknown when it failed), a dtype, T's device. */
export type Out<R, D extends DType, T> = T extends { readonly __type?: { device: infer V extends Device } }
  ? Ok<R> extends infer S extends Shape
    ? Tensor<S, D, V>
    : never
  : never;

/** Broadcast of T and O, after checking they share a device. */
export type Binary<T, O> = OnSameDevice<T, O, Broadcast<ShapeOf<T>, ShapeOf<O>>>;

/** A 0-d CPU tensor: PyTorch lets it join an op on any device, as a scalar does. */
export type IsCpuScalar<X> = ShapeOf<X> extends readonly [] ? ({ v: DeviceOf<X> } extends { v: 'cpu' } ? true : false) : false;

/**
 * A rule's result, after checking that T and O share a device (the test is
 * generic-friendly: see types/dims.ts); a 0-d CPU operand agrees with any device.
 */
export type OnSameDevice<T, O, R> = { v: SameDevice<DeviceOf<T>, DeviceOf<O>> } extends { v: Device }
  ? R
  : IsCpuScalar<O> extends true
    ? R
    : IsCpuScalar<T> extends true
      ? R
      : SameDevice<DeviceOf<T>, DeviceOf<O>>;

/**
 * The operand whose device a binary op's result is on: T, unless T is a 0-d
 * CPU tensor joining O on another device. Same devices are decided first, so
 * generic code (shapes of type parameters) keeps T.
 */
export type DeviceCarrier<T, O> = { v: Same<DeviceOf<T>, DeviceOf<O>> } extends { v: true }
  ? T
  : IsCpuScalar<T> extends true
    ? (IsCpuScalar<O> extends true ? T : O)
    : { v: Device } extends { v: DeviceOf<T> }
      ? O // T's device is unknown: the operands agree, so the result is on O's known device
      : T;

/** A dim argument that may be null or omitted (reductions over every dim). */
export type DimArg = number | readonly number[] | null | undefined;

/** null and undefined both mean "no dims given". */
export type Dims<D> = D extends null | undefined ? undefined : D;
