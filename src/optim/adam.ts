// Adam and AdamW (decoupled weight decay), with amsgrad (torch.optim.Adam, AdamW).
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { Optimizer, type ParamGroup } from './optimizer.ts';

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

/** Adam; with `decoupled` (AdamW) the weight decay shrinks the parameters directly. */
class AdamBase extends Optimizer<AdamOptions> {
  protected override readonly sparseAdvice = ', please consider SparseAdam instead';
  constructor(
    params: Tensor[] | ParamGroup<AdamOptions>[],
    options: Partial<AdamOptions>,
    private readonly decoupled: boolean,
  ) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: decoupled ? 1e-2 : 0, amsgrad: false, ...options });
  }

  protected update(p: Tensor, grad: Tensor, s: Record<string, Tensor | number>, g: AdamOptions): void {
    const [beta1, beta2] = g.betas;
    if (s.step === undefined) {
      s.step = 0;
      s.expAvg = this.persistent(aten.zeros_like(p));
      s.expAvgSq = this.persistent(aten.zeros_like(p));
      if (g.amsgrad) s.maxExpAvgSq = this.persistent(aten.zeros_like(p));
    }
    const step = (s.step as number) + 1;
    s.step = step;
    if (this.decoupled) aten.mul__Scalar(p, 1 - g.lr * g.weightDecay);
    else if (g.weightDecay !== 0) grad = aten.add_Tensor(grad, p, g.weightDecay);
    const expAvg = s.expAvg as Tensor;
    const expAvgSq = s.expAvgSq as Tensor;
    aten.add__Tensor(aten.mul__Scalar(expAvg, beta1), grad, 1 - beta1);
    aten.addcmul_(aten.mul__Scalar(expAvgSq, beta2), grad, grad, 1 - beta2);
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
    const stepSize = g.lr / biasCorrection1;
    let second = expAvgSq;
    if (g.amsgrad) {
      const max = s.maxExpAvgSq as Tensor;
      aten.maximum_out(max, expAvgSq, max);
      second = max;
    }
    const denom = aten.add__Scalar(aten.div_Scalar(aten.sqrt(second), biasCorrection2Sqrt), g.eps);
    aten.addcdiv_(p, expAvg, denom, -stepSize);
  }
}

export class Adam extends AdamBase {
  constructor(params: Tensor[] | ParamGroup<AdamOptions>[], options: Partial<AdamOptions> = {}) {
    super(params, options, false);
  }
}

export class AdamW extends AdamBase {
  constructor(params: Tensor[] | ParamGroup<AdamOptions>[], options: Partial<AdamOptions> = {}) {
    super(params, options, true);
  }
}

