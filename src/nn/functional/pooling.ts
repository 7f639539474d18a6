// Pooling with Python's arguments: max pooling that returns the indices on
// request (returnIndices), adaptive pooling with null for "keep this size",
// fractional max pooling by output size or ratio, max unpooling that works
// out its output size, and power-average pooling.
import type { Tensor } from '../../core/tensor.ts';
import * as gen from '../../ops/generated/functions.ts';
import * as aten from '../../ops/generated/aten.ts';
import type { DTypeOf, DeviceOf } from '../../ops/typing.ts';
import { bindPy, nTuple, type PyRest } from '../../ops/python-args.ts';
import { relu } from './activation.ts';

type Ints = number | readonly number[];
/** A pooled tensor whose shape is known at run time. */
type Pooled<X> = Tensor<number[], DTypeOf<X>, DeviceOf<X>>;
type Indices<X> = Tensor<number[], 'int64', DeviceOf<X>>;

export interface MaxPoolOptions {
  stride?: Ints | null;
  padding?: Ints;
  dilation?: Ints;
  ceilMode?: boolean;
  /** Also return the flat index of each maximum (for maxUnpool). */
  returnIndices?: boolean;
}

type MaxPoolRest = PyRest<[stride: Ints | null, padding: Ints, dilation: Ints, ceilMode: boolean], MaxPoolOptions>;

/** The max pooling forms Python adds to the aten op's: returnIndices: true returns [values, indices]. */
interface MaxPoolWithIndices {
  <X extends Tensor>(input: X, kernelSize: Ints, options: MaxPoolOptions & { returnIndices: true }): [Pooled<X>, Indices<X>];
  <X extends Tensor>(input: X, kernelSize: Ints, ...rest: [...positional: (Ints | boolean | null)[], options: MaxPoolOptions & { returnIndices: true }]): [Pooled<X>, Indices<X>];
  <X extends Tensor>(input: X, kernelSize: Ints, ...rest: MaxPoolRest): Pooled<X>;
}

const MAX_POOL_PARAMS = ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'] as const;

function maxPool(fn: string, n: 1 | 2 | 3, input: Tensor, kernelSize: Ints, rest: readonly unknown[]): Tensor | [Tensor, Tensor] {
  const a = bindPy(fn, MAX_POOL_PARAMS, rest);
  const stride = (a.stride ?? []) as Ints;
  const padding = (a.padding ?? 0) as Ints;
  const dilation = (a.dilation ?? 1) as Ints;
  const ceil = (a.ceilMode ?? false) as boolean;
  if (a.returnIndices) {
    const op = n === 1 ? aten.max_pool1d_with_indices : n === 2 ? aten.max_pool2d_with_indices : aten.max_pool3d_with_indices;
    return op(input, kernelSize, stride, padding, dilation, ceil) as [Tensor, Tensor];
  }
  const op = n === 1 ? aten.max_pool1d : n === 2 ? aten.max_pool2d : aten.max_pool3d;
  return op(input, kernelSize, stride, padding, dilation, ceil);
}

/** Max over windows of the last dim of [N, C, L] or [C, L]. */
export const maxPool1d = ((input: Tensor, kernelSize: Ints, ...rest: unknown[]) => maxPool('maxPool1d', 1, input, kernelSize, rest)) as typeof gen.maxPool1d &
  MaxPoolWithIndices;
/** Max over windows of the last two dims of [N, C, H, W] or [C, H, W]. */
export const maxPool2d = ((input: Tensor, kernelSize: Ints, ...rest: unknown[]) => maxPool('maxPool2d', 2, input, kernelSize, rest)) as typeof gen.maxPool2d &
  MaxPoolWithIndices;
/** Max over windows of the last three dims of [N, C, D, H, W] or [C, D, H, W]. */
export const maxPool3d = ((input: Tensor, kernelSize: Ints, ...rest: unknown[]) => maxPool('maxPool3d', 3, input, kernelSize, rest)) as typeof gen.maxPool3d &
  MaxPoolWithIndices;

/** Max pooling that always returns [values, indices] (Python's max_pool2d_with_indices). */
export function maxPool1dWithIndices<X extends Tensor>(input: X, kernelSize: Ints, ...rest: MaxPoolRest): [Pooled<X>, Indices<X>] {
  const a = bindPy('maxPool1dWithIndices', MAX_POOL_PARAMS, rest);
  return maxPool('maxPool1dWithIndices', 1, input, kernelSize, [{ ...a, returnIndices: true }]) as [Pooled<X>, Indices<X>];
}
export function maxPool2dWithIndices<X extends Tensor>(input: X, kernelSize: Ints, ...rest: MaxPoolRest): [Pooled<X>, Indices<X>] {
  const a = bindPy('maxPool2dWithIndices', MAX_POOL_PARAMS, rest);
  return maxPool('maxPool2dWithIndices', 2, input, kernelSize, [{ ...a, returnIndices: true }]) as [Pooled<X>, Indices<X>];
}
export function maxPool3dWithIndices<X extends Tensor>(input: X, kernelSize: Ints, ...rest: MaxPoolRest): [Pooled<X>, Indices<X>] {
  const a = bindPy('maxPool3dWithIndices', MAX_POOL_PARAMS, rest);
  return maxPool('maxPool3dWithIndices', 3, input, kernelSize, [{ ...a, returnIndices: true }]) as [Pooled<X>, Indices<X>];
}

/** An adaptive output size: a number for every dim, or one per dim where null keeps the input's size. */
type AdaptiveSize = number | readonly (number | null)[];

/** Python's _list_with_default: null entries take the input's size in that dim. */
function adaptiveSize(fn: string, outputSize: AdaptiveSize, input: Tensor): number | number[] {
  if (typeof outputSize === 'number') return outputSize;
  const shape = input.shape;
  if (shape.length <= outputSize.length) throw new TypeError(`${fn}: the input must have at least ${outputSize.length + 1} dims, got ${shape.length}`);
  const tail = shape.slice(shape.length - outputSize.length);
  return outputSize.map((v, i) => v ?? tail[i]!);
}

/** Average over adaptive windows of the last two dims, to `outputSize` (null: keep that dim). */
export function adaptiveAvgPool2d<X extends Tensor>(input: X, outputSize: AdaptiveSize): Pooled<X> {
  return aten.adaptive_avg_pool2d(input, adaptiveSize('adaptiveAvgPool2d', outputSize, input)) as Pooled<X>;
}

/** Average over adaptive windows of the last three dims, to `outputSize` (null: keep that dim). */
export function adaptiveAvgPool3d<X extends Tensor>(input: X, outputSize: AdaptiveSize): Pooled<X> {
  return aten.adaptive_avg_pool3d(input, adaptiveSize('adaptiveAvgPool3d', outputSize, input)) as Pooled<X>;
}

interface AdaptiveMaxPool {
  <X extends Tensor>(input: X, outputSize: AdaptiveSize, returnIndices: true): [Pooled<X>, Indices<X>];
  <X extends Tensor>(input: X, outputSize: AdaptiveSize, options: { returnIndices: true }): [Pooled<X>, Indices<X>];
  <X extends Tensor>(input: X, outputSize: AdaptiveSize, ...rest: PyRest<[returnIndices: false], { returnIndices?: false }>): Pooled<X>;
}

function adaptiveMaxPool(fn: string, n: 1 | 2 | 3) {
  return ((input: Tensor, outputSize: AdaptiveSize, ...rest: unknown[]) => {
    const a = bindPy(fn, ['returnIndices'], rest);
    const size = adaptiveSize(fn, outputSize, input);
    const op = n === 1 ? aten.adaptive_max_pool1d : n === 2 ? aten.adaptive_max_pool2d : aten.adaptive_max_pool3d;
    const [values, indices] = op(input, size);
    if (a.returnIndices) return [values, indices];
    indices!.dispose();
    return values;
  }) as AdaptiveMaxPool;
}

/** Max over adaptive windows of the last dim; with returnIndices, [values, indices]. */
export const adaptiveMaxPool1d = adaptiveMaxPool('adaptiveMaxPool1d', 1);
/** Max over adaptive windows of the last two dims (null: keep that dim); with returnIndices, [values, indices]. */
export const adaptiveMaxPool2d = adaptiveMaxPool('adaptiveMaxPool2d', 2);
/** Max over adaptive windows of the last three dims (null: keep that dim); with returnIndices, [values, indices]. */
export const adaptiveMaxPool3d = adaptiveMaxPool('adaptiveMaxPool3d', 3);

export interface FractionalMaxPoolOptions {
  /** The output size (one number for every dim, or one per dim). */
  outputSize?: Ints | null;
  /** Or the output size as a fraction of the input's, in (0, 1). */
  outputRatio?: number | readonly number[] | null;
  returnIndices?: boolean;
  /** The pseudo-random window offsets, [N, C, n] in [0, 1) (drawn from the default generator when left out). */
  randomSamples?: Tensor | null;
}

interface FractionalMaxPool {
  <X extends Tensor>(input: X, kernelSize: Ints, options: FractionalMaxPoolOptions & { returnIndices: true }): [Pooled<X>, Indices<X>];
  <X extends Tensor>(input: X, kernelSize: Ints, ...rest: PyRest<[outputSize: Ints | null, outputRatio: number | readonly number[] | null], FractionalMaxPoolOptions>): Pooled<X>;
}

function fractionalMaxPool(fn: string, n: 2 | 3) {
  return ((input: Tensor, kernelSize: Ints, ...rest: unknown[]) => {
    const a = bindPy(fn, ['outputSize', 'outputRatio', 'returnIndices', 'randomSamples'], rest);
    const shape = input.shape;
    let size = a.outputSize as Ints | null | undefined;
    if (size == null) {
      if (a.outputRatio == null) throw new TypeError(`${fn}: give outputSize or outputRatio`);
      const ratio = nTuple(fn, 'outputRatio', a.outputRatio, n);
      size = ratio.map((r, i) => Math.trunc(shape[shape.length - n + i]! * r));
    }
    let samples = a.randomSamples as Tensor | null | undefined;
    if (samples == null) {
      const batch = shape.length === n + 1 ? 1 : shape[0]!;
      samples = aten.rand([batch, shape[shape.length - n - 1]!, n], input.dtype, undefined, input.device);
    }
    const op = n === 2 ? aten.fractional_max_pool2d : aten.fractional_max_pool3d;
    const [values, indices] = op(input, nTuple(fn, 'kernelSize', kernelSize, n), nTuple(fn, 'outputSize', size, n), samples);
    if (a.returnIndices) return [values, indices];
    indices!.dispose();
    return values;
  }) as FractionalMaxPool;
}

/** Max over pseudo-randomly placed windows of the last two dims (Graham's fractional max pooling). */
export const fractionalMaxPool2d = fractionalMaxPool('fractionalMaxPool2d', 2);
/** Max over pseudo-randomly placed windows of the last three dims. */
export const fractionalMaxPool3d = fractionalMaxPool('fractionalMaxPool3d', 3);

export interface MaxUnpoolOptions {
  stride?: Ints | null;
  padding?: Ints;
  /** The output's spatial size (or its whole size); default: what the pooling's arithmetic gives. */
  outputSize?: readonly number[] | null;
}

/** Python's _unpool_output_size: the default size, or a checked requested one. */
function unpoolSize(fn: string, input: Tensor, kernel: number[], stride: number[], padding: number[], requested: readonly number[] | null | undefined): number[] {
  const shape = input.shape;
  const n = kernel.length;
  const defaults = kernel.map((k, d) => (shape[shape.length - n + d]! - 1) * stride[d]! + k - 2 * padding[d]!);
  if (requested == null) return defaults;
  const size = requested.length === n + 2 ? requested.slice(2) : [...requested];
  if (size.length !== n) throw new TypeError(`${fn}: outputSize must have ${n} or ${n + 2} entries, got ${requested.length}`);
  size.forEach((v, d) => {
    const lo = defaults[d]! - stride[d]!;
    const hi = defaults[d]! + stride[d]!;
    if (!(v > lo && v < hi)) throw new RangeError(`${fn}: outputSize [${size.join(', ')}]: dim ${d} must be between ${lo} and ${hi} (exclusive)`);
  });
  return size;
}

function maxUnpool(fn: string, n: 1 | 2 | 3, input: Tensor, indices: Tensor, kernelSize: Ints, rest: readonly unknown[]): Tensor {
  const a = bindPy(fn, ['stride', 'padding', 'outputSize'], rest);
  const kernel = nTuple(fn, 'kernelSize', kernelSize, n);
  const stride = a.stride == null ? kernel : nTuple(fn, 'stride', a.stride, n);
  const padding = nTuple(fn, 'padding', a.padding ?? 0, n);
  const size = unpoolSize(fn, input, kernel, stride, padding, a.outputSize as readonly number[] | null | undefined);
  if (n === 1) return aten.squeeze_dim(aten.max_unpool2d(aten.unsqueeze(input, -1), aten.unsqueeze(indices, -1), [...size, 1]), -1);
  if (n === 2) return aten.max_unpool2d(input, indices, size);
  return aten.max_unpool3d(input, indices, size, stride, padding);
}

type UnpoolRest = PyRest<[stride: Ints | null, padding: Ints, outputSize: readonly number[] | null], MaxUnpoolOptions>;

/** The partial inverse of maxPool1d: each value at its index, zeros elsewhere. */
export function maxUnpool1d<X extends Tensor>(input: X, indices: Tensor, kernelSize: Ints, ...rest: UnpoolRest): Pooled<X> {
  return maxUnpool('maxUnpool1d', 1, input, indices, kernelSize, rest) as Pooled<X>;
}
/** The partial inverse of maxPool2d. */
export function maxUnpool2d<X extends Tensor>(input: X, indices: Tensor, kernelSize: Ints, ...rest: UnpoolRest): Pooled<X> {
  return maxUnpool('maxUnpool2d', 2, input, indices, kernelSize, rest) as Pooled<X>;
}
/** The partial inverse of maxPool3d. */
export function maxUnpool3d<X extends Tensor>(input: X, indices: Tensor, kernelSize: Ints, ...rest: UnpoolRest): Pooled<X> {
  return maxUnpool('maxUnpool3d', 3, input, indices, kernelSize, rest) as Pooled<X>;
}

type LpPoolRest = PyRest<[stride: Ints | null, ceilMode: boolean], { stride?: Ints | null; ceilMode?: boolean }>;

function lpPool(fn: string, n: 1 | 2, input: Tensor, normType: number, kernelSize: Ints, rest: readonly unknown[]): Tensor {
  const a = bindPy(fn, ['stride', 'ceilMode'], rest);
  const kernel = nTuple(fn, 'kernelSize', kernelSize, n);
  const stride = (a.stride ?? []) as Ints;
  const ceil = (a.ceilMode ?? false) as boolean;
  const powered = aten.pow_Tensor_Scalar(input, normType);
  const out = n === 1 ? aten.avg_pool1d(powered, kernel, stride, 0, ceil) : aten.avg_pool2d(powered, kernel, stride, 0, ceil);
  const window = kernel.reduce((p, k) => p * k, 1);
  return aten.pow_Tensor_Scalar(aten.mul_Scalar(aten.mul_Tensor(aten.sign(out), relu(aten.abs(out))), window), 1 / normType);
}

/** The p-norm over windows of the last dim: (sum x^p)^(1/p). */
export function lpPool1d<X extends Tensor>(input: X, normType: number, kernelSize: Ints, ...rest: LpPoolRest): Pooled<X> {
  return lpPool('lpPool1d', 1, input, normType, kernelSize, rest) as Pooled<X>;
}
/** The p-norm over windows of the last two dims. */
export function lpPool2d<X extends Tensor>(input: X, normType: number, kernelSize: Ints, ...rest: LpPoolRest): Pooled<X> {
  return lpPool('lpPool2d', 2, input, normType, kernelSize, rest) as Pooled<X>;
}
