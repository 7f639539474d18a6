// Run-time overload resolution for the typed public API. Each generated
// function or method hands its arguments to dispatch() with the schemas it
// stands for (overloads.ts); the first schema whose argument kinds fit the
// actual values gets them bound to its positions (positional values, then
// the options object by camelCase name) and is called through its function
// in the untyped layer (aten.ts). The library's own code calls that layer
// directly and never comes here.
import { Tensor } from '../core/tensor.ts';
import { isDType, LAYOUTS as LAYOUT_NAMES } from '../core/dtype.ts';
import { Generator } from '../core/generator.ts';
import { camel } from './names.ts';
import { isOptions } from './python-args.ts';
import type { ArgKind } from './arg-kinds.ts';
import { DEFAULTED, KWARG_ONLY, NULLABLE, type ArgSpec, type OpSchema } from './schema.ts';

/** What binding needs to know of a schema, computed at its first resolution. */
interface Binding {
  /** Option-object keys (camelCase) by argument index. */
  readonly keys: readonly string[];
  /** The positional (not keyword-only) argument indices. */
  readonly positional: readonly number[];
  /** Index of `self`, the receiver of the method form (-1: none). */
  readonly selfIndex: number;
  /** Whether positional arguments come first in schema order (true unless `self` is not first). */
  readonly leadingPositional: boolean;
  /** optionalFrom[k]: every argument from index k on has a default or accepts None. */
  readonly optionalFrom: readonly boolean[];
  readonly fn: (...args: unknown[]) => unknown;
}

const bindings = new Map<OpSchema, Binding>();

function bindingOf(s: OpSchema): Binding {
  const found = bindings.get(s);
  if (found) return found;
  const args = s.args;
  const positional: number[] = [];
  args.forEach((a, i) => {
    if (((a[2] ?? 0) & KWARG_ONLY) === 0) positional.push(i);
  });
  const optionalFrom = new Array<boolean>(args.length + 1).fill(true);
  for (let k = args.length - 1; k >= 0; k--) {
    optionalFrom[k] = optionalFrom[k + 1]! && ((args[k]![2] ?? 0) & (DEFAULTED | NULLABLE)) !== 0;
  }
  const selfIndex = args.findIndex((a) => a[0] === 'self');
  const b: Binding = {
    keys: args.map((a) => camel(a[0])),
    positional,
    selfIndex,
    leadingPositional: selfIndex <= 0,
    optionalFrom,
    fn: s.fn as (...args: unknown[]) => unknown,
  };
  bindings.set(s, b);
  return b;
}

const LAYOUTS = new Set<string>(LAYOUT_NAMES);
const MEMORY_FORMATS = new Set(['contiguous_format', 'preserve_format', 'channels_last', 'channels_last_3d']);

const isInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
const isNum = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
const isScalar = (v: unknown) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';

/** Which JS values can stand for an argument of each kind (every kind of src/ops/arg-kinds.ts). */
const FITS: Record<ArgKind, (v: unknown) => boolean> = {
  Tensor: (v) => v instanceof Tensor,
  'Tensor[]': (v) => Array.isArray(v) && v.every((e) => e instanceof Tensor),
  'Tensor?[]': (v) => Array.isArray(v) && v.every((e) => e === null || e instanceof Tensor),
  int: isInt,
  'int[]': (v) => isInt(v) || (Array.isArray(v) && v.every(isInt)),
  float: isNum,
  'float[]': (v) => isNum(v) || (Array.isArray(v) && v.every(isNum)),
  bool: (v) => typeof v === 'boolean',
  'bool[]': (v) => Array.isArray(v) && v.every((e) => typeof e === 'boolean'),
  str: (v) => typeof v === 'string',
  'str[]': (v) => Array.isArray(v) && v.every((e) => typeof e === 'string'),
  Scalar: isScalar,
  'Scalar[]': (v) => Array.isArray(v) && v.every(isScalar),
  ScalarType: isDType,
  Layout: (v) => typeof v === 'string' && LAYOUTS.has(v),
  MemoryFormat: (v) => typeof v === 'string' && MEMORY_FORMATS.has(v),
  Device: (v) => typeof v === 'string' && !isDType(v),
  Generator: (v) => v instanceof Generator,
};

/** Whether a JS value can stand for a schema argument of this kind. */
export function fits(kind: ArgKind, v: unknown): boolean {
  return FITS[kind](v);
}

function accepts(spec: ArgSpec, v: unknown): boolean {
  if (v === undefined) return ((spec[2] ?? 0) & (DEFAULTED | NULLABLE)) !== 0;
  if (v === null) return ((spec[2] ?? 0) & NULLABLE) !== 0;
  return FITS[spec[1]](v);
}

/**
 * Binds the actual arguments to one schema; returns the schema-ordered
 * argument list, or undefined when the values do not fit.
 */
function bind(
  s: OpSchema,
  b: Binding,
  receiver: Tensor | undefined,
  args: readonly unknown[],
  count: number,
  options: Record<string, unknown> | undefined,
): unknown[] | undefined {
  const specs = s.args;
  const out = new Array<unknown>(specs.length);
  // Positional values, in schema order (the receiver takes `self`'s place).
  let given = 0;
  const positional = b.positional;
  for (let j = 0; j < positional.length; j++) {
    const i = positional[j]!;
    if (i === b.selfIndex && receiver !== undefined) {
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
    const key = b.keys[i]!;
    if (i !== b.selfIndex && key in options) {
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

function describe(v: unknown): string {
  if (v instanceof Tensor) return v.isDisposed ? 'Tensor(disposed)' : `Tensor<${v.dtype}>[${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (v === null) return 'null';
  if (isOptions(v)) return `{${Object.keys(v).join(', ')}}`;
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : typeof v;
}

function signature(s: OpSchema, method: boolean): string {
  const b = bindingOf(s);
  const parts = s.args
    .map((a, i) => ({ a, i }))
    .filter(({ i }) => !(method && i === b.selfIndex))
    .map(({ a, i }) => {
      const flags = a[2] ?? 0;
      const opt = flags & (DEFAULTED | NULLABLE) ? '?' : '';
      return `${flags & KWARG_ONLY ? '{' : ''}${b.keys[i]}${opt}: ${a[1]}${flags & KWARG_ONLY ? '}' : ''}`;
    });
  return `${s.qualified}(${parts.join(', ')})`;
}

function noMatch(name: string, schemas: readonly OpSchema[], receiver: Tensor | undefined, args: readonly unknown[]): TypeError {
  const method = receiver !== undefined;
  const got = (method ? [`this: ${describe(receiver)}`] : []).concat(args.map(describe)).join(', ');
  const lines = schemas.map((s) => `  ${signature(s, method)}`).join('\n');
  return new TypeError(`${name}: no overload accepts (${got}). Overloads:\n${lines}`);
}

/** Calls fn with the receiver (when given) and args[0..count) as its leading arguments. */
function callLeading(fn: (...args: unknown[]) => unknown, receiver: Tensor | undefined, args: readonly unknown[], count: number): unknown {
  if (receiver === undefined) {
    switch (count) {
      case 0: return fn();
      case 1: return fn(args[0]);
      case 2: return fn(args[0], args[1]);
      case 3: return fn(args[0], args[1], args[2]);
      default: return fn(...args.slice(0, count));
    }
  }
  switch (count) {
    case 0: return fn(receiver);
    case 1: return fn(receiver, args[0]);
    case 2: return fn(receiver, args[0], args[1]);
    default: return fn(receiver, ...args.slice(0, count));
  }
}

function run(name: string, schemas: readonly OpSchema[], receiver: Tensor | undefined, args: readonly unknown[]): unknown {
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--;
  let options: Record<string, unknown> | undefined;
  const last = count > 0 ? args[count - 1] : undefined;
  if (typeof last === 'object' && last !== null && !(last instanceof Tensor) && isOptions(last)) {
    options = args[count - 1] as Record<string, unknown>;
    count--;
  }
  for (let k = 0; k < schemas.length; k++) {
    const s = schemas[k]!;
    const b = bindingOf(s);
    if (options === undefined && b.leadingPositional && (receiver === undefined || b.selfIndex === 0)) {
      // Fast path: values map onto the leading schema arguments in order.
      const first = receiver === undefined ? 0 : 1;
      const total = first + count;
      if (total > b.positional.length || !b.optionalFrom[total]) continue;
      let ok = true;
      for (let i = 0; i < count; i++) {
        if (!accepts(s.args[first + i]!, args[i])) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      return callLeading(b.fn, receiver, args, count);
    }
    const bound = bind(s, b, receiver, args, count, options);
    if (bound !== undefined) return b.fn(...bound);
  }
  throw noMatch(name, schemas, receiver, args);
}

/** Per free function: the resolution of its calls with only Tensors. */
const freeTensorCalls = new Map<readonly OpSchema[], TensorCalls>();

/** Calls the free function `name` with JS arguments. */
export function dispatch(name: string, schemas: readonly OpSchema[], args: readonly unknown[]): unknown {
  const count = args.length;
  if (count >= 1 && count <= MAX_TENSOR_CALL && args.every((a) => a instanceof Tensor)) {
    let calls = freeTensorCalls.get(schemas);
    if (calls === undefined) freeTensorCalls.set(schemas, (calls = new TensorCalls(schemas, false)));
    const fn = calls.resolve(args, undefined);
    if (fn !== null) return callLeading(fn, undefined, args, count);
  }
  return run(name, schemas, undefined, args);
}

/** Calls the method `name` on `receiver`. */
export function dispatchMethod(name: string, schemas: readonly OpSchema[], receiver: Tensor, args: readonly unknown[]): unknown {
  return run(name, schemas, receiver, args);
}

type Leading = (...args: unknown[]) => unknown;

/** The most Tensor arguments (after a method's receiver) whose resolution is kept. */
const MAX_TENSOR_CALL = 3;

/**
 * A function's or method's resolution for calls whose arguments are all
 * Tensors, kept by argument count (see leadingForTensors): `undefined` not
 * asked yet, `null` served by the general path.
 */
class TensorCalls {
  readonly byCount: (Leading | null | undefined)[] = new Array(MAX_TENSOR_CALL + 1).fill(undefined);
  constructor(private readonly schemas: readonly OpSchema[], private readonly method: boolean) {}

  resolve(args: readonly unknown[], receiver: Tensor | undefined): Leading | null {
    const count = args.length;
    let fn = this.byCount[count];
    if (fn === undefined) fn = this.byCount[count] = leadingForTensors(this.schemas, this.method, count, args, receiver);
    return fn;
  }
}

/**
 * The schema function that resolution picks for `count` Tensor arguments
 * (after the receiver, when `method`), or null when it would not pick one
 * through the leading-positional path. With only Tensors given, every test
 * of the resolution depends on the kinds and the count alone, so the answer
 * holds for every such call and a method can keep it.
 */
function leadingForTensors(schemas: readonly OpSchema[], method: boolean, count: number, sample: readonly unknown[], receiver: Tensor | undefined): Leading | null {
  for (let k = 0; k < schemas.length; k++) {
    const s = schemas[k]!;
    const b = bindingOf(s);
    if (b.leadingPositional && (!method || b.selfIndex === 0)) {
      const first = method ? 1 : 0;
      const total = first + count;
      if (total > b.positional.length || !b.optionalFrom[total]) continue;
      let ok = true;
      for (let i = 0; i < count; i++) if (s.args[first + i]![1] !== 'Tensor') ok = false;
      if (ok) return b.fn;
    } else if (bind(s, b, receiver, sample, count, undefined) !== undefined) {
      return null; // picked through bind(): the general path serves it
    }
  }
  return null;
}

/** Installs generated methods on Tensor.prototype: each resolves its overloads at call time. */
export function installMethods(table: Record<string, readonly OpSchema[]>): void {
  for (const [name, schemas] of Object.entries(table)) {
    // The hot calls, t.add(u), t.relu(), t.where(c, u): the receiver and up
    // to two Tensors. Their resolution is kept per method and count, and
    // they skip the rest-argument array and the overload loop.
    const calls = new TensorCalls(schemas, true);
    const byCount = calls.byCount;
    const tensorCall = (receiver: Tensor, args: readonly unknown[]): unknown => {
      const fn = calls.resolve(args, receiver);
      return fn === null ? dispatchMethod(name, schemas, receiver, args) : callLeading(fn, receiver, args, args.length);
    };
    Object.defineProperty(Tensor.prototype, name, {
      value: function (this: Tensor, a?: unknown, b?: unknown): unknown {
        const n = arguments.length;
        if (n === 0) {
          const fn = byCount[0];
          if (fn) return fn(this);
          return tensorCall(this, []);
        }
        if (n === 1 && a instanceof Tensor) {
          const fn = byCount[1];
          if (fn) return fn(this, a);
          return tensorCall(this, [a]);
        }
        if (n === 2 && a instanceof Tensor && b instanceof Tensor) {
          const fn = byCount[2];
          if (fn) return fn(this, a, b);
          return tensorCall(this, [a, b]);
        }
        return dispatchMethod(name, schemas, this, Array.prototype.slice.call(arguments));
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
