// Shape checks of layers that fix a feature size in their constructor:
// batch and instance norm (channels at dim 1 or the first unbatched dim),
// layer norm (the trailing dims), and sequence layers (the last dim).
// Each gives the input shape back when it fits, a ShapeError naming the
// layer otherwise; an unknown rank or dim is left to the run-time check.
import type { Dim, Shape } from './shape.ts';
import type { ShapeError } from './errors.ts';
import type { DimsAgree, IsUnknownRank, ShowDim, ShowShape } from './dims.ts';

type RankText<R extends number> = `${R}-D`;

/** Channels at dim 1 of a rank-`Ranks` input (BatchNorm1d/2d/3d). */
export type ChannelsAt1<S extends Shape, C extends number, Ranks extends number, Op extends string> = IsUnknownRank<S> extends true
  ? S
  : S['length'] extends Ranks
    ? S extends readonly [Dim, infer D extends Dim, ...Dim[]]
      ? DimsAgree<D, C> extends true
        ? S
        : ShapeError<`${Op}: the input ${ShowShape<S>} has ${ShowDim<D>} channels (dim 1), the layer was built for ${C}`>
      : S
    : ShapeError<`${Op}: expected a ${RankText<Ranks>} input, got ${ShowShape<S>}`>;

/** The dims of S that NS's trailing dims must agree with, compared from the end. */
type EndsWith<S extends readonly Dim[], NS extends readonly number[]> = NS extends readonly [...infer NR extends number[], infer NL extends number]
  ? S extends readonly [...infer SR extends Dim[], infer SL extends Dim]
    ? DimsAgree<SL, NL> extends true
      ? EndsWith<SR, NR>
      : false
    : false
  : true;

/** LayerNorm(normalizedShape): the input must end in normalizedShape. */
export type EndsInShape<S extends Shape, NS extends readonly number[], Op extends string> = IsUnknownRank<S> extends true
  ? S
  : number extends NS['length']
    ? S
    : EndsWith<S, NS> extends true
      ? S
      : ShapeError<`${Op}: the input ${ShowShape<S>} does not end in the normalized shape ${ShowShape<NS>}`>;

/** A layer that reads the last dim as features (RNN input_size, cells). */
export type LastDimIs<S extends Shape, F extends number, Op extends string> = IsUnknownRank<S> extends true
  ? S
  : S extends readonly [...Dim[], infer L extends Dim]
    ? DimsAgree<L, F> extends true
      ? S
      : ShapeError<`${Op}: the input ${ShowShape<S>} has ${ShowDim<L>} features (its last dim), the layer expects ${F}`>
    : ShapeError<`${Op}: expected at least a 1-D input, got ${ShowShape<S>}`>;
