// The JS half of the generic op path: resolve an operator once, then call it
// with JS values. Tensors go to the native side as handles; results come back
// as handles and are wrapped (or mapped back to the caller's own Tensor object
// for in-place and out= ops, which return the tensor they wrote into).
import { native, type NativeArgInfo, type NativeRetInfo } from './native.ts';
import { Tensor, wrap } from './tensor.ts';
import { TorchError } from './errors.ts';
import { Generator } from './generator.ts';

/** A resolved operator: one schema of libtorch's dispatcher. */
export interface OpHandle {
  readonly id: number;
  /** 'aten::add.Tensor' */
  readonly name: string;
  /** The libtorch schema, e.g. 'aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor'. */
  readonly schema: string;
  readonly args: readonly NativeArgInfo[];
  readonly returns: readonly NativeRetInfo[];
  /** @internal How results are converted; precomputed for the hot path. */
  readonly resultMode: ResultMode;
}

const enum ResultMode {
  None,
  /** One Tensor that is a new tensor. */
  NewTensor,
  /** Anything else: converted return by return. */
  General,
}

const handles = new Map<string, OpHandle>();
let loaded: ReturnType<typeof native> | undefined;

/**
 * Resolves an operator by qualified name: 'add.Tensor', 'aten::mm',
 * 'sum.dim_IntList' (the part after the dot is the overload name; none means
 * the default overload). Cached: each schema is looked up once.
 */
export function op(qualified: string): OpHandle {
  const found = handles.get(qualified);
  if (found) return found;
  const dot = qualified.indexOf('.', qualified.indexOf('::') + 1);
  const name = dot < 0 ? qualified : qualified.slice(0, dot);
  const overload = dot < 0 ? '' : qualified.slice(dot + 1);
  loaded ??= native();
  const info = loaded.lookupOp(name, overload);
  if (info.unsupported) {
    throw new TorchError(`${info.name} cannot be called from JS: ${info.unsupported}`);
  }
  const single = info.returns.length === 1 ? info.returns[0]! : undefined;
  const resultMode =
    info.returns.length === 0
      ? ResultMode.None
      : single && single.kind === 'Tensor' && single.writeArg < 0 && !single.type.endsWith('?')
        ? ResultMode.NewTensor
        : ResultMode.General;
  const handle: OpHandle = { ...info, resultMode };
  handles.set(qualified, handle);
  return handle;
}

/** A JS argument as the native side takes it: tensors and generators become their ids. */
function toNative(op: OpHandle, v: unknown, index: number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Tensor) {
    if (v._h < 0) throw disposedArg(op, index);
    return v._h;
  }
  if (Array.isArray(v)) return listToNative(op, v, index);
  if (v instanceof Generator) return v._id;
  return v;
}

function listToNative(op: OpHandle, v: unknown[], index: number): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (e instanceof Tensor) {
      if (e._h < 0) throw disposedArg(op, index);
      out ??= v.slice();
      out[i] = e._h;
    }
  }
  return out ?? v;
}

function disposedArg(op: OpHandle, index: number): TorchError {
  const name = op.args[index]?.name ?? `#${index}`;
  return new TorchError(`${op.name}: argument '${name}' is a disposed tensor`);
}

function convertReturn(ret: NativeRetInfo, value: unknown, args: readonly unknown[]): unknown {
  if (value === null || value === undefined) return null;
  if (ret.kind === 'Tensor') {
    if (ret.writeArg >= 0) {
      const target = args[ret.writeArg];
      if (target instanceof Tensor && target._h === value) return target;
    }
    return wrap(value as number);
  }
  if (ret.kind === 'Tensor[]' || ret.kind === 'Tensor?[]') {
    return (value as (number | null)[]).map((h) => (h === null ? null : wrap(h)));
  }
  return value;
}

/**
 * Calls a resolved operator with arguments in schema order. `undefined`
 * means "the schema's default" (or None for optional arguments); trailing
 * arguments may be left out. One return comes back as itself, several as an
 * array.
 */
export function callOp(op: OpHandle, args: readonly unknown[]): unknown {
  return callOpWith(op, NO_RECEIVER, args, args.length);
}

/** Marks "no receiver" for callOpWith. */
export const NO_RECEIVER: unique symbol = Symbol('no receiver');

/**
 * Calls `op` with `receiver` (when given) followed by `rest[0..count)` as its
 * leading schema arguments; the schema's defaults fill the rest. This is the
 * hot path of every generated function and method, so it builds no argument
 * array and leaves trailing `undefined`s on the JS side.
 */
export function callOpWith(op: OpHandle, receiver: unknown, rest: readonly unknown[], count: number): unknown {
  while (count > 0 && rest[count - 1] === undefined) count--;
  const addon = loaded ?? native();
  const id = op.id;
  let raw: unknown;
  if (receiver === NO_RECEIVER) {
    switch (count) {
      case 0: raw = addon.callOp(id); break;
      case 1: raw = addon.callOp(id, toNative(op, rest[0], 0)); break;
      case 2: raw = addon.callOp(id, toNative(op, rest[0], 0), toNative(op, rest[1], 1)); break;
      case 3:
        raw = addon.callOp(id, toNative(op, rest[0], 0), toNative(op, rest[1], 1), toNative(op, rest[2], 2));
        break;
      default:
        raw = addon.callOp(id, ...rest.slice(0, count).map((v, i) => toNative(op, v, i)));
    }
  } else {
    const self = toNative(op, receiver, 0);
    switch (count) {
      case 0: raw = addon.callOp(id, self); break;
      case 1: raw = addon.callOp(id, self, toNative(op, rest[0], 1)); break;
      case 2: raw = addon.callOp(id, self, toNative(op, rest[0], 1), toNative(op, rest[1], 2)); break;
      default:
        raw = addon.callOp(id, self, ...rest.slice(0, count).map((v, i) => toNative(op, v, i + 1)));
    }
  }
  switch (op.resultMode) {
    case ResultMode.None:
      return undefined;
    case ResultMode.NewTensor:
      return new Tensor(raw as number);
    default: {
      const args = receiver === NO_RECEIVER ? rest : [receiver, ...rest];
      if (op.returns.length === 1) return convertReturn(op.returns[0]!, raw, args);
      return (raw as unknown[]).map((v, i) => convertReturn(op.returns[i]!, v, args));
    }
  }
}

/** Resolves and calls an operator by qualified name: `call('add.Tensor', a, b)`. */
export function call(qualified: string, ...args: unknown[]): unknown {
  return callOp(op(qualified), args);
}

/** Every operator schema registered in the loaded libtorch ('aten::add.Tensor', ...). */
export function registeredOps(): string[] {
  return native().listOps();
}
