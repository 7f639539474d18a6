// RMSprop, optionally centered and with momentum (torch.optim.RMSprop).
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { Optimizer, type ParamGroup } from './optimizer.ts';

export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
}

/** RMSprop, optionally centered and with momentum. */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Tensor[] | ParamGroup<RMSpropOptions>[], options: Partial<RMSpropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, ...options });
  }

  protected update(p: Tensor, grad: Tensor, s: Record<string, Tensor | number>, g: RMSpropOptions): void {
    if (s.step === undefined) {
      s.step = 0;
      s.squareAvg = this.persistent(aten.zeros_like(p));
      if (g.momentum > 0) s.momentumBuffer = this.persistent(aten.zeros_like(p));
      if (g.centered) s.gradAvg = this.persistent(aten.zeros_like(p));
    }
    s.step = (s.step as number) + 1;
    if (g.weightDecay !== 0) grad = aten.add_Tensor(grad, p, g.weightDecay);
    const squareAvg = s.squareAvg as Tensor;
    aten.addcmul_(aten.mul__Scalar(squareAvg, g.alpha), grad, grad, 1 - g.alpha);
    let avg: Tensor;
    if (g.centered) {
      const gradAvg = s.gradAvg as Tensor;
      aten.add__Tensor(aten.mul__Scalar(gradAvg, g.alpha), grad, 1 - g.alpha);
      avg = aten.add__Scalar(aten.sqrt_(aten.addcmul(squareAvg, gradAvg, gradAvg, -1)), g.eps);
    } else {
      avg = aten.add__Scalar(aten.sqrt(squareAvg), g.eps);
    }
    if (g.momentum > 0) {
      const buf = s.momentumBuffer as Tensor;
      aten.addcdiv_(aten.mul__Scalar(buf, g.momentum), grad, avg);
      aten.add__Tensor(p, buf, -g.lr);
    } else {
      aten.addcdiv_(p, grad, avg, -g.lr);
    }
  }
}

