// A table and a model for it. The schema says what each CSV column holds;
// the table's types follow from it (numeric names, the target's dtype), and a
// malformed file is an error naming its line and column. The model embeds
// each categorical column and passes the result, with the standardised
// numbers, through an MLP (typed-torch's TabularModel).
//
// The data is Fair's 1978 survey of 6,366 married women (statsmodels' `fair`
// dataset, in data/fair.csv): predict whether any affair was reported. For
// your own table, write its schema here and point `readTable` at your file.
import * as torch from 'typed-torch';

const { tabular } = torch;

export const schema = {
  rate_marriage: tabular.categorical(),
  age: tabular.numeric(),
  yrs_married: tabular.numeric(),
  children: tabular.categorical(),
  religious: tabular.categorical(),
  educ: tabular.categorical(),
  occupation: tabular.categorical(),
  occupation_husb: tabular.categorical(),
  affairs: tabular.classTarget({ levels: ['none', 'some'], map: (hours) => (Number(hours) > 0 ? 'some' : 'none') }),
};

export function readTable(path = 'data/fair.csv') {
  return tabular.readCsv(path, { columns: schema });
}

export type Table = ReturnType<typeof readTable>;

export function makeModel(table: Table) {
  return new tabular.TabularModel({
    numeric: table.numericNames.length,
    cardinalities: table.cardinalities,
    out: table.classes.length,
    hidden: [200, 100],
    dropout: 0.1,
  });
}
