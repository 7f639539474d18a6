// Adagrad with learning-rate decay (torch.optim.Adagrad).
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
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
    if (g.weightDecay !== 0) grad = aten.add_Tensor(grad, p, g.weightDecay);
    const clr = g.lr / (1 + (step - 1) * g.lrDecay);
    const sum = s.sum as Tensor;
    aten.addcmul_(sum, grad, grad, 1);
    aten.addcdiv_(p, grad, aten.add__Scalar(aten.sqrt(sum), g.eps), -clr);
  }
}

