// Dropout modules: active in training mode only, with Python's (p, inplace).
import type { Tensor } from '../../core/tensor.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as F from '../functional/index.ts';
import { ConfiguredElementwise } from './elementwise.ts';
import { p } from './config.ts';
import { pyFloat, reprFields } from '../module.ts';

type DropoutArgs = PyRest<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>;
type DropoutConfig = { p: number; inplace: boolean };
const PARAMS = [p('p', 0.5), p('inplace', false)];

abstract class DropoutBase extends ConfiguredElementwise<DropoutConfig> {
  constructor(args: readonly unknown[]) {
    super(PARAMS, args);
    const q = this.options.p;
    if (!(q >= 0 && q <= 1)) throw new RangeError(`${this.constructor.name}: p must be a probability from 0 to 1, got ${q}`);
  }
  /** The p the layer was built with. */
  get p(): number {
    return this.options.p;
  }
  /** Python prints dropout's inplace flag even when it is off. */
  override extraRepr(): string {
    return reprFields({ p: pyFloat(this.options.p), inplace: this.options.inplace });
  }
  protected get call(): DropoutConfig & { training: boolean } {
    return { ...this.options, training: this.training };
  }
}

/** Zeroes elements with probability p while training (scaling the rest by 1/(1-p)). */
export class Dropout extends DropoutBase {
  constructor(...args: DropoutArgs) { super(args); }
  protected compute(x: Tensor): Tensor { return F.dropout(x, this.call); }
}
/** Zeroes whole channels of [N, C, L] or [C, L] while training. */
export class Dropout1d extends DropoutBase {
  constructor(...args: DropoutArgs) { super(args); }
  protected compute(x: Tensor): Tensor { return F.dropout1d(x, this.call); }
}
/** Zeroes whole channels of [N, C, H, W] while training. */
export class Dropout2d extends DropoutBase {
  constructor(...args: DropoutArgs) { super(args); }
  protected compute(x: Tensor): Tensor { return F.dropout2d(x, this.call); }
}
/** Zeroes whole channels of [N, C, D, H, W] or [C, D, H, W] while training. */
export class Dropout3d extends DropoutBase {
  constructor(...args: DropoutArgs) { super(args); }
  protected compute(x: Tensor): Tensor { return F.dropout3d(x, this.call); }
}
/** Dropout that keeps SELU's self-normalizing mean and variance. */
export class AlphaDropout extends DropoutBase {
  constructor(...args: DropoutArgs) { super(args); }
  protected compute(x: Tensor): Tensor { return F.alphaDropout(x, this.call); }
}
/** Alpha dropout of whole channels. */
export class FeatureAlphaDropout extends DropoutBase {
  constructor(...args: DropoutArgs) { super(args); }
  protected compute(x: Tensor): Tensor { return F.featureAlphaDropout(x, this.call); }
}
