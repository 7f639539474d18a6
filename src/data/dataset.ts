// Datasets: indexable collections of examples, and in-memory tensor datasets
// whose batches are gathered natively (index_select) rather than element by element.
import type { Tensor } from '../core/tensor.ts';
import { tensor } from '../ops/creation.ts';
import * as aten from '../ops/generated/aten.ts';
import { keep } from '../core/scope.ts';
import { Generator, defaultGenerator } from '../core/generator.ts';

/** Examples by index. A DataLoader batches any Dataset. */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
  /** Optional fast path: a whole batch at once (TensorDataset gathers it natively). */
  getBatch?(indices: readonly number[]): T;
}

/** Tensors whose first dim indexes examples (images and labels, say); a batch gathers rows of each. */
export class TensorDataset<T extends Record<string, Tensor>> implements Dataset<T> {
  readonly length: number;

  constructor(readonly tensors: T) {
    const lengths = Object.entries(tensors).map(([k, t]) => [k, t.shape[0] ?? 0] as const);
    this.length = lengths[0]?.[1] ?? 0;
    for (const [k, n] of lengths) {
      if (n !== this.length) throw new RangeError(`TensorDataset: '${k}' has ${n} rows, '${lengths[0]![0]}' has ${this.length}`);
    }
    for (const t of Object.values(tensors)) keep(t);
  }

  get(index: number): T {
    return this.getBatch([index]);
  }

  getBatch(indices: readonly number[]): T {
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`index ${i} out of range for ${this.length} examples`);
    }
    const idx = tensor(Int32Array.from(indices)); // index_select takes int32 indices as they are
    const out = Object.fromEntries(Object.entries(this.tensors).map(([k, t]) => [k, aten.index_select(t, 0, idx)]));
    idx.dispose();
    return out as T;
  }
}

/** A view of some examples of another dataset. */
export class Subset<T> implements Dataset<T> {
  constructor(readonly dataset: Dataset<T>, readonly indices: readonly number[]) {}
  get length(): number {
    return this.indices.length;
  }
  get(index: number): T {
    return this.dataset.get(this.indices[index]!);
  }
  getBatch(indices: readonly number[]): T {
    const mapped = indices.map((i) => this.indices[i]!);
    return this.dataset.getBatch ? this.dataset.getBatch(mapped) : this.dataset.get(mapped[0]!);
  }
}

/** A generator argument: a Generator, or a seed for a new one. */
export type GeneratorLike = Generator | number | bigint;

/**
 * The generator a GeneratorLike stands for; a seed makes a new one that the
 * caller owns for as long as it needs (kept out of any enclosing scope).
 */
export function generatorOf(g: GeneratorLike | undefined): Generator {
  return g === undefined ? defaultGenerator : g instanceof Generator ? g : new Generator(g).keep();
}

/** 0..n-1 in random order, as `torch.randperm(n, generator=...)` draws it. */
export function randomOrder(n: number, generator?: GeneratorLike): number[] {
  const gen = generatorOf(generator);
  const perm = aten.randperm_generator(n, gen);
  const order = Array.from(perm.toTypedArray() as BigInt64Array, Number);
  perm.dispose();
  if (gen !== generator && gen !== defaultGenerator) gen.dispose(); // made from a seed for this draw only
  return order;
}

/**
 * Splits a dataset at random into parts of the given sizes, or of fractions
 * that sum to 1 (each part gets floor(fraction * length); the remainder goes
 * one by one to the first parts). As PyTorch's random_split, it draws one
 * permutation from `generator` (default: the default generator), so the same
 * seed gives the same split in both.
 */
export function randomSplit<T>(dataset: Dataset<T>, sizes: readonly number[], generator?: GeneratorLike): Subset<T>[] {
  let counts = [...sizes];
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) <= 1e-9 && sum <= 1) {
    sizes.forEach((f, i) => {
      if (f < 0 || f > 1) throw new RangeError(`randomSplit: fraction at index ${i} (${f}) is not between 0 and 1`);
    });
    counts = sizes.map((f) => Math.floor(dataset.length * f));
    const remainder = dataset.length - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) counts[i % counts.length]! += 1;
  }
  counts.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomSplit: size at index ${i} (${n}) is not a count or a fraction`);
  });
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== dataset.length) throw new RangeError(`randomSplit: sizes add up to ${total}, the dataset has ${dataset.length}`);
  const order = randomOrder(dataset.length, generator);
  let start = 0;
  return counts.map((n) => {
    const part = new Subset(dataset, order.slice(start, start + n));
    start += n;
    return part;
  });
}
