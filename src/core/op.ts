// Operators by name: the one place that turns a schema name into a
// dispatcher handle (the generated layer resolves its schemas through it),
// and the by-name call path of `torch.ops.call` for any registered schema,
// with arguments converted by the kinds the addon reports. Tensors go to the
// native side as handles; results come back as handles and are wrapped (or
// mapped back to the caller's own Tensor object for in-place and out= ops).
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
  /** The C++ signature the addon calls it through unboxed (the commonest schema shapes); absent: boxed, with an IValue stack. */
  readonly unboxed?: string;
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
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--;
  const raw = (loaded ?? native()).callOp(op.id, ...args.slice(0, count).map((v, i) => toNative(op, v, i)));
  switch (op.resultMode) {
    case ResultMode.None:
      return undefined;
    case ResultMode.NewTensor:
      return new Tensor(raw as number);
    default:
      if (op.returns.length === 1) return convertReturn(op.returns[0]!, raw, args);
      return (raw as unknown[]).map((v, i) => convertReturn(op.returns[i]!, v, args));
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
