// Structured data: sklearn's datasets under repeated stratified 5-fold
// cross-validation, standardised on each training fold, with sklearn's two
// standard classifiers rebuilt in typed-torch; least squares on diabetes;
// and an entity-embedding network against one-hot logistic regression on
// Fair's survey of extramarital affairs, a table of categorical answers.
//
//   npm run example:tabular -- [--dataset iris|wine|breast_cancer|digits|diabetes|affairs|all] [--repeats N] [--plot DIR]
//
// --plot DIR draws, per classification dataset, the standardised features'
// first two principal components by class and the MLP's out-of-fold
// confusion matrix (first repeat).
//
// Logistic regression: sklearn's LogisticRegression(C=1) objective (mean
// cross-entropy + |W|^2 / (2 C n), bias unpenalised), full batch, Adam 0.05
// for 500 steps from zeros (it reaches sklearn's lbfgs optimum). MLP:
// sklearn's MLPClassifier defaults: 100 ReLU units, Glorot-uniform weights and
// biases, Adam 1e-3, batches of min(200, n), 200 epochs, L2 1e-4.
import * as torch from 'typed-torch';
import { Progress } from './lib/progress.ts';

const { nn, optim, tabular } = torch;
const F = nn.functional;
type Matrix = torch.Tensor<[number, number], 'float32', 'cpu'>;
type Labels = torch.Tensor<[number], 'int64', 'cpu'>;

export type ClassifierName = 'logistic' | 'mlp';

/** sklearn's LogisticRegression(C=1): full batch to its optimum. */
export function fitLogistic(x: Matrix, y: Labels, classes: number, options: { C?: number; steps?: number } = {}): torch.nn.Linear {
  const model = new nn.Linear(x.shape[1]!, classes);
  torch.noGrad(() => {
    model.weight.zero_();
    model.bias!.zero_();
  });
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  const penalty = 1 / (2 * (options.C ?? 1) * x.shape[0]!);
  for (let step = 0; step < (options.steps ?? 500); step++) {
    torch.scope(() => {
      const loss = F.crossEntropy(model.forward(x), y).add(model.weight.square().sum().mul(penalty));
      opt.zeroGrad();
      loss.backward();
      opt.step();
    });
  }
  return model;
}

/** sklearn's MLPClassifier(hidden_layer_sizes=(100,)) with its defaults. */
export class SklearnMLP<I extends number, O extends number> extends nn.Module {
  readonly hidden: torch.nn.Linear<I, 100>;
  readonly out: torch.nn.Linear<100, O>;

  constructor(inputs: I, outputs: O) {
    super();
    this.hidden = this.child('hidden', new nn.Linear(inputs, 100));
    this.out = this.child('out', new nn.Linear(100, outputs));
    // Glorot-uniform for weights and biases alike, as sklearn initialises them.
    for (const layer of [this.hidden, this.out] as torch.nn.Linear[]) {
      const bound = Math.sqrt(6 / (layer.inFeatures + layer.outFeatures));
      nn.init.uniform_(layer.weight, -bound, bound);
      nn.init.uniform_(layer.bias!, -bound, bound);
    }
  }

  forward(x: torch.Tensor<[number, I], 'float32', 'cpu'>): torch.Tensor<[number, O], 'float32', 'cpu'> {
    return this.out.forward(this.hidden.forward(x).relu());
  }
}

export function fitMLP(x: Matrix, y: Labels, classes: number, options: { epochs?: number; alpha?: number } = {}): SklearnMLP<number, number> {
  const model = new SklearnMLP(x.shape[1]!, classes);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const n = x.shape[0]!;
  const batch = Math.min(200, n);
  const alpha = options.alpha ?? 1e-4;
  for (let epoch = 0; epoch < (options.epochs ?? 200); epoch++) {
    torch.scope(() => {
      const order = torch.randperm(n);
      for (let start = 0; start < n; start += batch) {
        torch.scope(() => {
          const rows = order.narrow(0, start, Math.min(batch, n - start));
          const l2 = model.hidden.weight.square().sum().add(model.out.weight.square().sum()).mul(alpha / 2 / rows.shape[0]!);
          const loss = F.crossEntropy(model.forward(x.indexSelect(0, rows)), y.indexSelect(0, rows)).add(l2);
          opt.zeroGrad();
          loss.backward();
          opt.step();
        });
      }
    });
  }
  return model;
}

const linearPredictor = (m: torch.nn.Linear) => (x: Matrix): torch.Tensor => m.forward(x);
const mlpPredictor = (m: SklearnMLP<number, number>) => (x: Matrix): torch.Tensor => m.forward(x);
const accuracy = (logits: torch.Tensor, y: Labels) => torch.scope(() => logits.argmax(1).eq(y).float().mean().item());

/** Standardised features of one fold: statistics from its training rows only. */
function standardised(x: torch.Tensor<[number, number], 'float64', 'cpu'>, fold: torch.tabular.Fold) {
  const scaler = new tabular.StandardScaler().fit(x.indexSelect(0, fold.train));
  const z = scaler.transform(x).float();
  scaler.dispose();
  return { train: z.indexSelect(0, fold.train), test: z.indexSelect(0, fold.test) };
}

export interface CVResult {
  /** Mean test accuracy per repeat (of its 5 folds), per model. */
  accuracy: Record<ClassifierName, number[]>;
  /** Milliseconds to fit one fold, per model (mean). */
  msPerFit: Record<ClassifierName, number>;
  /** Each row's predicted class when it was in the test fold, in the first repeat, per model. */
  outOfFold: Record<ClassifierName, number[]>;
}

/** Repeated stratified 5-fold cross-validation of both classifiers; repeat r shuffles with seed r. */
export function crossValidate(name: torch.tabular.SklearnClassification, options: { repeats?: number; progress?: boolean } = {}): CVResult {
  const table = tabular.sklearnDataset(name);
  const x = table.numericFeatures({ dtype: 'float64' });
  const y = table.target();
  const classes = table.classes.length;
  const repeats = options.repeats ?? 5;
  const result: CVResult = { accuracy: { logistic: [], mlp: [] }, msPerFit: { logistic: 0, mlp: 0 }, outOfFold: { logistic: new Array(table.length).fill(-1), mlp: new Array(table.length).fill(-1) } };
  const progress = options.progress ? new Progress(name, repeats * 5) : null;
  for (let r = 0; r < repeats; r++) {
    const folds = tabular.stratifiedKFold(y, { nSplits: 5, shuffle: true, generator: r });
    const scores: Record<ClassifierName, number[]> = { logistic: [], mlp: [] };
    folds.forEach((fold, k) => torch.scope(() => {
      const z = standardised(x, fold);
      const yTrain = y.indexSelect(0, fold.train);
      const yTest = y.indexSelect(0, fold.test);
      for (const model of ['logistic', 'mlp'] as const) {
        torch.manualSeed(1000 * r + k);
        const t0 = performance.now();
        const predict = model === 'logistic' ? linearPredictor(fitLogistic(z.train, yTrain, classes)) : mlpPredictor(fitMLP(z.train, yTrain, classes));
        result.msPerFit[model] += (performance.now() - t0) / (repeats * folds.length);
        const logits = torch.noGrad(() => predict(z.test));
        scores[model].push(accuracy(logits, yTest));
        if (r === 0) {
          const rows = fold.test.toArray() as number[];
          (logits.argmax(1).toArray() as number[]).forEach((c, i) => (result.outOfFold[model][rows[i]!] = c));
        }
      }
      progress?.tick(`logistic ${(100 * scores.logistic.at(-1)!).toFixed(1)}%, mlp ${(100 * scores.mlp.at(-1)!).toFixed(1)}%`);
    }));
    for (const m of ['logistic', 'mlp'] as const) result.accuracy[m].push(scores[m].reduce((a, b) => a + b, 0) / scores[m].length);
  }
  return result;
}

/** R^2 = 1 - SS_res / SS_tot on the test rows. */
const rSquared = (pred: torch.Tensor, y: torch.Tensor) => torch.scope(() => 1 - Number(pred.sub(y).square().sum().item()) / Number(y.sub(y.mean()).square().sum().item()));

/** Diabetes: least squares (libtorch's lstsq, with an intercept) under repeated shuffled 5-fold CV; R^2 per repeat. */
export function diabetesLeastSquares(options: { repeats?: number } = {}): number[] {
  const table = tabular.sklearnDataset('diabetes');
  const x = table.numericFeatures({ dtype: 'float64' });
  const y = torch.scope(() => table.target().double());
  return Array.from({ length: options.repeats ?? 5 }, (_, r) => {
    const folds = tabular.kFold(table.length, { nSplits: 5, shuffle: true, generator: r });
    const scores = folds.map((fold) => torch.scope(() => {
      const withIntercept = (rows: Labels) => torch.cat([x.indexSelect(0, rows), torch.ones([rows.shape[0]!, 1], { dtype: 'float64' })], 1);
      const [coef] = torch.linalgLstsq(withIntercept(fold.train), y.indexSelect(0, fold.train).unsqueeze(1));
      return rSquared(withIntercept(fold.test).matmul(coef).squeeze(1), y.indexSelect(0, fold.test));
    }));
    return scores.reduce((a, b) => a + b, 0) / scores.length;
  });
}

// Fair (1978): 6,366 married women's answers; the target is whether they reported any affair.
export const affairsSchema = {
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

export function readAffairs() {
  return tabular.readCsv(`${tabular.TABULAR_DATA}/fair.csv`, { columns: affairsSchema });
}

export type AffairsModel = 'one-hot logistic' | 'entity embeddings';

/**
 * One-hot logistic regression against the entity-embedding network (embedding
 * widths by fast.ai's rule, hidden 200 and 100, dropout 0.1, Adam 1e-3, batch 256,
 * 10 epochs), on the same stratified folds; test accuracy and log-loss per fold.
 */
export function affairs(options: { seed?: number; epochs?: number; progress?: boolean } = {}) {
  const table = readAffairs();
  const y = table.target();
  const numericX = table.numericFeatures({ dtype: 'float64' });
  const oneHot = table.oneHot();
  const codes = table.categoryCodes();
  const folds = tabular.stratifiedKFold(y, { nSplits: 5, shuffle: true, generator: options.seed ?? 0 });
  const scores: Record<AffairsModel, { accuracy: number; logLoss: number }[]> = { 'one-hot logistic': [], 'entity embeddings': [] };
  const epochs = options.epochs ?? 10;
  const progress = options.progress ? new Progress('affairs', folds.length) : null;
  folds.forEach((fold, k) => torch.scope(() => {
    const z = standardised(numericX, fold);
    const yTrain = y.indexSelect(0, fold.train);
    const yTest = y.indexSelect(0, fold.test);
    const score = (logits: torch.Tensor) => ({ accuracy: accuracy(logits, yTest), logLoss: Number(F.crossEntropy(logits, yTest).item()) });

    torch.manualSeed(k);
    const wide = torch.cat([z.train, oneHot.indexSelect(0, fold.train)], 1);
    const logistic = fitLogistic(wide, yTrain, 2);
    scores['one-hot logistic'].push(torch.noGrad(() => score(logistic.forward(torch.cat([z.test, oneHot.indexSelect(0, fold.test)], 1)))));

    torch.manualSeed(k);
    const model = new tabular.TabularModel({ numeric: z.train.shape[1]!, cardinalities: table.cardinalities, out: 2, hidden: [200, 100], dropout: 0.1 });
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const trainCodes = codes.indexSelect(0, fold.train);
    const n = fold.train.shape[0]!;
    for (let epoch = 0; epoch < epochs; epoch++) {
      model.train();
      torch.scope(() => {
        const order = torch.randperm(n);
        for (let start = 0; start < n; start += 256) {
          torch.scope(() => {
            const rows = order.narrow(0, start, Math.min(256, n - start));
            const loss = F.crossEntropy(model.forward(z.train.indexSelect(0, rows), trainCodes.indexSelect(0, rows)), yTrain.indexSelect(0, rows));
            opt.zeroGrad();
            loss.backward();
            opt.step();
          });
        }
      });
    }
    model.eval();
    scores['entity embeddings'].push(torch.noGrad(() => score(model.forward(z.test, codes.indexSelect(0, fold.test)))));
    progress?.tick(`embeddings ${(100 * scores['entity embeddings'].at(-1)!.accuracy).toFixed(1)}%`);
  }));
  const majority = torch.scope(() => y.float().mean().item());
  return { scores, majority: Math.max(majority, 1 - majority) };
}

export const meanStd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(xs.length - 1, 1)) };
};

export const CLASSIFICATION = ['iris', 'wine', 'breast_cancer', 'digits'] as const;

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = flag('--dataset') ?? 'all';
  const repeats = Number(flag('--repeats') ?? 5);
  const pct = (xs: number[]) => {
    const { mean, std } = meanStd(xs.map((v) => 100 * v));
    return `${mean.toFixed(2)} ± ${std.toFixed(2)}%`;
  };
  const dir = flag('--plot');
  // With --plot: the pictures, and one report of every dataset's results and pictures.
  const sections: torch.viz.ReportSection[] = [];
  const results: string[] = [];
  const say = (line: string) => {
    console.log(line);
    results.push(line);
  };
  for (const name of CLASSIFICATION) {
    if (which !== 'all' && which !== name) continue;
    const r = crossValidate(name, { repeats, progress: true });
    say(`${name}: ${repeats} x stratified 5-fold accuracy: logistic regression ${pct(r.accuracy.logistic)}, MLP(100) ${pct(r.accuracy.mlp)}`);
    if (dir) {
      const table = tabular.sklearnDataset(name);
      const labels = (table.target().toArray() as number[]).map((c) => table.classes[c]!);
      const projected = torch.viz.pca(new tabular.StandardScaler().fitTransform(table.numericFeatures({ dtype: 'float64' })), 2);
      const pcaChart = torch.viz.scatterPlot(projected.scores, { groups: labels, groupTitle: 'class', title: `${name}: standardised features, first two principal components` });
      const confusion = torch.viz.confusionMatrix(r.outOfFold.mlp, table.target(), table.classes, { title: `${name}: MLP(100), out of fold` });
      const files = [await torch.viz.savePlot(pcaChart, `${dir}/${name}-pca.png`), await torch.viz.savePlot(confusion, `${dir}/${name}-confusion.png`)];
      sections.push({ title: `${name}: the examples by class`, chart: pcaChart }, { title: `${name}: the MLP's out-of-fold predictions`, chart: confusion });
      console.log(`wrote ${files.join(', ')}`);
    }
  }
  if (which === 'all' || which === 'diabetes') {
    const { mean, std } = meanStd(diabetesLeastSquares({ repeats }));
    say(`diabetes: ${repeats} x 5-fold R^2 of least squares ${mean.toFixed(4)} ± ${std.toFixed(4)}`);
  }
  if (which === 'all' || which === 'affairs') {
    const { scores, majority } = affairs({ progress: true });
    for (const [model, s] of Object.entries(scores)) {
      say(`affairs, ${model}: accuracy ${pct(s.map((f) => f.accuracy))}, log-loss ${meanStd(s.map((f) => f.logLoss)).mean.toFixed(4)} (always "none": ${(100 * majority).toFixed(2)}%)`);
    }
  }
  if (dir) {
    const report = await torch.viz.saveReport({
      title: 'Tabular models on the reference datasets',
      settings: { datasets: which, 'cross-validation': `${repeats} x shuffled (stratified) 5-fold` },
      sections: [{ title: 'Results', text: results.join('\n') }, ...sections],
    }, `${dir}/report.html`);
    console.log(`report of the run: ${report}`);
  }
}
