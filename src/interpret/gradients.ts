// Gradient-based attributions with captum's conventions: attributions have
// the input's shape, `target` picks the output explained, baselines default
// to zeros. Saliency (|dF/dx|), Input x Gradient, Integrated Gradients
// (Sundararajan et al., 2017) with its convergence delta, and NoiseTunnel's
// SmoothGrad / SmoothGrad-squared / VarGrad averaging over noisy copies.
import type { Tensor } from '../core/tensor.ts';
import type { Like } from '../ops/typing.ts';
import * as aten from '../ops/generated/aten.ts';
import { keep, scope } from '../core/scope.ts';
import { noGrad } from '../core/autograd.ts';
import { defaultGenerator } from '../core/generator.ts';
import { tensor } from '../ops/creation.ts';
import { generatorOf, type GeneratorLike } from '../data/dataset.ts';
import { callable, checkInput, gradientAt, selectTarget, type Forward, type Target } from './target.ts';
import { pathPoints, type IntegrationMethod } from './quadrature.ts';

export interface TargetOptions {
  /** The output to explain (an index, or one per example); omit for a model with one output per example. */
  target?: Target;
}

/** |dF_target/dx| (Simonyan et al., 2014); `abs: false` keeps the sign. */
export function saliency<X extends Tensor>(model: Forward, inputs: X, options: TargetOptions & { abs?: boolean } = {}): Like<X> {
  checkInput('saliency', inputs);
  return scope(() => {
    const { gradient } = gradientAt('saliency', callable(model), inputs, options.target);
    return (options.abs ?? true) ? aten.abs(gradient) : gradient;
  }) as never;
}

/** x * dF_target/dx. */
export function inputXGradient<X extends Tensor>(model: Forward, inputs: X, options: TargetOptions = {}): Like<X> {
  checkInput('inputXGradient', inputs);
  return scope(() => aten.mul_Tensor(inputs, gradientAt('inputXGradient', callable(model), inputs, options.target).gradient)) as never;
}

export interface IntegratedGradientsOptions extends TargetOptions {
  /** Where the path starts: a tensor of the input's shape (or one that broadcasts to it), or a number (default 0). */
  baselines?: Tensor | number;
  /** Points on the path (default 50). */
  nSteps?: number;
  /** How the path integral is approximated (default 'gausslegendre', captum's). */
  method?: IntegrationMethod;
  /** At most this many scaled inputs per forward call (default: all nSteps x batch at once). */
  internalBatchSize?: number;
}

export interface IntegratedGradientsResult<X extends Tensor> {
  /** (x - baseline) * the path integral of dF/dx: the input's shape. */
  attributions: Like<X>;
  /** Per example, sum(attributions) - (F(x) - F(baseline)): how far the approximation is from completeness. */
  delta: Tensor<[number], 'float64', 'cpu'>;
}

/** Integrated Gradients with its convergence delta. */
export function integratedGradients<X extends Tensor>(model: Forward, inputs: X, options: IntegratedGradientsOptions = {}): IntegratedGradientsResult<X> {
  checkInput('integratedGradients', inputs);
  const f = callable(model);
  const { alphas, weights } = pathPoints(options.method ?? 'gausslegendre', options.nSteps ?? 50);
  const batch = inputs.shape[0]!;
  const perChunk = options.internalBatchSize === undefined ? alphas.length : Math.max(1, Math.floor(options.internalBatchSize / batch));
  if (options.internalBatchSize !== undefined && !(Number.isInteger(options.internalBatchSize) && options.internalBatchSize > 0)) {
    throw new RangeError(`integratedGradients: internalBatchSize must be a positive integer, got ${options.internalBatchSize}`);
  }
  return scope(() => {
    const x = inputs as Tensor;
    const baseline = typeof options.baselines === 'number' || options.baselines === undefined
      ? aten.full_like(x, options.baselines ?? 0)
      : aten.add_Tensor(aten.zeros_like(x), options.baselines);
    const path = aten.sub_Tensor(x, baseline);
    const repeatTarget = (k: number): Target => (Array.isArray(options.target) ? Array.from({ length: k }, () => options.target as number[]).flat() : options.target);
    let total: Tensor = aten.zeros_like(x);
    for (let start = 0; start < alphas.length; start += perChunk) {
      const chunk = alphas.slice(start, start + perChunk);
      const next = scope(() => {
        const scaled = aten.cat(chunk.map((a) => aten.add_Tensor(baseline, aten.mul_Scalar(path, a))), 0);
        const { gradient } = gradientAt('integratedGradients', f, scaled, repeatTarget(chunk.length));
        const perStep = aten.reshape(gradient, [chunk.length, ...x.shape]);
        const w = aten.reshape(aten.to_dtype(tensor(Float64Array.from(weights.slice(start, start + chunk.length))), x.dtype), [chunk.length, ...x.shape.map(() => 1)]);
        return aten.add_Tensor(total, aten.sum_dim_IntList(aten.mul_Tensor(perStep, w), [0]));
      });
      total.dispose();
      total = next;
    }
    const attributions = aten.mul_Tensor(total, path);
    const ends = noGrad(() => {
      const both = selectTarget('integratedGradients', f(aten.cat([x, baseline], 0)), repeatTarget(2), 2 * batch);
      return aten.to_dtype(both, 'float64');
    });
    const rise = aten.sub_Tensor(aten.narrow(ends, 0, 0, batch), aten.narrow(ends, 0, batch, batch));
    const sums = aten.sum_dim_IntList(aten.to_dtype(aten.reshape(attributions, [batch, -1]), 'float64'), [1]);
    return { attributions: keep(attributions), delta: keep(aten.sub_Tensor(sums, rise)) };
  }) as never;
}

export interface NoiseTunnelOptions {
  /** 'smoothgrad' (the mean, the default), 'smoothgrad_sq' (the mean of squares) or 'vargrad' (the variance). */
  type?: 'smoothgrad' | 'smoothgrad_sq' | 'vargrad';
  /** Noisy copies (default 5). */
  nSamples?: number;
  /** The noise's standard deviation (default 1, captum's). */
  stdevs?: number;
  /** The noise's random stream: a Generator or a seed (default: the global generator). */
  generator?: GeneratorLike;
}

/** An attribution method averaged over copies of the input with Gaussian noise added (Smilkov et al., 2017). */
export function noiseTunnel<X extends Tensor>(attribute: (noisy: X) => Tensor, inputs: X, options: NoiseTunnelOptions = {}): Like<X> {
  checkInput('noiseTunnel', inputs);
  const n = options.nSamples ?? 5;
  const stdevs = options.stdevs ?? 1;
  const type = options.type ?? 'smoothgrad';
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`noiseTunnel: nSamples must be a positive integer, got ${n}`);
  if (!(stdevs >= 0)) throw new RangeError(`noiseTunnel: stdevs must be non-negative, got ${stdevs}`);
  if (!['smoothgrad', 'smoothgrad_sq', 'vargrad'].includes(type)) throw new RangeError(`noiseTunnel: type must be smoothgrad, smoothgrad_sq or vargrad, got ${JSON.stringify(type)}`);
  const gen = generatorOf(options.generator);
  try {
    return scope(() => {
      let sum: Tensor | null = null;
      let squares: Tensor | null = null;
      for (let i = 0; i < n; i++) {
        const noise = aten.to_dtype(aten.randn_generator(inputs.shape, gen), inputs.dtype);
        const a = attribute(aten.add_Tensor(inputs, aten.mul_Scalar(noise, stdevs)) as X);
        sum = sum ? aten.add_Tensor(sum, a) : a;
        squares = squares ? aten.add_Tensor(squares, aten.square(a)) : aten.square(a);
      }
      const mean = aten.div_Scalar(sum!, n);
      const meanSq = aten.div_Scalar(squares!, n);
      return type === 'smoothgrad' ? mean : type === 'smoothgrad_sq' ? meanSq : aten.sub_Tensor(meanSq, aten.square(mean));
    }) as never;
  } finally {
    if (gen !== options.generator && gen !== defaultGenerator) gen.dispose(); // made from a seed for this call
  }
}
