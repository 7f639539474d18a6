// An entity-embedding network for tables (Guo and Berkhahn, "Entity
// Embeddings of Categorical Variables", 2016; fast.ai's TabularModel): each
// categorical column gets its own learned embedding, the embeddings are
// concatenated with the standardised numeric columns, and an MLP maps the
// result to the outputs. One-hot columns grow with the levels; embeddings
// stay small and let similar levels share what they learn.
import type { Tensor } from '../core/tensor.ts';
import type { Dim } from '../types/shape.ts';
import type { ShapeOf } from '../ops/typing.ts';
import type { Same } from '../types/dims.ts';
import * as aten from '../ops/generated/aten.ts';
import { Module, reprFields } from '../nn/module.ts';
import { Linear } from '../nn/layers/linear.ts';
import { Embedding } from '../nn/layers/embedding.ts';
import { ModuleList } from '../nn/layers/containers.ts';

/** fast.ai's rule of thumb for an embedding's width: 1.6 * levels^0.56, at most 600. */
export function embeddingSize(levels: number): number {
  if (!Number.isInteger(levels) || levels < 1) throw new RangeError(`embeddingSize: levels must be a positive integer, got ${levels}`);
  return Math.min(600, Math.round(1.6 * levels ** 0.56));
}

export interface TabularModelOptions<F extends number, O extends number> {
  /** Numeric input columns. */
  numeric: F;
  /** Levels of each categorical column (Table.cardinalities), in column order. */
  cardinalities: readonly number[];
  /** Outputs: classes (logits for crossEntropy) or 1 for regression. */
  out: O;
  /** Embedding width per categorical column (default: embeddingSize of its levels). */
  embeddingDims?: readonly number[];
  /** Hidden layer widths (default [200, 100], fast.ai's). */
  hidden?: readonly number[];
  /** Dropout after each hidden layer (default 0). */
  dropout?: number;
  /** Dropout on the concatenated embeddings (default 0). */
  embeddingDropout?: number;
}

type Rows<X> = ShapeOf<X> extends readonly [infer N extends Dim, Dim] ? N : number;
type WidthFits<X, W extends number, What extends string> = ShapeOf<X> extends readonly [Dim, infer C]
  ? { v: Same<C, W> } extends { v: true } ? unknown
    : number extends C ? unknown : number extends W ? unknown : C extends string ? unknown : C extends W ? unknown
    : `TabularModel: ${What} has ${C & number} columns, the model takes ${W}`
  : `TabularModel: ${What} must be [B, columns]`;

function positive(name: string, v: number, zeroOk = false): void {
  if (!Number.isInteger(v) || v < (zeroOk ? 0 : 1)) throw new RangeError(`TabularModel: ${name} must be a ${zeroOk ? 'non-negative' : 'positive'} integer, got ${v}`);
}

export class TabularModel<F extends number = number, O extends number = number> extends Module {
  readonly embeddings: ModuleList<Embedding>;
  readonly layers: ModuleList<Linear>;
  readonly head: Linear<number, O>;
  readonly numeric: F;
  readonly cardinalities: readonly number[];
  readonly dropout: number;
  readonly embeddingDropout: number;

  constructor(options: TabularModelOptions<F, O>) {
    super();
    positive('numeric', options.numeric, true);
    positive('out', options.out);
    this.numeric = options.numeric;
    this.cardinalities = [...options.cardinalities];
    this.cardinalities.forEach((c, i) => positive(`cardinalities[${i}]`, c));
    const dims = options.embeddingDims ?? this.cardinalities.map(embeddingSize);
    if (dims.length !== this.cardinalities.length) throw new RangeError(`TabularModel: ${dims.length} embeddingDims for ${this.cardinalities.length} categorical columns`);
    dims.forEach((d, i) => positive(`embeddingDims[${i}]`, d));
    for (const [name, p] of [['dropout', options.dropout ?? 0], ['embeddingDropout', options.embeddingDropout ?? 0]] as const) {
      if (!(p >= 0 && p < 1)) throw new RangeError(`TabularModel: ${name} must be in [0, 1), got ${p}`);
    }
    this.dropout = options.dropout ?? 0;
    this.embeddingDropout = options.embeddingDropout ?? 0;
    this.embeddings = this.child('embeddings', new ModuleList(this.cardinalities.map((c, i) => new Embedding(c, dims[i]!))));
    const widths = [options.numeric + dims.reduce((a, b) => a + b, 0), ...(options.hidden ?? [200, 100])];
    widths.slice(1).forEach((w, i) => positive(`hidden[${i}]`, w));
    if (widths[0] === 0) throw new RangeError('TabularModel: no inputs (numeric is 0 and there are no categorical columns)');
    this.layers = this.child('layers', new ModuleList(widths.slice(1).map((w, i) => new Linear(widths[i]!, w))));
    this.head = this.child('head', new Linear(widths.at(-1)!, options.out));
  }

  /** numeric [B, F] (float32, standardised) and category codes [B, C] (int64) -> [B, out]. */
  forward<X extends Tensor, K extends Tensor>(
    numeric: X & WidthFits<X, F, 'the numeric input'>,
    categories: K & WidthFits<K, number, 'the category codes'>,
  ): Tensor<[Rows<X>, O], 'float32', 'cpu'> {
    const x = numeric as Tensor;
    const codes = categories as Tensor;
    if (x.ndim !== 2 || x.shape[1] !== this.numeric) throw new TypeError(`TabularModel: the numeric input must be [B, ${this.numeric}], got [${x.shape.join(', ')}]`);
    if (codes.ndim !== 2 || codes.shape[1] !== this.cardinalities.length || codes.shape[0] !== x.shape[0]) {
      throw new TypeError(`TabularModel: the category codes must be [${x.shape[0]}, ${this.cardinalities.length}], got [${codes.shape.join(', ')}]`);
    }
    if (codes.dtype !== 'int64' && codes.dtype !== 'int32') throw new TypeError(`TabularModel: the category codes must be int64, got ${codes.dtype}`);
    const parts = [...this.embeddings].map((e, j) => e.forward(aten.select_int(codes, 1, j) as never) as Tensor);
    let h = parts.length > 0 ? aten.dropout(aten.cat(parts, 1), this.embeddingDropout, this.training) : null;
    h = h ? aten.cat([h, x], 1) : x;
    for (const layer of this.layers) h = aten.dropout(aten.relu(layer.forward(h as never) as Tensor), this.dropout, this.training);
    return this.head.forward(h as never) as never;
  }

  override extraRepr(): string {
    return reprFields({ numeric: this.numeric, cardinalities: `[${this.cardinalities.join(', ')}]`, dropout: this.dropout });
  }
}
