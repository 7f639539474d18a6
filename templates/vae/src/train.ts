// Trains the VAE on Fashion-MNIST (Debian's dataset-fashion-mnist) with a
// progress bar, as pytorch/examples does (Adam 1e-3, batches of 128), and
// reports the test loss per image after each epoch. Writes reconstructions
// next to their inputs and samples from the prior as PNG grids, and a
// checkpoint Python's torch.load reads.
//
//   npm start                                ten epochs (about two minutes)
//   npm start -- --epochs 1 --batches 100 --out results
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import * as torch from 'typed-torch';
import { LATENT, VAE, vaeLoss, type Images } from './model.js';

const { data } = torch;

/** Batches of images [B, 1, 28, 28], pixels in [0, 1] as torchvision's ToTensor gives them. */
export function loader(split: 'train' | 'test', batchSize = 128) {
  const toFloat = data.toFloat();
  return new data.DataLoader(data.fashionMnist({ split }), {
    batchSize,
    shuffle: split === 'train',
    transform: ({ images }): Images => torch.assertShape(toFloat(images), ['B', 1, 28, 28]),
  });
}

/** One optimisation step; returns the loss per image. */
export function step(model: VAE, opt: torch.optim.Optimizer<object>, x: Images): number {
  return torch.scope(() => {
    const [recon, mu, logvar] = model.forward(x);
    const loss = vaeLoss(recon, x, mu, logvar);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return loss.item() / x.shape[0]!;
  });
}

/** The test set's loss per image; the first batch's reconstructions go to `grid` when given. */
export async function testLoss(model: VAE, batches: AsyncIterable<Images>, grid?: string): Promise<number> {
  model.eval();
  let total = 0;
  let images = 0;
  for await (const x of batches) {
    total += torch.noGrad(() => torch.scope(() => {
      const [recon, mu, logvar] = model.forward(x);
      if (grid && images === 0) torch.vision.saveImage(torch.cat([x.narrow(0, 0, 8), recon.view([-1, 1, 28, 28]).narrow(0, 0, 8)]), grid);
      return vaeLoss(recon, x, mu, logvar).item();
    }));
    images += x.shape[0]!;
  }
  model.train();
  return total / images;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '10' },
      batches: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'results' },
    },
  });
  torch.manualSeed(Number(values.seed));
  mkdirSync(values.out!, { recursive: true });
  const model = new VAE();
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  const train = loader('train');
  const perEpoch = Math.min(values.batches ? Number(values.batches) : train.length, train.length);
  console.log(`training a VAE of ${model.numParameters().toLocaleString('en')} parameters`);
  for (let epoch = 1; epoch <= Number(values.epochs); epoch++) {
    const bar = new SingleBar({ format: `epoch ${epoch} [{bar}] {value}/{total} | loss {loss} | ETA {eta}s`, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
    bar.start(perEpoch, 0, { loss: '-' });
    let seen = 0;
    for await (const x of train) {
      if (seen++ === perEpoch) break;
      bar.increment({ loss: step(model, opt, x).toFixed(2) });
    }
    bar.stop();
    console.log(`epoch ${epoch}: test loss ${(await testLoss(model, loader('test'), join(values.out!, 'reconstructions.png'))).toFixed(2)} per image`);
  }
  const samples = torch.noGrad(() => model.decode(torch.randn([64, LATENT])).view([64, 1, 28, 28]));
  torch.vision.saveImage(samples, join(values.out!, 'samples.png'));
  torch.save(model.stateDict(), join(values.out!, 'vae.pt'));
  console.log(`wrote ${values.out}/reconstructions.png, ${values.out}/samples.png and ${values.out}/vae.pt (Python: torch.load)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
