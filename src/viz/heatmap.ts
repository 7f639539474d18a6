// Attributions as pictures: each example's attribution, summed over
// channels and scaled by its largest magnitude, coloured red where it pushes
// the target up and blue where it pushes it down, laid over the input in
// grey. The result is an image batch [B, 3, H, W] in [0, 1] for
// vision.makeGrid / vision.saveImage.
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { scope } from '../core/scope.ts';
import { noGrad } from '../core/autograd.ts';
import { tensor } from '../ops/creation.ts';

export interface OverlayOptions {
  /** How strongly the colours cover the input (default 0.7). */
  alpha?: number;
  /** Scale each example by its own attributions (default), or all by the batch's. */
  scale?: 'example' | 'batch';
  /** The share (in %) of the largest |attributions| that saturate the colour, as captum's outlier_perc (default 2). */
  outlierPercent?: number;
  /** Enlarge each image this many times (nearest neighbour; default 1). */
  upscale?: number;
}

/** Images [B, C, H, W] and their attributions (same shape) -> RGB overlays [B, 3, H * upscale, W * upscale] in [0, 1]. */
export function attributionOverlay(images: Tensor, attributions: Tensor, options: OverlayOptions = {}): Tensor<[number, 3, number, number], 'float32', 'cpu'> {
  if (images.ndim !== 4) throw new TypeError(`attributionOverlay: images must be [B, C, H, W], got [${images.shape.join(', ')}]`);
  if (attributions.shape.join() !== images.shape.join()) throw new TypeError(`attributionOverlay: attributions [${attributions.shape.join(', ')}] must have the images' shape [${images.shape.join(', ')}]`);
  const alpha = options.alpha ?? 0.7;
  const outlierPercent = options.outlierPercent ?? 2;
  const upscale = options.upscale ?? 1;
  if (!(outlierPercent >= 0 && outlierPercent < 100)) throw new RangeError(`attributionOverlay: outlierPercent must be in [0, 100), got ${outlierPercent}`);
  if (!Number.isInteger(upscale) || upscale < 1) throw new RangeError(`attributionOverlay: upscale must be a positive integer, got ${upscale}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`attributionOverlay: alpha must be in [0, 1], got ${alpha}`);
  return noGrad(() => scope(() => {
    const b = images.shape[0]!;
    // The input in grey, rescaled to [0, 1] per example.
    const grey = aten.mean_dim(aten.to_dtype(images, 'float32'), [1], true);
    const flatGrey = aten.reshape(grey, [b, -1]);
    const low = aten.reshape(aten.amin(flatGrey, [1]), [b, 1, 1, 1]);
    const high = aten.reshape(aten.amax(flatGrey, [1]), [b, 1, 1, 1]);
    const base = aten.div_Tensor(aten.sub_Tensor(grey, low), aten.clamp_min(aten.sub_Tensor(high, low), 1e-12));
    // The attribution per pixel in [-1, 1].
    const a = aten.sum_dim_IntList(aten.to_dtype(attributions, 'float32'), [1], true);
    // Saturate at the (100 - outlierPercent)th percentile of |a|, so that a few large values do not wash out the rest.
    const q = tensor(Float32Array.of(1 - outlierPercent / 100));
    const peak = options.scale === 'batch'
      ? aten.quantile(aten.reshape(aten.abs(a), [-1]), q)
      : aten.reshape(aten.quantile(aten.abs(aten.reshape(a, [b, -1])), q, 1), [b, 1, 1, 1]);
    const v = aten.clamp(aten.div_Tensor(a, aten.clamp_min(peak, 1e-12)), -1, 1);
    const positive = aten.mul_Scalar(aten.clamp_min(v, 0), alpha);
    const negative = aten.mul_Scalar(aten.clamp_min(aten.neg(v), 0), alpha);
    // Red where positive, blue where negative: blend each channel toward 1 (its colour) or 0.
    // The grey image, faded by as much as the attribution colours it.
    const kept = aten.mul_Tensor(base, aten.rsub_Scalar(aten.add_Tensor(positive, negative), 1));
    const red = aten.add_Tensor(kept, positive);
    const green = kept;
    const blue = aten.add_Tensor(kept, negative);
    const rgb = aten.clamp(aten.cat([red, green, blue], 1), 0, 1);
    return upscale === 1 ? rgb : aten.upsample_nearest2d(rgb, [images.shape[2]! * upscale, images.shape[3]! * upscale]);
  })) as never;
}
