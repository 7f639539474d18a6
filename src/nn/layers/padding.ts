// Padding modules: constant (and zero), reflection and replication padding
// of the last 1, 2 or 3 dims. `padding` is one number for every side or
// 2N numbers in F.pad's order (last dim first: left, right, top, bottom, ...).
import type { Tensor } from '../../core/tensor.ts';
import { pad } from '../../ops/generated/functions.ts';
import { Module } from '../module.ts';
import { required } from './config.ts';

type Dynamic<X extends Tensor> = Tensor<number[], X['dtype'], X['device']>;

abstract class PadNd extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {};
  readonly padding: number[];
  constructor(padding: number | readonly number[], private readonly spatial: 1 | 2 | 3, private readonly mode: 'constant' | 'reflect' | 'replicate', readonly value = 0) {
    super();
    const cls = new.target.name;
    required(cls, 'padding', padding, 'ints');
    this.padding = typeof padding === 'number' ? new Array<number>(2 * spatial).fill(padding) : [...padding];
    if (this.padding.length !== 2 * spatial) throw new TypeError(`${cls}: padding must be a number or ${2 * spatial} numbers, got [${this.padding.join(', ')}]`);
  }
  forward<X extends Tensor>(x: X): Dynamic<X> {
    const rank = x.ndim;
    if (rank !== this.spatial + 1 && rank !== this.spatial + 2) {
      throw new TypeError(`${this.constructor.name}: expected a ${this.spatial + 1}-D or ${this.spatial + 2}-D input, got ${rank}-D [${x.shape.join(', ')}]`);
    }
    return (this.mode === 'constant' ? pad(x, this.padding, 'constant', this.value) : pad(x, this.padding, this.mode)) as never;
  }
  override extraRepr(): string {
    return `(${this.padding.join(', ')})${this.mode === 'constant' ? `, value=${this.value}` : ''}`;
  }
}

export class ConstantPad1d extends PadNd {
  constructor(padding: number | readonly number[], value: number) { super(padding, 1, 'constant', required('ConstantPad1d', 'value', value, 'number')); }
}
export class ConstantPad2d extends PadNd {
  constructor(padding: number | readonly number[], value: number) { super(padding, 2, 'constant', required('ConstantPad2d', 'value', value, 'number')); }
}
export class ConstantPad3d extends PadNd {
  constructor(padding: number | readonly number[], value: number) { super(padding, 3, 'constant', required('ConstantPad3d', 'value', value, 'number')); }
}
/** Zero padding of the last two dims. */
export class ZeroPad2d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 2, 'constant', 0); }
  override extraRepr(): string { return `(${this.padding.join(', ')})`; }
}
export class ReflectionPad1d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 1, 'reflect'); }
}
export class ReflectionPad2d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 2, 'reflect'); }
}
export class ReflectionPad3d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 3, 'reflect'); }
}
export class ReplicationPad1d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 1, 'replicate'); }
}
export class ReplicationPad2d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 2, 'replicate'); }
}
export class ReplicationPad3d extends PadNd {
  constructor(padding: number | readonly number[]) { super(padding, 3, 'replicate'); }
}
