// DataLoader: batches of a Dataset as an async iterable, shuffled with a
// seed, optionally transformed, with batches prepared ahead (prefetch) so
// that loading (I/O, decoding, augmentation awaiting anything) overlaps compute.
//
// Ownership: a batch belongs to the loader and is freed when the next one is
// requested (or the loop ends). Keep anything you need longer with .keep().
import { Tensor } from '../core/tensor.ts';
import { keep } from '../core/scope.ts';
import { call } from '../core/op.ts';
import { permutation, seededRandom, type Dataset } from './dataset.ts';

export interface LoaderOptions<T, B> {
  batchSize?: number;
  shuffle?: boolean;
  /** Seed of the shuffle; epoch k uses seed + k, so every epoch differs, reproducibly. */
  seed?: number;
  /** Drop the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
  /** How many batches to prepare ahead (0: none). */
  prefetch?: number;
  /** Applied to each batch (normalisation, augmentation); may be async. */
  transform?: (batch: T) => B | Promise<B>;
}

function tensorsIn(value: unknown, out: Tensor[] = []): Tensor[] {
  if (value instanceof Tensor) out.push(value);
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) tensorsIn(v, out);
  return out;
}

export class DataLoader<T, B = T> implements AsyncIterable<B> {
  readonly batchSize: number;
  /** Epochs started so far (each iteration of the loader is one epoch). */
  epoch = 0;

  constructor(readonly dataset: Dataset<T>, readonly options: LoaderOptions<T, B> = {}) {
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer`);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length / this.batchSize;
    return this.options.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /** The example indices of each batch of the next epoch. */
  plan(epoch = this.epoch): number[][] {
    const n = this.dataset.length;
    const order = this.options.shuffle
      ? permutation(n, seededRandom((this.options.seed ?? 0) + epoch))
      : Array.from({ length: n }, (_, i) => i);
    const batches: number[][] = [];
    for (let start = 0; start < n; start += this.batchSize) batches.push(order.slice(start, start + this.batchSize));
    if (this.options.dropLast && batches.length > 0 && batches[batches.length - 1]!.length < this.batchSize) batches.pop();
    return batches;
  }

  private async load(indices: number[]): Promise<B> {
    const d = this.dataset;
    const raw = d.getBatch ? d.getBatch(indices) : collate(indices.map((i) => d.get(i)));
    const batch = this.options.transform ? await this.options.transform(raw as T) : (raw as unknown as B);
    // The loader owns the batch: no scope of the consumer's may free it early.
    const owned = new Set(tensorsIn(batch));
    for (const t of owned) keep(t);
    // Intermediate tensors of the transform (the raw batch) are freed now.
    if (batch !== (raw as unknown)) for (const t of tensorsIn(raw)) if (!owned.has(t)) t.dispose();
    return batch;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const plan = this.plan(this.epoch++);
    const ahead = Math.max(0, this.options.prefetch ?? 2);
    const pending: Promise<B>[] = [];
    let next = 0;
    // While the consumer holds batch k, batches k+1 .. k+ahead are loading.
    const fill = () => {
      while (next < plan.length && pending.length <= ahead) pending.push(this.load(plan[next++]!));
    };
    let current: B | undefined;
    try {
      fill();
      while (pending.length > 0) {
        current = await pending.shift()!;
        yield current;
        for (const t of tensorsIn(current)) t.dispose();
        current = undefined;
        fill();
      }
    } finally {
      if (current !== undefined) for (const t of tensorsIn(current)) t.dispose();
      for (const p of pending) p.then((b) => tensorsIn(b).forEach((t) => t.dispose()), () => {});
    }
  }
}

/** Stacks a list of examples (objects of tensors, or tensors) into one batch. */
export function collate<T>(examples: T[]): T {
  const first = examples[0];
  if (first instanceof Tensor) {
    return call('stack', examples, 0) as T;
  }
  if (typeof first === 'object' && first !== null) {
    return Object.fromEntries(
      Object.keys(first).map((k) => [k, collate(examples.map((e) => (e as Record<string, unknown>)[k]))]),
    ) as T;
  }
  return examples as unknown as T;
}
