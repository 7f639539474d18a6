// Pooling layers: max and average pooling (stride defaults to the kernel
// size), and adaptive average pooling to a fixed output size.
import type { Pool, AdaptivePool } from '../../types/conv.ts';
import type { Tensor } from '../../core/tensor.ts';
import * as aten from '../../ops/generated/aten.ts';
import { Module } from '../module.ts';
import type { InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';

/** 2-D max pooling (stride defaults to the kernel size). */
export class MaxPool2d<K extends number = number, S extends number | undefined = undefined> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 2, K, S, 0, 1, false, 'max_pool2d'>;
  constructor(readonly kernelSize: K, readonly stride?: S) {
    super();
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return aten.max_pool2d(x as Tensor, this.kernelSize, this.stride ?? [], 0, 1, false) as never;
  }
}

/** 2-D average pooling (stride defaults to the kernel size). */
export class AvgPool2d<K extends number = number, S extends number | undefined = undefined, P extends number = 0> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: Pool<InShape<this['In']>, 2, K, S, P, 1, false, 'avg_pool2d'>;
  constructor(readonly kernelSize: K, readonly stride?: S, readonly padding: P = 0 as P) {
    super();
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return aten.avg_pool2d(x as Tensor, this.kernelSize, this.stride ?? [], this.padding) as never;
  }
}

/** Adaptive average pooling to a fixed output size. */
export class AdaptiveAvgPool2d<Os extends number | readonly [number, number] = number> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: AdaptivePool<InShape<this['In']>, 2, Os, 'adaptive_avg_pool2d'>;
  constructor(readonly outputSize: Os) {
    super();
  }
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return aten.adaptive_avg_pool2d(x as Tensor, this.outputSize) as never;
  }
}
