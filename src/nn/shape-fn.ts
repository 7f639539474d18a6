// How layers carry their shape function to the type checker, so that a
// composition of layers is checked link by link.
import type { Dim, Shape } from '../types/shape.ts';
import type { Ok, OrMsg } from '../types/errors.ts';
import type { Tensor } from '../core/tensor.ts';
import type { DType, Device } from '../types/dtype.ts';
import type { ShapeOf } from '../ops/typing.ts';

/**
 * A layer's static shape function, encoded for the type checker: `In` is the
 * input shape a caller supplies, `Out` the output shape for that input (or a
 * ShapeError), computed from `this['In']` in each layer's declaration.
 */
export interface ShapeFn {
  /** `unknown` in the declaration, so that `unknown & S` is exactly the caller's S. */
  readonly In: unknown;
  readonly Out: unknown;
}

/** The output shape a layer computes for input shape S. */
export type ApplyLayer<L extends ShapeFn, S extends Shape> = (L & { readonly In: S })['Out'];

/**
 * A layer's input as a shape (for use in its `Out` declaration). Matched
 * through `infer` so that a shape of type parameters (generic code) matches.
 */
export type InShape<T> = T extends readonly (infer _ extends Dim)[] ? T : number[];

/** Output tensor of a layer for input X: the computed shape, X's dtype and device. */
export type LayerOut<L extends ShapeFn, X extends Tensor> = X extends { readonly __type?: { dtype: infer D extends DType; device: infer V extends Device } }
  ? Ok<ApplyLayer<L, ShapeOf<X>>> extends infer S extends Shape
    ? Tensor<S, D, V>
    : never
  : never;

/** The input parameter: the layer's error message, or X. */
export type LayerIn<L extends ShapeFn, X extends Tensor> = OrMsg<ApplyLayer<L, ShapeOf<X>>, X>;
