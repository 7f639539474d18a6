// One transform's layer on functorch's dynamic layer stack, pushed for the
// duration of a call and popped in `finally`, so that an exception inside
// the transformed function leaves the stack as it found it. Tensors crossing
// into a layer are wrapped at its level; results are unwrapped on the way out.
import { native } from '../core/native.ts';
import { Tensor, wrap } from '../core/tensor.ts';
import { isPromiseLike } from '../core/scope.ts';

export type TransformKind = 'grad' | 'jvp' | 'vmap';

/** Runs `fn(level)` inside a new layer of the given kind. `fn` must be synchronous: a layer cannot stay open across an await. */
export function inLayer<R>(kind: TransformKind, fn: (level: number) => R, batchSize?: number, randomness?: string): R {
  const nat = native();
  const level = nat.pushLayer(kind, batchSize, randomness);
  try {
    const result = fn(level);
    if (isPromiseLike(result)) throw new TypeError(`torch.func.${kind}: the transformed function returned a promise; transforms run synchronously`);
    return result;
  } finally {
    nat.popLayer(kind, level);
  }
}

/** The tensor as a grad or jvp layer sees it. */
export const wrapForGrad = (t: Tensor, level: number): Tensor => wrap(native().wrapForGrad(t._h, level));

/** The tensor outside its grad or jvp layer (itself if it was not wrapped there: a constant of the function). */
export const unwrapForGrad = (t: Tensor, level: number): Tensor => wrap(native().unwrapForGrad(t._h, level));

/** A tensor of a transform that has ended, as the plain tensor it stands for. */
export const unwrapIfDead = (t: Tensor): Tensor => wrap(native().unwrapIfDead(t._h));

/** Runs `fn` with requiresGrad_() allowed on grad wrappers (how the inputs to differentiate are marked). */
export function allowingRequiresGrad<R>(fn: () => R): R {
  const nat = native();
  const previous = nat.setInplaceRequiresGradAllowed(true);
  try {
    return fn();
  } finally {
    nat.setInplaceRequiresGradAllowed(previous);
  }
}
