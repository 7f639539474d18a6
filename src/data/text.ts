// Character-level text data: a vocabulary built from the text (its distinct
// characters in code-point order, as Python's sorted(set(text)) gives),
// encoding and decoding, a train/validation split, and the contiguous
// batches of truncated backpropagation through time: the stream cut into
// `batchSize` rows, read `seqLen` characters at a time, the targets one
// character ahead.
import type { Tensor } from '../core/tensor.ts';
import { tensor } from '../ops/creation.ts';
import * as aten from '../ops/generated/aten.ts';
import { keep } from '../core/scope.ts';

type Ids = Tensor<[number], 'int64', 'cpu'>;

export class CharVocab {
  /** The distinct characters, in code-point order; a character's id is its index here. */
  readonly chars: readonly string[];
  readonly #ids: Map<string, number>;

  constructor(text: string) {
    const distinct = [...new Set(Array.from(text))];
    distinct.sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    this.chars = distinct;
    this.#ids = new Map(distinct.map((c, i) => [c, i]));
  }

  get size(): number {
    return this.chars.length;
  }

  /** The ids of a text's characters, as an int64 tensor; a character outside the vocabulary is a RangeError naming it. */
  encode(text: string): Ids {
    const ids = new BigInt64Array(Array.from(text).length);
    let i = 0;
    for (const c of text) {
      const id = this.#ids.get(c);
      if (id === undefined) throw new RangeError(`CharVocab.encode: ${JSON.stringify(c)} (at ${i}) is not in the vocabulary of ${this.size} characters`);
      ids[i++] = BigInt(id);
    }
    return tensor(ids) as Ids;
  }

  /** The text of a sequence of ids. */
  decode(ids: Tensor | readonly number[]): string {
    const list = Array.isArray(ids) ? ids : Array.from((ids as Tensor).toTypedArray() as ArrayLike<number | bigint>, Number);
    return list.map((id, i) => {
      const c = this.chars[id];
      if (c === undefined) throw new RangeError(`CharVocab.decode: id ${id} (at ${i}) is outside the vocabulary of ${this.size} characters`);
      return c;
    }).join('');
  }
}

/** A text's vocabulary and its ids split into a training and a validation part (the first `trainFraction` for training). */
export function charCorpus(text: string, options: { trainFraction?: number } = {}): { vocab: CharVocab; train: Ids; val: Ids } {
  const fraction = options.trainFraction ?? 0.9;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`charCorpus: trainFraction must be between 0 and 1, got ${fraction}`);
  const vocab = new CharVocab(text);
  const ids = vocab.encode(text);
  const n = Math.floor(fraction * ids.shape[0]!);
  const train = keep(aten.slice_Tensor(ids, 0, 0, n)) as Ids;
  const val = keep(aten.slice_Tensor(ids, 0, n, ids.shape[0]!)) as Ids;
  return { vocab, train, val };
}

/** One step of truncated BPTT: inputs [B, T] and the targets one character ahead. */
export interface BpttBatch {
  x: Tensor<['B', 'T'], 'int64', 'cpu'>;
  y: Tensor<['B', 'T'], 'int64', 'cpu'>;
}

/**
 * The stream of ids cut into `batchSize` contiguous rows (the tail that does
 * not fill a row is dropped), read `seqLen` columns at a time: row b of a
 * batch continues row b of the batch before it, so a model can carry its
 * hidden state across batches. The last batch may be shorter.
 */
export class BpttBatches implements Iterable<BpttBatch> {
  readonly rows: Tensor<[number, number], 'int64', 'cpu'>;

  constructor(ids: Ids, readonly batchSize: number, readonly seqLen: number) {
    for (const [name, v] of [['batchSize', batchSize], ['seqLen', seqLen]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`BpttBatches: ${name} must be a positive integer, got ${v}`);
    }
    const columns = Math.floor(ids.shape[0]! / batchSize);
    if (columns < 2) throw new RangeError(`BpttBatches: ${ids.shape[0]} ids do not make ${batchSize} rows of at least 2`);
    this.rows = keep(aten.view(aten.slice_Tensor(ids, 0, 0, columns * batchSize), [batchSize, columns])) as Tensor<[number, number], 'int64', 'cpu'>;
  }

  /** Batches per pass over the rows. */
  get length(): number {
    return Math.ceil((this.rows.shape[1]! - 1) / this.seqLen);
  }

  *[Symbol.iterator](): Iterator<BpttBatch> {
    const columns = this.rows.shape[1]!;
    for (let i = 0; i < columns - 1; i += this.seqLen) {
      const len = Math.min(this.seqLen, columns - 1 - i);
      yield {
        x: aten.slice_Tensor(this.rows, 1, i, i + len) as BpttBatch['x'],
        y: aten.slice_Tensor(this.rows, 1, i + 1, i + 1 + len) as BpttBatch['y'],
      };
    }
  }
}
