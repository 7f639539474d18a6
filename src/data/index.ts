// torch.data: datasets, loaders, transforms and pipes.
export { type Dataset, TensorDataset, Subset, randomSplit, randomOrder, type GeneratorLike } from './dataset.ts';
export { DataLoader, collate, type LoaderOptions, type Sampler } from './loader.ts';
export { WorkerDataLoader, WorkerLoaderError, type WorkerSource, type WorkerLoaderOptions } from './worker-loader.ts';
export { compose, toFloat, normalize, randomHorizontalFlip, randomCrop, type Transform } from './transforms.ts';
export { Pipe, pipe } from './pipe.ts';
export { readIdx, IdxError, type IdxData } from './idx.ts';
export { CharVocab, charCorpus, BpttBatches, type BpttBatch } from './text.ts';
export { fashionMnist, FASHION_MNIST_ROOT, FASHION_MNIST_CLASSES, type MnistLike, type MnistItem } from './fashion-mnist.ts';
