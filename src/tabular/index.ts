// torch.tabular: tables from CSV files against typed column schemas,
// standardisation, one-hot codes or entity embeddings for categorical
// columns, and sklearn's cross-validation folds; sklearn's small datasets.
export { numeric, categorical, classTarget, regressionTarget, skip } from './columns.ts';
export type {
  ColumnSpec, ColumnKind, Schema, NumericColumn, CategoricalColumn, ClassTargetColumn, RegressionTargetColumn, SkippedColumn,
  NumericName, CategoricalName, TargetName, TargetKind,
} from './columns.ts';
export { TabularDataError, type Delimiter } from './csv.ts';
export { Table, readCsv, parseCsv, type CsvOptions, type Categories, type TargetTensor } from './table.ts';
export { StandardScaler } from './scaler.ts';
export { kFold, stratifiedKFold, type Fold, type FoldOptions } from './folds.ts';
export { sklearnDataset, TABULAR_DATA, type SklearnDatasetName, type SklearnClassification, type SklearnTable, type SklearnSchema } from './sklearn.ts';
export { TabularModel, embeddingSize, type TabularModelOptions } from './model.ts';
