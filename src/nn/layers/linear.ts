// Linear and Bilinear layers, with PyTorch's default initialisation.
import type { Linear as LinearShape } from '../../types/matmul.ts';
import type { Tensor } from '../../core/tensor.ts';
import * as aten from '../../ops/generated/aten.ts';
import { empty } from '../../ops/creation.ts';
import { Module } from '../module.ts';
import { uniform_ } from '../init.ts';
import type { InShape, LayerIn, LayerOut, ShapeFn } from '../shape-fn.ts';

/** y = x W^T + b. Weight and bias uniform in ±1/sqrt(in), as PyTorch (kaiming_uniform with a = sqrt(5)). */
export class Linear<I extends number = number, O extends number = number> extends Module implements ShapeFn {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: LinearShape<InShape<this['In']>, [O, I]>;

  constructor(readonly inFeatures: I, readonly outFeatures: O, options: { bias?: boolean } = {}) {
    super();
    const bound = 1 / Math.sqrt(inFeatures);
    uniform_(this.param('weight', empty([outFeatures, inFeatures])), -bound, bound);
    if (options.bias ?? true) uniform_(this.param('bias', empty([outFeatures])), -bound, bound);
  }

  get weight(): Tensor<[O, I], 'float32', 'cpu'> {
    return this.tensor('weight');
  }

  get bias(): Tensor<[O], 'float32', 'cpu'> | null {
    return this.optionalTensor<Tensor<[O], 'float32', 'cpu'>>('bias');
  }

  forward<X extends Tensor>(x: LayerIn<this, X>): LayerOut<this, X> {
    return aten.linear(x as Tensor, this.weight, this.bias) as never;
  }
}

/** y = x1^T A x2 + b for each output feature. */
export class Bilinear extends Module {
  declare readonly __tensors: 'weight' | 'bias';
  declare readonly __children: {};
  constructor(readonly in1: number, readonly in2: number, readonly out: number, options: { bias?: boolean } = {}) {
    super();
    const bound = 1 / Math.sqrt(in1);
    uniform_(this.param('weight', empty([out, in1, in2])), -bound, bound);
    if (options.bias ?? true) uniform_(this.param('bias', empty([out])), -bound, bound);
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return aten.bilinear(x1, x2, this.tensor('weight'), this.optionalTensor('bias'));
  }
}
