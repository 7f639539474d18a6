// Stratified 5-fold cross-validation of the model: standardise the numbers
// on each training fold, train with Adam (batches of 256), score the held-out
// fold; then train on everything and save the model and its scaler's statistics.
//
//   npm start
//   npm start -- --epochs 5 --folds 3 --out model.pt
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import * as torch from 'typed-torch';
import { makeModel, readTable, type Table } from './model.js';

const F = torch.nn.functional;

/** Trains a new model on the rows `train` for `epochs` epochs; returns it with the scaler fitted on those rows. */
export function fit(table: Table, train: torch.Tensor<[number], 'int64', 'cpu'>, epochs: number, onEpoch?: (loss: number) => void) {
  const scaler = new torch.tabular.StandardScaler().fit(table.numericFeatures().indexSelect(0, train));
  const x = scaler.transform(table.numericFeatures()).indexSelect(0, train);
  const codes = table.categoryCodes().indexSelect(0, train);
  const y = table.target().indexSelect(0, train);
  const model = makeModel(table);
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  const n = train.shape[0]!;
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    let total = 0;
    torch.scope(() => {
      const order = torch.randperm(n);
      for (let start = 0; start < n; start += 256) {
        total += torch.scope(() => {
          const rows = order.narrow(0, start, Math.min(256, n - start));
          const loss = F.crossEntropy(model.forward(x.indexSelect(0, rows), codes.indexSelect(0, rows)), y.indexSelect(0, rows));
          opt.zeroGrad();
          loss.backward();
          opt.step();
          return Number(loss.item()) * rows.shape[0]!;
        });
      }
    });
    onEpoch?.(total / n);
  }
  model.eval();
  return { model, scaler };
}

/** Accuracy on the rows `test` of a model and scaler from `fit`. */
export function score(table: Table, fitted: ReturnType<typeof fit>, test: torch.Tensor<[number], 'int64', 'cpu'>): number {
  return torch.noGrad(() => torch.scope(() => {
    const x = fitted.scaler.transform(table.numericFeatures()).indexSelect(0, test);
    const logits = fitted.model.forward(x, table.categoryCodes().indexSelect(0, test));
    return Number(logits.argmax(1).eq(table.target().indexSelect(0, test)).float().mean().item());
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { epochs: { type: 'string', default: '10' }, folds: { type: 'string', default: '5' }, seed: { type: 'string', default: '0' }, out: { type: 'string', default: 'model.pt' } } });
  const epochs = Number(values.epochs);
  const table = readTable();
  const y = table.target();
  const share = Number(y.float().mean().item());
  console.log(`${table.length} rows; categorical ${table.categoricalNames.join(', ')}; numeric ${table.numericNames.join(', ')}; always the commoner class: ${(100 * Math.max(share, 1 - share)).toFixed(1)}%`);
  torch.manualSeed(Number(values.seed));
  const folds = torch.tabular.stratifiedKFold(y, { nSplits: Number(values.folds), shuffle: true, generator: Number(values.seed) });
  const bar = new SingleBar({ format: 'cross-validation [{bar}] {value}/{total} epochs | loss {loss}', noTTYOutput: true, notTTYSchedule: 5000 }, Presets.rect);
  bar.start(folds.length * epochs, 0, { loss: '-' });
  const accuracies = folds.map((fold) => {
    const fitted = fit(table, fold.train, epochs, (loss) => bar.increment({ loss: loss.toFixed(4) }));
    return score(table, fitted, fold.test);
  });
  bar.stop();
  accuracies.forEach((a, k) => console.log(`fold ${k + 1}: accuracy ${(100 * a).toFixed(2)}%`));
  console.log(`cross-validated accuracy ${(100 * accuracies.reduce((a, b) => a + b, 0) / accuracies.length).toFixed(2)}%`);
  const all = torch.arange(table.length);
  const final = fit(table, all as torch.Tensor<[number], 'int64', 'cpu'>, epochs);
  torch.save(new Map([...final.model.stateDict(), ['scaler.mean', final.scaler.mean], ['scaler.scale', final.scaler.scale]]), values.out);
  console.log(`saved ${values.out} (the model trained on all rows, and the scaler's mean and scale)`);
}
