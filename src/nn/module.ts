// Module: a tree of parameters, buffers and child modules with dotted names
// ('0.weight', 'encoder.fc.bias'), as in PyTorch. Layers are plain classes:
// they register what they own in their constructor and define forward().
import type { DType, Device } from '../types/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { keep } from '../core/scope.ts';
import { isGradEnabled, noGrad } from '../core/autograd.ts';
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

/** Called before forward with its arguments; returning an array replaces them. */
export type ForwardPreHook<M extends Module = Module> = (module: M, args: unknown[]) => unknown[] | undefined | void;
/** Called after forward with its arguments and output; returning a value other than undefined replaces the output. */
export type ForwardHook<M extends Module = Module> = (module: M, args: unknown[], output: unknown) => unknown;

/**
 * Called during backward with the gradients of the module's tensor inputs
 * (null where an input needs none) and of its outputs; returning an array
 * replaces the input gradients (a module with one tensor input needing grad).
 */
export type FullBackwardHook<M extends Module = Module> = (
  module: M,
  gradInput: (Tensor | null)[],
  gradOutput: (Tensor | null)[],
) => (Tensor | null)[] | undefined | void;

/** What registering a hook returns: `remove()` unregisters it. */
export interface RemovableHandle {
  remove(): void;
}

/** Whether a to() target names a device ('cpu', 'meta', 'cuda:1') rather than a dtype. */
export function isDeviceTarget(target: string): boolean {
  return /^(cpu|cuda|meta|mps)(:\d+)?$/.test(target);
}

/**
 * The creation option a to() target stands for ({ device } or { dtype }): lazy
 * modules not yet materialized keep it for the parameters they will create.
 */
export function creationTarget(target: DType | Device): { dtype?: DType; device?: Device } {
  return isDeviceTarget(target) ? { device: target as Device } : { dtype: target as DType };
}


/** A record of tensors by name as a state dict; anything else is refused by name. */
function stateFromRecord(record: unknown): StateDict {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new TypeError(`loadStateDict: expected a Map or a record of tensors by name, got ${record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record}`);
  }
  const state: StateDict = new Map();
  for (const [name, t] of Object.entries(record)) {
    if (!(t instanceof Tensor)) throw new TypeError(`loadStateDict: '${name}' is not a tensor`);
    state.set(name, t);
  }
  return state;
}
export abstract class Module {
  /** Type-level only: the names of this module's own parameters and buffers (any string when undeclared). */
  declare readonly __tensors: string;
  /** Type-level only: this module's children by name. */
  declare readonly __children: Record<string, Module>;
  /** Training mode (dropout active, batch norm updating its statistics). */
  training = true;
  readonly #params = new Map<string, Tensor | null>();
  readonly #buffers = new Map<string, Tensor | null>();
  /** Buffers left out of the state dict (registerBuffer(..., { persistent: false })). */
  readonly #transient = new Set<string>();
  readonly #children = new Map<string, Module>();
  readonly #preHooks = new Map<number, ForwardPreHook>();
  readonly #hooks = new Map<number, ForwardHook>();
  readonly #backwardHooks = new Map<number, FullBackwardHook>();
  #nextHook = 0;

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

  /** Python's register_parameter: a parameter by name (null declares an absent one, like a disabled bias). */
  registerParameter(name: string, t: Tensor | null): void {
    this.#checkName('registerParameter', name, this.#params);
    if (t === null) this.#params.set(name, null);
    else this.param(name, t);
  }

  /**
   * Python's register_buffer: state that is not trained. A buffer that is not
   * `persistent` moves with the module (to()) but is left out of the state dict.
   */
  registerBuffer(name: string, t: Tensor | null, options: { persistent?: boolean } = {}): void {
    this.#checkName('registerBuffer', name, this.#buffers);
    if (t === null) this.#buffers.set(name, null);
    else this.buffer(name, t);
    if (options.persistent === false) this.#transient.add(name);
    else this.#transient.delete(name);
  }

  /** Python's register_module / add_module: a child module by name. */
  registerModule(name: string, m: Module): void {
    this.#checkName('registerModule', name, this.#children);
    this.child(name, m);
  }

  #checkName(fn: string, name: string, own: Map<string, unknown>): void {
    if (name === '' || name.includes('.')) throw new TypeError(`${fn}: the name must be non-empty and contain no '.', got '${name}'`);
    const taken = [this.#params, this.#buffers, this.#children].find((m) => m !== own && m.has(name));
    if (taken) throw new TypeError(`${fn}: '${name}' is already a ${taken === this.#params ? 'parameter' : taken === this.#buffers ? 'buffer' : 'sub-module'} of ${this.constructor.name}`);
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
    const t = this.#allTensors().get(path);
    if (t === undefined) throw new Error(`no parameter or buffer '${path}' (the module has ${[...this.#allTensors().keys()].join(', ')})`);
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

  /** Direct children. */
  children(): Module[] {
    return [...this.#children.values()];
  }

  /** Direct children, by name. */
  namedChildren(): [string, Module][] {
    return [...this.#children.entries()];
  }

  /** This module and every module below it, depth first (a module reached twice is listed once). */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** This module ('') and every module below it with its dotted path, depth first. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const walk = (m: Module, path: string) => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([path, m]);
      for (const [n, c] of m.#children) walk(c, path === '' ? n : `${path}.${n}`);
    };
    walk(this, prefix);
    return out;
  }

  /** Calls fn on every sub-module, then on this module (Python's apply, e.g. for initialisation). */
  apply(fn: (module: Module) => void): this {
    for (const c of this.#children.values()) c.apply(fn);
    fn(this);
    return this;
  }

  /** Every parameter with its dotted path. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, t] of this.#params) if (t) out.push([prefix + n, t]);
    for (const [n, c] of this.#children) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every buffer with its dotted path (persistent or not). */
  namedBuffers(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, t] of this.#buffers) if (t) out.push([prefix + n, t]);
    for (const [n, c] of this.#children) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  /** The number of parameter elements (trainable only with `trainable: true`). */
  numParameters(options: { trainable?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !options.trainable || p.requiresGrad)
      .reduce((n, p) => n + p.numel(), 0);
  }

  /** Parameters and buffers by dotted name, in PyTorch's order (the tensors themselves, not copies). */
  stateDict(): StateDict {
    return this.#allTensors(false);
  }

  #allTensors(withTransient = true): StateDict {
    const out: StateDict = new Map();
    const walk = (m: Module, prefix: string) => {
      for (const [n, t] of m.#params) if (t) out.set(prefix + n, t);
      for (const [n, t] of m.#buffers) if (t && (withTransient || !m.#transient.has(n))) out.set(prefix + n, t);
      for (const [n, c] of m.#children) walk(c, `${prefix}${n}.`);
    };
    walk(this, '');
    return out;
  }

  /**
   * Runs `fn` with some of this module's parameters and buffers replaced by
   * other tensors (by dotted name), then puts the module's own back, even if
   * `fn` throws: what torch.func.functional_call does around a forward call.
   * The module's tensors are neither copied nor freed.
   */
  withTensors<R>(tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>, fn: () => R): R {
    const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
    const slots: [Map<string, Tensor | null>, string, Tensor | null][] = [];
    for (const [path, value] of entries) {
      const dot = path.lastIndexOf('.');
      let m: Module = this;
      if (dot >= 0) {
        for (const part of path.slice(0, dot).split('.')) {
          const next = m.#children.get(part);
          if (!next) throw new Error(`withTensors: no module '${path.slice(0, dot)}' for '${path}'`);
          m = next;
        }
      }
      const name = path.slice(dot + 1);
      const map = m.#params.has(name) ? m.#params : m.#buffers.has(name) ? m.#buffers : null;
      if (!map) throw new Error(`withTensors: no parameter or buffer '${path}' (the module has ${[...this.#allTensors().keys()].join(', ')})`);
      slots.push([map, name, map.get(name)!]);
    }
    entries.forEach(([, value], i) => slots[i]![0].set(slots[i]![1], value));
    try {
      return fn();
    } finally {
      for (const [map, name, original] of slots) map.set(name, original);
    }
  }

  /**
   * Copies tensors from a state dict into this module's parameters and
   * buffers. Every problem is reported at once (missing and unexpected
   * names, shape and dtype mismatches) and nothing is copied unless all fit;
   * `strict: false` ignores missing and unexpected names. The state is a
   * Map (what stateDict() and load() give) or a record by name (what
   * torch.func.tensorsOf gives and functional training returns).
   */
  loadStateDict(given: StateDict | Readonly<Record<string, Tensor>>, options: { strict?: boolean } = {}): void {
    const strict = options.strict ?? true;
    const state: StateDict = given instanceof Map ? given : stateFromRecord(given);
    // Lazy modules take their shapes from the state dict (as Python's do).
    for (const [path, m] of this.namedModules()) m.materializeFrom(state, path === '' ? '' : `${path}.`);
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

  /** Lazy modules override this to create their parameters from a state dict's shapes before it is loaded. */
  protected materializeFrom(_state: StateDict, _prefix: string): void {}

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

  /** Python's requires_grad_: every parameter trains (or, with false, none does). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
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

  /**
   * Converts parameters and buffers in place, as Python's Module.to does: a
   * dtype converts the floating-point ones only (integer buffers such as
   * BatchNorm's num_batches_tracked keep their dtype; a complex dtype converts
   * complex ones too), a device moves all of them.
   */
  to(target: DType | Device): this {
    const isDevice = typeof target === 'string' && isDeviceTarget(target);
    const complexTarget = typeof target === 'string' && target.startsWith('complex');
    noGrad(() => {
      const convert = (m: Module) => {
        for (const map of [m.#params, m.#buffers]) {
          for (const [n, t] of map) {
            if (t === null) continue;
            if (!isDevice && !(t.isFloatingPoint() || (complexTarget && t.isComplex()))) continue;
            const converted = keep(t.to(target as DType));
            if (converted === t) continue;
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

  /** Floating-point parameters and buffers to float64. */
  double(): this {
    return this.to('float64');
  }
  /** Floating-point parameters and buffers to float32. */
  float(): this {
    return this.to('float32');
  }
  /** Floating-point parameters and buffers to float16. */
  half(): this {
    return this.to('float16');
  }
  /** Floating-point parameters and buffers to bfloat16. */
  bfloat16(): this {
    return this.to('bfloat16');
  }

  /**
   * Registers a hook called before every forward call with (module, args);
   * an array it returns replaces the arguments. Hooks run in registration order.
   */
  registerForwardPreHook(hook: ForwardPreHook<this>): RemovableHandle {
    return this.#addHook(this.#preHooks, hook as ForwardPreHook);
  }

  /**
   * Registers a hook called after every forward call with (module, args,
   * output); a value it returns (other than undefined) replaces the output.
   */
  registerForwardHook(hook: ForwardHook<this>): RemovableHandle {
    return this.#addHook(this.#hooks, hook as ForwardHook);
  }

  /**
   * Python's register_full_backward_hook: `hook(module, gradInput, gradOutput)`
   * runs when the gradients of the module's inputs are computed (or, when no
   * input needs one, those of its outputs). Returning an array replaces
   * gradInput; that is allowed for a module with one tensor input that needs
   * grad (autograd delivers several inputs' gradients one at a time).
   */
  registerFullBackwardHook(hook: FullBackwardHook<this>): RemovableHandle {
    return this.#addHook(this.#backwardHooks, hook as FullBackwardHook);
  }

  #addHook<H>(table: Map<number, H>, hook: H): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`${this.constructor.name}: a hook must be a function`);
    this.#wrapForward();
    const id = this.#nextHook++;
    table.set(id, hook);
    return { remove: () => void table.delete(id) };
  }

  /** Routes this instance's forward through the hooks (once; the class's forward is left as it is). */
  #wrapForward(): void {
    if (Object.prototype.hasOwnProperty.call(this, 'forward')) return;
    const inner = (this as unknown as { forward?: (...args: unknown[]) => unknown }).forward;
    if (typeof inner !== 'function') throw new TypeError(`${this.constructor.name} has no forward method to hook`);
    const hooked = (...args: unknown[]): unknown => {
      let callArgs = args;
      for (const pre of [...this.#preHooks.values()]) {
        const replaced = pre(this, callArgs);
        if (replaced !== undefined) {
          if (!Array.isArray(replaced)) throw new TypeError(`${this.constructor.name}: a forward pre-hook must return an array of arguments or nothing`);
          callArgs = replaced;
        }
      }
      const backward = this.#backwardHooks.size > 0 && isGradEnabled() ? this.#backwardState(callArgs) : null;
      if (backward) callArgs = backward.args;
      let output = inner.apply(this, callArgs);
      for (const post of [...this.#hooks.values()]) {
        const replaced = post(this, callArgs, output);
        if (replaced !== undefined) output = replaced;
      }
      backward?.watchOutputs(output);
      return output;
    };
    Object.defineProperty(this, 'forward', { value: hooked, writable: true, configurable: true, enumerable: false });
  }

  /**
   * The bookkeeping of one forward call for the backward hooks: inputs that
   * need grad pass through an alias whose gradient is the module's gradInput,
   * outputs have hooks that collect gradOutput.
   */
  #backwardState(args: unknown[]): { args: unknown[]; watchOutputs(output: unknown): void } {
    const inputs: (Tensor | null)[] = [];
    const aliased = args.map((a) => {
      if (!(a instanceof Tensor)) return a;
      if (!a.requiresGrad) {
        inputs.push(null);
        return a;
      }
      const alias = aten.alias(a);
      inputs.push(alias);
      return alias;
    });
    const gradInput: (Tensor | null)[] = inputs.map(() => null);
    let gradOutput: (Tensor | null)[] = [];
    const needed = inputs.filter((t) => t !== null).length;
    let arrived = 0;
    const call = (): (Tensor | null)[] | undefined => {
      let replacement: (Tensor | null)[] | undefined;
      for (const hook of [...this.#backwardHooks.values()]) {
        const r = hook(this, [...gradInput], [...gradOutput]);
        if (r !== undefined) {
          if (!Array.isArray(r) || r.length !== gradInput.length) {
            throw new TypeError(`${this.constructor.name}: a backward hook must return ${gradInput.length} input gradients (an array) or nothing`);
          }
          replacement = r;
          for (let i = 0; i < r.length; i++) gradInput[i] = r[i] ?? null;
        }
      }
      return replacement;
    };
    inputs.forEach((t, i) => {
      if (t === null) return;
      t.registerHook((g) => {
        gradInput[i] = g;
        if (++arrived < needed) return undefined;
        const replaced = call();
        if (replaced === undefined) return undefined;
        if (needed > 1) throw new TypeError(`${this.constructor.name}: a backward hook can replace gradInput only for a module with one tensor input that needs grad`);
        return replaced[i] ?? undefined;
      });
    });
    return {
      args: aliased,
      watchOutputs: (output: unknown) => {
        const outs = flattenTensors(output);
        gradOutput = outs.map(() => null);
        outs.forEach((o, k) => {
          if (!o.requiresGrad) return;
          o.registerHook((g) => {
            gradOutput[k] = g;
            if (needed === 0 && gradOutput.every((x, j) => x !== null || !outs[j]!.requiresGrad)) call();
            return undefined;
          });
        });
      },
    };
  }

  /** The part of this module's printed form inside its parentheses (Python's extra_repr), e.g. 'in_features=4, out_features=2, bias=True'. */
  extraRepr(): string {
    return '';
  }

  /** The module tree as Python prints it: `Sequential(\n  (0): Linear(in_features=4, ...)\n)`. */
  toString(): string {
    const name = this.constructor.name;
    const extra = this.extraRepr();
    const lines = [...this.#children].map(([n, c]) => `(${n}): ${c.toString().split('\n').join('\n  ')}`);
    if (lines.length === 0) return `${name}(${extra})`;
    const body = [...(extra ? extra.split('\n') : []), ...lines].map((l) => `  ${l}`).join('\n');
    return `${name}(\n${body}\n)`;
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
    for (const t of this.#allTensors().values()) t.dispose();
  }
}

function flattenTensors(v: unknown): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (Array.isArray(v)) return v.flatMap(flattenTensors);
  return [];
}

/** A number printed as a Python float (1.0, 1e-05) in extra_repr. */
export class PyFloat {
  constructor(readonly value: number) {}
  toString(): string {
    const v = this.value;
    if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
      // Python writes the exponent with at least two digits: 1e-05, 1.5e+16.
      return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
    }
    return Number.isInteger(v) ? `${v}.0` : String(v);
  }
}

/** Marks a number to print as a Python float. */
export const pyFloat = (v: number | null): PyFloat | null => (v === null ? null : new PyFloat(v));

/** A value as Python's extra_repr formats it ('{}'.format): True/False, None, tuples as (a, b), strings as they are. */
export function pyRepr(v: unknown): string {
  if (v instanceof PyFloat) return v.toString();
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `(${v.map(pyRepr).join(', ')}${v.length === 1 ? ',' : ''})`;
  return String(v);
}

/** extra_repr from named values: 'in_features=4, out_features=2'. */
export function reprFields(fields: Record<string, unknown>): string {
  return Object.entries(fields).map(([k, v]) => `${k}=${pyRepr(v)}`).join(', ');
}
