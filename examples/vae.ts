// A variational autoencoder on Fashion-MNIST, as pytorch/examples' vae/main.py
// trains it: a 784-400-20 encoder giving the mean and log-variance of the
// code, the reparameterisation trick, a 20-400-784 decoder with a sigmoid,
// loss = binary cross entropy (summed) + KL divergence, Adam (lr 1e-3),
// batch 128, seed 1, inputs as ToTensor gives them (pixels / 255).
// Seeded alike, it draws PyTorch's random numbers (initial weights,
// shuffles, the reparameterisation noise, the 64 samples decoded after each
// epoch), so the two runs agree.
//
//   npm run example:vae -- [--model mlp|conv] [--epochs N] [--batches N] [--seed N] [--out DIR]
//
// Writes reconstructions next to their inputs and samples from the prior as
// PNG grids (torch.vision.saveImage), and a checkpoint Python's torch.load reads.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from 'typed-torch';
import { Progress } from './lib/progress.ts';

const { nn, optim, data } = torch;
const F = nn.functional;
type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;

/** The VAE of pytorch/examples, with its layer names (fc1, fc21, fc22, fc3, fc4) so checkpoints match. */
export class VAE extends nn.Module {
  declare readonly __children: {
    fc1: torch.nn.Linear<784, 400>; fc21: torch.nn.Linear<400, 20>; fc22: torch.nn.Linear<400, 20>; fc3: torch.nn.Linear<20, 400>; fc4: torch.nn.Linear<400, 784>;
  };
  readonly fc1 = this.child('fc1', new nn.Linear(784, 400));
  readonly fc21 = this.child('fc21', new nn.Linear(400, 20));
  readonly fc22 = this.child('fc22', new nn.Linear(400, 20));
  readonly fc3 = this.child('fc3', new nn.Linear(20, 400));
  readonly fc4 = this.child('fc4', new nn.Linear(400, 784));

  /** The code's mean and log-variance for flattened images [B, 784]. */
  encode(x: F32<['B', 784]>): [mu: F32<['B', 20]>, logvar: F32<['B', 20]>] {
    const h1 = this.fc1.forward(x).relu();
    return [this.fc21.forward(h1), this.fc22.forward(h1)];
  }

  /** mu + eps * std with eps ~ N(0, 1): a sample whose gradient reaches mu and logvar. */
  reparameterize(mu: F32<['B', 20]>, logvar: F32<['B', 20]>): F32<['B', 20]> {
    const std = logvar.mul(0.5).exp();
    return mu.add(torch.randnLike(std).mul(std));
  }

  /** Images [B, 784] with pixels in (0, 1) from codes [B, 20]. */
  decode<B extends torch.Dim>(z: F32<[B, 20]>): F32<[B, 784]> {
    return this.fc4.forward(this.fc3.forward(z).relu()).sigmoid();
  }

  forward(x: F32<['B', 1, 28, 28]>): [recon: F32<['B', 784]>, mu: F32<['B', 20]>, logvar: F32<['B', 20]>] {
    const [mu, logvar] = this.encode(x.view([-1, 784]));
    return [this.decode(this.reparameterize(mu, logvar)), mu, logvar];
  }
}

/**
 * The convolutional variant: two stride-2 convolutions down to [B, 64, 7, 7],
 * the code from a linear layer, and two stride-2 transposed convolutions back
 * up to [B, 1, 28, 28]. Every shape on the way is checked by the compiler.
 */
export class ConvVAE extends torch.nn.Module {
  readonly enc1 = this.child('enc1', new nn.Conv2d(1, 32, 4, { stride: 2, padding: 1 })); // [B, 32, 14, 14]
  readonly enc2 = this.child('enc2', new nn.Conv2d(32, 64, 4, { stride: 2, padding: 1 })); // [B, 64, 7, 7]
  readonly flatten = this.child('flatten', new nn.Flatten());
  readonly fcMu = this.child('fc_mu', new nn.Linear(3136, 20));
  readonly fcLogvar = this.child('fc_logvar', new nn.Linear(3136, 20));
  readonly fcDec = this.child('fc_dec', new nn.Linear(20, 3136));
  readonly dec1 = this.child('dec1', new nn.ConvTranspose2d(64, 32, 4, { stride: 2, padding: 1 })); // [B, 32, 14, 14]
  readonly dec2 = this.child('dec2', new nn.ConvTranspose2d(32, 1, 4, { stride: 2, padding: 1 })); // [B, 1, 28, 28]

  encode(x: F32<['B', 1, 28, 28]>): [mu: F32<['B', 20]>, logvar: F32<['B', 20]>] {
    const h = this.flatten.forward(this.enc2.forward(this.enc1.forward(x).relu()).relu()); // [B, 3136]
    return [this.fcMu.forward(h), this.fcLogvar.forward(h)];
  }

  decode<B extends torch.Dim>(z: F32<[B, 20]>): F32<[B, 784]> {
    const h = this.fcDec.forward(z).relu().unflatten(1, [64, 7, 7]); // [B, 64, 7, 7]
    return this.dec2.forward(this.dec1.forward(h).relu()).sigmoid().flatten(1);
  }

  forward(x: F32<['B', 1, 28, 28]>): [recon: F32<['B', 784]>, mu: F32<['B', 20]>, logvar: F32<['B', 20]>] {
    const [mu, logvar] = this.encode(x);
    const std = logvar.mul(0.5).exp();
    return [this.decode(mu.add(torch.randnLike(std).mul(std))), mu, logvar];
  }
}

/** Reconstruction (binary cross entropy, summed) + KL divergence of the code from N(0, 1). */
export function vaeLoss(recon: F32<['B', 784]>, x: F32<['B', 1, 28, 28]>, mu: F32<['B', 20]>, logvar: F32<['B', 20]>): F32<[]> {
  const bce = F.binaryCrossEntropy(recon, x.view([-1, 784]), { reduction: 'sum' });
  const kld = logvar.add(1).sub(mu.pow(2)).sub(logvar.exp()).sum().mul(-0.5);
  return bce.add(kld);
}

export interface VaeOptions {
  /** The fully connected VAE of pytorch/examples (default) or the convolutional variant. */
  model?: 'mlp' | 'conv';
  epochs?: number;
  /** Training batches per epoch (default: all 469). */
  batches?: number;
  /** Where the PNG grids and the checkpoint go (none when null). */
  out?: string | null;
  seed?: number;
  log?: (line: string) => void;
}

export async function trainVae(options: VaeOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  torch.manualSeed(options.seed ?? 1);
  const toTensor = data.toFloat();
  const batch = ({ images }: torch.data.MnistItem) => toTensor(images);
  const trainLoader = new data.DataLoader(data.fashionMnist({ split: 'train' }), { batchSize: 128, shuffle: true, transform: batch });
  const testLoader = new data.DataLoader(data.fashionMnist({ split: 'test' }), { batchSize: 128, transform: batch });
  const model = options.model === 'conv' ? new ConvVAE() : new VAE();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const perEpoch = Math.min(options.batches ?? trainLoader.length, trainLoader.length);
  log(`training the ${options.model === 'conv' ? 'convolutional' : 'fully connected'} VAE (${model.numParameters().toLocaleString('en')} parameters), ${options.epochs ?? 10} epoch(s) of ${perEpoch} batches of 128`);
  const results: { epoch: number; trainLoss: number; testLoss: number; msPerStep: number }[] = [];
  let samples: F32<[64, 1, 28, 28]> | null = null;
  for (let epoch = 1; epoch <= (options.epochs ?? 10); epoch++) {
    model.train();
    const progress = new Progress(`epoch ${epoch}`, perEpoch);
    let seen = 0;
    let examples = 0;
    let trainLoss = 0;
    const started = performance.now();
    for await (const x of trainLoader) {
      if (seen === perEpoch) break;
      const loss = torch.scope(() => {
        const [recon, mu, logvar] = model.forward(x);
        const l = vaeLoss(recon, x, mu, logvar);
        opt.zeroGrad();
        l.backward();
        opt.step();
        return l.item();
      });
      trainLoss += loss;
      examples += x.shape[0]!;
      seen++;
      progress.tick(`loss ${(loss / x.shape[0]!).toFixed(2)}`);
    }
    const msPerStep = (performance.now() - started) / seen;
    const testLoss = await evaluateVae(model, testLoader, epoch === 1 || epoch === (options.epochs ?? 10) ? options.out ?? null : null);
    // The script decodes 64 codes drawn from the prior after every epoch (its sample_N.png);
    // drawn here too, so that the random stream, and with it the next epoch, stays the script's.
    samples?.dispose();
    samples = torch.noGrad(() => model.decode(torch.randn([64, 20])).view([64, 1, 28, 28]));
    results.push({ epoch, trainLoss: trainLoss / examples, testLoss, msPerStep });
    log(`epoch ${epoch}: train loss ${(trainLoss / examples).toFixed(4)}, test loss ${testLoss.toFixed(4)}, ${msPerStep.toFixed(1)} ms/step`);
  }
  if (options.out && samples) {
    torch.vision.saveImage(samples, join(options.out, 'vae-samples.png'));
    torch.save(model.stateDict(), join(options.out, 'vae.pt'));
    const { files: pictures, charts } = await plotVae(model, results, options.out);
    log(`wrote ${join(options.out, 'vae-reconstructions.png')}, ${join(options.out, 'vae-samples.png')}, ${pictures.join(', ')} and ${join(options.out, 'vae.pt')}`);
    const kind = options.model === 'conv' ? 'convolutional' : 'fully connected';
    const report = await torch.viz.saveReport({
      title: `A ${kind} VAE on Fashion-MNIST: a training run`,
      settings: {
        model: `${kind} VAE, 20-dimensional codes`, epochs: results.length, 'batches per epoch': perEpoch, 'batch size': 128, optimizer: 'Adam, lr 1e-3', seed: options.seed ?? 1,
        'test loss per image (BCE + KL)': results.at(-1)!.testLoss.toFixed(4),
      },
      sections: [
        { title: 'Loss per image', chart: charts.loss },
        { title: 'Codes of test images', chart: charts.latents },
        { title: 'Test images (top) and their reconstructions (bottom)', image: join(options.out, 'vae-reconstructions.png') },
        { title: 'Samples: 64 codes drawn from N(0, I), decoded', image: join(options.out, 'vae-samples.png') },
        { title: 'The model', text: String(torch.interpret.summary(model, [1, 1, 28, 28])) },
      ],
    }, join(options.out, 'vae-report.html'));
    log(`report of the run: ${report}`);
  }
  samples?.dispose();
  return { model, results };
}

/** The loss per epoch, and the codes (means) of 2,000 test images in their first two principal components, coloured by class. */
async function plotVae(model: VAE | ConvVAE, results: { epoch: number; trainLoss: number; testLoss: number }[], out: string): Promise<{ files: string[]; charts: Record<'loss' | 'latents', torch.viz.ChartSpec> }> {
  const { viz } = torch;
  const loader = new data.DataLoader(data.fashionMnist({ split: 'test' }), { batchSize: 1000, transform: ({ images, labels }) => ({ x: data.toFloat()(images), y: labels }) });
  const codes: torch.Tensor[] = [];
  const classes: number[] = [];
  model.eval();
  for await (const { x, y } of loader) {
    if (codes.length === 2) break;
    codes.push(torch.keep(torch.noGrad(() => model.forward(x)[1])));
    classes.push(...(y.toArray() as number[]));
  }
  model.train();
  const latent = viz.pca(torch.cat(codes), 2);
  const charts = {
    loss: viz.lineChart({ train: results.map((r) => r.trainLoss), test: results.map((r) => r.testLoss) }, { x: 'epoch', y: 'loss per image (BCE + KL)', title: 'VAE on Fashion-MNIST' }),
    latents: viz.scatterPlot(latent.scores, {
      groups: classes.slice(0, latent.scores.shape[0]).map((c) => data.FASHION_MNIST_CLASSES[c]!), groupTitle: 'class',
      title: `Codes of 2,000 test images, first two principal components (${(100 * (latent.explainedVarianceRatio[0]! + latent.explainedVarianceRatio[1]!)).toFixed(0)}% of the variance)`,
    }),
  };
  return { files: [await viz.savePlot(charts.loss, join(out, 'vae-loss.png')), await viz.savePlot(charts.latents, join(out, 'vae-latents.png'))], charts };
}

/** The test set's loss per image; with `out`, the first batch's reconstructions next to their inputs as a PNG grid. */
export async function evaluateVae(model: VAE | ConvVAE, loader: AsyncIterable<F32<['B', 1, 28, 28]>> & { dataset: { length: number } }, out: string | null): Promise<number> {
  model.eval();
  let total = 0;
  let first = true;
  for await (const x of loader) {
    total += torch.noGrad(() => torch.scope(() => {
      const [recon, mu, logvar] = model.forward(x);
      if (first && out) {
        const n = Math.min(8, x.shape[0]!);
        torch.vision.saveImage(torch.cat([x.narrow(0, 0, n), recon.view([-1, 1, 28, 28]).narrow(0, 0, n)]), join(out, 'vae-reconstructions.png'));
      }
      first = false;
      return vaeLoss(recon, x, mu, logvar).item();
    }));
  }
  model.train();
  return total / loader.dataset.length;
}

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = flag('--out') ?? 'build/vae';
  const epochs = Number(flag('--epochs') ?? 10);
  const batches = flag('--batches');
  const model = flag('--model') === 'conv' ? 'conv' : 'mlp';
  const dir = model === 'conv' ? join(out, 'conv') : out;
  mkdirSync(dir, { recursive: true });
  const seed = flag('--seed');
  await trainVae({ model, epochs, batches: batches ? Number(batches) : undefined, seed: seed ? Number(seed) : undefined, out: dir });
}
