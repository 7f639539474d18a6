// Typed data into typed models: a dataset's batches carry their types
// through the transforms and the loader into the model, with no casts; a
// model built for other inputs is an error where the batch is given to it.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

const { nn, data } = torch;
type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;

const prepare = data.compose(data.toFloat(), data.normalize(0.286, 0.353));
const loader = new data.DataLoader(data.fashionMnist({ split: 'test' }), {
  batchSize: 1000,
  transform: ({ images, labels }) => ({ x: prepare(images), y: labels }),
});
const cnn = nn.sequential(
  new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(5408, 10), new nn.LogSoftmax(1),
);
const mlpForCifar = nn.sequential(new nn.Flatten(), new nn.Linear(3072, 10));

export async function epoch(): Promise<void> {
  for await (const { x, y } of loader) {
    expectType<F32<['B', 1, 28, 28]>>(x);
    expectType<torch.Tensor<['B'], 'int64', 'cpu'>>(y);
    const out = cnn.forward(x);
    expectType<F32<['B', 10]>>(out);
    expectType<F32<[]>>(nn.functional.nllLoss(out, y));
    expectType<F32<['B']>>(nn.functional.nllLoss(out, y, { reduction: 'none' }));
    expectError(mlpForCifar.forward(x)); // 784 features, the model expects 3072
    expectType<F32<['B', 1, 24, 24]>>(data.randomCrop(24)(x));
  }
}

// Text: contiguous BPTT batches of int64 ids, [B, T].
const { vocab, train } = data.charCorpus('to be or not to be');
expectType<number>(vocab.size);
for (const { x, y } of new data.BpttBatches(train, 2, 4)) {
  expectType<torch.Tensor<['B', 'T'], 'int64', 'cpu'>>(x);
  expectType<F32<['B', 'T', 8]>>(new nn.Embedding(vocab.size, 8).forward(y));
}

// Pipes: map, batch and take keep the value's type; reduce folds to the accumulator's.
const numbers = torch.data.pipe([1, 2, 3]);
expectType<torch.data.Pipe<string>>(numbers.map((n) => String(n)));
expectType<torch.data.Pipe<number[]>>(numbers.batch(2));
expectType<Promise<{ sum: number }>>(numbers.take(2).reduce((acc, n) => ({ sum: acc.sum + n }), { sum: 0 }));
