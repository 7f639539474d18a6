// Layers that only change the shape: Flatten and Unflatten.
import type { Flatten as FlattenShape } from '../../types/views.ts';
import type { Tensor } from '../../core/tensor.ts';
import * as aten from '../../ops/generated/aten.ts';
import { Module, reprFields } from '../module.ts';
import type { InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';

/** Flattens dims start..end into one (default: all but the batch dim). */
export class Flatten<A extends number = 1, B extends number = -1> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: FlattenShape<InShape<this['In']>, A, B>;
  constructor(readonly startDim: A = 1 as A, readonly endDim: B = -1 as B) {
    super();
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return aten.flatten_using_ints(x as Tensor, this.startDim, this.endDim) as never;
  }
  override extraRepr(): string {
    return reprFields({ start_dim: this.startDim, end_dim: this.endDim });
  }
}

/** Splits one dim into several. */
export class Unflatten extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {};
  constructor(readonly dim: number, readonly sizes: readonly number[]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return aten.unflatten_int(x, this.dim, this.sizes);
  }
  override extraRepr(): string {
    return reprFields({ dim: this.dim, unflattened_size: this.sizes });
  }
}
