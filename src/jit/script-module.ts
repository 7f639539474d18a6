// A TorchScript module loaded in node: its methods called by name (forward
// and every @torch.jit.export method), its parameters and buffers as
// tensors, train/eval, save. Everything runs in libtorch's TorchScript
// interpreter; no Python is involved.
import { native, type NativeMethodInfo, type NativeScriptModule } from '../core/native.ts';
import type { Tensor } from '../core/tensor.ts';
import { wrap } from '../ops/schema.ts';
import { fromBridge, toBridge } from './values.ts';

/** One method of a TorchScript module: its name, its schema as TorchScript prints it, its arguments (after self) and return types. */
export type MethodInfo = Readonly<NativeMethodInfo>;

export class ScriptModule {
  readonly #native: NativeScriptModule;
  readonly #methods: ReadonlyMap<string, MethodInfo>;
  #disposed = false;

  /** Use torch.jit.load. */
  constructor(handle: NativeScriptModule) {
    this.#native = handle;
    this.#methods = new Map(native().jitMethods(handle).map((m) => [m.name, m]));
  }

  /** The module's methods: forward and those exported with @torch.jit.export. */
  get methods(): ReadonlyMap<string, MethodInfo> {
    return this.#methods;
  }

  #handle(op: string): NativeScriptModule {
    if (this.#disposed) throw new TypeError(`ScriptModule.${op}: the module was disposed`);
    return this.#native;
  }

  /**
   * Calls method `name` with positional arguments; a last argument
   * `{ kwargs: { ... } }` is not special: pass keyword arguments with
   * callWithKeywords. Tensors in the result are new tensors (in the current scope).
   */
  call(name: string, ...args: unknown[]): unknown {
    return this.callWithKeywords(name, args, {});
  }

  /** Calls method `name` with positional and keyword arguments (Python's m.name(*args, **kwargs)). */
  callWithKeywords(name: string, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): unknown {
    const h = this.#handle(name);
    const method = this.#methods.get(name);
    if (!method) {
      const known = [...this.#methods.keys()].join(', ') || 'none';
      throw new TypeError(`ScriptModule: no method '${name}' (its methods: ${known})`);
    }
    const argNames = method.arguments.map((a) => a.name);
    const bridged = args.map((a, i) => toBridge(a, `${name}(): argument '${argNames[i] ?? i}'`));
    const keywords = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, toBridge(v, `${name}(): argument '${k}'`)]));
    return fromBridge(native().jitCall(h, name, bridged, keywords));
  }

  /** forward(...args), as Python's module(*args). */
  forward(...args: unknown[]): unknown {
    return this.call('forward', ...args);
  }

  /** Parameters by dotted name, submodules' included (the module's own tensors, not copies). */
  namedParameters(): [string, Tensor][] {
    return native().jitNamedTensors(this.#handle('namedParameters'), 'parameters').map(([n, r]) => [n, wrap(r.__tensorHandle)]);
  }

  /** Buffers by dotted name (batch norm's running statistics, ...). */
  namedBuffers(): [string, Tensor][] {
    return native().jitNamedTensors(this.#handle('namedBuffers'), 'buffers').map(([n, r]) => [n, wrap(r.__tensorHandle)]);
  }

  /** Parameters and buffers by name, as a typed nn module's loadStateDict takes them. */
  stateDict(): Map<string, Tensor> {
    return new Map([...this.namedParameters(), ...this.namedBuffers()]);
  }

  /** Whether the module is in training mode (dropout active, batch norm updating its statistics). */
  get training(): boolean {
    return native().jitTrain(this.#handle('training'));
  }

  /** Sets training mode here and in every submodule. */
  train(mode = true): this {
    native().jitTrain(this.#handle('train'), mode);
    return this;
  }

  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Writes the module as TorchScript (Python's torch.jit.load reads it). */
  save(path: string): void {
    native().jitSave(this.#handle('save'), path);
  }

  /** Frees the module now, rather than when it is garbage-collected; it cannot be used afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    native().jitDispose(this.#native);
  }
}
