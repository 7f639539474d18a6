// Tables read from CSV files against a column schema: numeric columns as
// float64, categorical ones as codes into their levels, at most one target.
// What goes into a model comes out as tensors: numeric features [N, F],
// category codes [N, C] (for embeddings) or their one-hot expansion, and the
// target (int64 classes or float32 values).
import { constants as bufferConstants } from 'node:buffer';
import { readRegularFile } from '../core/files.ts';
import { gunzipSync } from 'node:zlib';
import type { Tensor } from '../core/tensor.ts';
import { tensor } from '../ops/creation.ts';
import * as aten from '../ops/generated/aten.ts';
import { scope } from '../core/scope.ts';
import {
  checkSpec,
  type CategoricalColumn, type CategoricalName, type ColumnSpec, type NumericName, type OneTarget, type Schema, type TargetKind, type TargetName,
} from './columns.ts';
import { splitRecords, TabularDataError, type CsvRecord, type Delimiter } from './csv.ts';

export interface CsvOptions<S extends Schema> {
  /** The columns to read and what each holds; other columns of the file are left out. Features are laid out in this order. */
  columns: S;
  /** true (the default): the first record names the columns. An array: the names of a file without a header row, one per field. */
  header?: true | readonly string[];
  delimiter?: Delimiter;
  /** Records to skip before the header (or the data): a title line, say. */
  skipLines?: number;
  /** Fields that mean "no value" (default: '', 'NA', 'N/A', 'NaN', 'nan', 'null'). */
  missing?: readonly string[];
}

const DEFAULT_MISSING = ['', 'NA', 'N/A', 'NaN', 'nan', 'null'];
const { MAX_STRING_LENGTH } = bufferConstants;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

type NumericData = { kind: 'numeric' | 'regression-target'; values: Float64Array };
type CategoricalData = { kind: 'categorical' | 'class-target'; codes: Int32Array; levels: readonly string[] };
type ColumnData = NumericData | CategoricalData;

/** A categorical column's values: codes into its levels. */
export interface Categories {
  codes: Int32Array;
  levels: readonly string[];
}

type Matrix<D extends 'float32' | 'int64'> = Tensor<[number, number], D, 'cpu'>;
export type TargetTensor<S extends Schema> = TargetKind<S> extends 'class' ? Tensor<[number], 'int64', 'cpu'>
  : TargetKind<S> extends 'regression' ? Tensor<[number], 'float32', 'cpu'> : never;

function sortLevels(values: Iterable<string>): string[] {
  const distinct = [...new Set(values)];
  // Numbers as numbers (2 before 10), as pandas and sklearn order numeric categories.
  return distinct.every((v) => NUMBER.test(v.trim())) ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

export class Table<S extends Schema> {
  /** @internal use readCsv, parseCsv or Table.take */
  constructor(
    readonly schema: S,
    private readonly data: ReadonlyMap<string, ColumnData>,
    readonly length: number,
    /** Where the rows came from (a path, or 'text'). */
    readonly source: string,
  ) {}

  /** The columns kept (all but the skipped ones), in schema order. */
  get columnNames(): string[] {
    return [...this.data.keys()];
  }

  private names(kinds: readonly ColumnSpec['kind'][]): string[] {
    return [...this.data.entries()].filter(([, c]) => kinds.includes(c.kind)).map(([n]) => n);
  }

  /** The numeric feature columns, in schema order. */
  get numericNames(): NumericName<S>[] {
    return this.names(['numeric']) as NumericName<S>[];
  }

  /** The categorical feature columns, in schema order (the target is not one). */
  get categoricalNames(): string[] {
    return this.names(['categorical']);
  }

  get targetName(): TargetName<S> | undefined {
    return this.names(['class-target', 'regression-target'])[0] as TargetName<S> | undefined;
  }

  private column(name: string): ColumnData {
    const c = this.data.get(name);
    if (!c) throw new RangeError(`${this.source}: no column '${name}' (columns: ${this.columnNames.join(', ')})`);
    return c;
  }

  /** A numeric column's values (a regression target's too). */
  numeric(name: NumericName<S> | (TargetKind<S> extends 'regression' ? TargetName<S> : never)): Float64Array {
    const c = this.column(name);
    if (c.kind !== 'numeric' && c.kind !== 'regression-target') throw new TypeError(`${this.source}: column '${name}' is ${c.kind}, not numeric`);
    return c.values;
  }

  /** A categorical column's codes and levels (a class target's too). */
  categories(name: CategoricalName<S>): Categories {
    const c = this.column(name);
    if (c.kind !== 'categorical' && c.kind !== 'class-target') throw new TypeError(`${this.source}: column '${name}' is ${c.kind}, not categorical`);
    return { codes: c.codes, levels: c.levels };
  }

  /** The number of levels of each categorical feature column, in schema order (embedding sizes). */
  get cardinalities(): number[] {
    return this.categoricalNames.map((n) => (this.data.get(n) as CategoricalData).levels.length);
  }

  /** The class target's levels: class index i is classes[i]. */
  get classes(): readonly string[] {
    const t = this.targetName === undefined ? undefined : this.data.get(this.targetName);
    if (t?.kind !== 'class-target') throw new TypeError(`${this.source}: the table has no class target`);
    return t.levels;
  }

  /** The rows at these indices, in that order (a fold's training rows, say). */
  take(indices: ArrayLike<number> | Tensor<[number], 'int64' | 'int32'>): Table<S> {
    const index = Array.isArray(indices) || ArrayBuffer.isView(indices) ? Array.from(indices as ArrayLike<number>) : Array.from((indices as Tensor).toTypedArray() as ArrayLike<number | bigint>, Number);
    for (const i of index) {
      if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`Table.take: row ${i} is out of range for ${this.length} rows`);
    }
    const data = new Map<string, ColumnData>();
    for (const [name, c] of this.data) {
      data.set(name, 'values' in c
        ? { kind: c.kind, values: Float64Array.from(index, (i) => c.values[i]!) }
        : { kind: c.kind, codes: Int32Array.from(index, (i) => c.codes[i]!), levels: c.levels });
    }
    return new Table(this.schema, data, index.length, this.source);
  }

  /** The columns of both tables side by side (the same rows: a feature file and its target file, say). */
  joinColumns<T extends Schema>(other: Table<T>): Table<S & T> {
    if (other.length !== this.length) throw new RangeError(`Table.joinColumns: ${this.source} has ${this.length} rows, ${other.source} has ${other.length}`);
    const data = new Map(this.data);
    for (const [name, c] of other.data) {
      if (data.has(name)) throw new RangeError(`Table.joinColumns: both tables have a column '${name}'`);
      data.set(name, c);
    }
    if (this.targetName !== undefined && other.targetName !== undefined) throw new RangeError(`Table.joinColumns: both tables have a target ('${this.targetName}', '${other.targetName}')`);
    return new Table({ ...this.schema, ...other.schema } as S & T, data, this.length, `${this.source} + ${other.source}`);
  }

  /** The numeric feature columns as a float32 (or float64) matrix [N, F], in schema order. */
  numericFeatures<D extends 'float32' | 'float64' = 'float32'>(options: { dtype?: D } = {}): Tensor<[number, number], D, 'cpu'> {
    const names = this.numericNames;
    const flat = new Float64Array(this.length * names.length);
    names.forEach((n, j) => {
      const v = (this.data.get(n) as NumericData).values;
      for (let i = 0; i < this.length; i++) flat[i * names.length + j] = v[i]!;
    });
    return tensor(flat, { shape: [this.length, names.length], dtype: options.dtype ?? 'float32' }) as never;
  }

  /** The categorical feature columns' codes as int64 [N, C], in schema order (the input of embeddings). */
  categoryCodes(): Matrix<'int64'> {
    const names = this.categoricalNames;
    const flat = new BigInt64Array(this.length * names.length);
    names.forEach((n, j) => {
      const codes = (this.data.get(n) as CategoricalData).codes;
      for (let i = 0; i < this.length; i++) flat[i * names.length + j] = BigInt(codes[i]!);
    });
    return tensor(flat, { shape: [this.length, names.length] }) as never;
  }

  /** The categorical feature columns one-hot, float32 [N, sum of their levels]; `oneHotNames` names the columns. */
  oneHot(): Matrix<'float32'> {
    return scope(() => {
      const codes = this.categoryCodes();
      if (codes.shape[1] === 0) return aten.zeros([this.length, 0]);
      const parts = this.cardinalities.map((levels, j) => aten.one_hot(aten.select_int(codes, 1, j), levels));
      return aten.to_dtype(aten.cat(parts, 1), 'float32');
    }) as never;
  }

  /** `column=level` for each column of `oneHot()`. */
  get oneHotNames(): string[] {
    return this.categoricalNames.flatMap((n) => (this.data.get(n) as CategoricalData).levels.map((l) => `${n}=${l}`));
  }

  /** The target: int64 class indices [N] for a class target, float32 values [N] for a regression target. */
  target(): TargetTensor<S> {
    const name = this.targetName;
    if (name === undefined) throw new TypeError(`${this.source}: the schema names no target column (classTarget() or regressionTarget())`);
    const c = this.data.get(name)!;
    if ('values' in c) return tensor(c.values, { dtype: 'float32' }) as never;
    return tensor(BigInt64Array.from(c.codes, BigInt)) as never;
  }
}

/** Reads a CSV file (gzip-compressed if it is) against a schema. Errors name the file, line and column. */
export function readCsv<const S extends Schema>(path: string, options: CsvOptions<S> & { columns: S & OneTarget<S> }): Table<S> {
  const fail = (why: string): never => {
    throw new TabularDataError(`${path}: cannot be read (${why})`);
  };
  let bytes = readRegularFile(path, fail);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // Bounded: a few bytes of gzip can claim gigabytes.
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_STRING_LENGTH });
    } catch (e) {
      throw new TabularDataError(`${path}: a gzip file that does not decompress, or to more than a string holds (${(e as Error).message})`);
    }
  }
  if (bytes.length > MAX_STRING_LENGTH) fail(`${bytes.length} bytes, more than one string holds (${MAX_STRING_LENGTH})`);
  return parseCsv<S>(bytes.toString('utf8'), options, path);
}

/** Parses CSV text against a schema; `source` names the text in errors. */
export function parseCsv<const S extends Schema>(text: string, options: CsvOptions<S> & { columns: S & OneTarget<S> }, source = 'text'): Table<S> {
  const schema = options.columns as S;
  if (typeof schema !== 'object' || schema === null || Object.keys(schema).length === 0) throw new TypeError('readCsv: columns must name at least one column');
  for (const [name, spec] of Object.entries(schema)) checkSpec(name, spec);
  const targets = Object.entries(schema).filter(([, s]) => s.kind === 'class-target' || s.kind === 'regression-target').map(([n]) => n);
  if (targets.length > 1) throw new TypeError(`readCsv: a table has at most one target column, the schema has ${targets.join(', ')}`);
  const skipLines = options.skipLines ?? 0;
  if (!Number.isInteger(skipLines) || skipLines < 0) throw new RangeError(`readCsv: skipLines must be a count, got ${skipLines}`);
  const missing = new Set(options.missing ?? DEFAULT_MISSING);

  const records = splitRecords(text, source, options.delimiter ?? ',').slice(skipLines);
  let names: readonly string[];
  let headerLine = 0;
  if (options.header === undefined || options.header === true) {
    const head = records.shift();
    if (!head) throw new TabularDataError(`${source}: the file is empty (a header row was expected)`);
    names = head.fields.map((f) => f.trim());
    headerLine = head.line;
  } else {
    if (!Array.isArray(options.header)) throw new TypeError('readCsv: header must be true or an array of column names');
    names = options.header;
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new TabularDataError(`${source}${headerLine ? `: line ${headerLine}` : ''}: the column name '${n}' appears twice`);
    seen.add(n);
  }
  const position = new Map(names.map((n, i) => [n, i]));
  for (const name of Object.keys(schema)) {
    if (!position.has(name)) throw new TabularDataError(`${source}: no column '${name}' in the file (its columns: ${names.join(', ')})`);
  }
  if (records.length === 0) throw new TabularDataError(`${source}: no data rows`);
  for (const r of records) {
    if (r.fields.length !== names.length) {
      throw new TabularDataError(`${source}: line ${r.line} has ${r.fields.length} fields, the header has ${names.length}`);
    }
  }

  const data = new Map<string, ColumnData>();
  for (const [name, spec] of Object.entries(schema)) {
    if (spec.kind === 'skip') continue;
    const j = position.get(name)!;
    const where = (r: CsvRecord) => `${source}: line ${r.line}, column ${j + 1} ('${name}')`;
    if (spec.kind === 'numeric' || spec.kind === 'regression-target') {
      const fill = spec.kind === 'numeric' ? spec.fill : undefined;
      const values = Float64Array.from(records, (r) => {
        const field = r.fields[j]!.trim();
        if (missing.has(field)) {
          if (fill === undefined) throw new TabularDataError(`${where(r)}: a missing value (give numeric({fill}) to fill it in)`);
          return fill;
        }
        if (!NUMBER.test(field)) throw new TabularDataError(`${where(r)}: ${JSON.stringify(field)} is not a number`);
        const value = Number(field);
        // 1e999 is a number to the pattern but Infinity to float64: a value no model should train on.
        if (!Number.isFinite(value)) throw new TabularDataError(`${where(r)}: ${field} is beyond float64's range`);
        return value;
      });
      data.set(name, { kind: spec.kind, values });
    } else {
      const c = spec as CategoricalColumn & { kind: 'categorical' | 'class-target' };
      const raw = records.map((r) => {
        const field = r.fields[j]!.trim();
        if (missing.has(field)) {
          if (c.missingLevel === undefined) throw new TabularDataError(`${where(r)}: a missing value (give categorical({missingLevel}) to make it a level)`);
          return c.missingLevel;
        }
        return c.map ? c.map(field) : field;
      });
      const levels = c.levels ?? sortLevels(raw);
      const code = new Map(levels.map((l, i) => [l, i]));
      const codes = Int32Array.from(raw, (v, i) => {
        const k = code.get(v);
        if (k === undefined) throw new TabularDataError(`${where(records[i]!)}: ${JSON.stringify(v)} is not one of the levels ${levels.map((l) => JSON.stringify(l)).join(', ')}`);
        return k;
      });
      data.set(name, { kind: c.kind, codes, levels: [...levels] });
    }
  }
  return new Table(schema, data, records.length, source);
}
