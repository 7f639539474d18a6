// The optimizer base: parameter groups, per-parameter state, the step loop
// and state dicts, as torch.optim.Optimizer. Each optimizer (sgd.ts, adam.ts,
// ...) follows torch.optim 1.13's single-tensor path step for step, so
// trajectories match PyTorch's; updates are in-place libtorch ops under
// noGrad, and the only tensors a step creates are freed by its scope.
import { Tensor } from '../core/tensor.ts';
import { noGrad } from '../core/autograd.ts';
import { keep, scope } from '../core/scope.ts';
import * as aten from '../ops/generated/aten.ts';

/** A parameter group: its parameters and the hyper-parameters that override the defaults. */
export type ParamGroup<O> = { params: Tensor[] } & Partial<O>;

/** What Optimizer.stateDict() returns. */
export interface OptimizerState<O> {
  state: Record<number, Record<string, Tensor | number>>;
  paramGroups: (O & { paramCount: number })[];
}

export abstract class Optimizer<O extends object> {
  readonly groups: ({ params: Tensor[] } & O)[];
  /** Per-parameter state (momentum buffers, moment estimates, step counts). */
  protected readonly state = new Map<Tensor, Record<string, Tensor | number>>();
  /**
   * Whether update() takes sparse gradients (Embedding's with `sparse: true`);
   * where not, step() refuses one with Python's message. An optimizer's
   * name with the advice Python gives (Adam's: SparseAdam) is `sparseAdvice`.
   */
  protected readonly acceptsSparseGradients: boolean = false;
  protected readonly sparseAdvice: string = '';

  constructor(params: Tensor[] | ParamGroup<O>[], defaults: O) {
    const groups = params.length > 0 && params[0] instanceof Tensor ? [{ params: params as Tensor[] }] : (params as ParamGroup<O>[]);
    this.groups = groups.map((g) => ({ ...defaults, ...g }));
    for (const g of this.groups) {
      for (const p of g.params) {
        if (!p.requiresGrad) throw new TypeError(`${this.constructor.name}: a parameter does not require grad`);
      }
    }
  }

  /**
   * Clears the gradients of every parameter: sets them to null (PyTorch 2's
   * default), or with `setToNone: false` zeroes them in place as PyTorch
   * 1.13's zero_grad() does (detached first), for runs that must do Python's
   * work op for op.
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const g of this.groups) {
      for (const p of g.params) {
        if (setToNone) p.grad = null;
        else if (p.grad) {
          const grad = p.grad;
          if (grad.gradFn !== null) aten.detach_(grad);
          else grad.requiresGrad_(false);
          aten.zero_(grad);
        }
      }
    }
  }

  /** One update of every parameter that has a gradient. */
  step(): void {
    noGrad(() =>
      scope(() => {
        for (const g of this.groups) {
          for (const p of g.params) {
            const grad = p.grad;
            if (grad === null) continue;
            if (!this.acceptsSparseGradients && grad.layout !== 'strided') {
              throw new TypeError(`${this.constructor.name} does not support sparse gradients${this.sparseAdvice}`);
            }
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
            Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? keep(aten.clone(v)) : v]),
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
      const copy = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? keep(aten.clone(v)) : v]));
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

