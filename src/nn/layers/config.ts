// A layer's constructor arguments taken as Python takes them: positional in
// Python's order, or by name in a trailing options object, or both
// (new nn.LeakyReLU(0.2), new nn.MaxPool2d(2, { stride: 1 })). Every value
// is checked against the kind of its default when the layer is built, so a
// wrong argument fails at construction, naming the layer and the argument,
// and an unknown option is refused rather than ignored.
import { bindPy } from '../../ops/python-args.ts';
import { Tensor } from '../../core/tensor.ts';
import { Module } from '../module.ts';

/** What an argument may be: the kind of its default, or an explicit list of kinds. */
export type Kind = 'number' | 'int' | 'boolean' | 'string' | 'ints' | 'tensor' | 'module' | 'function' | 'null';

export interface Param {
  /** camelCase name (Python's snake_case name is derived for extraRepr). */
  name: string;
  default: unknown;
  kinds: readonly Kind[];
  /** Allowed string values. */
  oneOf?: readonly string[];
}

/** p('alpha', 1.0), p('stride', null, ['ints', 'null']), p('mode', 'zeros', ['string'], ['zeros', 'reflect']). */
export function p(name: string, def: unknown, kinds?: readonly Kind[], oneOf?: readonly string[]): Param {
  return { name, default: def, kinds: kinds ?? [kindOf(def)], ...(oneOf ? { oneOf } : {}) };
}

function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (typeof v === 'number') return 'number'; // integer arguments say 'int' explicitly
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'ints';
  if (typeof v === 'function') return 'function';
  return v instanceof Module ? 'module' : 'tensor';
}

function fits(v: unknown, k: Kind): boolean {
  switch (k) {
    case 'number': return typeof v === 'number' && !Number.isNaN(v);
    case 'int': return typeof v === 'number' && Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
    case 'ints': return (typeof v === 'number' && Number.isInteger(v)) || (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x)));
    case 'tensor': return v instanceof Tensor;
    case 'module': return v instanceof Module;
    case 'function': return typeof v === 'function';
    case 'null': return v === null;
  }
}

const DESCRIBE: Record<Kind, string> = {
  number: 'a number', int: 'an integer', boolean: 'a boolean', string: 'a string', ints: 'an integer or an array of integers',
  tensor: 'a tensor', module: 'a module', function: 'a function', null: 'null',
};

/**
 * Binds `rest` (after the required arguments) to `params` by Python's rules,
 * fills in defaults and checks every value. `keywordOnly` params can only be
 * given by name.
 */
export function configure<C extends object>(
  cls: string,
  params: readonly Param[],
  rest: readonly unknown[],
  keywordOnly: readonly Param[] = [],
): C {
  const bound = bindPy(cls, params.map((q) => q.name), rest, keywordOnly.map((q) => q.name)) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const q of [...params, ...keywordOnly]) {
    const v = bound[q.name] === undefined ? q.default : bound[q.name];
    const kinds = q.kinds;
    if (!kinds.some((k) => fits(v, k))) {
      throw new TypeError(`${cls}: ${q.name} must be ${kinds.map((k) => DESCRIBE[k]).join(' or ')}, got ${show(v)}`);
    }
    if (q.oneOf && typeof v === 'string' && !q.oneOf.includes(v)) {
      throw new TypeError(`${cls}: ${q.name} must be one of ${q.oneOf.map((s) => `'${s}'`).join(', ')}, got '${v}'`);
    }
    out[q.name] = v;
  }
  return out as C;
}

/** A required argument, checked like an optional one. */
export function required<T>(cls: string, name: string, v: T, kind: Kind): T {
  if (!fits(v, kind)) throw new TypeError(`${cls}: ${name} must be ${DESCRIBE[kind]}, got ${show(v)}`);
  if ((kind === 'int' || kind === 'ints') && typeof v === 'number' && v < 0) throw new RangeError(`${cls}: ${name} must be non-negative, got ${v}`);
  return v;
}

function show(v: unknown): string {
  if (v instanceof Tensor) return `a ${v.dtype} tensor`;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'function') return 'a function';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Python's snake_case name of a camelCase option (for extraRepr). */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
