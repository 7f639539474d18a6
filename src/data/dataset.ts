// Datasets: indexable collections of examples, and in-memory tensor datasets
// whose batches are gathered natively (index_select) rather than element by element.
import { Tensor } from '../core/tensor.ts';
import { tensor } from '../core/creation.ts';
import { call } from '../core/op.ts';
import { keep } from '../core/scope.ts';

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
    const out = Object.fromEntries(Object.entries(this.tensors).map(([k, t]) => [k, call('index_select', t, 0, idx) as Tensor]));
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

/** A seeded PRNG (mulberry32): shuffles and splits are reproducible across runs and machines. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 0..n-1 in a seeded random order (Fisher-Yates). */
export function permutation(n: number, random: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** Splits a dataset at random into parts of the given sizes (or fractions summing to 1). */
export function randomSplit<T>(dataset: Dataset<T>, sizes: readonly number[], seed = 0): Subset<T>[] {
  const counts = sizes.every((s) => s <= 1) && Math.abs(sizes.reduce((a, b) => a + b, 0) - 1) < 1e-9
    ? sizes.map((f, i) => (i === sizes.length - 1 ? 0 : Math.floor(f * dataset.length)))
    : [...sizes];
  if (sizes.every((s) => s <= 1)) counts[counts.length - 1] = dataset.length - counts.slice(0, -1).reduce((a, b) => a + b, 0);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== dataset.length) throw new RangeError(`randomSplit: sizes add up to ${total}, the dataset has ${dataset.length}`);
  const order = permutation(dataset.length, seededRandom(seed));
  let start = 0;
  return counts.map((n) => {
    const part = new Subset(dataset, order.slice(start, start + n));
    start += n;
    return part;
  });
}
