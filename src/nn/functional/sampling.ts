// Resampling with Python's arguments: interpolate (every mode), the
// upsample aliases, grid sampling and affine grids, and sliding-window
// extraction (unfold) and its inverse (fold).
import type { Tensor } from '../../core/tensor.ts';
import type { DTypeOf, DeviceOf } from '../../ops/typing.ts';
import * as aten from '../../ops/generated/aten.ts';
import { bindPy, nTuple, type PyRest } from '../../ops/python-args.ts';
import { adaptiveAvgPool2d, adaptiveAvgPool3d } from './pooling.ts';

/** A resampled tensor: its spatial size is known at run time. */
type Resampled<X> = Tensor<number[], DTypeOf<X>, DeviceOf<X>>;

export type InterpolationMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area';

export interface InterpolateOptions {
  /** The output's spatial size: one number for every dim, or one per dim. */
  size?: number | readonly number[] | null;
  /** Or the factor to scale each spatial dim by. */
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolationMode;
  /** Linear modes: align the corner pixels' centres rather than their edges. Default false. */
  alignCorners?: boolean | null;
  /** Compute the output size from scaleFactor and sample with the scale that size implies. */
  recomputeScaleFactor?: boolean | null;
  /** Anti-aliased bilinear and bicubic downsampling. */
  antialias?: boolean;
}

const INTERPOLATE_PARAMS = ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor', 'antialias'] as const;

/** The spatial rank each mode needs, for a clear error when the input has another. */
const MODE_DIMS: Partial<Record<InterpolationMode, number>> = { linear: 1, bilinear: 2, bicubic: 2, trilinear: 3 };

/** Resizes the spatial dims of [N, C, ...] by size or scale factor (Python's F.interpolate). */
export function interpolate<X extends Tensor>(
  input: X,
  ...rest: PyRest<[size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null, mode: InterpolationMode, alignCorners: boolean | null], InterpolateOptions>
): Resampled<X> {
  const fn = 'interpolate';
  const a = bindPy(fn, INTERPOLATE_PARAMS, rest);
  const mode = (a.mode ?? 'nearest') as InterpolationMode;
  const nearestLike = mode === 'nearest' || mode === 'nearest-exact' || mode === 'area';
  let alignCorners = a.alignCorners as boolean | null | undefined;
  if (nearestLike && alignCorners != null) throw new TypeError(`${fn}: alignCorners applies only to the modes linear, bilinear, bicubic and trilinear`);
  if (!nearestLike) alignCorners = alignCorners ?? false;
  const rank = input.shape.length;
  const dim = rank - 2;
  if (dim < 1 || dim > 3) throw new TypeError(`${fn}: expected a 3-D, 4-D or 5-D input [N, C, ...], got ${rank}-D`);
  const need = MODE_DIMS[mode];
  if (need !== undefined && need !== dim) throw new TypeError(`${fn}: mode '${mode}' needs a ${need + 2}-D input, got ${rank}-D`);
  const size = a.size as number | readonly number[] | null | undefined;
  const scale = a.scaleFactor as number | readonly number[] | null | undefined;
  let outputSize: number[] | null = null;
  let scales: number[] | null = null;
  if (size != null && scale != null) throw new TypeError(`${fn}: give size or scaleFactor, not both`);
  if (size != null) outputSize = nTuple(fn, 'size', size, dim);
  else if (scale != null) scales = nTuple(fn, 'scaleFactor', scale, dim);
  else throw new TypeError(`${fn}: give size or scaleFactor`);
  let recompute = a.recomputeScaleFactor as boolean | null | undefined;
  if (recompute && size != null) throw new TypeError(`${fn}: recomputeScaleFactor does not apply to an explicit size`);
  if (mode === 'area' && outputSize === null) recompute = true;
  if (recompute && scales) {
    outputSize = scales.map((s, i) => Math.floor(input.shape[i + 2]! * s));
    scales = null;
  }
  const antialias = (a.antialias ?? false) as boolean;
  if (antialias && !((mode === 'bilinear' || mode === 'bicubic') && rank === 4)) throw new TypeError(`${fn}: antialias applies only to bilinear and bicubic modes on 4-D inputs`);
  const ac = alignCorners as boolean;
  switch (mode) {
    case 'nearest':
      return (dim === 1 ? aten.upsample_nearest1d_vec : dim === 2 ? aten.upsample_nearest2d_vec : aten.upsample_nearest3d_vec)(input, outputSize, scales) as Resampled<X>;
    case 'nearest-exact':
      return (dim === 1 ? aten._upsample_nearest_exact1d_vec : dim === 2 ? aten._upsample_nearest_exact2d_vec : aten._upsample_nearest_exact3d_vec)(input, outputSize, scales) as Resampled<X>;
    case 'area':
      return (dim === 1 ? aten.adaptive_avg_pool1d(input, outputSize!) : dim === 2 ? adaptiveAvgPool2d(input, outputSize!) : adaptiveAvgPool3d(input, outputSize!)) as Resampled<X>;
    case 'linear':
      return aten.upsample_linear1d_vec(input, outputSize, ac, scales) as Resampled<X>;
    case 'bilinear':
      return (antialias ? aten._upsample_bilinear2d_aa_vec : aten.upsample_bilinear2d_vec)(input, outputSize, ac, scales) as Resampled<X>;
    case 'bicubic':
      return (antialias ? aten._upsample_bicubic2d_aa_vec : aten.upsample_bicubic2d_vec)(input, outputSize, ac, scales) as Resampled<X>;
    case 'trilinear':
      return aten.upsample_trilinear3d_vec(input, outputSize, ac, scales) as Resampled<X>;
    default:
      throw new TypeError(`${fn}: mode must be one of nearest, nearest-exact, linear, bilinear, bicubic, trilinear, area; got '${String(mode)}'`);
  }
}

type UpsampleRest = PyRest<[size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null], { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null }>;

/** interpolate under its old name (deprecated in Python). */
export function upsample<X extends Tensor>(
  input: X,
  ...rest: PyRest<[size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null, mode: InterpolationMode, alignCorners: boolean | null], Omit<InterpolateOptions, 'recomputeScaleFactor' | 'antialias'>>
): Resampled<X> {
  const a = bindPy('upsample', ['size', 'scaleFactor', 'mode', 'alignCorners'], rest);
  return interpolate(input, a as InterpolateOptions);
}

/** interpolate with mode 'nearest'. */
export function upsampleNearest<X extends Tensor>(input: X, ...rest: UpsampleRest): Resampled<X> {
  const a = bindPy('upsampleNearest', ['size', 'scaleFactor'], rest);
  return interpolate(input, { ...(a as InterpolateOptions), mode: 'nearest' });
}

/** interpolate with mode 'bilinear' and alignCorners true. */
export function upsampleBilinear<X extends Tensor>(input: X, ...rest: UpsampleRest): Resampled<X> {
  const a = bindPy('upsampleBilinear', ['size', 'scaleFactor'], rest);
  return interpolate(input, { ...(a as InterpolateOptions), mode: 'bilinear', alignCorners: true });
}

export interface GridSampleOptions {
  mode?: 'bilinear' | 'nearest' | 'bicubic';
  paddingMode?: 'zeros' | 'border' | 'reflection';
  alignCorners?: boolean | null;
}

const GRID_MODES = { bilinear: 0, nearest: 1, bicubic: 2 } as const;
const PADDING_MODES = { zeros: 0, border: 1, reflection: 2 } as const;

/** Samples `input` [N, C, H, W] at the normalized coordinates of `grid` [N, Ho, Wo, 2] (or the 3-D forms). */
export function gridSample<X extends Tensor>(
  input: X,
  grid: Tensor,
  ...rest: PyRest<[mode: 'bilinear' | 'nearest' | 'bicubic', paddingMode: 'zeros' | 'border' | 'reflection', alignCorners: boolean | null], GridSampleOptions>
): Resampled<X> {
  const fn = 'gridSample';
  const a = bindPy(fn, ['mode', 'paddingMode', 'alignCorners'], rest);
  const mode = (a.mode ?? 'bilinear') as keyof typeof GRID_MODES;
  const padding = (a.paddingMode ?? 'zeros') as keyof typeof PADDING_MODES;
  if (!(mode in GRID_MODES)) throw new TypeError(`${fn}: mode must be 'bilinear', 'nearest' or 'bicubic', got '${String(mode)}'`);
  if (!(padding in PADDING_MODES)) throw new TypeError(`${fn}: paddingMode must be 'zeros', 'border' or 'reflection', got '${String(padding)}'`);
  return aten.grid_sampler(input, grid, GRID_MODES[mode], PADDING_MODES[padding], (a.alignCorners ?? false) as boolean) as Resampled<X>;
}

/** The sampling grid of a batch of affine transforms theta [N, 2, 3] (or [N, 3, 4]) for an output of `size`. */
export function affineGrid<X extends Tensor>(
  theta: X,
  size: readonly number[],
  ...rest: PyRest<[alignCorners: boolean | null], { alignCorners?: boolean | null }>
): Resampled<X> {
  const fn = 'affineGrid';
  const alignCorners = (bindPy(fn, ['alignCorners'], rest).alignCorners ?? false) as boolean;
  if (!['float16', 'bfloat16', 'float32', 'float64'].includes(theta.dtype)) throw new TypeError(`${fn}: theta must be floating point, got ${theta.dtype}`);
  const t = theta.shape;
  const want = size.length === 4 ? [2, 3] : size.length === 5 ? [3, 4] : undefined;
  if (!want) throw new TypeError(`${fn}: size must have 4 entries (2-D transforms) or 5 (3-D), got ${size.length}`);
  if (t.length !== 3 || t[1] !== want[0] || t[2] !== want[1]) {
    throw new TypeError(`${fn}: for a size of ${size.length} entries, theta must be [N, ${want[0]}, ${want[1]}], got [${t.join(', ')}]`);
  }
  if (Math.min(...size) <= 0) throw new RangeError(`${fn}: the output size must be positive, got [${size.join(', ')}]`);
  return aten.affine_grid_generator(theta, size, alignCorners) as Resampled<X>;
}

export interface SlidingWindowOptions {
  dilation?: number | readonly number[];
  padding?: number | readonly number[];
  stride?: number | readonly number[];
}

type WindowRest = PyRest<[dilation: number | readonly number[], padding: number | readonly number[], stride: number | readonly number[]], SlidingWindowOptions>;

function windows(fn: string, rest: readonly unknown[]): [number[], number[], number[]] {
  const a = bindPy(fn, ['dilation', 'padding', 'stride'], rest);
  return [nTuple(fn, 'dilation', a.dilation ?? 1, 2), nTuple(fn, 'padding', a.padding ?? 0, 2), nTuple(fn, 'stride', a.stride ?? 1, 2)];
}

/** The sliding blocks of [N, C, H, W] as columns: [N, C * kH * kW, blocks] (im2col). */
export function unfold<X extends Tensor>(input: X, kernelSize: number | readonly number[], ...rest: WindowRest): Resampled<X> {
  const [dilation, padding, stride] = windows('unfold', rest);
  return aten.im2col(input, nTuple('unfold', 'kernelSize', kernelSize, 2), dilation, padding, stride) as Resampled<X>;
}

/** The inverse of unfold: sums columns [N, C * kH * kW, blocks] back into [N, C, outputSize] (col2im). */
export function fold<X extends Tensor>(input: X, outputSize: number | readonly number[], kernelSize: number | readonly number[], ...rest: WindowRest): Resampled<X> {
  const [dilation, padding, stride] = windows('fold', rest);
  return aten.col2im(input, nTuple('fold', 'outputSize', outputSize, 2), nTuple('fold', 'kernelSize', kernelSize, 2), dilation, padding, stride) as Resampled<X>;
}
