// The messages between a WorkerDataLoader and its thread.
import type { Parcel } from '../core/parcel.ts';

/** workerData: what the thread imports to make its dataset. */
export interface WorkerStart {
  readonly module: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
  /** libtorch's intra-op threads in the worker. */
  readonly threads: number;
}

export type ToWorker = { kind: 'load'; id: number; indices: number[] };

export type FromWorker =
  | { kind: 'ready'; length: number }
  | { kind: 'error'; message: string }
  | { kind: 'batch'; id: number; parcel: Parcel }
  | { kind: 'failed'; id: number; message: string };
