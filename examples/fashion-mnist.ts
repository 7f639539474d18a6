// Fashion-MNIST with the pytorch/examples MNIST network (or an MLP), trained
// as PyTorch's example does: Adadelta (lr 1.0), StepLR (gamma 0.7 per epoch),
// batch 64, seed 1, inputs normalised with the training set's mean and std.
// Seeded alike, it draws the same random numbers as PyTorch's example
// (initial weights, shuffles, dropout masks), so the two runs agree.
//
//   tsx examples/fashion-mnist.ts [--model cnn|mlp] [--epochs N] [--batches N] [--checkpoint PATH] [--threads N] [--live]
//
// --live draws the run in a browser while it trains (torch.viz.liveView; the address is printed).
//
// --batches limits the training batches per epoch (a short run); the test set
// is always evaluated in full.
import * as torch from 'typed-torch';
import { Progress } from './lib/progress.ts';
import { windowMeans } from './lib/curves.ts';

const { nn, optim, data } = torch;
const F = nn.functional;

/** The pytorch/examples MNIST net: [B, 1, 28, 28] -> [B, 10] log-probabilities. */
export function cnn() {
  return nn.sequential(
    new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Dropout(0.25), new nn.Flatten(), new nn.Linear(9216, 128), new nn.ReLU(), new nn.Dropout(0.5),
    new nn.Linear(128, 10), new nn.LogSoftmax(1),
  );
}

/** A two-hidden-layer perceptron: [B, 1, 28, 28] -> [B, 10] log-probabilities. */
export function mlp() {
  return nn.sequential(
    new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(),
    new nn.Linear(128, 10), new nn.LogSoftmax(1),
  );
}

/** Fashion-MNIST's training-set mean and standard deviation (of pixels scaled to [0, 1]). */
export const MEAN = 0.286;
export const STD = 0.353;

export const prepare = data.compose(data.toFloat(), data.normalize(MEAN, STD));

export interface TrainOptions {
  model?: 'cnn' | 'mlp';
  epochs?: number;
  /** Training batches per epoch (default: all 938). */
  batches?: number;
  checkpoint?: string;
  seed?: number;
  log?: (line: string) => void;
  /** A folder for pictures of the run: training curves, the test set's confusion matrix, accuracy per class, attributions. */
  plots?: string;
  /** A live view (torch.viz.liveView) to draw the run in while it trains: each step's loss, each epoch's mean loss and test accuracy. */
  live?: torch.viz.LiveView;
}

export async function train(options: TrainOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const epochs = options.epochs ?? 1;
  torch.manualSeed(options.seed ?? 1);
  const trainSet = data.fashionMnist({ split: 'train' });
  const testSet = data.fashionMnist({ split: 'test' });
  const batch = ({ images, labels }: torch.data.MnistItem) => ({ x: prepare(images), y: labels });
  // The shuffle draws from the default generator, as in PyTorch's example, so
  // seed s gives the batches (and dropout masks) that PyTorch's run with seed s has.
  const trainLoader = new data.DataLoader(trainSet, { batchSize: 64, shuffle: true, transform: batch });
  const testLoader = new data.DataLoader(testSet, { batchSize: 1000, transform: batch });
  const model = options.model === 'mlp' ? mlp() : cnn();
  const opt = new optim.Adadelta(model.parameters(), { lr: 1 });
  const schedule = new optim.lrScheduler.StepLR(opt, 1, 0.7);
  const perEpoch = Math.min(options.batches ?? trainLoader.length, trainLoader.length);
  log(`training the ${options.model ?? 'cnn'} (${model.numParameters().toLocaleString('en')} parameters) on ${trainSet.length} images, ${epochs} epoch(s) of ${perEpoch} batches of 64`);
  const results: { epoch: number; loss: number; accuracy: number }[] = [];
  const stepLosses: number[] = [];
  const live = options.live;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    const progress = new Progress(`epoch ${epoch}`, perEpoch);
    let seen = 0;
    let lossSum = 0;
    for await (const { x, y } of trainLoader) {
      if (seen === perEpoch) break;
      const loss = torch.scope(() => {
        const l = F.nllLoss(model.forward(x), y);
        opt.zeroGrad();
        l.backward();
        opt.step();
        return l.item();
      });
      lossSum += loss;
      stepLosses.push(loss);
      live?.add('loss', 'train', stepLosses.length, loss);
      seen++;
      progress.tick(`loss ${loss.toFixed(4)}`);
    }
    schedule.step();
    const accuracy = await evaluate(model, testLoader);
    results.push({ epoch, loss: lossSum / seen, accuracy });
    live?.add('loss', 'epoch mean', stepLosses.length, lossSum / seen).add('test accuracy', 'test', stepLosses.length, accuracy);
    log(`epoch ${epoch}: mean training loss ${(lossSum / seen).toFixed(4)}, test accuracy ${(100 * accuracy).toFixed(2)}%`);
  }
  if (options.checkpoint) {
    torch.save(model.stateDict(), options.checkpoint);
    log(`checkpoint saved to ${options.checkpoint} (loads in Python with torch.load)`);
  }
  if (options.plots) {
    const settings = { model: options.model ?? 'cnn', epochs, 'batches per epoch': perEpoch, 'batch size': 64, optimizer: 'Adadelta, lr 1.0, StepLR gamma 0.7', seed: options.seed ?? 1, threads: torch.getNumThreads() };
    const { files, report, largestDelta } = await plotRun(options.plots, model, testLoader, stepLosses, results, settings);
    log(`pictures: ${files.join(', ')}`);
    log(`Integrated Gradients (50 Gauss-Legendre steps) of the 8 pictured test images: |convergence delta| at most ${largestDelta.toExponential(1)}`);
    log(`report of the run: ${report}`);
  }
  return { model, results };
}

/** The run's pictures in `dir` (PNG), and its report, report.html: the settings, the charts, the attributions, the model's summary. */
async function plotRun(dir: string, model: Classifier & torch.nn.Module, loader: AsyncIterable<{ x: Images; y: Labels }>, stepLosses: number[], results: { epoch: number; accuracy: number }[], settings: Record<string, string | number>) {
  const { viz } = torch;
  const { predicted, target } = await predict(model, loader);
  const width = 20;
  const classes = data.FASHION_MNIST_CLASSES;
  const charts = {
    curves: viz.lineChart({ 'training loss': windowMeans(stepLosses, width) }, {
      x: 'batch', y: 'negative log-likelihood', xValues: windowMeans(stepLosses, width).map((_, i) => (i + 1) * width), title: `Training loss (means of ${width} batches); test accuracy ${results.map((r) => `${(100 * r.accuracy).toFixed(2)}% after epoch ${r.epoch}`).join(', ')}`,
    }),
    confusion: viz.confusionMatrix(predicted, target, classes, { title: 'Fashion-MNIST test set' }),
    'per-class': viz.perClassAccuracy(predicted, target, classes, { title: 'Fashion-MNIST test accuracy per class' }),
  };
  const files: string[] = [];
  for (const [name, spec] of Object.entries(charts)) files.push(await viz.savePlot(spec, `${dir}/${name}.png`));
  const ig = attributionPicture(model, `${dir}/attributions.png`);
  const report = await viz.saveReport({
    title: 'Fashion-MNIST CNN: a training run',
    settings: { ...settings, 'test accuracy': `${(100 * results.at(-1)!.accuracy).toFixed(2)}%`, "Integrated Gradients' largest |delta| (50 steps)": ig.largestDelta.toExponential(1) },
    sections: [
      { title: 'Training loss', chart: charts.curves },
      { title: 'Confusion matrix of the test set', chart: charts.confusion },
      { title: 'Accuracy per class', chart: charts['per-class'] },
      { title: 'Integrated Gradients of eight test images for their predicted class (red for, blue against)', image: ig.path },
      { title: 'The model', text: String(torch.interpret.summary(model, [1, 1, 28, 28])) },
    ],
  }, `${dir}/report.html`);
  return { files: [...files, ig.path], report, largestDelta: ig.largestDelta };
}

/** Integrated Gradients of the first 8 test images for their predicted classes: the images above their attributions (red for, blue against). */
function attributionPicture(model: Classifier, path: string): { path: string; largestDelta: number } {
  const testSet = data.fashionMnist({ split: 'test' });
  let largestDelta = NaN;
  torch.scope(() => {
    const images = torch.cat(Array.from({ length: 8 }, (_, i) => testSet.get(i).images));
    const x = torch.assertShape(prepare(images), ['B', 1, 28, 28]);
    model.eval();
    const predicted = torch.noGrad(() => model.forward(x).argmax(1).toArray() as number[]);
    const { attributions, delta } = torch.interpret.integratedGradients(model, x, { target: predicted, nSteps: 50 });
    largestDelta = Math.max(...(delta.toArray() as number[]).map(Math.abs));
    const raw = data.toFloat()(images);
    const big = (t: torch.Tensor) => torch.nn.functional.interpolate(t, { scaleFactor: 4, mode: 'nearest' });
    torch.vision.saveImage(torch.cat([big(raw.expand([8, 3, 28, 28])), torch.viz.attributionOverlay(raw, attributions, { upscale: 4 })]), path, { nrow: 8 });
  });
  return { path, largestDelta };
}

/** Every test image's predicted class, and its true one. */
export async function predict(model: Classifier, loader: AsyncIterable<{ x: Images; y: Labels }>): Promise<{ predicted: number[]; target: number[] }> {
  model.eval();
  const predicted: number[] = [];
  const target: number[] = [];
  for await (const { x, y } of loader) {
    predicted.push(...torch.noGrad(() => torch.scope(() => model.forward(x).argmax(1).toArray() as number[])));
    target.push(...(y.toArray() as number[]));
  }
  model.train();
  return { predicted, target };
}

/** Test-set accuracy, without recording gradients. */
type Images = torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>;
type Labels = torch.Tensor<['B'], 'int64', 'cpu'>;
/** A classifier of Fashion-MNIST batches: [B, 1, 28, 28] images to [B, 10] scores. */
interface Classifier {
  forward(x: Images): torch.Tensor<['B', 10], 'float32', 'cpu'>;
  eval(): unknown;
  train(): unknown;
}

export async function evaluate(model: Classifier, loader: AsyncIterable<{ x: Images; y: Labels }>): Promise<number> {
  model.eval();
  let correct = 0;
  let total = 0;
  for await (const { x, y } of loader) {
    correct += torch.noGrad(() => torch.scope(() => Number(model.forward(x).argmax(1).eq(y).sum().item())));
    total += y.shape[0]!;
  }
  model.train();
  return correct / total;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** With --live: a live view of the run, its address printed (open it in a browser on this machine). */
export async function liveFromArgs(title: string): Promise<torch.viz.LiveView | undefined> {
  if (!process.argv.includes('--live')) return undefined;
  const live = await torch.viz.liveView({ title });
  console.log(`live view of the run: ${live.url}`);
  return live;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (flag('--threads')) torch.setNumThreads(Number(flag('--threads')));
  const model = (flag('--model') as 'cnn' | 'mlp' | undefined) ?? 'cnn';
  const live = await liveFromArgs(`Fashion-MNIST ${model.toUpperCase()}`);
  try {
    await train({
      model,
      epochs: Number(flag('--epochs') ?? 1),
      batches: flag('--batches') ? Number(flag('--batches')) : undefined,
      checkpoint: flag('--checkpoint'),
      live,
    });
  } finally {
    await live?.close();
  }
}
