// Activations with Python's arguments: an `inplace` flag where Python has
// one, softmax-family dims that may be left out (Python's implicit choice),
// and the activations Python writes from other ops (softsign, tanhshrink,
// softmin, gumbelSoftmax).
import type { Tensor } from '../../core/tensor.ts';
import type { DType } from '../../types/dtype.ts';
import type { Like, LikeAs } from '../../ops/typing.ts';
import type { FloatLike } from '../../ops/signatures.ts';
import * as aten from '../../ops/generated/aten.ts';
import { noGrad } from '../../core/autograd.ts';
import { bindPy, type PyRest } from '../../ops/python-args.ts';

type Inplace = PyRest<[inplace: boolean], { inplace?: boolean }>;

function inplaceOf(fn: string, rest: readonly unknown[]): boolean {
  return (bindPy(fn, ['inplace'], rest).inplace ?? false) as boolean;
}

/** An activation with only an `inplace` flag: the out-of-place and in-place kernels. */
function simple(fn: string, out: (x: Tensor) => Tensor, inPlace: (x: Tensor) => Tensor) {
  return <X extends Tensor>(input: X, ...rest: Inplace): Like<X> => (inplaceOf(fn, rest) ? inPlace(input) : out(input)) as Like<X>;
}

/** max(0, x). */
export const relu = simple('relu', aten.relu, aten.relu_);
/** min(max(0, x), 6). */
export const relu6 = simple('relu6', aten.relu6, (x) => aten.hardtanh_(x, 0, 6));
/** Scaled ELU with the self-normalizing constants. */
export const selu = simple('selu', aten.selu, aten.selu_);
/** x * sigmoid(x). */
export const silu = simple('silu', aten.silu, aten.silu_);
/** x * tanh(softplus(x)). */
export const mish = simple('mish', aten.mish, aten.mish_);
/** relu6(x + 3) / 6. */
export const hardsigmoid = simple('hardsigmoid', aten.hardsigmoid, aten.hardsigmoid_);
/** x * relu6(x + 3) / 6. */
export const hardswish = simple('hardswish', aten.hardswish, aten.hardswish_);

/** x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu<X extends Tensor>(input: X, ...rest: PyRest<[alpha: number, inplace: boolean], { alpha?: number; inplace?: boolean }>): Like<X> {
  const a = bindPy('elu', ['alpha', 'inplace'], rest);
  const alpha = (a.alpha ?? 1) as number;
  return (a.inplace ? aten.elu_(input, alpha) : aten.elu(input, alpha)) as Like<X>;
}

/** max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). */
export function celu<X extends Tensor>(input: X, ...rest: PyRest<[alpha: number, inplace: boolean], { alpha?: number; inplace?: boolean }>): Like<X> {
  const a = bindPy('celu', ['alpha', 'inplace'], rest);
  const alpha = (a.alpha ?? 1) as number;
  return (a.inplace ? aten.celu_(input, alpha) : aten.celu(input, alpha)) as Like<X>;
}

/** x for x > 0, negativeSlope * x otherwise. */
export function leakyRelu<X extends Tensor>(
  input: X,
  ...rest: PyRest<[negativeSlope: number, inplace: boolean], { negativeSlope?: number; inplace?: boolean }>
): Like<X> {
  const a = bindPy('leakyRelu', ['negativeSlope', 'inplace'], rest);
  const slope = (a.negativeSlope ?? 0.01) as number;
  return (a.inplace ? aten.leaky_relu_(input, slope) : aten.leaky_relu(input, slope)) as Like<X>;
}

/** x clamped to [minVal, maxVal]. */
export function hardtanh<X extends Tensor>(
  input: X,
  ...rest: PyRest<[minVal: number, maxVal: number, inplace: boolean], { minVal?: number; maxVal?: number; inplace?: boolean }>
): Like<X> {
  const a = bindPy('hardtanh', ['minVal', 'maxVal', 'inplace'], rest);
  const lo = (a.minVal ?? -1) as number;
  const hi = (a.maxVal ?? 1) as number;
  return (a.inplace ? aten.hardtanh_(input, lo, hi) : aten.hardtanh(input, lo, hi)) as Like<X>;
}

/** x where x > threshold, value elsewhere. */
export function threshold<X extends Tensor>(input: X, thresholdValue: number, value: number, ...rest: Inplace): Like<X> {
  return (inplaceOf('threshold', rest) ? aten.threshold_(input, thresholdValue, value) : aten.threshold(input, thresholdValue, value)) as Like<X>;
}

/**
 * Randomized leaky ReLU: while training, each negative element's slope is
 * drawn from U(lower, upper); otherwise the slope is (lower + upper) / 2.
 */
export function rrelu<X extends Tensor>(
  input: X,
  ...rest: PyRest<[lower: number, upper: number, training: boolean, inplace: boolean], { lower?: number; upper?: number; training?: boolean; inplace?: boolean }>
): Like<X> {
  const a = bindPy('rrelu', ['lower', 'upper', 'training', 'inplace'], rest);
  const lower = (a.lower ?? 1 / 8) as number;
  const upper = (a.upper ?? 1 / 3) as number;
  const training = (a.training ?? false) as boolean;
  return (a.inplace ? aten.rrelu_(input, lower, upper, training) : aten.rrelu(input, lower, upper, training)) as Like<X>;
}

/** The gated linear unit: the first half of `dim` times the sigmoid of the second. */
export function glu<X extends Tensor>(input: X, ...rest: PyRest<[dim: number], { dim?: number }>): Tensor<number[], Like<X>['dtype'], Like<X>['device']> {
  if (input.shape.length === 0) throw new TypeError('glu: a 0-d tensor has no dim to halve');
  return aten.glu(input, (bindPy('glu', ['dim'], rest).dim ?? -1) as number) as never;
}

/** x - tanh(x). */
export function tanhshrink<X extends Tensor>(input: X): FloatLike<X> {
  return aten.sub_Tensor(input, aten.tanh(input)) as FloatLike<X>;
}

/** x / (1 + |x|). */
export function softsign<X extends Tensor>(input: X): FloatLike<X> {
  return aten.div_Tensor(input, aten.add_Scalar(aten.abs(input), 1)) as FloatLike<X>;
}

/** log(sigmoid(x)), computed stably. */
export function logsigmoid<X extends Tensor>(input: X): Like<X> {
  return aten.log_sigmoid(input) as Like<X>;
}

/** tanh(x) (Python's F.tanh; torch.tanh is the same). */
export function tanh<X extends Tensor>(input: X): FloatLike<X> {
  return aten.tanh(input) as FloatLike<X>;
}

/** sigmoid(x) (Python's F.sigmoid; torch.sigmoid is the same). */
export function sigmoid<X extends Tensor>(input: X): FloatLike<X> {
  return aten.sigmoid(input) as FloatLike<X>;
}

export interface SoftmaxOptions<DT extends DType | undefined = undefined> {
  /** The dim to normalize over; left out, Python's implicit choice (0 for 0-, 1- and 3-d inputs, else 1) with a warning. */
  dim?: number | null;
  /** The dtype to compute in and return. */
  dtype?: DT | null;
}

type SoftmaxRest<DT extends DType | undefined> = PyRest<[dim: number | null], SoftmaxOptions<DT>>;
type SoftmaxOut<X, DT> = DT extends DType ? LikeAs<X, DT> : Like<X>;

function softmaxArgs(fn: string, input: Tensor, rest: readonly unknown[]): { dim: number; dtype: DType | null } {
  const a = bindPy(fn, ['dim'], rest, ['dtype']);
  let dim = a.dim as number | null | undefined;
  if (dim == null) {
    const rank = input.shape.length;
    dim = rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
    process.emitWarning(`${fn}: the implicit dim choice is deprecated (it picked dim ${dim}); pass the dim`, 'TorchWarning');
  }
  return { dim, dtype: (a.dtype ?? null) as DType | null };
}

/** exp(x) / sum(exp(x)) along `dim`. */
export function softmax<X extends Tensor, const DT extends DType | undefined = undefined>(input: X, ...rest: SoftmaxRest<DT>): SoftmaxOut<X, DT> {
  const { dim, dtype } = softmaxArgs('softmax', input, rest);
  return aten.softmax_int(input, dim, dtype) as SoftmaxOut<X, DT>;
}

/** softmax(-x) along `dim`. */
export function softmin<X extends Tensor, const DT extends DType | undefined = undefined>(input: X, ...rest: SoftmaxRest<DT>): SoftmaxOut<X, DT> {
  const { dim, dtype } = softmaxArgs('softmin', input, rest);
  return aten.softmax_int(aten.neg(input), dim, dtype) as SoftmaxOut<X, DT>;
}

/** log(softmax(x)) along `dim`, computed stably. */
export function logSoftmax<X extends Tensor, const DT extends DType | undefined = undefined>(input: X, ...rest: SoftmaxRest<DT>): SoftmaxOut<X, DT> {
  const { dim, dtype } = softmaxArgs('logSoftmax', input, rest);
  return aten.log_softmax_int(input, dim, dtype) as SoftmaxOut<X, DT>;
}

export interface GumbelSoftmaxOptions {
  /** Temperature. Default 1. */
  tau?: number;
  /** Return one-hot samples whose gradient is the soft sample's (straight-through). */
  hard?: boolean;
  dim?: number;
}

/** A sample from the Gumbel-softmax distribution over `dim` of the logits. */
export function gumbelSoftmax<X extends Tensor>(logits: X, options: GumbelSoftmaxOptions = {}): Like<X> {
  const dim = options.dim ?? -1;
  const noise = aten.neg(aten.log(aten.exponential_(aten.empty_like(logits))));
  const ySoft = aten.softmax_int(aten.div_Scalar(aten.add_Tensor(logits, noise), options.tau ?? 1), dim);
  if (!options.hard) return ySoft as Like<X>;
  const index = aten.max_dim(ySoft, dim, true)[1]!;
  const yHard = noGrad(() => aten.scatter__value(aten.zeros_like(logits), dim, index, 1));
  return aten.add_Tensor(aten.sub_Tensor(yHard, aten.detach(ySoft)), ySoft) as Like<X>;
}
