// Cross-validation folds with sklearn's assignment: KFold's contiguous
// blocks (the first n % k folds one row longer), and StratifiedKFold's
// per-class allocation, which keeps each class's share in every fold and,
// without shuffling, each class's rows in order. Shuffling draws from a torch
// generator (torch.randperm), so that a Python twin with the same seed gets
// the same folds.
import type { Tensor } from '../core/tensor.ts';
import { tensor } from '../ops/creation.ts';
import { defaultGenerator } from '../core/generator.ts';
import { generatorOf, randomOrder, type GeneratorLike } from '../data/dataset.ts';

/** One split: the rows to train on and the rows to test on, ascending, int64. */
export interface Fold {
  train: Tensor<[number], 'int64', 'cpu'>;
  test: Tensor<[number], 'int64', 'cpu'>;
}

export interface FoldOptions {
  /** Number of folds (default 5, sklearn's). */
  nSplits?: number;
  /** Shuffle before assigning (default false: folds follow the row order). */
  shuffle?: boolean;
  /** The random stream for shuffling: a Generator, or a seed for a new one (default: the global generator). */
  generator?: GeneratorLike;
}

function checkSplits(op: string, nSplits: number, n: number): void {
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new RangeError(`${op}: nSplits must be an integer of at least 2, got ${nSplits}`);
  if (nSplits > n) throw new RangeError(`${op}: nSplits (${nSplits}) is more than the ${n} rows`);
}

function toFolds(testFold: Int32Array, nSplits: number): Fold[] {
  return Array.from({ length: nSplits }, (_, k) => {
    const train: bigint[] = [];
    const test: bigint[] = [];
    testFold.forEach((f, i) => (f === k ? test : train).push(BigInt(i)));
    return { train: tensor(BigInt64Array.from(train)) as Fold['train'], test: tensor(BigInt64Array.from(test)) as Fold['test'] };
  });
}

function withGenerator<T>(options: FoldOptions, fn: (next: (n: number) => number[]) => T): T {
  if (!options.shuffle) {
    if (options.generator !== undefined) throw new TypeError('folds: a generator only matters with shuffle: true');
    return fn((n) => Array.from({ length: n }, (_, i) => i));
  }
  const gen = generatorOf(options.generator);
  try {
    return fn((n) => randomOrder(n, gen));
  } finally {
    if (gen !== options.generator && gen !== defaultGenerator) gen.dispose(); // made from a seed for this call
  }
}

/** n rows into nSplits contiguous folds (after a shuffle, if asked), as sklearn's KFold. */
export function kFold(n: number, options: FoldOptions = {}): Fold[] {
  const nSplits = options.nSplits ?? 5;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`kFold: n must be a positive number of rows, got ${n}`);
  checkSplits('kFold', nSplits, n);
  return withGenerator(options, (order) => {
    const rows = order(n);
    const testFold = new Int32Array(n);
    let start = 0;
    for (let k = 0; k < nSplits; k++) {
      const size = Math.floor(n / nSplits) + (k < n % nSplits ? 1 : 0);
      for (const i of rows.slice(start, start + size)) testFold[i] = k;
      start += size;
    }
    return toFolds(testFold, nSplits);
  });
}

function labelsOf(y: Tensor | ArrayLike<number | bigint>): number[] {
  if (Array.isArray(y) || ArrayBuffer.isView(y)) return Array.from(y as ArrayLike<number | bigint>, Number);
  const t = y as Tensor;
  if (t.ndim !== 1) throw new TypeError(`stratifiedKFold: labels must be one-dimensional, got [${t.shape.join(', ')}]`);
  if (t.dtype === 'float32' || t.dtype === 'float64') throw new TypeError(`stratifiedKFold: labels must be class indices (an integer tensor), got ${t.dtype}`);
  return Array.from(t.toTypedArray() as ArrayLike<number | bigint>, Number);
}

/**
 * Folds that keep each class's share, as sklearn's StratifiedKFold: the
 * rows of each class are dealt to the folds in blocks sized by a round robin
 * over the sorted labels; with shuffle, each class's block order is permuted
 * (one torch.randperm per class, classes in order of first appearance).
 */
export function stratifiedKFold(y: Tensor<[number], 'int64' | 'int32'> | ArrayLike<number | bigint>, options: FoldOptions = {}): Fold[] {
  const nSplits = options.nSplits ?? 5;
  const labels = labelsOf(y);
  checkSplits('stratifiedKFold', nSplits, labels.length);
  // Classes numbered by first appearance, as sklearn encodes them.
  const classOf = new Map<number, number>();
  for (const l of labels) if (!classOf.has(l)) classOf.set(l, classOf.size);
  const encoded = labels.map((l) => classOf.get(l)!);
  const counts = Array.from({ length: classOf.size }, (_, c) => encoded.filter((e) => e === c).length);
  if (counts.every((c) => c < nSplits)) throw new RangeError(`stratifiedKFold: nSplits (${nSplits}) is more than the rows of every class (at most ${Math.max(...counts)})`);
  if (Math.min(...counts) < nSplits) {
    process.emitWarning(`stratifiedKFold: the smallest class has ${Math.min(...counts)} rows, fewer than nSplits (${nSplits}); some folds will lack it`);
  }
  // allocation[k][c]: rows of class c in fold k, from dealing the sorted labels round robin.
  const sorted = [...encoded].sort((a, b) => a - b);
  const allocation = Array.from({ length: nSplits }, () => new Array<number>(classOf.size).fill(0));
  sorted.forEach((c, i) => allocation[i % nSplits]![c]!++);
  return withGenerator(options, (order) => {
    const testFold = new Int32Array(labels.length);
    for (let c = 0; c < classOf.size; c++) {
      const blocks = allocation.flatMap((perFold, k) => new Array<number>(perFold[c]!).fill(k));
      const perm = order(blocks.length);
      let j = 0;
      encoded.forEach((e, i) => {
        if (e === c) testFold[i] = blocks[perm[j++]!]!;
      });
    }
    return toFolds(testFold, nSplits);
  });
}
