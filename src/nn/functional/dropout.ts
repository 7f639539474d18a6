// Dropout with Python's arguments: F.dropout(input, p=0.5, training=True,
// inplace=False) and its channel-wise (1d/2d/3d), alpha and feature-alpha
// variants. Each draws its mask from the default generator.
import type { Tensor } from '../../core/tensor.ts';
import type { Like } from '../../ops/typing.ts';
import * as aten from '../../ops/generated/aten.ts';
import { bindPy, type PyRest } from '../../ops/python-args.ts';

export interface DropoutOptions {
  /** Probability of zeroing an element (or a channel). Default 0.5. */
  p?: number;
  /** Only drop while training; default true (false for alphaDropout and featureAlphaDropout). */
  training?: boolean;
  /** Drop in place, returning the input. */
  inplace?: boolean;
}

type DropoutRest = PyRest<[p: number, training: boolean, inplace: boolean], DropoutOptions>;

function args(fn: string, rest: readonly unknown[], training: boolean): { p: number; training: boolean; inplace: boolean } {
  const a = bindPy(fn, ['p', 'training', 'inplace'], rest);
  const p = (a.p ?? 0.5) as number;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${fn}: the dropout probability must be from 0 to 1, got ${String(p)}`);
  return { p, training: (a.training ?? training) as boolean, inplace: (a.inplace ?? false) as boolean };
}

/** Zeroes each element with probability p and scales the rest by 1 / (1 - p). */
export function dropout<X extends Tensor>(input: X, ...rest: DropoutRest): Like<X> {
  const { p, training, inplace } = args('dropout', rest, true);
  return (inplace ? aten.dropout_(input, p, training) : aten.dropout(input, p, training)) as Like<X>;
}

/** Alpha dropout: keeps the self-normalizing property (mean and variance) of SELU networks. */
export function alphaDropout<X extends Tensor>(input: X, ...rest: DropoutRest): Like<X> {
  const { p, training, inplace } = args('alphaDropout', rest, false);
  return (inplace ? aten.alpha_dropout_(input, p, training) : aten.alpha_dropout(input, p, training)) as Like<X>;
}

/** Alpha dropout of whole channels. */
export function featureAlphaDropout<X extends Tensor>(input: X, ...rest: DropoutRest): Like<X> {
  const { p, training, inplace } = args('featureAlphaDropout', rest, false);
  return (inplace ? aten.feature_alpha_dropout_(input, p, training) : aten.feature_alpha_dropout(input, p, training)) as Like<X>;
}

/** Channel dropout: batched inputs as they are, unbatched ones ([C, ...]) with a batch dim of 1 added for the kernel. */
function channelDropout(fn: string, input: Tensor, rest: readonly unknown[], batched: boolean): Tensor {
  const { p, training, inplace } = args(fn, rest, true);
  if (batched) return inplace ? aten.feature_dropout_(input, p, training) : aten.feature_dropout(input, p, training);
  if (inplace) {
    aten.squeeze__dim(aten.feature_dropout_(aten.unsqueeze_(input, 0), p, training), 0);
    return input;
  }
  return aten.squeeze_dim(aten.feature_dropout(aten.unsqueeze(input, 0), p, training), 0);
}

/** Zeroes whole channels of [N, C, L] or [C, L] inputs. */
export function dropout1d<X extends Tensor>(input: X, ...rest: DropoutRest): Like<X> {
  const rank = input.shape.length;
  if (rank !== 2 && rank !== 3) throw new TypeError(`dropout1d: expected a 2-D [C, L] or 3-D [N, C, L] input, got ${rank}-D`);
  return channelDropout('dropout1d', input, rest, rank === 3) as Like<X>;
}

/**
 * Zeroes whole channels of [N, C, H, W] inputs. As in PyTorch 1.13, every
 * input is read as batched: a 3-D one as [N, C, L].
 */
export function dropout2d<X extends Tensor>(input: X, ...rest: DropoutRest): Like<X> {
  return channelDropout('dropout2d', input, rest, true) as Like<X>;
}

/** Zeroes whole channels of [N, C, D, H, W] or [C, D, H, W] inputs. */
export function dropout3d<X extends Tensor>(input: X, ...rest: DropoutRest): Like<X> {
  return channelDropout('dropout3d', input, rest, input.shape.length === 5) as Like<X>;
}
