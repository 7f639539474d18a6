// Optimizers, following torch.optim (1.13, single-tensor path) step for step,
// so trajectories match PyTorch's. Updates run as in-place libtorch ops under
// noGrad; the only tensors a step creates are freed by a scope.
import { Tensor } from '../core/tensor.ts';
import { call } from '../core/op.ts';
import { noGrad } from '../core/autograd.ts';
import { keep, scope } from '../core/scope.ts';

/** A parameter group: its parameters and the hyper-parameters that override the defaults. */
export type ParamGroup<O> = { params: Tensor[] } & Partial<O>;

const op = (name: string, ...args: unknown[]) => call(name, ...args) as Tensor;

export abstract class Optimizer<O extends object> {
  readonly groups: ({ params: Tensor[] } & O)[];
  /** Per-parameter state (momentum buffers, moment estimates, step counts). */
  protected readonly state = new Map<Tensor, Record<string, Tensor | number>>();

  constructor(params: Tensor[] | ParamGroup<O>[], defaults: O) {
    const groups = params.length > 0 && params[0] instanceof Tensor ? [{ params: params as Tensor[] }] : (params as ParamGroup<O>[]);
    this.groups = groups.map((g) => ({ ...defaults, ...g }));
    for (const g of this.groups) {
      for (const p of g.params) {
        if (!p.requiresGrad) throw new TypeError(`${this.constructor.name}: a parameter does not require grad`);
      }
    }
  }

  /** Clears the gradients of every parameter. */
  zeroGrad(): void {
    for (const g of this.groups) for (const p of g.params) p.grad = null;
  }

  /** One update of every parameter that has a gradient. */
  step(): void {
    noGrad(() =>
      scope(() => {
        for (const g of this.groups) {
          for (const p of g.params) {
            const grad = p.grad;
            if (grad === null) continue;
            let s = this.state.get(p);
            if (s === undefined) this.state.set(p, (s = {}));
            this.update(p, grad, s, g);
          }
        }
      }),
    );
  }

  /** A state tensor that outlives the step's scope. */
  protected persistent(t: Tensor): Tensor {
    return keep(t);
  }

  protected abstract update(p: Tensor, grad: Tensor, state: Record<string, Tensor | number>, group: O): void;

  /** Frees the optimizer's state tensors. */
  dispose(): void {
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof Tensor) v.dispose();
    this.state.clear();
  }
}

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

/** Stochastic gradient descent with momentum, Nesterov momentum and weight decay. */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Tensor[] | ParamGroup<SGDOptions>[], options: Partial<SGDOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...options });
    for (const g of this.groups) {
      if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
        throw new RangeError('SGD: Nesterov momentum needs momentum > 0 and dampening 0');
      }
    }
  }

  protected update(p: Tensor, grad: Tensor, s: Record<string, Tensor | number>, g: SGDOptions): void {
    let d = g.weightDecay !== 0 ? op('add.Tensor', grad, p, g.weightDecay) : grad;
    if (g.momentum !== 0) {
      let buf = s.momentumBuffer as Tensor | undefined;
      if (buf === undefined) {
        buf = this.persistent(op('clone', d));
        s.momentumBuffer = buf;
      } else {
        op('mul_.Scalar', buf, g.momentum);
        op('add_.Tensor', buf, d, 1 - g.dampening);
      }
      d = g.nesterov ? op('add.Tensor', d, buf, g.momentum) : buf;
    }
    op('add_.Tensor', p, d, -g.lr);
  }
}

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

/** Adam; with `decoupled` (AdamW) the weight decay shrinks the parameters directly. */
class AdamBase extends Optimizer<AdamOptions> {
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
      s.expAvg = this.persistent(op('zeros_like', p));
      s.expAvgSq = this.persistent(op('zeros_like', p));
      if (g.amsgrad) s.maxExpAvgSq = this.persistent(op('zeros_like', p));
    }
    const step = (s.step as number) + 1;
    s.step = step;
    if (this.decoupled) op('mul_.Scalar', p, 1 - g.lr * g.weightDecay);
    else if (g.weightDecay !== 0) grad = op('add.Tensor', grad, p, g.weightDecay);
    const expAvg = s.expAvg as Tensor;
    const expAvgSq = s.expAvgSq as Tensor;
    op('add_.Tensor', op('mul_.Scalar', expAvg, beta1), grad, 1 - beta1);
    op('addcmul_', op('mul_.Scalar', expAvgSq, beta2), grad, grad, 1 - beta2);
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
    const stepSize = g.lr / biasCorrection1;
    let second = expAvgSq;
    if (g.amsgrad) {
      const max = s.maxExpAvgSq as Tensor;
      op('maximum.out', max, expAvgSq, max);
      second = max;
    }
    const denom = op('add_.Scalar', op('div.Scalar', op('sqrt', second), biasCorrection2Sqrt), g.eps);
    op('addcdiv_', p, expAvg, denom, -stepSize);
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
