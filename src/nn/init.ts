// torch.nn.init: in-place initialisers drawing from libtorch's seeded default
// generator, with PyTorch's formulas, so that with the same seed they produce
// PyTorch's values.
import type { Tensor } from '../core/tensor.ts';
import { noGrad } from '../core/autograd.ts';
import * as aten from '../ops/generated/aten.ts';

type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** PyTorch's recommended gain for a nonlinearity (calculate_gain). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'tanh': return 5 / 3;
    case 'relu': return Math.sqrt(2);
    case 'leaky_relu': return Math.sqrt(2 / (1 + (param ?? 0.01) ** 2));
    case 'selu': return 3 / 4;
    default: return 1;
  }
}

/** fan_in and fan_out of a weight [out, in, ...kernel]. */
export function fans(t: Tensor): { fanIn: number; fanOut: number } {
  const s = t.shape;
  if (s.length < 2) throw new RangeError(`fan in/out need at least 2 dims, got [${s.join(', ')}]`);
  const receptive = s.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: s[1]! * receptive, fanOut: s[0]! * receptive };
}

// Initialisers write into parameters: never recorded by autograd.
export const uniform_ = <T extends Tensor>(t: T, a = 0, b = 1): T => noGrad(() => aten.uniform_(t, a, b));
export const normal_ = <T extends Tensor>(t: T, mean = 0, std = 1): T => noGrad(() => aten.normal_(t, mean, std));
export const constant_ = <T extends Tensor>(t: T, value: number): T => noGrad(() => aten.fill__Scalar(t, value));
export const zeros_ = <T extends Tensor>(t: T): T => noGrad(() => aten.zero_(t));
export const ones_ = <T extends Tensor>(t: T): T => noGrad(() => aten.fill__Scalar(t, 1));

export interface KaimingOptions {
  /** The negative slope of the leaky ReLU after this layer (0 for ReLU). */
  a?: number;
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, o: KaimingOptions): number {
  const f = fans(t);
  const fan = (o.mode ?? 'fanIn') === 'fanIn' ? f.fanIn : f.fanOut;
  return calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan);
}

/** He initialisation, uniform. */
export const kaimingUniform_ = <T extends Tensor>(t: T, o: KaimingOptions = {}): T => {
  const bound = Math.sqrt(3) * kaimingStd(t, o);
  return uniform_(t, -bound, bound);
};

/** He initialisation, normal. */
export const kaimingNormal_ = <T extends Tensor>(t: T, o: KaimingOptions = {}): T => normal_(t, 0, kaimingStd(t, o));

/** Glorot initialisation, uniform. */
export const xavierUniform_ = <T extends Tensor>(t: T, gain = 1): T => {
  const { fanIn, fanOut } = fans(t);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a);
};

/** Glorot initialisation, normal. */
export const xavierNormal_ = <T extends Tensor>(t: T, gain = 1): T => {
  const { fanIn, fanOut } = fans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
};
