// Trains the model on Fashion-MNIST with a progress bar, reports test
// accuracy and saves a checkpoint that Python's torch.load reads.
//
//   npm start                          one epoch
//   npm start -- --epochs 3 --batches 200
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import * as torch from 'typed-torch';
import { createModel, type Model } from './model.js';
import { loader, type Batch } from './data.js';

const F = torch.nn.functional;

/** One optimisation step on a batch; returns the loss. */
export function step(model: Model, opt: torch.optim.Optimizer<object>, { x, y }: Batch): number {
  return torch.scope(() => {
    const loss = F.crossEntropy(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return loss.item();
  });
}

/** Accuracy over a loader, without recording gradients. */
export async function accuracy(model: Model, batches: AsyncIterable<Batch>): Promise<number> {
  model.eval();
  let correct = 0;
  let total = 0;
  for await (const { x, y } of batches) {
    correct += torch.noGrad(() => torch.scope(() => model.forward(x).argmax(1).eq(y).sum().item()));
    total += y.shape[0]!;
  }
  model.train();
  return correct / total;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { epochs: { type: 'string', default: '1' }, batches: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'model.pt' } },
  });
  torch.manualSeed(Number(values.seed));
  const model = createModel();
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  const train = loader('train', 64);
  const perEpoch = Math.min(values.batches ? Number(values.batches) : train.length, train.length);
  console.log(`training a model of ${model.numParameters().toLocaleString('en')} parameters`);
  for (let epoch = 1; epoch <= Number(values.epochs); epoch++) {
    const bar = new SingleBar({ format: `epoch ${epoch} [{bar}] {value}/{total} | loss {loss} | ETA {eta}s`, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
    bar.start(perEpoch, 0, { loss: '-' });
    let seen = 0;
    for await (const batch of train) {
      if (seen++ === perEpoch) break;
      bar.increment({ loss: step(model, opt, batch).toFixed(4) });
    }
    bar.stop();
    console.log(`epoch ${epoch}: test accuracy ${(100 * (await accuracy(model, loader('test', 1000)))).toFixed(2)}%`);
  }
  torch.save(model.stateDict(), values.out!);
  console.log(`saved ${values.out} (Python: torch.load('${values.out}'))`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
