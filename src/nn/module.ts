// Module: a tree of parameters, buffers and child modules with dotted names
// ('0.weight', 'encoder.fc.bias'), as in PyTorch. Layers are plain classes:
// they register what they own in their constructor and define forward().
import type { DType, Device } from '../types/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { keep } from '../core/scope.ts';
import { noGrad } from '../core/autograd.ts';
import * as aten from '../ops/generated/aten.ts';
import type { StateDict } from '../serialization/index.ts';

export class StateDictError extends Error {
  constructor(readonly problems: string[]) {
    super(`loadStateDict: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
    this.name = 'StateDictError';
  }
}

/** Dotted paths of a module's parameters and buffers ('0.weight', 'self_attn.out_proj.bias'). */
export type TensorPath<M> = M extends { readonly __tensors: infer T extends string; readonly __children: infer C }
  ? T | { [K in keyof C & string]: `${K}.${TensorPath<C[K]>}` }[keyof C & string]
  : string;

/** Dotted paths of a module's sub-modules ('0', 'encoder.1'). */
export type ModulePath<M> = M extends { readonly __children: infer C }
  ? { [K in keyof C & string]: K | `${K}.${ModulePath<C[K]>}` }[keyof C & string]
  : string;

/** The type of the sub-module at a dotted path. */
export type ModuleAt<M, P extends string> = M extends { readonly __children: infer C }
  ? P extends `${infer Head}.${infer Rest}`
    ? Head extends keyof C
      ? ModuleAt<C[Head], Rest>
      : Module
    : P extends keyof C
      ? C[P]
      : Module
  : Module;

export abstract class Module {
  /** Type-level only: the names of this module's own parameters and buffers (any string when undeclared). */
  declare readonly __tensors: string;
  /** Type-level only: this module's children by name. */
  declare readonly __children: Record<string, Module>;
  /** Training mode (dropout active, batch norm updating its statistics). */
  training = true;
  readonly #params = new Map<string, Tensor>();
  readonly #buffers = new Map<string, Tensor>();
  readonly #children = new Map<string, Module>();

  /** Registers a parameter: it requires grad, and no scope frees it (the module owns it). */
  protected param<T extends Tensor>(name: string, t: T): T {
    keep(t);
    if (!t.requiresGrad) t.requiresGrad = true;
    this.#params.set(name, t);
    return t;
  }

  /** Registers a buffer: state saved with the module that is not trained (running statistics). */
  protected buffer<T extends Tensor>(name: string, t: T): T {
    keep(t);
    this.#buffers.set(name, t);
    return t;
  }

  /** Registers a child module under a name. */
  protected child<M extends Module>(name: string, m: M): M {
    this.#children.set(name, m);
    return m;
  }

  /** The sub-module at a dotted path ('encoder.0'), typed as that module. */
  getSubmodule<P extends ModulePath<this>>(path: P): ModuleAt<this, P>;
  getSubmodule(path: string): Module {
    let m: Module = this;
    for (const part of path === '' ? [] : path.split('.')) {
      const next = m.#children.get(part);
      if (next === undefined) {
        throw new Error(`no sub-module '${path}': '${part}' is not one of [${[...m.#children.keys()].join(', ')}]`);
      }
      m = next;
    }
    return m;
  }

  /** The parameter or buffer at a dotted path ('encoder.0.weight'); a path the module lacks is a compile error. */
  getTensor(path: TensorPath<this>): Tensor {
    const t = this.stateDict().get(path);
    if (t === undefined) throw new Error(`no parameter or buffer '${path}' (the module has ${[...this.stateDict().keys()].join(', ')})`);
    return t;
  }

  /** Copies `value` into the parameter or buffer at a dotted path; shape and dtype must match. */
  setTensor(path: TensorPath<this>, value: Tensor): void {
    const t = this.getTensor(path);
    if (value.shape.join() !== t.shape.join() || value.dtype !== t.dtype) {
      throw new TypeError(`setTensor('${path}'): got [${value.shape.join(', ')}] ${value.dtype}, expected [${t.shape.join(', ')}] ${t.dtype}`);
    }
    noGrad(() => aten.copy_(t, value));
  }

  /** Direct children, by name. */
  children(): [string, Module][] {
    return [...this.#children.entries()];
  }

  /** Every parameter with its dotted path. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [...this.#params].map(([n, t]) => [prefix + n, t]);
    for (const [n, c] of this.#children) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every buffer with its dotted path. */
  namedBuffers(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [...this.#buffers].map(([n, t]) => [prefix + n, t]);
    for (const [n, c] of this.#children) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** The number of parameter elements (trainable only with `trainable: true`). */
  numParameters(options: { trainable?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !options.trainable || p.requiresGrad)
      .reduce((n, p) => n + p.numel(), 0);
  }

  /** Parameters and buffers by dotted name, in PyTorch's order (the tensors themselves, not copies). */
  stateDict(): StateDict {
    const out: StateDict = new Map();
    const walk = (m: Module, prefix: string) => {
      for (const [n, t] of m.#params) out.set(prefix + n, t);
      for (const [n, t] of m.#buffers) out.set(prefix + n, t);
      for (const [n, c] of m.#children) walk(c, `${prefix}${n}.`);
    };
    walk(this, '');
    return out;
  }

  /**
   * Copies tensors from a state dict into this module's parameters and
   * buffers. Every problem is reported at once (missing and unexpected
   * names, shape and dtype mismatches) and nothing is copied unless all fit;
   * `strict: false` ignores missing and unexpected names.
   */
  loadStateDict(state: StateDict, options: { strict?: boolean } = {}): void {
    const strict = options.strict ?? true;
    const own = this.stateDict();
    const problems: string[] = [];
    for (const [name, t] of own) {
      const src = state.get(name);
      if (src === undefined) {
        if (strict) problems.push(`missing '${name}' (expected shape [${t.shape.join(', ')}])`);
        continue;
      }
      if (src.shape.join() !== t.shape.join()) {
        problems.push(`'${name}' has shape [${src.shape.join(', ')}], the module expects [${t.shape.join(', ')}]`);
      } else if (src.dtype !== t.dtype) {
        problems.push(`'${name}' has dtype ${src.dtype}, the module expects ${t.dtype}`);
      }
    }
    if (strict) for (const name of state.keys()) if (!own.has(name)) problems.push(`unexpected '${name}'`);
    if (problems.length > 0) throw new StateDictError(problems);
    noGrad(() => {
      for (const [name, t] of own) {
        const src = state.get(name);
        if (src !== undefined) aten.copy_(t, src);
      }
    });
  }

  /** Sets training mode here and in every child. */
  train(mode = true): this {
    this.training = mode;
    for (const c of this.#children.values()) c.train(mode);
    return this;
  }

  /** Evaluation mode: the same as train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Stops training these parameters (all, or those whose name starts with a prefix). */
  freeze(prefix = ''): this {
    for (const [n, p] of this.namedParameters()) if (n.startsWith(prefix)) p.requiresGrad = false;
    return this;
  }

  unfreeze(prefix = ''): this {
    for (const [n, p] of this.namedParameters()) if (n.startsWith(prefix)) p.requiresGrad = true;
    return this;
  }

  /** Converts every parameter and buffer in place to a dtype (or device). */
  to(target: DType | Device): this {
    noGrad(() => {
      const convert = (m: Module) => {
        for (const map of [m.#params, m.#buffers]) {
          for (const [n, t] of map) {
            const converted = keep(t.to(target as DType));
            if (map === m.#params) converted.requiresGrad = t.requiresGrad;
            map.set(n, converted);
            t.dispose();
          }
        }
        for (const c of m.#children.values()) convert(c);
      };
      convert(this);
    });
    return this;
  }

  /** A registered parameter or buffer by name (layers read theirs through this, so to() can replace them). */
  protected tensor<T extends Tensor = Tensor>(name: string): T {
    const t = this.optionalTensor(name);
    if (t === null) throw new Error(`${this.constructor.name} has no parameter or buffer '${name}'`);
    return t as T;
  }

  /** A registered parameter or buffer by name, or null (an optional bias, affine weight or running statistic). */
  protected optionalTensor<T extends Tensor = Tensor>(name: string): T | null {
    return (this.#params.get(name) ?? this.#buffers.get(name) ?? null) as T | null;
  }

  /** Frees every parameter and buffer. */
  dispose(): void {
    for (const t of this.stateDict().values()) t.dispose();
  }
}
