// Fashion-MNIST (and MNIST, the same IDX format) as a TensorDataset.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tensor } from '../ops/creation.ts';
import { TensorDataset } from './dataset.ts';
import { IdxError, readIdx } from './idx.ts';
import type { Tensor } from '../core/tensor.ts';

/** Where Debian's dataset-fashion-mnist installs the files. */
export const FASHION_MNIST_ROOT = '/usr/share/datasets/fashion-mnist';

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
] as const;

/**
 * A batch of the dataset: uint8 images [B, 1, 28, 28] and int64 class labels
 * [B], where B is the batch's size (the same symbol in both, so a model and a
 * loss see that images and labels agree; the last batch may be smaller).
 */
export type MnistItem = {
  images: Tensor<['B', 1, 28, 28], 'uint8', 'cpu'>;
  labels: Tensor<['B'], 'int64', 'cpu'>;
};

export type MnistLike = TensorDataset<MnistItem>;

/**
 * The train (60,000) or test (10,000) split: images as uint8 [N, 1, 28, 28],
 * labels as int64 [N]. `root` points at another IDX dataset with the same
 * file names (MNIST).
 */
export function fashionMnist(options: { split?: 'train' | 'test'; root?: string } = {}): MnistLike {
  const root = options.root ?? FASHION_MNIST_ROOT;
  const prefix = (options.split ?? 'train') === 'train' ? 'train' : 't10k';
  const find = (name: string) => {
    for (const candidate of [join(root, `${name}.gz`), join(root, name)]) if (existsSync(candidate)) return candidate;
    throw new IdxError(join(root, `${name}.gz`), options.root ? 'file not found' : 'file not found; install it with: apt-get install dataset-fashion-mnist');
  };
  const imagesFile = find(`${prefix}-images-idx3-ubyte`);
  const labelsFile = find(`${prefix}-labels-idx1-ubyte`);
  const images = readIdx(imagesFile);
  const labels = readIdx(labelsFile);
  if (images.dtype !== 'uint8' || images.shape.length !== 3) throw new IdxError(imagesFile, `expected uint8 images [N, H, W], got ${images.dtype} [${images.shape.join(', ')}]`);
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) throw new IdxError(labelsFile, `expected uint8 labels [N], got ${labels.dtype} [${labels.shape.join(', ')}]`);
  if (images.shape[0] !== labels.shape[0]) throw new IdxError(labelsFile, `${labels.shape[0]} labels for ${images.shape[0]} images`);
  const bad = labels.data.findIndex((label) => label >= FASHION_MNIST_CLASSES.length);
  if (bad >= 0) throw new IdxError(labelsFile, `label ${bad} is ${labels.data[bad]}, outside the ${FASHION_MNIST_CLASSES.length} classes`);
  const [n, h, w] = images.shape as [number, number, number];
  const imageTensor = tensor(images.data, { shape: [n, 1, h, w] });
  const labelTensor = tensor(labels.data, { dtype: 'int64' });
  return new TensorDataset({ images: imageTensor, labels: labelTensor }) as unknown as MnistLike;
}
