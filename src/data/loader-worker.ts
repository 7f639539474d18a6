// The thread of a WorkerDataLoader (worker-loader.ts): imports the module
// that makes the dataset, then loads each batch the main thread asks for
// (indices in, a parcel of tensors out) while the main thread computes.
import { parentPort, workerData } from 'node:worker_threads';
import { pack } from '../core/parcel.ts';
import { setNumThreads } from '../core/runtime.ts';
import type { Dataset } from './dataset.ts';
import { loadBatch, tensorsIn } from './loader.ts';
import type { ToWorker, FromWorker, WorkerStart } from './worker-protocol.ts';

const port = parentPort!;
const start = workerData as WorkerStart;
const post = (m: FromWorker) => port.postMessage(m);
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Made = Dataset<unknown> | { dataset: Dataset<unknown>; transform?: (batch: unknown) => unknown };

async function make(): Promise<{ dataset: Dataset<unknown>; transform?: (batch: unknown) => unknown }> {
  const mod = (await import(start.module)) as Record<string, unknown>;
  const factory = mod[start.exportName];
  if (typeof factory !== 'function') {
    throw new TypeError(`${start.module} has no function export '${start.exportName}' (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  }
  const made = (await factory(...start.args)) as Made;
  const source = typeof made === 'object' && made !== null && 'dataset' in made ? made : { dataset: made as Dataset<unknown> };
  if (typeof source.dataset?.length !== 'number' || typeof source.dataset.get !== 'function') {
    throw new TypeError(`${start.module}'s '${start.exportName}' must return a Dataset ({ length, get(i) }) or { dataset, transform }`);
  }
  return source;
}

try {
  // OpenMP's threads are per calling thread: this thread's ops get their own
  // team, whose spinning workers would compete with the main thread's.
  setNumThreads(start.threads);
  const { dataset, transform } = await make();
  // The main thread ends this thread with terminate() when the loader closes.
  port.on('message', (m: ToWorker) => {
    loadBatch(dataset, transform, m.indices).then(
      (batch) => {
        const parcel = pack(batch);
        for (const t of tensorsIn(batch)) t.dispose(); // the parcel holds its own references
        post({ kind: 'batch', id: m.id, parcel });
      },
      (e: unknown) => post({ kind: 'failed', id: m.id, message: messageOf(e) }),
    );
  });
  post({ kind: 'ready', length: dataset.length });
} catch (e) {
  post({ kind: 'error', message: messageOf(e) });
}
