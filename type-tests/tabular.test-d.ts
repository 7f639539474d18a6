// Tables: the schema types the columns (numeric names for numeric(), the
// target's dtype by its kind), a second target is refused where the schema is
// written, and models check widths they know; unknown widths pass.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

const { tabular } = torch;
const table = tabular.readCsv('people.csv', {
  columns: { age: tabular.numeric(), city: tabular.categorical(), income: tabular.regressionTarget() },
});
expectType<Float64Array>(table.numeric('age'));
expectType<Float64Array>(table.numeric('income'));
expectError(table.numeric('city'));
expectType<torch.tabular.Categories>(table.categories('city'));
expectError(table.categories('age'));
expectType<torch.Tensor<[number], 'float32', 'cpu'>>(table.target());
expectType<torch.Tensor<[number, number], 'float32', 'cpu'>>(table.numericFeatures());
expectType<torch.Tensor<[number, number], 'float64', 'cpu'>>(table.numericFeatures({ dtype: 'float64' }));
expectType<torch.Tensor<[number, number], 'int64', 'cpu'>>(table.categoryCodes());

const labelled = tabular.readCsv('people.csv', { columns: { age: tabular.numeric(), label: tabular.classTarget() } });
expectType<torch.Tensor<[number], 'int64', 'cpu'>>(labelled.target());
expectError(tabular.readCsv('people.csv', { columns: { a: tabular.classTarget(), b: tabular.regressionTarget() } }));

// sklearn's datasets: feature names known at run time, the target's kind at compile time.
expectType<torch.Tensor<[number], 'int64', 'cpu'>>(tabular.sklearnDataset('iris').target());
expectType<torch.Tensor<[number], 'float32', 'cpu'>>(tabular.sklearnDataset('diabetes').target());
expectType<Float64Array>(tabular.sklearnDataset('iris').numeric('petal length (cm)'));

declare const x4: torch.Tensor<['B', 4], 'float32', 'cpu'>;
declare const x5: torch.Tensor<['B', 5], 'float32', 'cpu'>;
declare const codes: torch.Tensor<['B', 2], 'int64', 'cpu'>;
declare const dynamic: torch.Tensor<[number, number], 'float32', 'cpu'>;
const model = new tabular.TabularModel({ numeric: 4, cardinalities: [3, 7], out: 2 });
expectType<torch.Tensor<['B', 2], 'float32', 'cpu'>>(model.forward(x4, codes));
expectType<torch.Tensor<[number, 2], 'float32', 'cpu'>>(model.forward(dynamic, codes));
expectError(model.forward(x5, codes));

const scaler = new tabular.StandardScaler().fit(x4);
expectType<torch.Tensor<['B', 4], 'float32', 'cpu'>>(scaler.transform(x4));
expectError(scaler.transform(x5));
