// Typed sequential composition: the compiler checks each link for the input
// it is given, and names the layer that does not fit.
import type { Shape } from '../../types/shape.ts';
import type { ShapeError } from '../../types/errors.ts';
import type { Tensor } from '../../core/tensor.ts';
import { Module } from '../module.ts';
import type { ApplyLayer, InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';

type Chain<L extends readonly unknown[], S, I extends unknown[] = []> = L extends readonly [infer H, ...infer T]
  ? H extends ShapeFn
    ? S extends Shape
      ? ApplyLayer<H, S> extends infer R
        ? [R] extends [ShapeError<infer M>]
          ? ShapeError<`layer ${I['length']}: ${M}`>
          : Chain<T, R, [...I, 1]>
        : never
      : S
    : ShapeError<`layer ${I['length']} is not a layer`>
  : S;

/** Layers applied in order; the compiler checks each link for the input it is given. */
export class Sequential<L extends readonly (Module & ShapeFn)[]> extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: { [K in keyof L & `${number}`]: L[K] };
  declare readonly In: unknown;
  declare readonly Out: Chain<L, InShape<this['In']>>;
  readonly layers: L;

  constructor(...layers: L) {
    super();
    this.layers = layers;
    layers.forEach((layer, i) => this.child(String(i), layer));
  }

  /** The layer at position i, with its own type. */
  at<I extends number>(i: I): L[I] {
    const layer = this.layers[i];
    if (layer === undefined) throw new RangeError(`Sequential has ${this.layers.length} layers; there is no layer ${i}`);
    return layer;
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    let h = x as unknown as Tensor;
    for (const layer of this.layers) h = (layer as unknown as { forward(x: Tensor): Tensor }).forward(h);
    return h as never;
  }
}

/** sequential(a, b, c): the layers in order (dims named `Dim` flow through, e.g. a batch 'B'). */
export function sequential<const L extends readonly (Module & ShapeFn)[]>(...layers: L): Sequential<L> {
  return new Sequential<L>(...layers);
}
