// Image grids, as torchvision.utils lays them out: make_grid tiles a batch of
// images into one image (nrow per row, `padding` pixels between and around
// them), save_image writes such a grid as a PNG file. The pixel arithmetic is
// torchvision's (x * 255 + 0.5, clamped, truncated to uint8), so a grid
// saved here has the bytes Python's save_image writes; the PNG encoding is
// pngjs's.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Tensor } from '../core/tensor.ts';
import type { DeviceOf } from '../ops/typing.ts';
import * as aten from '../ops/generated/aten.ts';
import { scope } from '../core/scope.ts';
import { noGrad } from '../core/autograd.ts';

export interface GridOptions {
  /** Images per row (default 8; fewer when there are fewer images). */
  nrow?: number;
  /** Pixels between the images and around the grid (default 2). */
  padding?: number;
  /** The padding's value (default 0, black). */
  padValue?: number;
  /** Shift and scale the values to [0, 1]: by `valueRange` when given, else by the batch's minimum and maximum. */
  normalize?: boolean;
  /** The [low, high] that `normalize` maps to [0, 1] (values outside are clamped). */
  valueRange?: readonly [low: number, high: number];
}

function checkCount(name: string, value: number | undefined, fallback: number, least: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < least) throw new RangeError(`makeGrid: ${name} must be an integer of at least ${least}, got ${v}`);
  return v;
}

/**
 * Images [N, C, H, W] (or one image [C, H, W] or [H, W]) tiled into one image
 * [C, H', W'], like torchvision.utils.make_grid: single-channel images become
 * three-channel, a batch of one is returned as it is (no padding). The
 * result is float32 on the images' device, detached.
 */
export function makeGrid<T extends Tensor>(images: T, options: GridOptions = {}): Tensor<[number, number, number], 'float32', DeviceOf<T>> {
  const nrow = checkCount('nrow', options.nrow, 8, 1);
  const padding = checkCount('padding', options.padding, 2, 0);
  const padValue = options.padValue ?? 0;
  if (images.ndim < 2 || images.ndim > 4) {
    throw new TypeError(`makeGrid: expected images [N, C, H, W], one image [C, H, W] or [H, W], got a tensor of shape [${images.shape.join(', ')}]`);
  }
  if (images.shape.some((d) => d === 0)) throw new RangeError(`makeGrid: no images to tile (shape [${images.shape.join(', ')}])`);
  return noGrad(() => scope(() => {
    let x = aten.to_dtype(aten.detach(images), 'float32');
    if (x.ndim === 2) x = aten.unsqueeze(x, 0);
    if (x.ndim === 3) {
      if (x.shape[0] === 1) x = aten.cat([x, x, x], 0);
      x = aten.unsqueeze(x, 0);
    }
    if (x.shape[1] === 1) x = aten.cat([x, x, x], 1);
    if (options.normalize) {
      const [low, high] = options.valueRange ?? [aten.min(x).item() as number, aten.max(x).item() as number];
      if (!(high >= low)) throw new RangeError(`makeGrid: valueRange must be [low, high] with low <= high, got [${low}, ${high}]`);
      x = aten.div_Scalar(aten.sub_Scalar(aten.clamp(x, low, high), low), Math.max(high - low, 1e-5));
    }
    const [n, c, h, w] = x.shape as [number, number, number, number];
    if (n === 1) return aten.squeeze_dim(x, 0);
    const columns = Math.min(nrow, n);
    const rows = Math.ceil(n / columns);
    const grid = aten.full([c, rows * (h + padding) + padding, columns * (w + padding) + padding], padValue, 'float32', null, x.device);
    for (let k = 0; k < n; k++) {
      const top = padding + Math.floor(k / columns) * (h + padding);
      const left = padding + (k % columns) * (w + padding);
      aten.copy_(aten.narrow(aten.narrow(grid, 1, top, h), 2, left, w), aten.select_int(x, 0, k));
    }
    return grid;
  })) as never;
}

/**
 * Writes images as one PNG file, tiled by makeGrid (a single image is written
 * as it is), like torchvision.utils.save_image: values in [0, 1] become
 * bytes by x * 255 + 0.5, clamped to [0, 255]. Three channels are written as
 * RGB, four as RGBA.
 */
export function saveImage(images: Tensor, path: string, options: GridOptions = {}): void {
  const pixels = noGrad(() => scope(() => {
    const grid = makeGrid(images, options);
    if (grid.shape[0] !== 3 && grid.shape[0] !== 4) {
      throw new TypeError(`saveImage: images need 1, 3 or 4 channels to be a PNG, got ${grid.shape[0]} (shape [${images.shape.join(', ')}])`);
    }
    const bytes = aten.to_dtype(aten.permute(aten.clamp(aten.add_Scalar(aten.mul_Scalar(grid, 255), 0.5), 0, 255), [1, 2, 0]), 'uint8');
    return { channels: grid.shape[0], height: grid.shape[1]!, width: grid.shape[2]!, data: aten.contiguous(aten._to_copy(bytes, null, null, 'cpu')).toTypedArray() as Uint8Array };
  }));
  const png = new PNG({ width: pixels.width, height: pixels.height });
  for (let p = 0; p < pixels.width * pixels.height; p++) {
    png.data[4 * p] = pixels.data[pixels.channels * p]!;
    png.data[4 * p + 1] = pixels.data[pixels.channels * p + 1]!;
    png.data[4 * p + 2] = pixels.data[pixels.channels * p + 2]!;
    png.data[4 * p + 3] = pixels.channels === 4 ? pixels.data[4 * p + 3]! : 255;
  }
  writeFileSync(path, PNG.sync.write(png, { colorType: pixels.channels === 4 ? 6 : 2 }));
}
