// Column schemas for tables: what each column of a CSV file holds, and the
// types that follow from it (which names are numeric, which categorical, and
// whether the target is a class or a number).

/** A number per row (float64 in the table; standardise it before training). */
export interface NumericColumn {
  readonly kind: 'numeric';
  /** What a missing value (an empty field, or one of the `missing` tokens) becomes; without it, a missing value is an error. */
  readonly fill?: number;
}

/** One of a set of levels per row (stored as codes into `levels`). */
export interface CategoricalColumn {
  readonly kind: 'categorical';
  /** The levels, in code order; a value outside them is an error. Without them: the distinct values, sorted (numerically where all are numbers). */
  readonly levels?: readonly string[];
  /** Turns a field into its level (for example a number into a band). */
  readonly map?: (field: string) => string;
  /** The level a missing value gets; without it, a missing value is an error. */
  readonly missingLevel?: string;
}

/** The class to predict: read as a categorical column, given to training as int64 class indices. */
export interface ClassTargetColumn extends Omit<CategoricalColumn, 'kind'> {
  readonly kind: 'class-target';
}

/** The number to predict (regression): given to training as float32. */
export interface RegressionTargetColumn {
  readonly kind: 'regression-target';
}

/** A column that is read past (it still has to be there). */
export interface SkippedColumn {
  readonly kind: 'skip';
}

export type ColumnSpec = NumericColumn | CategoricalColumn | ClassTargetColumn | RegressionTargetColumn | SkippedColumn;
export type ColumnKind = ColumnSpec['kind'];

/** Column name -> what it holds, in the order features are laid out. */
export type Schema = Readonly<Record<string, ColumnSpec>>;

export const numeric = (options: Omit<NumericColumn, 'kind'> = {}): NumericColumn => ({ kind: 'numeric', ...options });
export const categorical = (options: Omit<CategoricalColumn, 'kind'> = {}): CategoricalColumn => ({ kind: 'categorical', ...options });
export const classTarget = (options: Omit<ClassTargetColumn, 'kind'> = {}): ClassTargetColumn => ({ kind: 'class-target', ...options });
export const regressionTarget = (): RegressionTargetColumn => ({ kind: 'regression-target' });
export const skip = (): SkippedColumn => ({ kind: 'skip' });

/**
 * The names of the columns of one kind. A schema with an index signature
 * (features known only at run time, as sklearn's datasets) gives `string`
 * where the signature's columns may be of the kind.
 */
export type NamesOfKind<S extends Schema, K extends ColumnKind> = {
  [N in keyof S]: S[N] extends { readonly kind: K } ? N
    : string extends N ? ([Extract<S[N], { readonly kind: K }>] extends [never] ? never : N) : never;
}[keyof S] & string;

/** The columns written out by name, without an index signature's. */
type Known<S> = { [N in keyof S as string extends N ? never : number extends N ? never : N]: S[N] };

/** Only the names written out (a target is always one). */
type LiteralNamesOfKind<S extends Schema, K extends ColumnKind> = {
  [N in keyof Known<S>]: Known<S>[N] extends { readonly kind: K } ? N : never;
}[keyof Known<S>] & string;

export type NumericName<S extends Schema> = NamesOfKind<S, 'numeric'>;
export type CategoricalName<S extends Schema> = NamesOfKind<S, 'categorical' | 'class-target'>;
export type TargetName<S extends Schema> = LiteralNamesOfKind<S, 'class-target' | 'regression-target'>;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** A schema with two target columns is refused where it is written. */
export type OneTarget<S extends Schema> = true extends IsUnion<TargetName<S>>
  ? 'readCsv: a table has at most one target column; this schema has several (classTarget() or regressionTarget())'
  : unknown;

/** What `Table.target()` gives: class indices (int64) or values (float32), by the target column's kind. */
export type TargetKind<S extends Schema> = [TargetName<S>] extends [never] ? 'none'
  : S[TargetName<S>] extends { readonly kind: 'class-target' } ? 'class' : 'regression';

export const isCategoricalKind = (kind: ColumnKind): kind is 'categorical' | 'class-target' => kind === 'categorical' || kind === 'class-target';

export function checkSpec(name: string, spec: ColumnSpec): void {
  const kinds: ColumnKind[] = ['numeric', 'categorical', 'class-target', 'regression-target', 'skip'];
  if (typeof spec !== 'object' || spec === null || !kinds.includes(spec.kind)) {
    throw new TypeError(`column '${name}': the schema must give a column made by numeric(), categorical(), classTarget(), regressionTarget() or skip(), got ${JSON.stringify(spec)}`);
  }
  if (spec.kind === 'numeric' && spec.fill !== undefined && typeof spec.fill !== 'number') throw new TypeError(`column '${name}': fill must be a number`);
  if (isCategoricalKind(spec.kind)) {
    const levels = (spec as CategoricalColumn).levels;
    if (levels !== undefined) {
      if (!Array.isArray(levels) || levels.length === 0) throw new TypeError(`column '${name}': levels must be a non-empty array of strings`);
      if (new Set(levels).size !== levels.length) throw new TypeError(`column '${name}': levels repeat a value`);
    }
  }
}
