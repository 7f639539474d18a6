// SGD with momentum, dampening, Nesterov momentum and weight decay (torch.optim.SGD).
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { Optimizer, type ParamGroup } from './optimizer.ts';

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

/** Stochastic gradient descent with momentum, Nesterov momentum and weight decay. */
export class SGD extends Optimizer<SGDOptions> {
  // Every step below is defined for a sparse gradient (weight decay and momentum make it dense), as in Python.
  protected override readonly acceptsSparseGradients = true;
  constructor(params: Tensor[] | ParamGroup<SGDOptions>[], options: Partial<SGDOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...options });
    for (const g of this.groups) {
      if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
        throw new RangeError('SGD: Nesterov momentum needs momentum > 0 and dampening 0');
      }
    }
  }

  protected update(p: Tensor, grad: Tensor, s: Record<string, Tensor | number>, g: SGDOptions): void {
    let d = g.weightDecay !== 0 ? aten.add_Tensor(grad, p, g.weightDecay) : grad;
    if (g.momentum !== 0) {
      let buf = s.momentumBuffer as Tensor | undefined;
      if (buf === undefined) {
        buf = this.persistent(aten.clone(d));
        s.momentumBuffer = buf;
      } else {
        aten.mul__Scalar(buf, g.momentum);
        aten.add__Tensor(buf, d, 1 - g.dampening);
      }
      d = g.nesterov ? aten.add_Tensor(d, buf, g.momentum) : buf;
    }
    aten.add__Tensor(p, d, -g.lr);
  }
}

