// torch.masked: reductions and normalizations that ignore the elements where
// `mask` is false (torch/masked/_ops.py, for strided tensors). Masked-out
// elements are replaced by the operation's identity (0 for sum, 1 for prod,
// -inf for amax, ...) and the plain operation runs on the result; mean, var
// and std count only the elements kept.
import type { Tensor } from '../../core/tensor.ts';
import type { DType } from '../../types/dtype.ts';
import * as aten from '../generated/aten.ts';
import { bindPy, type PyRest } from '../python-args.ts';

type Dims = number | readonly number[] | null;

export interface MaskedOptions {
  /** Where to keep elements (broadcast to the input's shape); none keeps all. */
  mask?: Tensor | null;
  dtype?: DType | null;
}

export interface MaskedReduceOptions extends MaskedOptions {
  keepdim?: boolean;
}

const SMALL_INTS = new Set(['uint8', 'bool', 'int8', 'int16', 'int32']);
const INT_RANGE: Record<string, [bigint, bigint]> = {
  uint8: [0n, 255n],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

const isFloat = (t: Tensor) => ['float16', 'bfloat16', 'float32', 'float64'].includes(t.dtype);

/** The value a masked-out element takes: the identity of the reduction. */
function identity(op: string, input: Tensor, ord?: number): number | bigint | boolean {
  const dtype = input.dtype;
  switch (op) {
    case 'sum':
      return dtype === 'bool' ? false : 0;
    case 'prod':
      return dtype === 'bool' ? true : 1;
    case 'amax':
      if (isFloat(input)) return -Infinity;
      if (INT_RANGE[dtype]) return INT_RANGE[dtype]![0];
      break;
    case 'amin':
      if (isFloat(input)) return Infinity;
      if (INT_RANGE[dtype]) return INT_RANGE[dtype]![1];
      break;
    case 'norm':
      return ord === -Infinity ? Infinity : 0;
    case 'median':
      return Number.NaN;
  }
  throw new TypeError(`torch.masked.${op}: no identity for ${dtype} inputs`);
}

/** Python's _input_mask: the mask broadcast to the input's shape, as bool. */
function inputMask(fn: string, input: Tensor, mask: Tensor): Tensor {
  const shape = input.shape;
  if (mask.shape.length > shape.length) {
    throw new TypeError(`torch.masked.${fn}: the mask [${mask.shape.join(', ')}] has more dims than the input [${shape.join(', ')}]`);
  }
  const m = mask.shape.join() === shape.join() ? mask : aten.broadcast_to(aten.clone(mask), shape);
  return m.dtype === 'bool' ? m : aten.to_dtype(m, 'bool');
}

/** The input with masked-out elements replaced by the identity of `op` (Python's _combine_input_and_mask). */
function combine(fn: string, op: string, input: Tensor, mask: Tensor | null | undefined, ord?: number): Tensor {
  if (mask == null) return input;
  const fill = aten.full([], identity(op, input, ord), input.dtype, undefined, input.device);
  return aten.where_self(inputMask(fn, input, mask), input, fill);
}

/** Python's _canonical_dim: the dims sorted and non-negative; none means all. */
function canonicalDims(fn: string, dim: Dims | undefined, rank: number): number[] {
  if (dim == null || (Array.isArray(dim) && dim.length === 0)) return Array.from({ length: rank }, (_, i) => i);
  const n = Math.max(rank, 1);
  const out: number[] = [];
  for (const d of typeof dim === 'number' ? [dim] : (dim as number[])) {
    if (d >= n || d < -n) throw new RangeError(`torch.masked.${fn}: dim ${d} is out of range for ${rank} dims`);
    const k = ((d % n) + n) % n;
    if (out.includes(k)) throw new TypeError(`torch.masked.${fn}: dim ${d} appears twice`);
    out.push(k);
  }
  return out.sort((a, b) => a - b);
}

function reduceArgs(fn: string, rest: readonly unknown[]) {
  const a = bindPy(fn, ['dim'], rest, ['keepdim', 'dtype', 'mask']);
  return { dim: a.dim as Dims | undefined, keepdim: (a.keepdim ?? false) as boolean, dtype: (a.dtype ?? null) as DType | null, mask: (a.mask ?? null) as Tensor | null };
}

type ReduceRest = PyRest<[dim: Dims], MaskedReduceOptions>;

/** The sum of the kept elements over `dim` (all dims by default); small integer dtypes sum in int64. */
export function sum(input: Tensor, ...rest: ReduceRest): Tensor {
  const a = reduceArgs('sum', rest);
  const dtype = a.dtype ?? (SMALL_INTS.has(input.dtype) ? 'int64' : input.dtype);
  return aten.sum_dim_IntList(combine('sum', 'sum', input, a.mask), canonicalDims('sum', a.dim, input.shape.length), a.keepdim, dtype);
}

/** The product of the kept elements over `dim`. */
export function prod(input: Tensor, ...rest: ReduceRest): Tensor {
  const a = reduceArgs('prod', rest);
  const dtype = a.dtype ?? (SMALL_INTS.has(input.dtype) ? 'int64' : input.dtype);
  let result = aten.to_dtype(combine('prod', 'prod', input, a.mask), dtype);
  for (const d of canonicalDims('prod', a.dim, input.shape.length).reverse()) result = aten.prod_dim_int(result, d, a.keepdim);
  return result;
}

function scanArgs(fn: string, rest: readonly unknown[]) {
  const a = bindPy(fn, [], rest, ['dtype', 'mask']);
  return { dtype: (a.dtype ?? null) as DType | null, mask: (a.mask ?? null) as Tensor | null };
}

/** The cumulative sum along `dim` of the kept elements (masked-out ones count as 0). */
export function cumsum(input: Tensor, dim: number, options: MaskedOptions = {}): Tensor {
  const a = scanArgs('cumsum', [options]);
  const dtype = a.dtype ?? input.dtype;
  const d = canonicalDims('cumsum', dim, input.shape.length)[0]!;
  return aten.to_dtype(aten.cumsum(combine('cumsum', 'sum', input, a.mask), d, dtype), dtype);
}

/** The cumulative product along `dim` of the kept elements (masked-out ones count as 1). */
export function cumprod(input: Tensor, dim: number, options: MaskedOptions = {}): Tensor {
  const a = scanArgs('cumprod', [options]);
  const dtype = a.dtype ?? input.dtype;
  const d = canonicalDims('cumprod', dim, input.shape.length)[0]!;
  return aten.to_dtype(aten.cumprod(combine('cumprod', 'prod', input, a.mask), d, dtype), dtype);
}

/** The maximum of the kept elements over `dim` (-inf, or the dtype's minimum, where none is kept). */
export function amax(input: Tensor, ...rest: ReduceRest): Tensor {
  const a = reduceArgs('amax', rest);
  const x = combine('amax', 'amax', input, a.mask);
  return aten.to_dtype(aten.amax(x, canonicalDims('amax', a.dim, x.shape.length), a.keepdim), a.dtype ?? input.dtype);
}

/** The minimum of the kept elements over `dim`. */
export function amin(input: Tensor, ...rest: ReduceRest): Tensor {
  const a = reduceArgs('amin', rest);
  const x = combine('amin', 'amin', input, a.mask);
  return aten.to_dtype(aten.amin(x, canonicalDims('amin', a.dim, x.shape.length), a.keepdim), a.dtype ?? input.dtype);
}

type ArgRest = PyRest<[dim: number | null], MaskedReduceOptions>;

/** The index of the maximum of the kept elements along `dim`. */
export function argmax(input: Tensor, ...rest: ArgRest): Tensor {
  const a = reduceArgs('argmax', rest);
  return aten.to_dtype(aten.argmax(combine('argmax', 'amax', input, a.mask), (a.dim ?? null) as number | null, a.keepdim), a.dtype ?? input.dtype);
}

/** The index of the minimum of the kept elements along `dim`. */
export function argmin(input: Tensor, ...rest: ArgRest): Tensor {
  const a = reduceArgs('argmin', rest);
  return aten.to_dtype(aten.argmin(combine('argmin', 'amin', input, a.mask), (a.dim ?? null) as number | null, a.keepdim), a.dtype ?? input.dtype);
}

/** The mean of the kept elements over `dim` (NaN where none is kept). */
export function mean(input: Tensor, ...rest: ReduceRest): Tensor {
  const a = reduceArgs('mean', rest);
  const dtype = a.dtype ?? input.dtype;
  const mask = a.mask == null ? null : inputMask('mean', input, a.mask);
  const ones = aten.ones(input.shape, 'int64', undefined, input.device);
  const count = sum(ones, a.dim ?? null, { keepdim: a.keepdim, mask });
  const total = sum(input, a.dim ?? null, { keepdim: a.keepdim, dtype, mask });
  return aten.div_Tensor(total, count);
}

/** The median of the kept elements along `dim` (NaN where none is kept; an error then for integer inputs). */
export function median(input: Tensor, ...rest: PyRest<[dim: number], MaskedReduceOptions>): Tensor {
  const a = bindPy('median', ['dim'], rest, ['keepdim', 'dtype', 'mask']);
  const dtype = (a.dtype ?? input.dtype) as DType;
  const d = canonicalDims('median', (a.dim ?? -1) as number, input.shape.length)[0]!;
  const float = isFloat(input);
  const x = float ? input : aten.to_dtype(input, 'float32');
  const [values] = aten.nanmedian_dim(combine('median', 'median', x, (a.mask ?? null) as Tensor | null), d, (a.keepdim ?? false) as boolean);
  if (float) return values;
  if (aten.any(aten.isnan(values)).item()) throw new TypeError('torch.masked.median: a fully masked-out row has no median for a non-floating dtype');
  return aten.to_dtype(values, dtype);
}

/** log(sum(exp(x))) of the kept elements over `dim`. */
export function logsumexp(input: Tensor, ...rest: ReduceRest): Tensor {
  const a = reduceArgs('logsumexp', rest);
  const x = combine('logsumexp', 'amax', input, a.mask);
  return aten.to_dtype(aten.logsumexp(x, canonicalDims('logsumexp', a.dim, input.shape.length), a.keepdim), a.dtype ?? input.dtype);
}

/** log(exp(input) + exp(other)), each with its own mask (masked-out elements count as -inf). */
export function logaddexp(
  input: Tensor,
  other: Tensor,
  options: { dtype?: DType | null; inputMask?: Tensor | null; otherMask?: Tensor | null } = {},
): Tensor {
  bindPy('logaddexp', [], [options], ['dtype', 'inputMask', 'otherMask']);
  const x = combine('logaddexp', 'amax', input, options.inputMask);
  const y = combine('logaddexp', 'amax', other, options.otherMask);
  return aten.to_dtype(aten.logaddexp(x, y), options.dtype ?? input.dtype);
}

/** The vector `ord`-norm of the kept elements over `dim`. */
export function norm(input: Tensor, ...rest: PyRest<[ord: number, dim: Dims], MaskedReduceOptions>): Tensor {
  const a = bindPy('norm', ['ord', 'dim'], rest, ['keepdim', 'dtype', 'mask']);
  const ord = (a.ord ?? 2) as number;
  const x = combine('norm', 'norm', input, (a.mask ?? null) as Tensor | null, ord);
  return aten.linalg_vector_norm(x, ord, canonicalDims('norm', a.dim as Dims | undefined, input.shape.length), (a.keepdim ?? false) as boolean, (a.dtype ?? input.dtype) as DType);
}

function stdVar(fn: string, input: Tensor, rest: readonly unknown[], takeSqrt: boolean): Tensor {
  const a = bindPy(fn, ['dim', 'unbiased'], rest, ['keepdim', 'dtype', 'mask']);
  const floatOrComplex = (d: DType) => d.startsWith('float') || d.startsWith('complex') || d === 'bfloat16';
  const dtype = (a.dtype ?? (floatOrComplex(input.dtype) ? input.dtype : 'float32')) as DType;
  const computeDtype = floatOrComplex(dtype) ? dtype : 'float32';
  const keepdim = (a.keepdim ?? false) as boolean;
  const dim = (a.dim ?? null) as Dims;
  const mask = a.mask == null ? null : inputMask(fn, input, a.mask as Tensor);
  let count = sum(aten.ones(input.shape, 'int64', undefined, input.device), dim, { keepdim: true, mask });
  const sampleMean = aten.div_Tensor(sum(input, dim, { keepdim: true, dtype, mask }), count);
  const x = aten.sub_Tensor(input, sampleMean);
  const total = sum(aten.mul_Tensor(x, aten.conj(x)), dim, { keepdim, dtype: computeDtype, mask });
  if (!keepdim) count = aten.reshape(count, total.shape);
  if (a.unbiased) count = aten.maximum(aten.sub_Scalar(count, 1), aten.zeros([], count.dtype, undefined, count.device));
  const out = aten.to_dtype(aten.div_Tensor(total, count), dtype);
  return takeSqrt ? aten.sqrt(out) : out;
}

type StdVarRest = PyRest<[dim: Dims, unbiased: boolean], MaskedReduceOptions>;

/** The variance of the kept elements over `dim` (unbiased: divided by count - 1). */
export function variance(input: Tensor, ...rest: StdVarRest): Tensor {
  return stdVar('var', input, rest, false);
}
export { variance as var };

/** The standard deviation of the kept elements over `dim`. */
export function std(input: Tensor, ...rest: StdVarRest): Tensor {
  return stdVar('std', input, rest, true);
}

/** softmax over `dim` with masked-out elements as -inf (weight 0). */
export function softmax(input: Tensor, dim: number, options: MaskedOptions = {}): Tensor {
  const a = scanArgs('softmax', [options]);
  const d = canonicalDims('softmax', dim, input.shape.length)[0]!;
  return aten.softmax_int(combine('softmax', 'amax', input, a.mask), d, a.dtype ?? input.dtype);
}

/** log_softmax over `dim` with masked-out elements as -inf. */
export function logSoftmax(input: Tensor, dim: number, options: MaskedOptions = {}): Tensor {
  const a = scanArgs('logSoftmax', [options]);
  const d = canonicalDims('logSoftmax', dim, input.shape.length)[0]!;
  return aten.log_softmax_int(combine('logSoftmax', 'amax', input, a.mask), d, a.dtype ?? input.dtype);
}

/** softmin over `dim` with masked-out elements as +inf (weight 0). */
export function softmin(input: Tensor, dim: number, options: MaskedOptions = {}): Tensor {
  const a = scanArgs('softmin', [options]);
  const d = canonicalDims('softmin', dim, input.shape.length)[0]!;
  return aten.softmax_int(aten.neg(combine('softmin', 'amin', input, a.mask)), d, a.dtype ?? input.dtype);
}

/** The kept elements divided by their `ord`-norm over `dim` (at least eps); masked-out ones become 0. */
export function normalize(input: Tensor, ord: number, dim: number, options: MaskedOptions & { eps?: number } = {}): Tensor {
  bindPy('normalize', [], [options], ['eps', 'dtype', 'mask']);
  const dtype = options.dtype ?? input.dtype;
  const x = combine('normalize', 'sum', input, options.mask);
  const nrm = norm(input, ord, dim, { keepdim: true, dtype, mask: options.mask ?? null });
  const denom = aten.maximum(nrm, aten.full([], options.eps ?? 1e-12, nrm.dtype, undefined, nrm.device));
  return aten.div_Tensor(x, denom);
}
