// Standardisation as sklearn's StandardScaler does it: statistics fitted on
// the training rows only (no leakage into a fold's test rows), the
// population standard deviation (ddof 0), and a column that does not vary
// left unscaled (scale 1) rather than divided by zero.
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { keep, scope } from '../core/scope.ts';
import type { Dim } from '../types/shape.ts';
import type { ShapeOf, DTypeOf } from '../ops/typing.ts';

type Columns<X> = ShapeOf<X> extends readonly [Dim, infer F extends Dim] ? F : number;
type WidthFits<X, F extends number> = number extends F ? unknown
  : Columns<X> extends infer C ? (C extends number ? (number extends C ? unknown : C extends F ? unknown : `StandardScaler: fitted on ${F} columns, given ${C}`) : unknown) : unknown;
type Scaled<X> = Tensor<[ShapeOf<X> extends readonly [infer N extends Dim, Dim] ? N : number, Columns<X>], DTypeOf<X> & ('float32' | 'float64'), 'cpu'>;

export class StandardScaler<F extends number = number> {
  #mean: Tensor | undefined;
  #scale: Tensor | undefined;

  /** Per-column mean and standard deviation (float64) of x [N, F]; returns this. Refitting replaces them. */
  fit<X extends Tensor>(x: X): StandardScaler<Columns<X> & number> {
    if (x.ndim !== 2) throw new TypeError(`StandardScaler.fit: x must be [N, F], got [${x.shape.join(', ')}]`);
    if (x.shape[0]! < 1) throw new RangeError('StandardScaler.fit: x has no rows');
    if (!(x.dtype === 'float32' || x.dtype === 'float64')) throw new TypeError(`StandardScaler.fit: x must be float32 or float64, got ${x.dtype}`);
    this.dispose();
    const [scale, mean] = scope(() => {
      const [std, mean] = aten.std_mean_correction(aten.to_dtype(x, 'float64'), [0], 0);
      // sklearn's rule: a scale under 10 machine epsilons of the mean's size is taken as a constant column.
      const constant = aten.lt_Tensor(std, aten.mul_Scalar(aten.clamp_min(aten.abs(mean), 1), 10 * Number.EPSILON));
      return [aten.where_ScalarSelf(constant, 1, std), mean] as const;
    });
    this.#mean = keep(mean);
    this.#scale = keep(scale);
    return this as never;
  }

  private fitted(op: string): [Tensor, Tensor] {
    if (!this.#mean || !this.#scale) throw new Error(`StandardScaler.${op}: call fit() first`);
    return [this.#mean, this.#scale];
  }

  /** The mean of each column (float64 [F]). */
  get mean(): Tensor<[F], 'float64', 'cpu'> {
    return this.fitted('mean')[0] as never;
  }

  /** What each column is divided by (float64 [F]): its standard deviation, 1 for a constant column. */
  get scale(): Tensor<[F], 'float64', 'cpu'> {
    return this.fitted('scale')[1] as never;
  }

  private check(op: string, x: Tensor): void {
    const [mean] = this.fitted(op);
    if (x.ndim !== 2 || x.shape[1] !== mean.shape[0]) throw new TypeError(`StandardScaler.${op}: fitted on ${mean.shape[0]} columns, given [${x.shape.join(', ')}]`);
  }

  /** (x - mean) / scale, in x's dtype. */
  transform<X extends Tensor>(x: X & WidthFits<X, F>): Scaled<X> {
    this.check('transform', x);
    const [mean, scale] = this.fitted('transform');
    return scope(() => aten.to_dtype(aten.div_Tensor(aten.sub_Tensor(aten.to_dtype(x, 'float64'), mean), scale), x.dtype)) as never;
  }

  /** x * scale + mean: back to the original units. */
  inverseTransform<X extends Tensor>(x: X & WidthFits<X, F>): Scaled<X> {
    this.check('inverseTransform', x);
    const [mean, scale] = this.fitted('inverseTransform');
    return scope(() => aten.to_dtype(aten.add_Tensor(aten.mul_Tensor(aten.to_dtype(x, 'float64'), scale), mean), x.dtype)) as never;
  }

  fitTransform<X extends Tensor>(x: X): Scaled<X> {
    return this.fit(x).transform(x as never) as never;
  }

  /** Frees the fitted statistics. */
  dispose(): void {
    this.#mean?.dispose();
    this.#scale?.dispose();
    this.#mean = this.#scale = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
