// Layers without a shape of their own: the output has the input's shape,
// dtype and device (activations, dropout, normalisations). Their options
// are stored as given, with defaults filled in, and printed as Python does.
import type { Tensor } from '../../core/tensor.ts';
import { Module, pyFloat, reprFields } from '../module.ts';
import type { InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';
import { configure, snake, type Param } from './config.ts';

/**
 * A layer that computes its output elementwise from its input: the output
 * shape is `Out` (the input's shape, or an error when a subclass checks the
 * input against its configuration, as the norms do).
 */
export abstract class ShapePreserving<Tensors extends string = never> extends Module implements ShapeFn {
  declare readonly __tensors: Tensors;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: unknown;
  protected abstract compute(x: Tensor): Tensor;
  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return this.compute(x as Tensor) as never;
  }
}

/** A layer whose output has its input's shape, dtype and device, whatever the input. */
export abstract class Elementwise<Tensors extends string = never> extends ShapePreserving<Tensors> {
  declare readonly Out: InShape<this['In']>;
}

/**
 * An elementwise layer configured by Python-style optional arguments: the
 * bound values are `options` (camelCase), printed by extraRepr in Python's
 * names, leaving out flags that are off (inplace=False), as Python does.
 */
export abstract class ConfiguredElementwise<C extends object, Tensors extends string = never> extends Elementwise<Tensors> {
  readonly options: Readonly<C>;
  readonly #params: readonly Param[];
  constructor(params: readonly Param[], rest: readonly unknown[]) {
    super();
    this.#params = params;
    this.options = Object.freeze(configure<C>(this.constructor.name, params, rest));
  }
  override extraRepr(): string {
    const floats = new Set(this.#params.filter((q) => q.kinds[0] === 'number').map((q) => q.name));
    const shown = Object.entries(this.options).filter(([k, v]) => !(k === 'inplace' && v === false));
    return reprFields(Object.fromEntries(shown.map(([k, v]) => [snake(k), floats.has(k) && typeof v === 'number' ? pyFloat(v) : v])));
  }
}
