// Occlusion (Zeiler and Fergus, 2014) as captum computes it: a window slides
// over the input with the given strides; each position replaces the window
// by the baseline and records how much the target output drops; a feature's
// attribution is the mean drop over the windows that covered it.
import type { Tensor } from '../core/tensor.ts';
import type { Like } from '../ops/typing.ts';
import * as aten from '../ops/generated/aten.ts';
import { scope } from '../core/scope.ts';
import { noGrad } from '../core/autograd.ts';
import { callable, checkInput, selectTarget, type Forward } from './target.ts';
import type { TargetOptions } from './gradients.ts';

export interface OcclusionOptions extends TargetOptions {
  /** The window's shape over one example's dims (for [B, C, H, W]: [c, h, w]). */
  slidingWindowShapes: readonly number[];
  /** Steps between windows, per dim (default 1 each). */
  strides?: number | readonly number[];
  /** What a window is replaced by (default 0). */
  baselines?: number;
}

export function occlusion<X extends Tensor>(model: Forward, inputs: X, options: OcclusionOptions): Like<X> {
  checkInput('occlusion', inputs);
  const f = callable(model);
  const dims = inputs.shape.slice(1);
  const window = [...options.slidingWindowShapes];
  if (window.length !== dims.length) throw new RangeError(`occlusion: slidingWindowShapes has ${window.length} dims, an example has ${dims.length} ([${dims.join(', ')}])`);
  const strides = typeof options.strides === 'number' || options.strides === undefined ? dims.map(() => (options.strides as number | undefined) ?? 1) : [...options.strides];
  if (strides.length !== dims.length) throw new RangeError(`occlusion: strides has ${strides.length} dims, an example has ${dims.length}`);
  window.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1 || w > dims[i]!) throw new RangeError(`occlusion: window size ${w} in dim ${i + 1} must be in [1, ${dims[i]}]`);
    if (!Number.isInteger(strides[i]) || strides[i]! < 1) throw new RangeError(`occlusion: stride ${strides[i]} in dim ${i + 1} must be a positive integer`);
  });
  const batch = inputs.shape[0]!;
  // Window starts per dim: 0, s, 2s, ... while the window fits.
  const starts = dims.map((d, i) => Array.from({ length: Math.floor((d - window[i]!) / strides[i]!) + 1 }, (_, k) => k * strides[i]!));
  return noGrad(() => scope(() => {
    const x = inputs as Tensor;
    const base = selectTarget('occlusion', f(x), options.target, batch);
    const total = aten.zeros_like(x);
    const covered = aten.zeros_like(x);
    const positions = starts.reduce<number[][]>((acc, list) => acc.flatMap((p) => list.map((s) => [...p, s])), [[]]);
    for (const at of positions) {
      scope(() => {
        // A mask of the window: 1 inside, 0 outside, over one example's dims.
        const mask = aten.zeros([1, ...dims], x.dtype);
        let view = mask;
        at.forEach((s, i) => {
          view = aten.narrow(view, i + 1, s, window[i]!);
        });
        view.fill_(1);
        const occluded = aten.add_Tensor(aten.mul_Tensor(x, aten.rsub_Scalar(mask, 1)), aten.mul_Scalar(mask, options.baselines ?? 0));
        const drop = aten.sub_Tensor(base, selectTarget('occlusion', f(occluded), options.target, batch));
        const shaped = aten.reshape(drop, [batch, ...dims.map(() => 1)]);
        total.add_(aten.mul_Tensor(shaped, mask));
        covered.add_(aten.expand(mask, x.shape));
      });
    }
    return aten.div_Tensor(total, aten.clamp_min(covered, 1));
  })) as never;
}
