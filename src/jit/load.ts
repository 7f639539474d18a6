// torch.jit.load: a file saved by Python's torch.jit.save (or
// torch.jit.script(m).save / torch.jit.trace(m, x).save), checked as a zip
// with every entry's CRC before libtorch reads it, so that a damaged file is
// an error naming it, and a state dict saved with torch.save is told apart.
import { readRegularFile } from '../core/files.ts';
import { native } from '../core/native.ts';
import { TorchError } from '../core/errors.ts';
import { readZip } from '../serialization/reader.ts';
import { ScriptModule } from './script-module.ts';

export class TorchScriptError extends Error {
  constructor(path: string, why: string) {
    super(`torch.jit.load: cannot load '${path}': ${why}`);
    this.name = 'TorchScriptError';
  }
}

export interface LoadOptions {
  /** Where the module's tensors go (default: where they were saved). */
  device?: string;
}

/**
 * A loaded module whose methods are also properties by name. `M` types them
 * (`load<{ forward(x: Tensor): Tensor }>(path)`, or the interface
 * `typed-torch jit-types` writes), in place of the untyped forward.
 */
export type LoadedModule<M = unknown> = Omit<ScriptModule, keyof M | 'train' | 'eval'> & {
  /** Sets training mode here and in every submodule. */
  train(mode?: boolean): LoadedModule<M>;
  /** Evaluation mode: train(false). */
  eval(): LoadedModule<M>;
} & M;

export function load<M = unknown>(path: string, options: LoadOptions = {}): LoadedModule<M> {
  const fail = (why: string): never => {
    throw new TorchScriptError(path, why);
  };
  const bytes = readRegularFile(path, fail);
  if (bytes.length < 22) fail(`only ${bytes.length} bytes: not a TorchScript file`);
  let names: string[] = [];
  try {
    names = [...readZip(bytes, fail, { deflate: true }).keys()];
  } catch (e) {
    if (e instanceof TorchScriptError) throw e;
    fail(`corrupt file (${(e as Error).message})`);
  }
  const isScript = names.some((n) => /(^|\/)constants\.pkl$/.test(n)) && names.some((n) => /(^|\/)code\//.test(n));
  if (!isScript) {
    if (names.some((n) => /(^|\/)data\.pkl$/.test(n))) {
      fail('it is a checkpoint saved with torch.save, not a TorchScript module: read it with torch.load, or save the module in Python with torch.jit.script(model).save(path)');
    }
    fail('the archive holds no TorchScript code (no code/ and constants.pkl entries)');
  }
  let handle;
  try {
    handle = native().jitLoad(bytes, options.device ?? null);
  } catch (e) {
    if (e instanceof TorchError) fail(e.message);
    throw e;
  }
  const module = new ScriptModule(handle);
  // Methods by name as properties (m.encode(x), as in Python), alongside the class's own members;
  // members that return the module itself (train, eval) return this view of it.
  const view = new Proxy(module, {
    get(target, prop) {
      if (typeof prop === 'string' && !(prop in target) && target.methods.has(prop)) return (...args: unknown[]) => target.call(prop, ...args);
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result === target ? view : result;
      };
    },
    has(target, prop) {
      return (typeof prop === 'string' && target.methods.has(prop)) || Reflect.has(target, prop);
    },
  }) as unknown as LoadedModule<M>;
  return view;
}
