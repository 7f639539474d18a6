// Layers without a shape of their own: the output has the input's shape
// (activations, dropout). Each applies one op of the generated layer.
import type { Tensor } from '../../core/tensor.ts';
import * as aten from '../../ops/generated/aten.ts';
import { Module } from '../module.ts';
import type { InShape, LayerOut, ShapeFn } from '../shape-fn.ts';

/** A layer whose output has its input's shape, dtype and device. */
export abstract class Elementwise<Tensors extends string = never> extends Module implements ShapeFn {
  declare readonly __tensors: Tensors;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: InShape<this['In']>;
  protected abstract apply(x: Tensor): Tensor;
  forward<X extends Tensor>(x: X): LayerOut<this, X> {
    return this.apply(x) as never;
  }
}

export class ReLU extends Elementwise {
  protected apply(x: Tensor): Tensor { return aten.relu(x); }
}
export class Tanh extends Elementwise {
  protected apply(x: Tensor): Tensor { return aten.tanh(x); }
}
export class Sigmoid extends Elementwise {
  protected apply(x: Tensor): Tensor { return aten.sigmoid(x); }
}
export class GELU extends Elementwise {
  protected apply(x: Tensor): Tensor { return aten.gelu(x); }
}
export class SiLU extends Elementwise {
  protected apply(x: Tensor): Tensor { return aten.silu(x); }
}
export class LeakyReLU extends Elementwise {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  protected apply(x: Tensor): Tensor { return aten.leaky_relu(x, this.negativeSlope); }
}
export class Softmax extends Elementwise {
  constructor(readonly dim: number) {
    super();
  }
  protected apply(x: Tensor): Tensor { return aten.softmax_int(x, this.dim); }
}
export class LogSoftmax extends Elementwise {
  constructor(readonly dim: number) {
    super();
  }
  protected apply(x: Tensor): Tensor { return aten.log_softmax_int(x, this.dim); }
}

/** Zeroes elements with probability p while training (scaling the rest by 1/(1-p)). */
export class Dropout extends Elementwise {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be in [0, 1], got ${p}`);
  }
  protected apply(x: Tensor): Tensor { return aten.dropout(x, this.p, this.training); }
}
