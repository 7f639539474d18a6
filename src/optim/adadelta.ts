// Adadelta (torch.optim.Adadelta; the optimizer of PyTorch's MNIST example).
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { Optimizer, type ParamGroup } from './optimizer.ts';

export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
}

/** Adadelta (the optimizer of PyTorch's MNIST example). */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: Tensor[] | ParamGroup<AdadeltaOptions>[], options: Partial<AdadeltaOptions> = {}) {
    super(params, { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, ...options });
  }

  protected update(p: Tensor, grad: Tensor, s: Record<string, Tensor | number>, g: AdadeltaOptions): void {
    if (s.step === undefined) {
      s.step = 0;
      s.squareAvg = this.persistent(aten.zeros_like(p));
      s.accDelta = this.persistent(aten.zeros_like(p));
    }
    s.step = (s.step as number) + 1;
    if (g.weightDecay !== 0) grad = aten.add_Tensor(grad, p, g.weightDecay);
    const squareAvg = s.squareAvg as Tensor;
    const accDelta = s.accDelta as Tensor;
    aten.addcmul_(aten.mul__Scalar(squareAvg, g.rho), grad, grad, 1 - g.rho);
    const std = aten.sqrt_(aten.add_Scalar(squareAvg, g.eps));
    const delta = aten.mul__Tensor(aten.div__Tensor(aten.sqrt_(aten.add_Scalar(accDelta, g.eps)), std), grad);
    aten.addcmul_(aten.mul__Scalar(accDelta, g.rho), delta, delta, 1 - g.rho);
    aten.add__Tensor(p, delta, -g.lr);
  }
}

