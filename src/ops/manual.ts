// Hand-written Tensor methods whose argument conventions the schema alone
// cannot express (a string that is either a dtype or a device).
import type { DType, Device } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { isDType } from '../core/dtype.ts';
import type { DTypeOf, DeviceOf, ShapeOf } from './typing.ts';
import * as aten from './generated/aten.ts';

declare module '../core/tensor.ts' {
  interface Tensor<out S extends Shape = Shape, out D extends DType = DType, out V extends Device = Device> {
    /**
     * Converts to another dtype (`t.to('float64')`), device (`t.to('meta')`) or
     * both (`t.to({dtype, device})`). Returns a new tensor, even when nothing
     * changes, so its lifetime is independent of this one's.
     */
    to<T extends Tensor, D2 extends DType>(this: T, dtype: D2): Tensor<ShapeOf<T>, D2, DeviceOf<T>>;
    to<T extends Tensor, V2 extends Device>(this: T, device: V2): Tensor<ShapeOf<T>, DTypeOf<T>, V2>;
    to<T extends Tensor, D2 extends DType = DTypeOf<T>, V2 extends Device = DeviceOf<T>>(
      this: T,
      options: { dtype?: D2; device?: V2; copy?: boolean },
    ): Tensor<ShapeOf<T>, D2, V2>;
    /** Same as `to('float32')`. */
    float<T extends Tensor>(this: T): Tensor<ShapeOf<T>, 'float32', DeviceOf<T>>;
    /** Same as `to('float64')`. */
    double<T extends Tensor>(this: T): Tensor<ShapeOf<T>, 'float64', DeviceOf<T>>;
    /** Same as `to('int64')`. */
    long<T extends Tensor>(this: T): Tensor<ShapeOf<T>, 'int64', DeviceOf<T>>;
    /** Same as `to('int32')`. */
    int<T extends Tensor>(this: T): Tensor<ShapeOf<T>, 'int32', DeviceOf<T>>;
    /** Same as `to('bool')`. */
    bool<T extends Tensor>(this: T): Tensor<ShapeOf<T>, 'bool', DeviceOf<T>>;
    /** Same as `to('cpu')`. */
    cpu<T extends Tensor>(this: T): Tensor<ShapeOf<T>, DTypeOf<T>, 'cpu'>;
  }
}

function toImpl(this: Tensor, target: string | { dtype?: DType; device?: Device; copy?: boolean }): Tensor {
  const spec = typeof target === 'string' ? (isDType(target) ? { dtype: target } : { device: target as Device }) : target;
  // copy=true: a new tensor object always gets its own handle, but the data
  // is shared when nothing changes unless a copy is asked for (as in torch).
  return aten.to_device(this, spec.device ?? this.device, spec.dtype ?? this.dtype, false, spec.copy ?? false);
}

Object.assign(Tensor.prototype, {
  to: toImpl,
  float(this: Tensor) { return toImpl.call(this, 'float32'); },
  double(this: Tensor) { return toImpl.call(this, 'float64'); },
  long(this: Tensor) { return toImpl.call(this, 'int64'); },
  int(this: Tensor) { return toImpl.call(this, 'int32'); },
  bool(this: Tensor) { return toImpl.call(this, 'bool'); },
  cpu(this: Tensor) { return toImpl.call(this, 'cpu'); },
});
