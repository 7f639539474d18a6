// Ops whose libtorch 1.13 kernels give wrong results, recomposed here from
// correct ones (the generator leaves their schemas out: gen/select.ts,
// LIBTORCH_BUGS). Each says what goes wrong and how the composition avoids it.
import type { DType, Device } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import { Tensor } from '../core/tensor.ts';
import type { Like } from './typing.ts';
import * as aten from './generated/aten.ts';

/**
 * `self` with `src` written into the view `self.asStrided(size, stride,
 * storageOffset)`. libtorch 1.13's kernel computes this as clone, view, copy;
 * its autograd formula, though, returns uninitialized memory for the
 * elements outside the view (Python's gradient is garbage too). The same
 * three steps here are differentiated by autograd itself, correctly.
 */
export function asStridedScatter<T extends Tensor>(
  self: T,
  src: Tensor,
  size: readonly number[],
  stride: readonly number[],
  storageOffset?: number | null,
): Like<T> {
  const out = aten.clone(self);
  const view = aten.as_strided(out, size, stride, storageOffset ?? null);
  aten.copy_(view, src);
  view.dispose();
  return out as Like<T>;
}

declare module '../core/tensor.ts' {
  interface Tensor<out S extends Shape = Shape, out D extends DType = DType, out V extends Device = Device> {
    /** torch.asStridedScatter(this, src, size, stride, storageOffset). */
    asStridedScatter<T extends Tensor>(this: T, src: Tensor, size: readonly number[], stride: readonly number[], storageOffset?: number | null): Like<T>;
  }
}

Object.defineProperty(Tensor.prototype, 'asStridedScatter', {
  value: function (this: Tensor, src: Tensor, size: readonly number[], stride: readonly number[], storageOffset?: number | null) {
    return asStridedScatter(this, src, size, stride, storageOffset);
  },
  writable: true,
  configurable: true,
  enumerable: false,
});
