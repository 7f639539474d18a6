// Adagrad with learning-rate decay (torch.optim.Adagrad).
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { sparseCooTensor } from '../ops/sparse.ts';
import { Optimizer, type ParamGroup } from './optimizer.ts';

export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
}

/** Adagrad. */
export class Adagrad extends Optimizer<AdagradOptions> {
  protected override readonly acceptsSparseGradients = true;
  constructor(params: Tensor[] | ParamGroup<AdagradOptions>[], options: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, ...options });
  }

  protected update(p: Tensor, grad: Tensor, s: Record<string, Tensor | number>, g: AdagradOptions): void {
    if (s.step === undefined) {
      s.step = 0;
      s.sum = this.persistent(aten.full_like(p, g.initialAccumulatorValue));
    }
    const step = (s.step as number) + 1;
    s.step = step;
    const clr = g.lr / (1 + (step - 1) * g.lrDecay);
    const sum = s.sum as Tensor;
    if (grad.layout === 'sparse_coo') {
      this.sparseUpdate(p, grad, sum, clr, g);
      return;
    }
    if (g.weightDecay !== 0) grad = aten.add_Tensor(grad, p, g.weightDecay);
    aten.addcmul_(sum, grad, grad, 1);
    aten.addcdiv_(p, grad, aten.add__Scalar(aten.sqrt(sum), g.eps), -clr);
  }

  /**
   * Python's sparse path: the squared gradient is added to the sum at the
   * rows it holds, and only those rows of the parameter move (the dense
   * formula moves the others by 0 / (sqrt(sum) + eps) too, but would make
   * the gradient dense).
   */
  private sparseUpdate(p: Tensor, grad: Tensor, sum: Tensor, clr: number, g: AdagradOptions): void {
    if (g.weightDecay !== 0) throw new TypeError('Adagrad: the weightDecay option is not compatible with sparse gradients');
    const coalesced = aten.coalesce(grad);
    const indices = aten._indices(coalesced);
    const values = aten._values(coalesced);
    const withValues = (v: Tensor) => sparseCooTensor(indices, v, p.shape);
    aten.add__Tensor(sum, withValues(aten.pow_Tensor_Scalar(values, 2)));
    const std = aten._values(aten.sparse_mask(sum, coalesced));
    aten.add__Scalar(aten.sqrt_(std), g.eps);
    aten.add__Tensor(p, withValues(aten.div_Tensor(values, std)), -clr);
  }
}

