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

/** What Optimizer.stateDict() returns. */
export interface OptimizerState<O> {
  state: Record<number, Record<string, Tensor | number>>;
  paramGroups: (O & { paramCount: number })[];
}

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

  /**
   * The optimizer's state: per-parameter state (by the parameter's index over
   * all groups, as PyTorch numbers them) and each group's hyper-parameters.
   * The tensors are copies: the dict stays valid while training goes on.
   */
  stateDict(): OptimizerState<O> {
    const state: Record<number, Record<string, Tensor | number>> = {};
    let index = 0;
    for (const g of this.groups) {
      for (const p of g.params) {
        const s = this.state.get(p);
        if (s !== undefined) {
          state[index] = Object.fromEntries(
            Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? keep(op('clone', v)) : v]),
          );
        }
        index++;
      }
    }
    const paramGroups = this.groups.map(({ params, ...hyper }) => ({ ...(hyper as O), paramCount: params.length }));
    return { state, paramGroups };
  }

  /** Restores state saved by stateDict() for the same parameters (checked: group sizes and tensor shapes). */
  loadStateDict(saved: OptimizerState<O>): void {
    if (saved.paramGroups.length !== this.groups.length) {
      throw new TypeError(`loadStateDict: ${saved.paramGroups.length} parameter groups saved, the optimizer has ${this.groups.length}`);
    }
    const params = this.groups.flatMap((g, i) => {
      if (saved.paramGroups[i]!.paramCount !== g.params.length) {
        throw new TypeError(`loadStateDict: group ${i} had ${saved.paramGroups[i]!.paramCount} parameters, it has ${g.params.length}`);
      }
      return g.params;
    });
    for (const [index, s] of Object.entries(saved.state)) {
      const p = params[Number(index)];
      if (p === undefined) throw new TypeError(`loadStateDict: state for parameter ${index}, which does not exist`);
      for (const [k, v] of Object.entries(s)) {
        if (v instanceof Tensor && v.shape.join() !== p.shape.join()) {
          throw new TypeError(`loadStateDict: ${k} of parameter ${index} has shape [${v.shape.join(', ')}], the parameter [${p.shape.join(', ')}]`);
        }
      }
    }
    this.dispose();
    for (const [index, s] of Object.entries(saved.state)) {
      const copy = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? keep(op('clone', v)) : v]));
      this.state.set(params[Number(index)]!, copy);
    }
    this.groups.forEach((g, i) => {
      const { paramCount: _count, ...hyper } = saved.paramGroups[i]!;
      Object.assign(g, hyper);
    });
  }

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
      s.squareAvg = this.persistent(op('zeros_like', p));
      if (g.momentum > 0) s.momentumBuffer = this.persistent(op('zeros_like', p));
      if (g.centered) s.gradAvg = this.persistent(op('zeros_like', p));
    }
    s.step = (s.step as number) + 1;
    if (g.weightDecay !== 0) grad = op('add.Tensor', grad, p, g.weightDecay);
    const squareAvg = s.squareAvg as Tensor;
    op('addcmul_', op('mul_.Scalar', squareAvg, g.alpha), grad, grad, 1 - g.alpha);
    let avg: Tensor;
    if (g.centered) {
      const gradAvg = s.gradAvg as Tensor;
      op('add_.Tensor', op('mul_.Scalar', gradAvg, g.alpha), grad, 1 - g.alpha);
      avg = op('add_.Scalar', op('sqrt_', op('addcmul', squareAvg, gradAvg, gradAvg, -1)), g.eps);
    } else {
      avg = op('add_.Scalar', op('sqrt', squareAvg), g.eps);
    }
    if (g.momentum > 0) {
      const buf = s.momentumBuffer as Tensor;
      op('addcdiv_', op('mul_.Scalar', buf, g.momentum), grad, avg);
      op('add_.Tensor', p, buf, -g.lr);
    } else {
      op('addcdiv_', p, grad, avg, -g.lr);
    }
  }
}

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
      s.sum = this.persistent(op('full_like', p, g.initialAccumulatorValue));
    }
    const step = (s.step as number) + 1;
    s.step = step;
    if (g.weightDecay !== 0) grad = op('add.Tensor', grad, p, g.weightDecay);
    const clr = g.lr / (1 + (step - 1) * g.lrDecay);
    const sum = s.sum as Tensor;
    op('addcmul_', sum, grad, grad, 1);
    op('addcdiv_', p, grad, op('add_.Scalar', op('sqrt', sum), g.eps), -clr);
  }
}

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
      s.squareAvg = this.persistent(op('zeros_like', p));
      s.accDelta = this.persistent(op('zeros_like', p));
    }
    s.step = (s.step as number) + 1;
    if (g.weightDecay !== 0) grad = op('add.Tensor', grad, p, g.weightDecay);
    const squareAvg = s.squareAvg as Tensor;
    const accDelta = s.accDelta as Tensor;
    op('addcmul_', op('mul_.Scalar', squareAvg, g.rho), grad, grad, 1 - g.rho);
    const std = op('sqrt_', op('add.Scalar', squareAvg, g.eps));
    const delta = op('mul_.Tensor', op('div_.Tensor', op('sqrt_', op('add.Scalar', accDelta, g.eps)), std), grad);
    op('addcmul_', op('mul_.Scalar', accDelta, g.rho), delta, delta, 1 - g.rho);
    op('add_.Tensor', p, delta, -g.lr);
  }
}

// ---- gradient clipping --------------------------------------------------------------

/**
 * Scales gradients so that their joint norm is at most maxNorm (as
 * torch.nn.utils.clip_grad_norm_); returns the norm before clipping.
 */
export function clipGradNorm(params: Tensor[], maxNorm: number, normType = 2): number {
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return 0;
  return noGrad(() =>
    scope(() => {
      const norms = grads.map((g) => (normType === Infinity ? op('max', op('abs', g)) : op('linalg_vector_norm', g, normType)));
      const total = normType === Infinity ? op('max', op('stack', norms)) : op('linalg_vector_norm', op('stack', norms), normType);
      const coef = op('clamp', op('div.Tensor', op('full_like', total, maxNorm), op('add.Scalar', total, 1e-6)), null, 1);
      for (const g of grads) op('mul_.Tensor', g, coef);
      return total.item() as number;
    }),
  );
}

/** Clamps every gradient element to [-clipValue, clipValue]. */
export function clipGradValue(params: Tensor[], clipValue: number): void {
  noGrad(() => {
    for (const p of params) if (p.grad !== null) op('clamp_', p.grad, -clipValue, clipValue);
  });
}
