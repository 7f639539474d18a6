// Fashion-MNIST (Debian's dataset-fashion-mnist) in batches, pixels scaled to
// [0, 1] and normalised with the training set's mean and standard deviation.
import * as torch from 'typed-torch';

const { data } = torch;

export const MEAN = 0.286;
export const STD = 0.353;
const prepare = data.compose(data.toFloat(), data.normalize(MEAN, STD));

/** A batch: images [B, 1, 28, 28] (float32) and their class labels [B] (int64). */
export interface Batch {
  x: torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>;
  y: torch.Tensor<['B'], 'int64', 'cpu'>;
}

/** Batches of one split; the training split is shuffled (seeded with torch.manualSeed). */
export function loader(split: 'train' | 'test', batchSize: number) {
  return new data.DataLoader(data.fashionMnist({ split }), {
    batchSize,
    shuffle: split === 'train',
    // The run-time check narrows the types: a batch of the wrong shape fails here, by name.
    transform: ({ images, labels }): Batch => {
      const sizes = new Map<string, number>();
      return { x: torch.assertShape(prepare(images), ['B', 1, 28, 28], sizes), y: torch.assertShape(labels, ['B'], sizes) };
    },
  });
}
