// npm run demo: trains the Fashion-MNIST CNN (the pytorch/examples MNIST
// net) on the real dataset, shows progress, evaluates on the 10,000 test
// images, draws the run (training curve, confusion matrix, accuracy per class,
// in build/demo/) and saves a checkpoint that PyTorch can load.
//
//   npm run demo                      400 batches of 64 (about a minute on 2 cores)
//   npm run demo -- --epochs 3        full epochs (PyTorch's example reaches 91.4% after 3)
//   npm run demo -- --live            and draw the run in a browser while it trains (the address is printed)
import { liveFromArgs, train } from './fashion-mnist.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const epochs = arg('--epochs');
const live = await liveFromArgs('Fashion-MNIST CNN (npm run demo)');
const { results } = await train({
  model: 'cnn',
  epochs: epochs ? Number(epochs) : 1,
  batches: epochs ? undefined : Number(arg('--batches') ?? 400),
  checkpoint: arg('--checkpoint') ?? 'build/fashion-mnist-cnn.pt',
  plots: arg('--plots') ?? 'build/demo',
  live,
}).finally(() => live?.close());
const last = results[results.length - 1]!;
console.log(`final test accuracy: ${(100 * last.accuracy).toFixed(2)}%`);
