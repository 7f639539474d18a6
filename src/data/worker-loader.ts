// WorkerDataLoader: a DataLoader whose batches are made on a worker thread
// (node:worker_threads), so that loading and transforming batch k+1 runs
// while the main thread computes on batch k (PyTorch's num_workers=1). The
// worker imports a module that makes the dataset (a Dataset cannot be posted
// to a thread: it is code); batches come back as parcels, the same memory
// with no copy (core/parcel.ts).
//
// The order and the random draws are the main thread's, a DataLoader's draw
// for draw: the same options give the same batches as an in-thread
// DataLoader over the same dataset. Transforms that draw random numbers run
// on the worker's generators, as in PyTorch's workers.
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { keep } from '../core/scope.ts';
import { discard, unpack } from '../core/parcel.ts';
import type { Dataset } from './dataset.ts';
import { DataLoader, batchesAhead, tensorsIn, type LoaderOptions } from './loader.ts';
import type { FromWorker, ToWorker, WorkerStart } from './worker-protocol.ts';

/** Where the worker gets its dataset: a module and the function it exports. */
export interface WorkerSource {
  /** The module (a file URL, or a path resolved from the working directory). */
  readonly module: string | URL;
  /**
   * The export to call in the worker (default 'default'): a function of
   * `args` returning (or resolving to) a Dataset, or `{ dataset, transform }`.
   */
  readonly export?: string;
  /** Its arguments, posted to the worker (structured-clone data). */
  readonly args?: readonly unknown[];
}

/** A DataLoader's options, less `transform` (the worker's module gives it). */
export interface WorkerLoaderOptions extends Omit<LoaderOptions<unknown, unknown>, 'transform'> {
  /**
   * libtorch's intra-op threads for the worker's own ops (default 1: a batch is
   * small work, and a second team of spinning threads would slow the main one).
   */
  threads?: number;
}

/** An error of the worker loader: its module, its thread, or a batch. */
export class WorkerLoaderError extends Error {
  override name = 'WorkerLoaderError';
}

function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  if (/^[a-z]+:/i.test(m)) return m;
  return pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
}

// From dist/, the thread runs loader-worker.js. From the TypeScript sources
// (tsx: this repository's tests, examples and benchmarks), it runs
// loader-worker.ts, and a worker does not inherit tsx's loader hooks (node
// 20 loads a worker's entry before its --import): a one-line bootstrap
// registers tsx's loader in the thread, then imports the entry.
const fromSources = import.meta.url.endsWith('.ts');
const workerFile = new URL(fromSources ? './loader-worker.ts' : './loader-worker.js', import.meta.url);

function startWorker(start: WorkerStart): Worker {
  if (!fromSources) return new Worker(workerFile, { workerData: start });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerFile.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: start });
}

export class WorkerDataLoader<B> implements AsyncIterable<B> {
  /** Epochs, order and random draws: a DataLoader over the dataset's length. */
  private readonly planner: DataLoader<unknown>;
  private readonly pending = new Map<number, { resolve: (b: B) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** Requests posted and not answered yet (close waits for them, to free their parcels). */
  private outstanding = 0;
  private drained: (() => void) | undefined;
  private failure: Error | undefined;
  private closed = false;
  /** The thread has ended (terminate() on such a thread would never settle). */
  private exited = false;

  private constructor(private readonly worker: Worker, readonly datasetLength: number, readonly options: WorkerLoaderOptions) {
    const lengthOnly: Dataset<unknown> = {
      length: datasetLength,
      get: () => {
        throw new WorkerLoaderError('the worker loader plans batches here; its worker loads them');
      },
    };
    this.planner = new DataLoader(lengthOnly, options);
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (e) => this.fail(new WorkerLoaderError(`the loader's worker failed: ${e.message}`)));
    worker.on('exit', (code) => {
      this.exited = true;
      this.drained?.();
      if (!this.closed) this.fail(new WorkerLoaderError(`the loader's worker exited (code ${code}) while batches were expected`));
    });
    worker.unref(); // referenced only while batches are on their way (see request)
  }

  /** Starts the worker; resolves once its module has made the dataset. */
  static async create<B = unknown>(source: WorkerSource, options: WorkerLoaderOptions = {}): Promise<WorkerDataLoader<B>> {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`WorkerDataLoader: threads must be a positive integer, got ${threads}`);
    const start: WorkerStart = { module: moduleUrl(source.module), exportName: source.export ?? 'default', args: [...(source.args ?? [])], threads };
    const worker = startWorker(start);
    let exited = false;
    worker.once('exit', () => (exited = true));
    const length = await new Promise<number>((ok, fail) => {
      const onMessage = (m: FromWorker) => {
        if (m.kind === 'ready') ok(m.length);
        else if (m.kind === 'error') fail(new WorkerLoaderError(`the loader's worker could not make its dataset: ${m.message}`));
      };
      worker.once('message', onMessage);
      worker.once('error', (e) => fail(new WorkerLoaderError(`the loader's worker failed to start: ${e.message}`)));
      worker.once('exit', (code) => fail(new WorkerLoaderError(`the loader's worker exited (code ${code}) before its dataset was made`)));
    }).catch(async (e: unknown) => {
      // (terminate() on a thread that has already exited would never settle)
      if (!exited) await worker.terminate();
      throw e;
    });
    return new WorkerDataLoader<B>(worker, length, options);
  }

  get batchSize(): number {
    return this.planner.batchSize;
  }

  /** Batches per epoch. */
  get length(): number {
    return this.planner.length;
  }

  /** Epochs started so far. */
  get epoch(): number {
    return this.planner.epoch;
  }

  /** Starts the next epoch (as DataLoader.nextEpoch): its batches' indices. */
  nextEpoch(): number[][] {
    return this.planner.nextEpoch();
  }

  private receive(m: FromWorker): void {
    if (m.kind !== 'batch' && m.kind !== 'failed') return;
    if (--this.outstanding === 0) {
      this.worker.unref(); // nothing awaited from it: it must not keep the process alive
      this.drained?.();
    }
    const waiting = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.kind === 'batch') {
      if (!waiting) {
        discard(m.parcel); // a batch of an epoch left early
        return;
      }
      const batch = unpack<B>(m.parcel);
      for (const t of tensorsIn(batch)) keep(t);
      waiting.resolve(batch);
    } else {
      waiting?.reject(new WorkerLoaderError(`the loader's worker failed on a batch: ${m.message}`));
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private request(indices: number[]): Promise<B> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new WorkerLoaderError('the worker loader is closed'));
    const id = this.nextId++;
    const promise = new Promise<B>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.outstanding++ === 0) this.worker.ref();
    const message: ToWorker = { kind: 'load', id, indices };
    this.worker.postMessage(message);
    return promise;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    yield* batchesAhead(this.planner.nextEpoch(), this.options.prefetch ?? 2, (indices) => this.request(indices));
  }

  /** Stops the worker once the batches on their way have arrived (and been freed). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fail(new WorkerLoaderError('the worker loader is closed'));
    // Batches still on their way are freed as they arrive (receive discards them).
    if (this.outstanding > 0 && !this.exited) await new Promise<void>((done) => (this.drained = done));
    if (!this.exited) await this.worker.terminate();
  }
}

