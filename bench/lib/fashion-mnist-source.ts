// What a WorkerDataLoader's thread makes for bench/train's `--worker-loader`:
// the Fashion-MNIST training set and the batch transform of bench/train's
// in-thread loader, made inside the worker.
import * as torch from 'typed-torch';
import { prepare } from '../../examples/fashion-mnist.ts';

export function trainingSet() {
  return {
    dataset: torch.data.fashionMnist({ split: 'train' }),
    transform: ({ images, labels }: torch.data.MnistItem) => ({ x: prepare(images), y: labels }),
  };
}
