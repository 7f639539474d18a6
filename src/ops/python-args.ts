// Python's way of passing arguments, for the functions written at the
// Python level (torch.nn.functional, torch.masked, torch.unique, ...): the
// optional parameters may be given in order after the required ones, or by
// name in a trailing options object, or both (F.dropout(x, 0.2, {training})).
import { Tensor } from '../core/tensor.ts';

/**
 * The optional parameters of a Python-level function as TypeScript takes
 * them: any leading run of `Pos` in order, then the options object `O`.
 * `PyRest<[p: number, training: boolean], O>` is
 * `[options?: O] | [p: number, options?: O] | [p: number, training: boolean, options?: O]`.
 */
export type PyRest<Pos extends readonly unknown[], O> = Pos extends readonly [...infer Init, unknown]
  ? PyRest<Init, O> | [...Pos, options?: O]
  : [options?: O];

/** A plain object: the options argument (not a tensor, array, typed array or class instance). */
export function isOptions(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Tensor || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Binds the optional arguments of `fn` by Python's rules: `rest` holds values
 * for `params` in order, then possibly an options object naming any of
 * `params` or of the keyword-only `keywords`. Returns them by name; absent
 * ones are undefined. Too many values, unknown names and a value given twice
 * are TypeErrors that name the function and its parameters.
 */
export function bindPy<const P extends readonly string[], const K extends readonly string[] = []>(
  fn: string,
  params: P,
  rest: readonly unknown[],
  keywords?: K,
): { [N in P[number] | K[number]]?: unknown } {
  let count = rest.length;
  while (count > 0 && rest[count - 1] === undefined) count--;
  let options: Record<string, unknown> | undefined;
  if (count > 0 && isOptions(rest[count - 1])) {
    options = rest[count - 1] as Record<string, unknown>;
    count--;
  }
  if (count > params.length) {
    throw new TypeError(`${fn}: takes at most ${params.length} optional positional arguments (${params.join(', ')}), got ${count}`);
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) out[params[i]!] = rest[i];
  if (options) {
    const known = [...params, ...(keywords ?? [])];
    for (const [key, value] of Object.entries(options)) {
      if (!known.includes(key)) {
        throw new TypeError(`${fn}: unknown option '${key}'; the options are ${known.join(', ')}`);
      }
      if (out[key] !== undefined && value !== undefined) throw new TypeError(`${fn}: '${key}' is given twice, in place and by name`);
      if (value !== undefined) out[key] = value;
    }
  }
  for (const [key, value] of Object.entries(out)) checkKind(fn, key, value);
  return out as { [N in P[number] | K[number]]?: unknown };
}

/**
 * The parameters that mean one kind wherever the Python-level functions take them (a flag, a
 * coefficient): a value of another kind is refused by name, not coerced (F.celu(x, true) is not
 * alpha = 1, F.mish(x, 3) is not inplace). null stands for the default, as Python's None.
 */
const FLAGS = new Set(['inplace', 'training', 'keepdim', 'stable', 'descending', 'sorted', 'returnInverse', 'returnCounts', 'useInputStats', 'pivot', 'getInfos', 'alignCorners']);
const COEFFICIENTS = new Set(['alpha', 'beta', 'eps', 'momentum', 'negativeSlope', 'minVal', 'maxVal', 'lower', 'k']);

function checkKind(fn: string, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (FLAGS.has(key) && typeof value !== 'boolean') throw new TypeError(`${fn}: ${key} must be a boolean, got ${describe(value)}`);
  if (COEFFICIENTS.has(key) && typeof value !== 'number') throw new TypeError(`${fn}: ${key} must be a number or null, got ${describe(value)}`);
}

function describe(v: unknown): string {
  if (v instanceof Tensor) return 'a tensor';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `'${v}'` : `${typeof v} ${String(v)}`;
}

/** One value for each of n spatial dims: Python's _single/_pair/_triple. */
export function nTuple(fn: string, name: string, v: unknown, n: number): number[] {
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number')) return v as number[];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return new Array<number>(n).fill(v[0]);
  throw new TypeError(`${fn}: ${name} must be a number or ${n} numbers, got ${JSON.stringify(v)}`);
}
