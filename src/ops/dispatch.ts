// Runtime overload resolution for the generated op API. Each generated
// function or method hands its arguments to dispatch() with the list of
// schema overloads it stands for; the first overload whose argument kinds fit
// the actual values is called through the generic op path.
import { Tensor } from '../core/tensor.ts';
import { callOp, callOpWith, NO_RECEIVER, op, type OpHandle } from '../core/op.ts';
import { isDType } from '../core/dtype.ts';
import { TorchError } from '../core/errors.ts';
import { Generator } from '../core/generator.ts';

/** Argument flags in generated overload tables. */
export const DEFAULTED = 1;
export const NULLABLE = 2;
export const KWARG_ONLY = 4;

/** One schema argument: [schema name, kind, flags]. */
export type ArgSpec = readonly [name: string, kind: string, flags?: number];

export interface Overload {
  /** 'add.Tensor' */
  readonly qualified: string;
  readonly args: readonly ArgSpec[];
  /** Option-object keys (camelCase) by argument index. */
  readonly keys: readonly string[];
  /** The positional (not keyword-only) argument indices. */
  readonly positional: readonly number[];
  /** Index of `self`, the receiver of the method form (-1: none). */
  readonly selfIndex: number;
  /** Resolved lazily: looking up 2,000 schemas at import would cost start-up time. */
  handle: OpHandle | undefined;
  /** Whether positional arguments come first in schema order (true unless `self` is not first). */
  readonly leadingPositional: boolean;
  /** optionalFrom[k]: every argument from index k on has a default or accepts None. */
  readonly optionalFrom: readonly boolean[];
}

function camel(snake: string): string {
  return snake.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Every generated overload, for the one-time check that libtorch has them all. */
const allOverloads: Overload[] = [];
let verified = false;

/**
 * Resolves every generated overload against libtorch's dispatcher (~15 ms,
 * once, at the first generated call): generated code that does not match the
 * loaded libtorch fails at once, naming every missing schema, rather than at
 * some later call.
 */
export function verifyGenerated(): void {
  if (verified) return;
  const missing: string[] = [];
  for (const ov of allOverloads) {
    try {
      ov.handle ??= op(ov.qualified);
    } catch (e) {
      missing.push(`${ov.qualified}: ${(e as Error).message}`);
    }
  }
  verified = true;
  if (missing.length > 0) {
    throw new TorchError(
      `the generated op API does not match the loaded libtorch (run \`npm run gen\`):\n  ${missing.join('\n  ')}`,
    );
  }
}

/** Builds a generated overload entry. */
export function overload(qualified: string, args: readonly ArgSpec[]): Overload {
  const positional: number[] = [];
  args.forEach((a, i) => {
    if (((a[2] ?? 0) & KWARG_ONLY) === 0) positional.push(i);
  });
  const optionalFrom = new Array<boolean>(args.length + 1).fill(true);
  for (let k = args.length - 1; k >= 0; k--) {
    optionalFrom[k] = optionalFrom[k + 1]! && ((args[k]![2] ?? 0) & (DEFAULTED | NULLABLE)) !== 0;
  }
  const selfIndex = args.findIndex((a) => a[0] === 'self');
  const entry: Overload = {
    qualified,
    args,
    keys: args.map((a) => camel(a[0])),
    positional,
    selfIndex,
    handle: undefined,
    leadingPositional: selfIndex <= 0,
    optionalFrom,
  };
  allOverloads.push(entry);
  return entry;
}

const LAYOUTS = new Set(['strided', 'sparse_coo', 'sparse_csr']);
const MEMORY_FORMATS = new Set(['contiguous_format', 'preserve_format', 'channels_last', 'channels_last_3d']);

const isInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
const isNum = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
const isScalar = (v: unknown) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';

/** Whether a JS value can stand for a schema argument of this kind. */
export function fits(kind: string, v: unknown): boolean {
  switch (kind) {
    case 'Tensor': return v instanceof Tensor;
    case 'Tensor[]': return Array.isArray(v) && v.every((e) => e instanceof Tensor);
    case 'Tensor?[]': return Array.isArray(v) && v.every((e) => e === null || e instanceof Tensor);
    case 'int': return isInt(v);
    case 'int[]': return isInt(v) || (Array.isArray(v) && v.every(isInt));
    case 'float': return isNum(v);
    case 'float[]': return isNum(v) || (Array.isArray(v) && v.every(isNum));
    case 'bool': return typeof v === 'boolean';
    case 'bool[]': return Array.isArray(v) && v.every((e) => typeof e === 'boolean');
    case 'str': return typeof v === 'string';
    case 'str[]': return Array.isArray(v) && v.every((e) => typeof e === 'string');
    case 'Scalar': return isScalar(v);
    case 'Scalar[]': return Array.isArray(v) && v.every(isScalar);
    case 'ScalarType': return isDType(v);
    case 'Layout': return typeof v === 'string' && LAYOUTS.has(v);
    case 'MemoryFormat': return typeof v === 'string' && MEMORY_FORMATS.has(v);
    case 'Device': return typeof v === 'string' && !isDType(v);
    case 'Generator': return v instanceof Generator;
    default: return false;
  }
}

function isOptions(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Tensor || ArrayBuffer.isView(v)) {
    return false;
  }
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Binds the actual arguments to one overload; returns the schema-ordered
 * argument list, or undefined when the values do not fit.
 */
function bind(
  ov: Overload,
  receiver: Tensor | undefined,
  args: readonly unknown[],
  count: number,
  options: Record<string, unknown> | undefined,
): unknown[] | undefined {
  const specs = ov.args;
  const out = new Array<unknown>(specs.length);
  // Positional values, in schema order (the receiver takes `self`'s place).
  let given = 0;
  const positional = ov.positional;
  for (let j = 0; j < positional.length; j++) {
    const i = positional[j]!;
    if (i === ov.selfIndex && receiver !== undefined) {
      out[i] = receiver;
    } else if (given < count) {
      const v = args[given++];
      if (!accepts(specs[i]!, v)) return undefined;
      out[i] = v;
    }
  }
  if (given < count) return undefined; // more positional values than the schema has
  if (options === undefined) {
    // Every argument not given must have a default or accept None.
    for (let i = 0; i < specs.length; i++) {
      if (out[i] === undefined && ((specs[i]![2] ?? 0) & (DEFAULTED | NULLABLE)) === 0) return undefined;
    }
    return out;
  }
  let used = 0;
  for (let i = 0; i < specs.length; i++) {
    const key = ov.keys[i]!;
    if (i !== ov.selfIndex && key in options) {
      if (out[i] !== undefined) return undefined; // given twice: in place and by name
      used++;
      const v = options[key];
      if (v !== undefined) {
        if (!accepts(specs[i]!, v)) return undefined;
        out[i] = v;
      }
    }
    if (out[i] === undefined && ((specs[i]![2] ?? 0) & (DEFAULTED | NULLABLE)) === 0) return undefined;
  }
  return used === Object.keys(options).length ? out : undefined; // unknown option names do not fit
}

function accepts(spec: ArgSpec, v: unknown): boolean {
  if (v === undefined) return ((spec[2] ?? 0) & (DEFAULTED | NULLABLE)) !== 0;
  if (v === null) return ((spec[2] ?? 0) & NULLABLE) !== 0;
  return fits(spec[1], v);
}

function describe(v: unknown): string {
  if (v instanceof Tensor) return v.isDisposed ? 'Tensor(disposed)' : `Tensor<${v.dtype}>[${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (v === null) return 'null';
  if (isOptions(v)) return `{${Object.keys(v).join(', ')}}`;
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : typeof v;
}

function signature(ov: Overload, method: boolean): string {
  const parts = ov.args
    .map((a, i) => ({ a, i }))
    .filter(({ i }) => !(method && i === ov.selfIndex))
    .map(({ a, i }) => {
      const flags = a[2] ?? 0;
      const opt = flags & (DEFAULTED | NULLABLE) ? '?' : '';
      return `${flags & KWARG_ONLY ? '{' : ''}${ov.keys[i]}${opt}: ${a[1]}${flags & KWARG_ONLY ? '}' : ''}`;
    });
  return `${ov.qualified}(${parts.join(', ')})`;
}

function noMatch(name: string, overloads: readonly Overload[], receiver: Tensor | undefined, args: readonly unknown[]): TypeError {
  const method = receiver !== undefined;
  const got = (method ? [`this: ${describe(receiver)}`] : []).concat(args.map(describe)).join(', ');
  const lines = overloads.map((ov) => `  ${signature(ov, method)}`).join('\n');
  return new TypeError(`${name}: no overload accepts (${got}). Overloads:\n${lines}`);
}

function run(
  name: string,
  overloads: readonly Overload[],
  receiver: Tensor | undefined,
  args: readonly unknown[],
): unknown {
  if (!verified) verifyGenerated();
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--;
  let options: Record<string, unknown> | undefined;
  const last = count > 0 ? args[count - 1] : undefined;
  if (typeof last === 'object' && last !== null && !(last instanceof Tensor) && isOptions(last)) {
    options = args[count - 1] as Record<string, unknown>;
    count--;
  }
  for (let k = 0; k < overloads.length; k++) {
    const ov = overloads[k]!;
    if (options === undefined && ov.leadingPositional && (receiver === undefined || ov.selfIndex === 0)) {
      // Fast path: values map onto the leading schema arguments in order.
      const first = receiver === undefined ? 0 : 1;
      const total = first + count;
      if (total > ov.positional.length || !ov.optionalFrom[total]) continue;
      let ok = true;
      for (let i = 0; i < count; i++) {
        if (!accepts(ov.args[first + i]!, args[i])) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      ov.handle ??= op(ov.qualified);
      return callOpWith(ov.handle, receiver === undefined ? NO_RECEIVER : receiver, args, count);
    }
    const bound = bind(ov, receiver, args, count, options);
    if (bound !== undefined) {
      ov.handle ??= op(ov.qualified);
      return callOp(ov.handle, bound);
    }
  }
  throw noMatch(name, overloads, receiver, args);
}

/** Calls the free function `name` with JS arguments. */
export function dispatch(name: string, overloads: readonly Overload[], args: readonly unknown[]): unknown {
  return run(name, overloads, undefined, args);
}

/** Calls the method `name` on `receiver`. */
export function dispatchMethod(
  name: string,
  overloads: readonly Overload[],
  receiver: Tensor,
  args: readonly unknown[],
): unknown {
  return run(name, overloads, receiver, args);
}


/** Installs generated methods on Tensor.prototype: each resolves its overloads at call time. */
export function installMethods(table: Record<string, readonly Overload[]>): void {
  for (const [name, overloads] of Object.entries(table)) {
    Object.defineProperty(Tensor.prototype, name, {
      value: function (this: Tensor, ...args: unknown[]): unknown {
        return dispatchMethod(name, overloads, this, args);
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
