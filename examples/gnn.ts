// Graph neural networks on the Planetoid citation graphs: the 2-layer GCN of
// Kipf and Welling and the GAT of Velickovic et al., each on its paper's
// recipe, trained full-batch on the 140 (Cora) or 120 (CiteSeer) labelled
// nodes and tested on the standard 1,000; mean and spread over seeds.
//
//   npm run example:gnn -- [--model gcn|gat|sage] [--dataset cora|citeseer|karate-club|karate-communities|les-miserables]
//                          [--seeds N] [--epochs N] [--hidden N] [--dropout P] [--weight-decay W] [--plot DIR]
//
// The karate club (34 members, one labelled per class) and Les Misérables
// (77 characters, the first of each of 11 groups labelled) have no validation
// nodes: their accuracy is over the unlabelled nodes after the last epoch.
// --plot DIR draws the first seed's run: training curves, the graph coloured
// by prediction, a PCA of the hidden layer's node embeddings, the test
// nodes' confusion matrix.
// GCN: hidden 16, ReLU, dropout 0.5, Adam 0.01 with weight decay 5e-4 on the
// first layer, 200 epochs, row-normalised features (--hidden, --dropout and
// --weight-decay change the GCN's and GraphSAGE's width, dropout and decay). GAT: 8 heads of 8, ELU,
// dropout 0.6 on features and attention, Adam 0.005, weight decay 5e-4.
// The test accuracy reported is at the epoch of best validation accuracy.
import * as torch from 'typed-torch';
import { Progress } from './lib/progress.ts';

const { nn, optim, geometric } = torch;
const F = nn.functional;
type Nodes<C extends number> = torch.Tensor<[number, C], 'float32', 'cpu'>;

/** The GCN's and GraphSAGE's width and dropout: the paper's 16 and 0.5 unless given. */
export interface HiddenOptions<H extends number> {
  hidden?: H;
  dropout?: number;
}

/** Two GCN layers: features -> hidden (16) -> classes. */
export class GCN<I extends number, C extends number, H extends number = 16> extends nn.Module {
  readonly conv1: torch.geometric.GCNConv<I, H>;
  readonly conv2: torch.geometric.GCNConv<H, C>;
  readonly dropout: number;

  constructor(features: I, classes: C, options: HiddenOptions<H> & { aggregation?: 'sparse' | 'scatter' } = {}) {
    super();
    const hidden = options.hidden ?? (16 as H);
    this.dropout = options.dropout ?? 0.5;
    this.conv1 = this.child('conv1', new geometric.GCNConv(features, hidden, { aggregation: options.aggregation }));
    this.conv2 = this.child('conv2', new geometric.GCNConv(hidden, classes, { aggregation: options.aggregation }));
  }

  forward(x: Nodes<I>, edges: torch.geometric.Edges): Nodes<C> {
    const h = F.dropout(this.conv1.forward(F.dropout(x, this.dropout, this.training), edges).relu(), this.dropout, this.training);
    return this.conv2.forward(h, edges);
  }
}

/** Two GAT layers: 8 heads of 8 (concatenated, ELU), then one head over the classes. */
export class GAT<I extends number, C extends number> extends nn.Module {
  readonly conv1: torch.geometric.GATConv<I, 8, 8>;
  readonly conv2: torch.geometric.GATConv<64, C>;

  constructor(features: I, classes: C) {
    super();
    this.conv1 = this.child('conv1', new geometric.GATConv(features, 8, { heads: 8, dropout: 0.6 }));
    this.conv2 = this.child('conv2', new geometric.GATConv(64, classes, { heads: 1, dropout: 0.6 }));
  }

  forward(x: Nodes<I>, edges: torch.geometric.Edges): Nodes<C> {
    const h = F.elu(this.conv1.forward(F.dropout(x, 0.6, this.training), edges));
    return this.conv2.forward(F.dropout(h, 0.6, this.training), edges);
  }
}

/** Two GraphSAGE layers (mean aggregation): features -> hidden (16) -> classes. */
export class SAGE<I extends number, C extends number, H extends number = 16> extends nn.Module {
  readonly conv1: torch.geometric.SAGEConv<I, H>;
  readonly conv2: torch.geometric.SAGEConv<H, C>;
  readonly dropout: number;

  constructor(features: I, classes: C, options: HiddenOptions<H> = {}) {
    super();
    const hidden = options.hidden ?? (16 as H);
    this.dropout = options.dropout ?? 0.5;
    this.conv1 = this.child('conv1', new geometric.SAGEConv(features, hidden));
    this.conv2 = this.child('conv2', new geometric.SAGEConv(hidden, classes));
  }

  forward(x: Nodes<I>, edges: torch.geometric.Edges): Nodes<C> {
    const h = F.dropout(this.conv1.forward(F.dropout(x, this.dropout, this.training), edges).relu(), this.dropout, this.training);
    return this.conv2.forward(h, edges);
  }
}

export type ModelName = 'gcn' | 'gat' | 'sage';

export interface RunOptions {
  model?: ModelName;
  epochs?: number;
  seed?: number;
  aggregation?: 'sparse' | 'scatter';
  progress?: boolean;
  /** The GCN's and GraphSAGE's hidden width (16) and dropout (0.5); the GAT keeps its paper's 8 heads of 8 and 0.6. */
  hidden?: number;
  dropout?: number;
  /** Adam's weight decay: 5e-4 (on the GCN's first layer only, as in the paper). */
  weightDecay?: number;
}

const accuracy = (logits: torch.Tensor, y: torch.Tensor, index: torch.Tensor): number =>
  torch.scope(() => logits.indexSelect(0, index).argmax(1).eq(y.indexSelect(0, index)).float().mean().item());

/** One training run on a dataset: accuracies at the epoch of best validation accuracy, and ms per epoch. */
export function trainNodeClassifier(data: torch.geometric.NodeClassification, options: RunOptions = {}) {
  const name = options.model ?? 'gcn';
  torch.manualSeed(options.seed ?? 0);
  const features = data.x.shape[1]!;
  if (name === 'gat' && (options.hidden !== undefined || options.dropout !== undefined)) {
    throw new TypeError("hidden and dropout are the GCN's and GraphSAGE's options; the GAT keeps its paper's 8 heads of 8 and dropout 0.6");
  }
  if (options.hidden !== undefined && !(Number.isInteger(options.hidden) && options.hidden > 0)) throw new RangeError(`hidden must be a positive integer, got ${options.hidden}`);
  if (options.dropout !== undefined && !(options.dropout >= 0 && options.dropout < 1)) throw new RangeError(`dropout must be in [0, 1), got ${options.dropout}`);
  if (options.weightDecay !== undefined && !(options.weightDecay >= 0)) throw new RangeError(`weightDecay must be a number >= 0, got ${options.weightDecay}`);
  const hidden = { hidden: options.hidden, dropout: options.dropout };
  const model = name === 'gat' ? new GAT(features, data.numClasses) : name === 'sage' ? new SAGE(features, data.numClasses, hidden) : new GCN(features, data.numClasses, { ...hidden, aggregation: options.aggregation });
  const decay = options.weightDecay ?? 5e-4;
  // GCN: weight decay on the first layer only, as in the paper; GAT and SAGE: on everything.
  const opt = model instanceof GCN
    ? new optim.Adam([{ params: model.conv1.parameters(), weightDecay: decay }, { params: model.conv2.parameters(), weightDecay: 0 }], { lr: 0.01 })
    : new optim.Adam(model.parameters(), { lr: name === 'gat' ? 0.005 : 0.01, weightDecay: decay });
  const epochs = options.epochs ?? 200;
  const progress = options.progress ? new Progress(`${name} seed ${options.seed ?? 0}`, epochs) : null;
  let best = { val: -1, test: 0, epoch: 0 };
  let trainMs = 0;
  const history = { loss: [] as number[], validation: [] as number[], test: [] as number[] };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t0 = performance.now();
    const loss = torch.scope(() => {
      model.train();
      const logits = model.forward(data.x, data.edges);
      const l = F.crossEntropy(logits.indexSelect(0, data.trainIndex), data.y.indexSelect(0, data.trainIndex));
      opt.zeroGrad();
      l.backward();
      opt.step();
      return l.item();
    });
    trainMs += performance.now() - t0;
    torch.noGrad(() => torch.scope(() => {
      model.eval();
      const logits = model.forward(data.x, data.edges);
      // Without validation nodes (the karate club) the last epoch counts.
      const hasVal = data.valIndex.shape[0] > 0;
      const val = hasVal ? accuracy(logits, data.y, data.valIndex) : epoch;
      const test = accuracy(logits, data.y, data.testIndex);
      history.loss.push(loss);
      history.validation.push(hasVal ? val : NaN);
      history.test.push(test);
      if (val > best.val) best = { val, test, epoch };
    }));
    progress?.tick(`loss ${loss.toFixed(3)}`);
  }
  return { ...best, msPerEpoch: trainMs / epochs, parameters: model.numParameters(), history, model };
}

export const meanStd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(xs.length - 1, 1)) };
};

export const DATASETS = ['cora', 'citeseer', 'karate-club', 'karate-communities', 'les-miserables'] as const;
export type Dataset = (typeof DATASETS)[number];

/** Planetoid graphs with row-normalised features (the papers' recipe); the karate club and Les Misérables with one-hot identities. */
export function loadDataset(name: Dataset): torch.geometric.NodeClassification {
  if (name === 'les-miserables') return geometric.lesMiserables();
  if (name === 'karate-club') return geometric.karateClub({ labels: 'club' });
  if (name === 'karate-communities') return geometric.karateClub({ labels: 'communities' });
  return geometric.planetoid(name, { normalizeFeatures: true });
}

/** Pictures of one run: curves, the graph by prediction (small graphs), embeddings in 2-D, the confusion matrix. */
export async function plotRun(dir: string, data: torch.geometric.NodeClassification, run: ReturnType<typeof trainNodeClassifier>, title: string): Promise<string[]> {
  const { viz } = torch;
  const model = run.model;
  model.eval();
  const { logits, hidden } = torch.noGrad(() => {
    const logits = model.forward(data.x, data.edges);
    // The first layer's output: each node's learned representation.
    const hidden = model instanceof GAT ? F.elu(model.conv1.forward(data.x, data.edges)) : (model.conv1.forward(data.x, data.edges) as torch.Tensor).relu();
    return { logits, hidden };
  });
  const predicted = logits.argmax(1).toArray() as number[];
  const truth = data.y.toArray() as number[];
  const classes = Array.from({ length: data.numClasses }, (_, c) => `class ${c}`);
  const testIds = data.testIndex.toArray() as number[];
  const curves = { loss: { train: run.history.loss }, accuracy: { ...(Number.isFinite(run.history.validation[0]) ? { validation: run.history.validation } : {}), test: run.history.test } };
  const charts: [string, string, torch.viz.ChartSpec][] = [
    ['curves', 'Training: loss and accuracy per epoch', viz.trainingCurves(curves, { x: 'epoch', title: `${title}: training` })],
    ['embeddings', "The first layer's node representations in 2-D", viz.scatterPlot(viz.pca(hidden, 2).scores, { groups: truth, groupTitle: 'class', title: `${title}: hidden layer, first two principal components` })],
    ['confusion', 'Confusion matrix of the test nodes', viz.confusionMatrix(testIds.map((i) => predicted[i]!), testIds.map((i) => truth[i]!), classes, { title: `${title}: test nodes after the last epoch` })],
  ];
  if (data.x.shape[0]! <= 500) {
    const names = 'names' in data ? (data as torch.geometric.LesMiserables).names : undefined;
    const highlight = data.trainIndex.toArray() as number[];
    charts.push(['graph-predicted', 'The graph, nodes coloured by prediction', viz.graphDrawing(data.edges, { groups: predicted, groupTitle: 'predicted', names, highlight, title: `${title}: predictions (ringed: labelled)` })]);
    charts.push(['graph-classes', 'The graph, nodes coloured by class', viz.graphDrawing(data.edges, { groups: truth, groupTitle: 'class', names, highlight, title: `${title}: classes` })]);
  }
  const files: string[] = [];
  for (const [name, , spec] of charts) files.push(await viz.savePlot(spec, `${dir}/${name}.png`));
  files.push(await viz.saveReport({
    title: `${title}: a training run`,
    settings: {
      nodes: data.x.shape[0]!, edges: data.edges.numEdges / 2, features: data.x.shape[1]!, classes: data.numClasses,
      'labelled nodes': data.trainIndex.shape[0], epochs: run.history.loss.length, 'selected epoch': run.epoch, 'test accuracy': `${(100 * run.test).toFixed(1)}%`,
    },
    sections: [...charts.map(([, section, chart]) => ({ title: section, chart })), { title: 'The model', text: String(model) }],
  }, `${dir}/report.html`));
  return files;
}

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataset = (DATASETS as readonly string[]).includes(flag('--dataset') ?? '') ? (flag('--dataset') as Dataset) : 'cora';
  const model = (['gat', 'sage'].includes(flag('--model') ?? '') ? flag('--model') : 'gcn') as ModelName;
  const seeds = Number(flag('--seeds') ?? 10);
  const number = (name: string) => (flag(name) === undefined ? undefined : Number(flag(name)));
  const recipe = { hidden: number('--hidden'), dropout: number('--dropout'), weightDecay: number('--weight-decay') };
  const data = loadDataset(dataset);
  console.log(`${model.toUpperCase()} on ${dataset}: ${data.x.shape[0]} nodes, ${data.edges.numEdges / 2} edges, ${data.x.shape[1]} features, ${data.numClasses} classes`);
  const tests: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const r = trainNodeClassifier(data, { model, seed, epochs: Number(flag('--epochs') ?? 200), progress: true, ...recipe });
    tests.push(r.test);
    if (seed === 0 && flag('--plot')) console.log(`wrote ${(await plotRun(flag('--plot')!, data, r, `${model.toUpperCase()} on ${dataset}`)).join(', ')}`);
    const selected = data.valIndex.shape[0] > 0 ? `best validation ${(100 * r.val).toFixed(1)}% at epoch ${r.epoch}` : `after epoch ${r.epoch}, no validation nodes`;
    console.log(`seed ${seed}: test accuracy ${(100 * r.test).toFixed(1)}% (${selected}), ${r.msPerEpoch.toFixed(1)} ms per training epoch`);
  }
  const { mean, std } = meanStd(tests.map((t) => 100 * t));
  console.log(`${model.toUpperCase()} on ${dataset}, ${seeds} seeds: test accuracy ${mean.toFixed(1)} ± ${std.toFixed(1)}%`);
}
