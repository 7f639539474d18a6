// Batch transforms: each takes and returns a batch tensor [N, C, H, W] (or
// [N, ...]), applied to the whole batch at once with libtorch ops. Each runs
// in a scope of its own, so its intermediates are freed when it returns.
//
// Transforms are typed: each maps its input's type to its output's (toFloat
// gives float32 of the same shape, randomCrop changes H and W), and compose
// chains those types, so a pipeline's batches reach the model typed.
import type { Shape } from '../types/shape.ts';
import type { FloatOf } from '../types/promote.ts';
import type { DTypeOf, DeviceOf, ShapeOf } from '../ops/typing.ts';
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { tensor } from '../ops/creation.ts';
import { scope } from '../core/scope.ts';
import { generatorOf, type GeneratorLike } from './dataset.ts';

/** A batch transform: tensor in, tensor out (typed ones say how the type changes). */
export type Transform<In extends Tensor = Tensor, Out extends Tensor = Tensor> = (x: In) => Out;

/** The last two dims (H and W) of S replaced by H2 and W2. */
export type Resized<S extends Shape, H2 extends number, W2 extends number> = S extends readonly [...infer Lead extends Shape, unknown, unknown]
  ? [...Lead, H2, W2]
  : number[];

/** Applies transforms left to right. */
export function compose<A extends Tensor, B extends Tensor>(f: Transform<A, B>): Transform<A, B>;
export function compose<A extends Tensor, B extends Tensor, C extends Tensor>(f: Transform<A, B>, g: Transform<B, C>): Transform<A, C>;
export function compose<A extends Tensor, B extends Tensor, C extends Tensor, D extends Tensor>(
  f: Transform<A, B>,
  g: Transform<B, C>,
  h: Transform<C, D>,
): Transform<A, D>;
export function compose<A extends Tensor, B extends Tensor, C extends Tensor, D extends Tensor, E extends Tensor>(
  f: Transform<A, B>,
  g: Transform<B, C>,
  h: Transform<C, D>,
  i: Transform<D, E>,
): Transform<A, E>;
export function compose(...transforms: Transform[]): Transform;
export function compose(...transforms: Transform[]): Transform {
  return (x) => scope(() => transforms.reduce((acc, t) => t(acc), x));
}

/** uint8 pixels to float32 in [0, 1]: x / 255, as torchvision's ToTensor computes it. */
export function toFloat(max = 255): <T extends Tensor>(x: T) => Tensor<ShapeOf<T>, 'float32', DeviceOf<T>> {
  return (x) => scope(() => aten.div_Scalar(aten.to_dtype(x, 'float32'), max)) as never;
}

/**
 * (x - mean) / std, per channel when given arrays (dim 1 of [N, C, ...]).
 * Mean and std are float32 tensors, as in torchvision's Normalize, so the
 * results match it to the bit.
 */
export function normalize(
  mean: number | readonly number[],
  std: number | readonly number[],
): <T extends Tensor>(x: T) => Tensor<ShapeOf<T>, FloatOf<DTypeOf<T>>, DeviceOf<T>> {
  const channels = (v: number | readonly number[]) => Float32Array.from(typeof v === 'number' ? [v] : v);
  const m = channels(mean);
  const s = channels(std);
  if (m.length !== s.length) throw new RangeError(`normalize: ${m.length} means but ${s.length} standard deviations`);
  if (s.some((v) => v === 0)) throw new RangeError('normalize: a standard deviation is 0');
  return (x) => scope(() => {
    // [C, 1, ..., 1]: broadcasts over the batch dim and each channel's pixels.
    const shape = [m.length, ...Array(Math.max(0, x.ndim - 2)).fill(1)];
    return aten.div_Tensor(aten.sub_Tensor(x, tensor(m, { shape })), tensor(s, { shape }));
  }) as never;
}

/**
 * Flips each image left-right with probability p. Draws one uniform number
 * per image from `generator` (a Generator, or a seed for a new one; default:
 * the default generator), as torchvision's RandomHorizontalFlip does.
 */
export function randomHorizontalFlip(p = 0.5, generator?: GeneratorLike): <T extends Tensor>(x: T) => Tensor<ShapeOf<T>, DTypeOf<T>, DeviceOf<T>> {
  const gen = generatorOf(generator);
  return (x) => scope(() => {
    const n = x.shape[0]!;
    const draws = aten.rand_generator([n], gen);
    const flip = aten.reshape(aten.lt_Scalar(draws, p), [n, ...Array<number>(x.ndim - 1).fill(1)]);
    return aten.where_self(flip, aten.flip(x, [-1]), x);
  }) as never;
}

/**
 * Pads each image by `padding` zeros and crops a random size x size window
 * from it. Draws the window's top then left per image from `generator`
 * (default: the default generator), as torchvision's RandomCrop does.
 */
export function randomCrop<const Sz extends number>(
  size: Sz,
  padding = 0,
  generator?: GeneratorLike,
): <T extends Tensor>(x: T) => Tensor<Resized<ShapeOf<T>, Sz, Sz>, DTypeOf<T>, DeviceOf<T>> {
  const gen = generatorOf(generator);
  const draw = (bound: number) => aten.randint_low_generator(0, bound, [1], gen).item() as number;
  return (x) => scope(() => {
    const padded = padding > 0 ? aten.constant_pad_nd(x, [padding, padding, padding, padding], 0) : x;
    const [h, w] = padded.shape.slice(-2) as [number, number];
    if (h < size || w < size) throw new RangeError(`randomCrop: ${size}x${size} is larger than the padded image ${h}x${w}`);
    const crops = Array.from({ length: x.shape[0]! }, (_, i) => {
      const top = draw(h - size + 1);
      const left = draw(w - size + 1);
      return aten.narrow(aten.narrow(aten.select_int(padded, 0, i), -2, top, size), -1, left, size);
    });
    return aten.stack(crops, 0);
  }) as never;
}
