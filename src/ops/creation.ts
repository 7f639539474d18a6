// Creating tensors: from JS data (nested arrays, typed arrays, scalars) and
// the factories (zeros, ones, full, rand, arange, ...), over the generated
// layer's factory ops.
import type { DType, Device } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import type { Sub } from '../types/arith.ts';
import { native } from '../core/native.ts';
import { Tensor, wrap } from '../core/tensor.ts';
import type { Generator } from '../core/generator.ts';
import { dtypeOfTypedArray, type AnyTypedArray } from '../core/dtype.ts';
import * as aten from './generated/aten.ts';

export interface FactoryOptions<D extends DType = DType, V extends Device = Device> {
  dtype?: D;
  device?: V;
  requiresGrad?: boolean;
}

/** Options of the random factories: which generator to draw from (default: the default generator). */
export interface RandomOptions<D extends DType = DType, V extends Device = Device> extends FactoryOptions<D, V> {
  generator?: Generator;
}

/** Mutable copy of a readonly tuple type (factories take `as const` shapes). */
export type Writable<S extends Shape> = { -readonly [K in keyof S]: S[K] };

type Scalar = number | boolean | bigint;
/** Nested arrays of numbers, booleans or bigints. */
export type NestedData = Scalar | readonly NestedData[];

export interface TensorOptions<D extends DType = DType, V extends Device = Device> extends FactoryOptions<D, V> {
  /** Shape of a typed array's data (default: one dimension). */
  shape?: readonly number[];
}

/** The dtype that data of this type gets by default (see tensor()). */
export type DTypeOfData<Data> = Data extends Float64Array
  ? 'float64'
  : Data extends Float32Array
    ? 'float32'
    : Data extends BigInt64Array
      ? 'int64'
      : Data extends Int32Array
        ? 'int32'
        : Data extends Int16Array
          ? 'int16'
          : Data extends Int8Array
            ? 'int8'
            : Data extends Uint8Array | Uint8ClampedArray
              ? 'uint8'
              : Data extends ArrayBufferView
                ? DType
                : [LeafOf<Data>] extends [never]
                  ? 'float32' // tensor([]): no elements, Python's default dtype
                  : LeafOf<Data> extends boolean
                  ? 'bool'
                  : LeafOf<Data> extends bigint
                    ? 'int64'
                    : 'float32';

/** The element type of nested arrays (bounded: NestedData itself is recursive). */
type LeafOf<Data, Depth extends unknown[] = []> = Depth['length'] extends 8
  ? unknown
  : Data extends readonly (infer E)[]
    ? LeafOf<E, [...Depth, unknown]>
    : Data;

/**
 * The shape of nested array data: a literal tuple when the arrays are
 * literals (`tensor([[1, 2], [3, 4]])` is `[2, 2]`), `number` dims otherwise;
 * `number[]` for typed arrays (their shape is a run-time option).
 */
export type ShapeOfData<Data> = Data extends ArrayBufferView
  ? number[]
  : Data extends readonly unknown[]
    ? number extends Data['length']
      ? number[] // not a literal tuple: the nesting depth is unknown too
      : Data['length'] extends 0
        ? [0]
        : [Data['length'], ...ShapeOfData<Data[number]>]
    : [];

/** Whether T is a union (ragged nested arrays give a union of shapes). */
type IsUnion<T, U = T> = [T] extends [never] ? false : T extends unknown ? ([U] extends [T] ? false : true) : never;

/**
 * The data parameter's check: nested arrays must be rectangular (PyTorch
 * refuses `[[1, 2], [3]]`); ragged literals are an error at the call.
 */
export type RectangularData<Data> = Data extends ArrayBufferView
  ? unknown
  : IsUnion<ShapeOfData<Data>> extends true
    ? 'tensor(): the nested arrays are ragged (rows of different lengths); a tensor needs the same length in every row'
    : unknown;

/**
 * The finishing step of every factory: `requiresGrad`, and for data made on
 * the CPU (tensor()), the move to the requested device.
 */
const FACTORY_KEYS = ['dtype', 'device', 'requiresGrad'];

/**
 * The options object of a factory, checked: a key it does not take (Python's `layout`,
 * `pin_memory`, a misspelling) is an error naming it, never silently ignored.
 */
function checked<O extends object>(fn: string, options: O | undefined, extra: readonly string[] = []): O {
  if (options === undefined || options === null) return {} as O;
  if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${fn}: expected an options object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  const known = [...FACTORY_KEYS, ...extra];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${fn}: unknown option '${key}' (it takes ${known.join(', ')})`);
  }
  return options;
}

function finish<T extends Tensor>(t: T, options: FactoryOptions, move = false): T {
  let out: Tensor = t;
  if (move && options.device !== undefined && options.device !== 'cpu') {
    out = aten.to_device(t, options.device, t.dtype);
    t.dispose();
  }
  if (options.requiresGrad) out.requiresGrad = true;
  return out as T;
}

/** Converts a CPU tensor to `dtype`, disposing the original when a copy was made. */
function castTo(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = aten.to_dtype(t, dtype);
  t.dispose();
  return out;
}

function inferShape(data: NestedData): number[] {
  const shape: number[] = [];
  let level: NestedData = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedData;
  }
  return shape;
}

/** Flattens nested arrays row-major, checking that they are rectangular. */
function flatten(data: NestedData, shape: number[]): Scalar[] {
  const flat: Scalar[] = [];
  const walk = (v: NestedData, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (Array.isArray(v)) throw new TypeError(`tensor(): ragged data: ${path || 'value'} is an array, expected a scalar`);
      const s = v as Scalar;
      if (typeof s !== 'number' && typeof s !== 'boolean' && typeof s !== 'bigint') {
        throw new TypeError(`tensor(): element ${path} is ${typeof s}, expected a number, boolean or bigint`);
      }
      flat.push(s);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      const got = Array.isArray(v) ? `length ${v.length}` : 'a scalar';
      throw new TypeError(`tensor(): ragged data: ${path || 'data'} has ${got}, expected length ${shape[dim]}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i] as NestedData, dim + 1, `${path}[${i}]`);
  };
  walk(data, 0, '');
  return flat;
}

function defaultDtype(flat: Scalar[]): DType {
  if (flat.length > 0 && flat.every((v) => typeof v === 'boolean')) return 'bool';
  if (flat.length > 0 && flat.every((v) => typeof v === 'bigint')) return 'int64';
  return 'float32';
}

/** Builds the typed array that carries `flat` into `dtype` (or a wider carrier). */
/** The integer range of each integer dtype: values outside are refused, never wrapped. */
const INT_RANGE: Partial<Record<DType, [bigint, bigint]>> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  uint8: [0n, 255n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** An element as an integer of `dtype`: integral and in range, or a TypeError naming it. */
function integer(v: Scalar, i: number, dtype: DType): bigint {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number' && !Number.isInteger(v)) {
    throw new TypeError(`tensor(): element ${i} (${v}) is not an integer, cannot be ${dtype}`);
  }
  const b = BigInt(v);
  const [low, high] = INT_RANGE[dtype]!;
  if (b < low || b > high) throw new RangeError(`tensor(): element ${i} (${v}) is out of range for ${dtype} [${low}, ${high}]`);
  return b;
}

/** Builds the typed array that carries `flat` into `dtype` (or a wider carrier). */
function carrier(flat: Scalar[], dtype: DType): { array: AnyTypedArray; dtype: DType } {
  const num = (v: Scalar): number => (typeof v === 'number' ? v : Number(v));
  switch (dtype) {
    case 'float64': return { array: Float64Array.from(flat, num), dtype };
    case 'int8': return { array: Int8Array.from(flat, (v, i) => Number(integer(v, i, dtype))), dtype };
    case 'int16': return { array: Int16Array.from(flat, (v, i) => Number(integer(v, i, dtype))), dtype };
    case 'int32': return { array: Int32Array.from(flat, (v, i) => Number(integer(v, i, dtype))), dtype };
    case 'uint8': return { array: Uint8Array.from(flat, (v, i) => Number(integer(v, i, dtype))), dtype };
    case 'bool': return { array: Uint8Array.from(flat, (v) => (v ? 1 : 0)), dtype };
    case 'int64': return { array: BigInt64Array.from(flat, (v, i) => integer(v, i, dtype)), dtype };
    case 'complex32':
    case 'complex64':
    case 'complex128':
      throw new TypeError('tensor(): complex data is not supported from JS arrays');
    default:
      // float32 itself, and float16/bfloat16 which are converted after creation.
      return { array: Float32Array.from(flat, num), dtype: 'float32' };
  }
}

/**
 * Creates a tensor from JS data: nested arrays (shape inferred, must be
 * rectangular), a typed array (with `shape`, default one dimension), or a
 * single number/boolean/bigint (a 0-d tensor). The dtype defaults to the
 * typed array's, or float32 for numbers, bool for booleans, int64 for bigints.
 */
export function tensor<
  const Data extends NestedData | ArrayBufferView,
  D extends DType = DTypeOfData<Data>,
  V extends Device = 'cpu',
>(data: Data & RectangularData<Data>, options: TensorOptions<D, V> = {}): Tensor<ShapeOfData<Data>, NoInfer<D>, NoInfer<V>> {
  options = checked('tensor', options, ['shape']);
  let t: Tensor;
  if (ArrayBuffer.isView(data)) {
    const own = dtypeOfTypedArray(data);
    if (own === undefined) throw new TypeError(`tensor(): unsupported typed array ${data.constructor.name}`);
    const shape = options.shape ?? [data.byteLength / (data as Float32Array).BYTES_PER_ELEMENT];
    t = castTo(wrap(native().fromBuffer(data, shape, own)), options.dtype ?? own);
  } else {
    const shape = inferShape(data);
    const flat = flatten(data, shape);
    const dtype = options.dtype ?? defaultDtype(flat);
    const c = carrier(flat, dtype);
    t = castTo(wrap(native().fromBuffer(c.array, shape, c.dtype)), dtype);
  }
  return finish(t, options, true) as Tensor<ShapeOfData<Data>, D, V>;
}

// NoInfer in the result: a factory call written as another op's argument must
// not take its dtype or device from that parameter's type (which is generic).
type Factory = <const S extends readonly number[] | number, D extends DType = 'float32', V extends Device = 'cpu'>(
  shape: S,
  options?: FactoryOptions<D, V>,
) => Tensor<SizeOf<S>, NoInfer<D>, NoInfer<V>>;

type RandomFactory = <const S extends readonly number[] | number, D extends DType = 'float32', V extends Device = 'cpu'>(
  shape: S,
  options?: RandomOptions<D, V>,
) => Tensor<SizeOf<S>, NoInfer<D>, NoInfer<V>>;

/** A factory's shape: a list of sizes, or one size for a 1-D tensor (Python's `torch.zeros(3)`). */
export type SizeOf<S extends readonly number[] | number> = S extends readonly number[] ? Writable<S> : [S & number];

/** A factory over one of the generated layer's `op(size, *, dtype, layout, device, ...)` factories. */
function factory(name: string, make: (shape: readonly number[], dtype: DType, device: Device | undefined) => Tensor): Factory {
  return ((shape: readonly number[], given?: FactoryOptions) => {
    const options = checked(name, given);
    return finish(make(shape, options.dtype ?? 'float32', options.device), options);
  }) as Factory;
}

/** A random factory: draws from options.generator, else from the default generator. */
function randomFactory(
  name: string,
  make: (shape: readonly number[], generator: Generator | null, dtype: DType, device: Device | undefined) => Tensor,
): RandomFactory {
  return ((shape: readonly number[], given?: RandomOptions) => {
    const options = checked(name, given, ['generator']);
    return finish(make(shape, options.generator ?? null, options.dtype ?? 'float32', options.device), options);
  }) as RandomFactory;
}

/** A tensor of zeros. */
export const zeros: Factory = factory('zeros', (shape, dtype, device) => aten.zeros(shape, dtype, undefined, device));
/** A tensor of ones. */
export const ones: Factory = factory('ones', (shape, dtype, device) => aten.ones(shape, dtype, undefined, device));
/** An uninitialised tensor (contents are whatever the memory held). */
export const empty: Factory = factory('empty', (shape, dtype, device) => aten.empty_memory_format(shape, dtype, undefined, device));
/** Uniform samples from [0, 1), from `options.generator` or the seeded default generator. */
export const rand: RandomFactory = randomFactory('rand', (shape, gen, dtype, device) => aten.rand_generator(shape, gen, dtype, undefined, device));
/** Standard normal samples, from `options.generator` or the seeded default generator. */
export const randn: RandomFactory = randomFactory('randn', (shape, gen, dtype, device) => aten.randn_generator(shape, gen, dtype, undefined, device));

/** The dtype a fill value gives: bool for booleans, int64 for bigints, float32 for numbers. */
export type ScalarDType<Val> = [Val] extends [boolean] ? 'bool' : [Val] extends [bigint] ? 'int64' : [Val] extends [number] ? 'float32' : DType;

function scalarDtype(v: Scalar): DType {
  return typeof v === 'boolean' ? 'bool' : typeof v === 'bigint' ? 'int64' : 'float32';
}

/**
 * A tensor filled with `value`. The dtype defaults to float32 for numbers,
 * bool for booleans and int64 for bigints.
 */
export function full<const S extends readonly number[], const Val extends Scalar, D extends DType = ScalarDType<Val>, V extends Device = 'cpu'>(
  shape: S,
  value: Val,
  options: FactoryOptions<D, V> = {},
): Tensor<Writable<S>, NoInfer<D>, NoInfer<V>> {
  options = checked('full', options);
  return finish(aten.full(shape, value, options.dtype ?? scalarDtype(value), undefined, options.device), options) as Tensor<Writable<S>, D, V>;
}

/** arange's dtype from its arguments, as Python's: int64 when every one is an integer literal, float32 when one is fractional. */
export type ArangeDType<Args extends readonly number[]> = true extends { [K in keyof Args]: number extends Args[K] ? true : false }[number]
  ? DType
  : true extends { [K in keyof Args]: `${Args[K]}` extends `${string}.${string}` | `${string}e${string}` ? true : false }[number]
    ? 'float32'
    : 'int64';

/** The length of arange(start, end) for integer literals (0 when end <= start), else number. */
export type ArangeLength<St extends number, E extends number> = number extends St | E
  ? number
  : `${St}${E}` extends `${string}.${string}` | `${string}-${string}` | `${string}e${string}`
    ? number
    : Sub<E, St> extends infer L extends number
      ? [L] extends [never]
        ? 0
        : L
      : number;

/** arange's options: the bounds may be given by name too, as in Python (`arange(0, {end: 3})`). */
export interface ArangeOptions extends FactoryOptions {
  start?: number;
  end?: number;
  step?: number;
}

/**
 * Values from `start` (default 0) up to but excluding `end`, `step` apart.
 * As in Python, integer arguments give int64 and any fractional one float32,
 * unless `dtype` says otherwise.
 */
export function arange<const E extends number, D extends DType = ArangeDType<[E]>, V extends Device = 'cpu'>(
  end: E,
  options?: ArangeOptions & FactoryOptions<D, V>,
): Tensor<[ArangeLength<0, E>], NoInfer<D>, NoInfer<V>>;
export function arange<const St extends number, const E extends number, D extends DType = ArangeDType<[St, E]>, V extends Device = 'cpu'>(
  start: St,
  end: E,
  options?: ArangeOptions & FactoryOptions<D, V>,
): Tensor<[ArangeLength<St, E>], NoInfer<D>, NoInfer<V>>;
export function arange<const St extends number, const E extends number, const Sp extends number, D extends DType = ArangeDType<[St, E, Sp]>, V extends Device = 'cpu'>(
  start: St,
  end: E,
  step: Sp,
  options?: ArangeOptions & FactoryOptions<D, V>,
): Tensor<[number], NoInfer<D>, NoInfer<V>>;
export function arange<D extends DType = DType, V extends Device = 'cpu'>(options: ArangeOptions & FactoryOptions<D, V> & { end: number }): Tensor<[number], NoInfer<D>, NoInfer<V>>;
export function arange(...args: (number | ArangeOptions | undefined)[]): Tensor<[number]> {
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  const last = args[args.length - 1];
  const options: ArangeOptions = typeof last === 'object' && last !== null ? checked('arange', args.pop() as ArangeOptions, ['start', 'end', 'step']) : {};
  const nums = args.map((a, i) => {
    if (typeof a !== 'number') throw new TypeError(`arange: argument ${i} must be a number, got ${typeof a}`);
    return a;
  });
  if (nums.length > 3) throw new TypeError(`arange: takes at most 3 numbers (start, end, step), got ${nums.length}`);
  // One number alone is the end (Python's arange(end)); with a named end it is the start.
  const names = nums.length === 1 && options.end === undefined ? ['end'] : ['start', 'end', 'step'];
  const bound: Record<string, number | undefined> = { start: options.start, end: options.end, step: options.step };
  nums.forEach((v, i) => {
    if (bound[names[i]!] !== undefined) throw new TypeError(`arange: '${names[i]}' is given twice, in place and by name`);
    bound[names[i]!] = v;
  });
  if (bound.end === undefined) throw new TypeError('arange: the end is missing');
  return finish(aten.arange_start_step(bound.start ?? 0, bound.end, bound.step ?? 1, options.dtype, undefined, options.device), options) as Tensor<[number]>;
}

/** `steps` values evenly spaced from `start` to `end` inclusive. */
export function linspace<const N extends number, D extends DType = 'float32', V extends Device = 'cpu'>(
  start: number,
  end: number,
  steps: N,
  options: FactoryOptions<D, V> = {},
): Tensor<[N], NoInfer<D>, NoInfer<V>> {
  options = checked('linspace', options);
  return finish(aten.linspace(start, end, steps, options.dtype ?? 'float32', undefined, options.device), options) as Tensor<[N], D, V>;
}

/** The n x m identity matrix (m defaults to n). */
export function eye<const N extends number, D extends DType = 'float32', V extends Device = 'cpu'>(n: N, options?: FactoryOptions<D, V>): Tensor<[N, N], NoInfer<D>, NoInfer<V>>;
export function eye<const N extends number, const M extends number, D extends DType = 'float32', V extends Device = 'cpu'>(
  n: N,
  m: M,
  options?: FactoryOptions<D, V>,
): Tensor<[N, M], NoInfer<D>, NoInfer<V>>;
export function eye(n: number, m?: number | FactoryOptions, options: FactoryOptions = {}): Tensor {
  if (typeof m === 'object' && m !== null) return eye(n, n, m);
  options = checked('eye', options);
  return finish(aten.eye_m(n, m ?? n, options.dtype ?? 'float32', undefined, options.device), options);
}

/** Integers drawn uniformly from [low, high). int64 unless `dtype` says otherwise. */
export function randint<const S extends readonly number[], D extends DType = 'int64', V extends Device = 'cpu'>(
  low: number,
  high: number,
  shape: S,
  options: RandomOptions<D, V> = {},
): Tensor<Writable<S>, NoInfer<D>, NoInfer<V>> {
  options = checked('randint', options, ['generator']);
  return finish(
    aten.randint_low_generator(low, high, shape, options.generator ?? null, options.dtype ?? 'int64', undefined, options.device),
    options,
  ) as Tensor<Writable<S>, D, V>;
}
