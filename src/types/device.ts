// Device agreement: operands of one op must live on the same device.
import type { Device } from './dtype.ts';
import type { ShapeError } from './errors.ts';
import type { Same } from './dims.ts';

/**
 * The common device, or an error naming both. Unknown devices agree with
 * anything; the same device (a type parameter included) agrees with itself.
 */
export type SameDevice<A extends Device, B extends Device> = { v: Same<A, B> } extends { v: true }
  ? A
  : { v: Device } extends { v: A }
    ? B
    : { v: Device } extends { v: B }
      ? A
      : ShapeError<`device mismatch: ${A} and ${B}`>;
