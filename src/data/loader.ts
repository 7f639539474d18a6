// DataLoader: batches of a Dataset as an async iterable, shuffled from a
// libtorch generator, optionally transformed, with batches prepared ahead
// (prefetch) so that loading (I/O, decoding, augmentation awaiting anything)
// overlaps compute.
//
// Randomness follows PyTorch's DataLoader draw for draw: each epoch takes a
// base seed from the loader's generator (PyTorch seeds its workers with it),
// then a shuffled epoch, without a generator of its own, draws a seed from
// the default generator and permutes with a fresh generator of that seed
// (RandomSampler), while with its own generator it permutes from that. So
// a script seeded with manualSeed(s) sees the batches its PyTorch original sees.
// (Augmentations that draw from a generator run as batches are prefetched,
// so their draws come earlier than in PyTorch's single-process loader.)
//
// Ownership: a batch belongs to the loader and is freed when the next one is
// requested (or the loop ends). Keep anything you need longer with .keep().
import { Tensor } from '../core/tensor.ts';
import { keep, scope } from '../core/scope.ts';
import * as aten from '../ops/generated/aten.ts';
import { Generator, defaultGenerator } from '../core/generator.ts';
import { randomOrder, type Dataset } from './dataset.ts';

export interface LoaderOptions<T, B> {
  batchSize?: number;
  shuffle?: boolean;
  /**
   * The loader's own random stream (PyTorch's `generator=`). Without one,
   * shuffles draw from the default generator, which `torch.manualSeed` seeds.
   */
  generator?: Generator;
  /** Shorthand for `generator: new Generator(seed)`. */
  seed?: number | bigint;
  /**
   * Where each epoch's example order comes from, instead of `shuffle` (PyTorch's
   * `sampler=`), e.g. a `distributed.DistributedSampler` giving this rank its share.
   */
  sampler?: Sampler;
  /** Drop the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
  /** How many batches to prepare ahead (0: none). */
  prefetch?: number;
  /** Applied to each batch (normalisation, augmentation); may be async. */
  transform?: (batch: T) => B | Promise<B>;
}

/** An epoch's example indices, drawn anew each epoch (PyTorch's Sampler). */
export interface Sampler {
  /** How many indices an epoch gives. */
  readonly length: number;
  /** The next epoch's indices. */
  indices(): number[];
}

/** @internal The tensors in a batch (arrays and plain objects are searched). */
export function tensorsIn(value: unknown, out: Tensor[] = []): Tensor[] {
  if (value instanceof Tensor) out.push(value);
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) tensorsIn(v, out);
  return out;
}

export class DataLoader<T, B = T> implements AsyncIterable<B> {
  readonly batchSize: number;
  /** The loader's own generator, if it has one (options.generator or options.seed). */
  readonly generator: Generator | undefined;
  /** Epochs started so far (each iteration of the loader is one epoch). */
  epoch = 0;
  /** The base seed drawn at the start of the current epoch (PyTorch's `_base_seed`). */
  baseSeed: bigint | undefined;

  constructor(readonly dataset: Dataset<T>, readonly options: LoaderOptions<T, B> = {}) {
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer`);
    if (options.generator !== undefined && options.seed !== undefined) {
      throw new TypeError('DataLoader: give a generator or a seed, not both');
    }
    if (options.sampler !== undefined && options.shuffle) {
      throw new TypeError('DataLoader: a sampler gives the order itself: give a sampler or shuffle, not both (as PyTorch)');
    }
    // A generator made from the seed belongs to the loader, whatever scope creates the loader.
    this.generator = options.generator ?? (options.seed !== undefined ? new Generator(options.seed).keep() : undefined);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = (this.options.sampler?.length ?? this.dataset.length) / this.batchSize;
    return this.options.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /**
   * Starts the next epoch: draws its random numbers, as PyTorch does, and
   * returns the example indices of each of its batches. Iterating the loader
   * calls this. Called directly, it shows an epoch's order without loading
   * it, and the loader (and its generator) moves past that epoch.
   */
  nextEpoch(): number[][] {
    this.epoch++;
    const n = this.dataset.length;
    this.baseSeed = randomInt64(this.generator ?? defaultGenerator);
    let order: number[];
    if (this.options.sampler) {
      order = this.options.sampler.indices();
    } else if (this.options.shuffle) {
      order = randomOrder(n, this.generator ?? randomInt64(defaultGenerator));
    } else {
      order = Array.from({ length: n }, (_, i) => i);
    }
    const batches: number[][] = [];
    for (let start = 0; start < order.length; start += this.batchSize) batches.push(order.slice(start, start + this.batchSize));
    if (this.options.dropLast && batches.length > 0 && batches[batches.length - 1]!.length < this.batchSize) batches.pop();
    return batches;
  }

  /**
   * An epoch run to its end: PyTorch's RandomSampler then starts one more
   * permutation before it finds it has nothing left to give. That costs a
   * permutation's worth of draws, visible only in a generator of the
   * loader's own, so the next epoch's order matches PyTorch's only if we
   * draw it too.
   */
  private endEpoch(): void {
    if (this.options.shuffle && this.generator) randomOrder(this.dataset.length, this.generator);
  }

  private load(indices: number[]): Promise<B> {
    return loadBatch(this.dataset, this.options.transform, indices);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const plan = this.nextEpoch();
    yield* batchesAhead(plan, this.options.prefetch ?? 2, (indices) => this.load(indices));
    this.endEpoch(); // not reached when the consumer leaves the epoch early
  }
}

/**
 * An epoch's batches in order, `ahead` of them loading while the consumer
 * holds the current one, which is freed when the next is asked for (or the
 * loop ends); batches still loading when the consumer leaves are freed as
 * they arrive. (DataLoader and WorkerDataLoader iterate with it.)
 */
export async function* batchesAhead<B>(plan: readonly number[][], prefetch: number, load: (indices: number[]) => Promise<B>): AsyncGenerator<B> {
  const ahead = Math.max(0, prefetch);
  const pending: Promise<B>[] = [];
  let next = 0;
  const fill = () => {
    while (next < plan.length && pending.length <= ahead) pending.push(load(plan[next++]!));
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

/**
 * One batch of a dataset: gathered (getBatch) or collated, then transformed.
 * The loader owns the result: its tensors are kept from every scope, and the
 * transform's intermediates are freed. (The worker loader's thread runs it too.)
 */
export async function loadBatch<T, B>(dataset: Dataset<T>, transform: ((batch: T) => B | Promise<B>) | undefined, indices: readonly number[]): Promise<B> {
  const raw = dataset.getBatch ? dataset.getBatch(indices) : collate(indices.map((i) => dataset.get(i)));
  // The transform runs in a scope of its own, so its intermediates (a cast
  // before a normalisation, say) are freed as soon as the batch is ready.
  const batch = transform ? await scope(() => transform(raw)) : (raw as unknown as B);
  // The loader owns the batch: no scope of the consumer's may free it early.
  const owned = new Set(tensorsIn(batch));
  for (const t of owned) keep(t);
  // Intermediate tensors of the transform (the raw batch) are freed now.
  if (batch !== (raw as unknown)) for (const t of tensorsIn(raw)) if (!owned.has(t)) t.dispose();
  return batch;
}

/** One draw of `torch.empty((), dtype=int64).random_(generator)`: how PyTorch derives seeds. */
function randomInt64(generator: Generator): bigint {
  const t = aten.random_(aten.empty_memory_format([], 'int64'), generator);
  const seed = t.itemBigInt();
  t.dispose();
  return seed;
}

/** Stacks a list of examples (objects of tensors, or tensors) into one batch. */
export function collate<T>(examples: T[]): T {
  const first = examples[0];
  if (first instanceof Tensor) {
    return aten.stack(examples as Tensor[], 0) as T;
  }
  if (typeof first === 'object' && first !== null) {
    return Object.fromEntries(
      Object.keys(first).map((k) => [k, collate(examples.map((e) => (e as Record<string, unknown>)[k]))]),
    ) as T;
  }
  return examples as unknown as T;
}
