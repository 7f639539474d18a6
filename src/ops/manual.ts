// Hand-written Tensor members whose conventions the schema alone cannot
// express: to() with Python's forms (a string that is a dtype or a device,
// another tensor, an options object), the dtype shortcuts (x.half(),
// x.long(), ...), and the properties T, H, mT and mH.
import type { DType, Device } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import type { MatrixH, MatrixT, ReverseDims } from '../types/views.ts';
import { Tensor } from '../core/tensor.ts';
import { isDType } from '../core/dtype.ts';
import type { DTypeOf, DeviceOf, ShapeOf } from './typing.ts';
import type { MemoryFormat } from './types.ts';
import * as aten from './generated/aten.ts';
import { isOptions } from './python-args.ts';

/** The options of to() and the dtype shortcuts. */
export interface ToOptions<D2 extends DType = DType, V2 extends Device = Device> {
  dtype?: D2;
  device?: V2;
  /** Accepted for Python compatibility; CPU copies are synchronous. */
  nonBlocking?: boolean;
  /** Copy even when nothing changes (otherwise the result shares this tensor's data). */
  copy?: boolean;
  memoryFormat?: MemoryFormat;
}

type Cast<T, D2 extends DType> = Tensor<ShapeOf<T>, D2, DeviceOf<T>>;
type CastOptions = Pick<ToOptions, 'memoryFormat'>;
/** A property's type: the tensor, or the shape error's message where the shape does not fit. */
type Viewed<R, D extends DType, V extends Device> = R extends Shape ? Tensor<R, D, V> : R;
/** The view properties' types, read from the tensor's own (polymorphic `this`) type. */
type ViewOf<T, Op extends 'T' | 'H' | 'mT'> = T extends { readonly __type?: { shape: infer S extends Shape; dtype: infer D extends DType; device: infer V extends Device } }
  ? Viewed<Op extends 'T' ? ReverseDims<S> : Op extends 'H' ? MatrixH<S> : MatrixT<S>, D, V>
  : never;

declare module '../core/tensor.ts' {
  interface Tensor<out S extends Shape = Shape, out D extends DType = DType, out V extends Device = Device> {
    /**
     * Converts to another dtype (`t.to('float64')`), device (`t.to('meta')`),
     * both (`t.to('cpu', 'float64')`, `t.to({dtype, device})`), or another
     * tensor's dtype and device (`t.to(other)`), as Python's Tensor.to does.
     */
    to<T extends Tensor, D2 extends DType>(this: T, dtype: D2, nonBlocking?: boolean, copy?: boolean, options?: ToOptions): Tensor<ShapeOf<T>, D2, DeviceOf<T>>;
    to<T extends Tensor, V2 extends Device, D2 extends DType = DTypeOf<T>>(
      this: T,
      device: V2,
      dtype?: D2 | null,
      nonBlocking?: boolean,
      copy?: boolean,
      options?: ToOptions,
    ): Tensor<ShapeOf<T>, D2, V2>;
    to<T extends Tensor, O extends Tensor>(this: T, other: O, nonBlocking?: boolean, copy?: boolean, options?: ToOptions): Tensor<ShapeOf<T>, DTypeOf<O>, DeviceOf<O>>;
    to<T extends Tensor, D2 extends DType = DTypeOf<T>, V2 extends Device = DeviceOf<T>>(this: T, options: ToOptions<D2, V2>): Tensor<ShapeOf<T>, D2, V2>;
    /** Same as `to('float16')`. */
    half<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'float16'>;
    /** Same as `to('bfloat16')`. */
    bfloat16<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'bfloat16'>;
    /** Same as `to('float32')`. */
    float<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'float32'>;
    /** Same as `to('float64')`. */
    double<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'float64'>;
    /** Same as `to('uint8')`. */
    byte<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'uint8'>;
    /** Same as `to('int8')`. */
    char<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'int8'>;
    /** Same as `to('int16')`. */
    short<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'int16'>;
    /** Same as `to('int32')`. */
    int<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'int32'>;
    /** Same as `to('int64')`. */
    long<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'int64'>;
    /** Same as `to('bool')`. */
    bool<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'bool'>;
    /** Same as `to('complex32')`. */
    chalf<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'complex32'>;
    /** Same as `to('complex64')`. */
    cfloat<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'complex64'>;
    /** Same as `to('complex128')`. */
    cdouble<T extends Tensor>(this: T, options?: CastOptions): Cast<T, 'complex128'>;
    /** Same as `to('cpu')`. */
    cpu<T extends Tensor>(this: T): Tensor<ShapeOf<T>, DTypeOf<T>, 'cpu'>;
    /** The dims in reverse order (a view). */
    readonly T: ViewOf<this, 'T'>;
    /** The conjugate transpose of a matrix (a view). */
    readonly H: ViewOf<this, 'H'>;
    /** The last two dims swapped: each matrix of a batch transposed (a view). */
    readonly mT: ViewOf<this, 'mT'>;
    /** Each matrix of a batch conjugate-transposed (a view). */
    readonly mH: ViewOf<this, 'mT'>;
  }
}

function toImpl(this: Tensor, ...args: unknown[]): Tensor {
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--;
  const options = count > 0 && isOptions(args[count - 1]) ? (args[--count] as ToOptions) : {};
  const positional = args.slice(0, count);
  let dtype: DType | undefined = options.dtype;
  let device: Device | undefined = options.device;
  let flags: unknown[];
  const [first] = positional;
  if (first instanceof Tensor) {
    dtype = first.dtype;
    device = first.device;
    flags = positional.slice(1);
  } else if (typeof first === 'string' && isDType(first)) {
    dtype = first;
    flags = positional.slice(1);
  } else if (typeof first === 'string') {
    device = first as Device;
    if (positional[1] !== undefined && positional[1] !== null) {
      if (typeof positional[1] !== 'string' || !isDType(positional[1])) throw new TypeError(`to: after the device, expected a dtype, got ${JSON.stringify(positional[1])}`);
      dtype = positional[1];
    }
    flags = positional.slice(2);
  } else if (first === undefined) {
    flags = [];
  } else {
    throw new TypeError(`to: expected a dtype, a device, a tensor or an options object, got ${typeof first}`);
  }
  if (flags.length > 2 || flags.some((f) => typeof f !== 'boolean')) {
    throw new TypeError('to: after the dtype, device or tensor come nonBlocking and copy (booleans), then the options');
  }
  const nonBlocking = (flags[0] as boolean | undefined) ?? options.nonBlocking ?? false;
  const copy = (flags[1] as boolean | undefined) ?? options.copy ?? false;
  // copy=false: the result shares this tensor's data when nothing changes (as in torch).
  return aten.to_device(this, device ?? this.device, dtype ?? this.dtype, nonBlocking, copy, options.memoryFormat ?? null);
}

function cast(dtype: DType) {
  return function (this: Tensor, options: CastOptions = {}): Tensor {
    return aten.to_dtype(this, dtype, false, false, options.memoryFormat ?? null);
  };
}

Object.assign(Tensor.prototype, {
  to: toImpl,
  half: cast('float16'),
  bfloat16: cast('bfloat16'),
  float: cast('float32'),
  double: cast('float64'),
  byte: cast('uint8'),
  char: cast('int8'),
  short: cast('int16'),
  int: cast('int32'),
  long: cast('int64'),
  bool: cast('bool'),
  chalf: cast('complex32'),
  cfloat: cast('complex64'),
  cdouble: cast('complex128'),
  cpu(this: Tensor) {
    return toImpl.call(this, 'cpu');
  },
});

const PROPERTIES: Record<'T' | 'H' | 'mT' | 'mH', (t: Tensor) => Tensor> = {
  T: aten.numpy_T,
  H: aten.matrix_H,
  mT: aten.mT,
  mH: aten.mH,
};
for (const [name, view] of Object.entries(PROPERTIES)) {
  Object.defineProperty(Tensor.prototype, name, {
    get(this: Tensor) {
      return view(this);
    },
    configurable: true,
    enumerable: false,
  });
}
