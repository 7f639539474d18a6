// Python's factory arguments (dtype=, device=) for layers that create
// parameters: the tensors are made in that dtype and on that device.
import type { DType, Device } from '../../types/dtype.ts';
import { p, type Param } from './config.ts';

export interface FactoryOptions {
  dtype?: DType | null;
  device?: Device | null;
}

export const factory = {
  /** The keyword-only parameters to configure(). */
  params: [p('dtype', null, ['string', 'null']), p('device', null, ['string', 'null'])] as readonly Param[],
  /** Creation options from configured values. */
  of(o: { dtype?: unknown; device?: unknown }): { dtype?: DType; device?: Device } {
    return { ...(o.dtype ? { dtype: o.dtype as DType } : {}), ...(o.device ? { device: o.device as Device } : {}) };
  },
};
