// torch.stft as Python defines it: centred frames by default (the input is
// padded by nFft / 2 on both sides), which the aten overload without
// `center` does not do.
import type { Tensor } from '../../core/tensor.ts';
import * as aten from '../generated/aten.ts';
import { bindPy, type PyRest } from '../python-args.ts';

export interface StftOptions {
  /** Samples between frames; default nFft / 4. */
  hopLength?: number | null;
  /** Window length; default nFft. */
  winLength?: number | null;
  window?: Tensor | null;
  /** Pad the signal so that frame t is centred on sample t * hopLength. Default true. */
  center?: boolean;
  /** How to pad when centring: 'reflect' (default), 'constant', 'replicate' or 'circular'. */
  padMode?: string;
  normalized?: boolean;
  /** Return only the non-negative frequencies of a real signal (default for real input). */
  onesided?: boolean | null;
  /** Return a complex tensor; false returns [..., 2] real pairs (deprecated in PyTorch). */
  returnComplex?: boolean | null;
}

const STFT_PARAMS = ['hopLength', 'winLength', 'window', 'center', 'padMode', 'normalized', 'onesided', 'returnComplex'] as const;

/** The short-time Fourier transform of a signal [L] or batch [B, L]: [(B,) freqs, frames(, 2)]. */
export function stft(
  input: Tensor,
  nFft: number,
  ...rest: PyRest<[hopLength: number | null, winLength: number | null, window: Tensor | null, center: boolean, padMode: string, normalized: boolean, onesided: boolean | null, returnComplex: boolean | null], StftOptions>
): Tensor {
  const a = bindPy('stft', STFT_PARAMS, rest);
  let signal = input;
  if (a.center ?? true) {
    const rank = input.shape.length;
    const pad = Math.floor(nFft / 2);
    const extended = aten.view(input, [...new Array<number>(Math.max(0, 3 - rank)).fill(1), ...input.shape]);
    const padded = aten.pad(extended, [pad, pad], (a.padMode ?? 'reflect') as string);
    signal = aten.view(padded, padded.shape.slice(padded.shape.length - rank));
  }
  return aten.stft(
    signal, nFft, (a.hopLength ?? null) as number | null, (a.winLength ?? null) as number | null, (a.window ?? null) as Tensor | null,
    (a.normalized ?? false) as boolean, (a.onesided ?? null) as boolean | null, (a.returnComplex ?? null) as boolean | null,
  );
}
