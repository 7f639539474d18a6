// Containers: Identity, ModuleList, ModuleDict, ParameterList and
// ParameterDict, holding modules and parameters under PyTorch's names
// ('0', '1', ... for lists) so state dicts match Python's.
import { Tensor } from '../../core/tensor.ts';
import { Module } from '../module.ts';
import type { InShape, LayerOut, ShapeFn } from '../shape-fn.ts';

/** Returns its input (a placeholder that accepts and ignores any constructor arguments, as Python's does). */
export class Identity extends Module implements ShapeFn {
  declare readonly __tensors: never;
  declare readonly __children: {};
  declare readonly In: unknown;
  declare readonly Out: InShape<this['In']>;
  constructor(..._args: unknown[]) {
    super();
  }
  forward<X extends Tensor>(x: X): LayerOut<this, X> {
    return x as never;
  }
}

function checkModule(cls: string, m: unknown): Module {
  if (!(m instanceof Module)) throw new TypeError(`${cls}: expected a Module, got ${m instanceof Tensor ? 'a tensor' : typeof m}`);
  return m;
}

function checkTensor(cls: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${cls}: expected a tensor, got ${typeof t}`);
  return t;
}

/** Modules in a list, registered as '0', '1', ...; it has no forward of its own. */
export class ModuleList<M extends Module = Module> extends Module implements Iterable<M> {
  declare readonly __tensors: never;
  readonly #items: M[] = [];
  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }
  get length(): number {
    return this.#items.length;
  }
  /** The module at i (negative: from the end). */
  at(i: number): M {
    const m = this.#items[i < 0 ? this.#items.length + i : i];
    if (m === undefined) throw new RangeError(`ModuleList: index ${i} is out of range for ${this.#items.length} modules`);
    return m;
  }
  append(m: M): this {
    this.child(String(this.#items.length), checkModule('ModuleList', m) as M);
    this.#items.push(m);
    return this;
  }
  extend(modules: Iterable<M>): this {
    for (const m of modules) this.append(m);
    return this;
  }
  [Symbol.iterator](): Iterator<M> {
    return this.#items[Symbol.iterator]();
  }
}

/** Modules by name, in insertion order; it has no forward of its own. */
export class ModuleDict<M extends Module = Module> extends Module {
  declare readonly __tensors: never;
  readonly #items = new Map<string, M>();
  constructor(modules: Record<string, M> | Iterable<[string, M]> = {}) {
    super();
    this.update(modules);
  }
  get size(): number {
    return this.#items.size;
  }
  get(key: string): M {
    const m = this.#items.get(key);
    if (m === undefined) throw new RangeError(`ModuleDict: no module '${key}' (the keys are ${[...this.#items.keys()].join(', ') || 'none'})`);
    return m;
  }
  has(key: string): boolean {
    return this.#items.has(key);
  }
  set(key: string, m: M): this {
    if (this.#items.has(key)) throw new TypeError(`ModuleDict: '${key}' is already set; a module's place cannot be replaced`);
    this.registerModule(key, checkModule('ModuleDict', m));
    this.#items.set(key, m);
    return this;
  }
  update(modules: Record<string, M> | Iterable<[string, M]>): this {
    const entries = Symbol.iterator in Object(modules) ? [...(modules as Iterable<[string, M]>)] : Object.entries(modules);
    for (const [k, m] of entries) this.set(k, m);
    return this;
  }
  keys(): string[] {
    return [...this.#items.keys()];
  }
  values(): M[] {
    return [...this.#items.values()];
  }
  entries(): [string, M][] {
    return [...this.#items.entries()];
  }
}

/** Parameters in a list, registered as '0', '1', ... */
export class ParameterList extends Module implements Iterable<Tensor> {
  declare readonly __tensors: `${number}`;
  declare readonly __children: {};
  #count = 0;
  constructor(parameters: Iterable<Tensor> = []) {
    super();
    for (const t of parameters) this.append(t);
  }
  get length(): number {
    return this.#count;
  }
  at(i: number): Tensor {
    const k = i < 0 ? this.#count + i : i;
    if (k < 0 || k >= this.#count) throw new RangeError(`ParameterList: index ${i} is out of range for ${this.#count} parameters`);
    return this.tensor(String(k));
  }
  append(t: Tensor): this {
    this.param(String(this.#count++), checkTensor('ParameterList', t));
    return this;
  }
  [Symbol.iterator](): Iterator<Tensor> {
    return Array.from({ length: this.#count }, (_, i) => this.at(i))[Symbol.iterator]();
  }
}

/** Parameters by name. */
export class ParameterDict extends Module {
  declare readonly __children: {};
  readonly #keys: string[] = [];
  constructor(parameters: Record<string, Tensor> = {}) {
    super();
    for (const [k, t] of Object.entries(parameters)) this.set(k, t);
  }
  get(key: string): Tensor {
    if (!this.#keys.includes(key)) throw new RangeError(`ParameterDict: no parameter '${key}' (the keys are ${this.#keys.join(', ') || 'none'})`);
    return this.tensor(key);
  }
  set(key: string, t: Tensor): this {
    if (this.#keys.includes(key)) throw new TypeError(`ParameterDict: '${key}' is already set`);
    this.registerParameter(key, checkTensor('ParameterDict', t));
    this.#keys.push(key);
    return this;
  }
  keys(): string[] {
    return [...this.#keys];
  }
}
