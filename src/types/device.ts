// Device agreement: operands of one op must live on the same device.
import type { Device } from './dtype.ts';
import type { ShapeError } from './errors.ts';

/** The common device, or an error naming both. Unknown devices agree with anything. */
export type SameDevice<A extends Device, B extends Device> = Device extends A
  ? B
  : Device extends B
    ? A
    : [A] extends [B]
      ? [B] extends [A]
        ? A
        : ShapeError<`device mismatch: ${A} and ${B}`>
      : ShapeError<`device mismatch: ${A} and ${B}`>;
