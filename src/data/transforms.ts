// Batch transforms: each takes and returns a batch tensor [N, C, H, W] (or
// [N, ...]), applied to the whole batch at once with libtorch ops.
import { Tensor } from '../core/tensor.ts';
import { call } from '../core/op.ts';
import { tensor } from '../core/creation.ts';
import { seededRandom } from './dataset.ts';

export type Transform = (x: Tensor) => Tensor;

const op = (name: string, ...args: unknown[]) => call(name, ...args) as Tensor;

/** Applies transforms left to right. */
export function compose(...transforms: Transform[]): Transform {
  return (x) => transforms.reduce((acc, t) => t(acc), x);
}

/** uint8 pixels to float32 in [0, 1]. */
export function toFloat(scale = 1 / 255): Transform {
  return (x) => op('mul.Scalar', op('to.dtype', x, 'float32'), scale);
}

/** (x - mean) / std, per channel when given arrays. */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): Transform {
  return (x) => {
    const shape = (v: readonly number[]) => [v.length, ...Array(Math.max(0, x.ndim - 2)).fill(1)];
    const m = typeof mean === 'number' ? mean : tensor(Float32Array.from(mean), { shape: shape(mean) });
    const s = typeof std === 'number' ? std : tensor(Float32Array.from(std), { shape: shape(std) });
    return op(typeof s === 'number' ? 'div.Scalar' : 'div.Tensor', op(typeof m === 'number' ? 'sub.Scalar' : 'sub.Tensor', x, m), s);
  };
}

/** Flips each image left-right with probability p (seeded). */
export function randomHorizontalFlip(p = 0.5, seed = 0): Transform {
  const random = seededRandom(seed);
  return (x) => {
    const n = x.shape[0]!;
    const flip = tensor(Array.from({ length: n }, () => random() < p)).reshape([n, ...Array(x.ndim - 1).fill(1)]);
    return op('where.self', flip, op('flip', x, [-1]), x);
  };
}

/** Pads each image by `padding` zeros and crops a random size x size window from it (seeded). */
export function randomCrop(size: number, padding = 0, seed = 0): Transform {
  const random = seededRandom(seed);
  return (x) => {
    const padded = padding > 0 ? op('constant_pad_nd', x, [padding, padding, padding, padding], 0) : x;
    const [h, w] = padded.shape.slice(-2) as [number, number];
    if (h < size || w < size) throw new RangeError(`randomCrop: ${size}x${size} is larger than the padded image ${h}x${w}`);
    const crops = Array.from({ length: x.shape[0]! }, (_, i) => {
      const top = Math.floor(random() * (h - size + 1));
      const left = Math.floor(random() * (w - size + 1));
      return op('narrow', op('narrow', op('select.int', padded, 0, i), -2, top, size), -1, left, size);
    });
    return op('stack', crops, 0);
  };
}
