// Resampling modules: Upsample (every interpolation mode), the nearest and
// bilinear shorthands, pixel (un)shuffle, channel shuffle, and Fold/Unfold
// (col2im / im2col), each over its torch.nn.functional function.
import type { Tensor } from '../../core/tensor.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as F from '../functional/index.ts';
import { Module, pyFloat, reprFields } from '../module.ts';
import { configure, p, required } from './config.ts';

type Ints = number | readonly number[];
type Dynamic<X extends Tensor> = Tensor<number[], X['dtype'], X['device']>;
type Mode = 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area' | 'nearest-exact';

abstract class Shapeless extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {};
}

interface UpsampleOptions {
  size?: Ints | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: Mode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
}
type UpsampleConfig = Required<UpsampleOptions>;
const SIZE = p('size', null, ['ints', 'null']);
const SCALE = p('scaleFactor', null, ['number', 'ints', 'null']);

/** Resizes the spatial dims to `size` or by `scaleFactor` with interpolation `mode` (default 'nearest'). */
export class Upsample extends Shapeless {
  readonly options: Readonly<UpsampleConfig>;
  constructor(...args: PyRest<[size: Ints | null, scaleFactor: number | readonly number[] | null, mode: Mode, alignCorners: boolean | null, recomputeScaleFactor: boolean | null], UpsampleOptions>) {
    super();
    this.options = configure<UpsampleConfig>('Upsample', [
      SIZE, SCALE, p('mode', 'nearest', ['string'], ['nearest', 'linear', 'bilinear', 'bicubic', 'trilinear', 'area', 'nearest-exact']),
      p('alignCorners', null, ['boolean', 'null']), p('recomputeScaleFactor', null, ['boolean', 'null']),
    ], args);
    if ((this.options.size === null) === (this.options.scaleFactor === null)) throw new TypeError('Upsample: give exactly one of size and scaleFactor');
  }
  forward<X extends Tensor>(x: X): Dynamic<X> {
    return F.interpolate(x, this.options) as never;
  }
  override extraRepr(): string {
    const o = this.options;
    return o.scaleFactor !== null
      ? reprFields({ scale_factor: typeof o.scaleFactor === 'number' ? pyFloat(o.scaleFactor) : o.scaleFactor.map(pyFloat), mode: o.mode })
      : reprFields({ size: o.size, mode: o.mode });
  }
}

type ShorthandArgs = PyRest<[size: Ints | null, scaleFactor: number | readonly number[] | null], { size?: Ints | null; scaleFactor?: number | readonly number[] | null }>;
/** Upsample with mode 'nearest' of [N, C, H, W]. */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: ShorthandArgs) {
    const o = configure<{ size: Ints | null; scaleFactor: number | null }>('UpsamplingNearest2d', [SIZE, SCALE], args);
    super({ ...o, mode: 'nearest' });
  }
}
/** Upsample with mode 'bilinear' and alignCorners true of [N, C, H, W]. */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: ShorthandArgs) {
    const o = configure<{ size: Ints | null; scaleFactor: number | null }>('UpsamplingBilinear2d', [SIZE, SCALE], args);
    super({ ...o, mode: 'bilinear', alignCorners: true });
  }
}

/** [*, C r², H, W] to [*, C, H r, W r]. */
export class PixelShuffle extends Shapeless {
  constructor(readonly upscaleFactor: number) { super(); required('PixelShuffle', 'upscaleFactor', upscaleFactor, 'int'); }
  forward<X extends Tensor>(x: X): Dynamic<X> { return F.pixelShuffle(x, this.upscaleFactor) as never; }
  override extraRepr(): string { return reprFields({ upscale_factor: this.upscaleFactor }); }
}
/** [*, C, H r, W r] to [*, C r², H, W]. */
export class PixelUnshuffle extends Shapeless {
  constructor(readonly downscaleFactor: number) { super(); required('PixelUnshuffle', 'downscaleFactor', downscaleFactor, 'int'); }
  forward<X extends Tensor>(x: X): Dynamic<X> { return F.pixelUnshuffle(x, this.downscaleFactor) as never; }
  override extraRepr(): string { return reprFields({ downscale_factor: this.downscaleFactor }); }
}
/** Interleaves the channels of [N, C, ...] in `groups` groups. */
export class ChannelShuffle extends Shapeless {
  constructor(readonly groups: number) { super(); required('ChannelShuffle', 'groups', groups, 'int'); }
  forward<X extends Tensor>(x: X): X { return F.channelShuffle(x, this.groups) as never; }
  override extraRepr(): string { return reprFields({ groups: this.groups }); }
}

interface WindowOptions {
  dilation?: Ints;
  padding?: Ints;
  stride?: Ints;
}
type WindowArgs = PyRest<[dilation: Ints, padding: Ints, stride: Ints], WindowOptions>;
const WINDOW = [p('dilation', 1, ['ints']), p('padding', 0, ['ints']), p('stride', 1, ['ints'])];

/** The sliding blocks of [N, C, H, W] as columns [N, C kH kW, L] (im2col). */
export class Unfold extends Shapeless {
  readonly options: Readonly<Required<WindowOptions>>;
  constructor(readonly kernelSize: Ints, ...args: WindowArgs) {
    super();
    required('Unfold', 'kernelSize', kernelSize, 'ints');
    this.options = configure('Unfold', WINDOW, args);
  }
  forward<X extends Tensor>(x: X): Dynamic<X> { return F.unfold(x, this.kernelSize, this.options) as never; }
  override extraRepr(): string { return reprFields({ kernel_size: this.kernelSize, ...this.options }); }
}
/** Columns [N, C kH kW, L] summed back into [N, C, outputSize] (col2im). */
export class Fold extends Shapeless {
  readonly options: Readonly<Required<WindowOptions>>;
  constructor(readonly outputSize: Ints, readonly kernelSize: Ints, ...args: WindowArgs) {
    super();
    required('Fold', 'outputSize', outputSize, 'ints');
    required('Fold', 'kernelSize', kernelSize, 'ints');
    this.options = configure('Fold', WINDOW, args);
  }
  forward<X extends Tensor>(x: X): Dynamic<X> { return F.fold(x, this.outputSize, this.kernelSize, this.options) as never; }
  override extraRepr(): string { return reprFields({ output_size: this.outputSize, kernel_size: this.kernelSize, ...this.options }); }
}
