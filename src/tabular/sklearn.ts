// The small datasets that scikit-learn ships (iris, wine, breast cancer,
// digits, diabetes), read from the copies in the package's data/tabular/
// (see data/README.md), in sklearn's own file formats: a first line
// "rows,features,class names..." then the rows with the class index last
// (iris, wine, breast cancer); bare rows with the digit last (digits);
// blank-separated raw features and a separate target file (diabetes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_DATA } from '../core/package-root.ts';
import { classTarget, numeric, regressionTarget, type ClassTargetColumn, type NumericColumn, type RegressionTargetColumn } from './columns.ts';
import { readCsv, type Table } from './table.ts';
import { TabularDataError } from './csv.ts';

/** The folder with the vendored tabular files (sklearn's datasets, Fair's affairs survey). */
export const TABULAR_DATA = join(PACKAGE_DATA, 'tabular');

export type SklearnClassification = 'iris' | 'wine' | 'breast_cancer' | 'digits';
export type SklearnDatasetName = SklearnClassification | 'diabetes';

/** Features named as sklearn names them (`table.numeric('petal length (cm)')`), the target column named 'target'. */
export type SklearnSchema<T> = { readonly [feature: string]: NumericColumn | T; readonly target: T };
export type SklearnTable<N extends SklearnDatasetName> = Table<SklearnSchema<N extends 'diabetes' ? RegressionTargetColumn : ClassTargetColumn>>;

const FILES: Record<SklearnClassification, { file: string; countLine: boolean }> = {
  iris: { file: 'iris.csv', countLine: true },
  wine: { file: 'wine_data.csv', countLine: true },
  breast_cancer: { file: 'breast_cancer.csv', countLine: true },
  digits: { file: 'digits.csv.gz', countLine: false },
};

function names(): Record<SklearnDatasetName, { features: string[]; classes?: string[] }> {
  return JSON.parse(readFileSync(join(TABULAR_DATA, 'sklearn.json'), 'utf8'));
}

/**
 * One of sklearn's datasets as a table: its numeric features, and the target
 * (the class for iris, wine, breast_cancer and digits, named as sklearn's
 * target_names; disease progression after a year for diabetes, whose features
 * are the raw ones, not sklearn's scaled copy).
 */
export function sklearnDataset<N extends SklearnDatasetName>(name: N): SklearnTable<N> {
  const meta = names()[name];
  if (!meta) throw new RangeError(`sklearnDataset: no dataset '${name}' (iris, wine, breast_cancer, digits, diabetes)`);
  const features = Object.fromEntries(meta.features.map((f) => [f, numeric()]));
  if (name === 'diabetes') {
    const x = readCsv(join(TABULAR_DATA, 'diabetes_data_raw.csv.gz'), { columns: features, header: meta.features, delimiter: 'whitespace' });
    const y = readCsv(join(TABULAR_DATA, 'diabetes_target.csv.gz'), { columns: { target: regressionTarget() }, header: ['target'] });
    return x.joinColumns(y) as never;
  }
  const { file, countLine } = FILES[name as SklearnClassification];
  const classes = meta.classes!;
  const path = join(TABULAR_DATA, file);
  const table = readCsv(path, {
    columns: { ...features, target: classTarget({ levels: classes, map: (f) => classes[Number(f)] ?? f }) },
    header: [...meta.features, 'target'],
    skipLines: countLine ? 1 : 0,
  });
  if (countLine) {
    const [rows, cols] = readFileSync(path, 'utf8').split('\n', 1)[0]!.split(',').map(Number);
    if (rows !== table.length || cols !== meta.features.length) throw new TabularDataError(`${path}: line 1 announces ${rows} rows of ${cols} features, the file has ${table.length} of ${meta.features.length}`);
  }
  return table as never;
}
