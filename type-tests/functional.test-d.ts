// torch.nn.functional's types: Python's arguments, typed results where the
// shape is known (Like for elementwise functions and dropout, the pooling
// rules of the aten op, 0-d reduced losses), and the forms Python adds.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

const F = torch.nn.functional;
type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
const x = torch.zeros([8, 3, 32, 32]);
const logits = torch.zeros([8, 10]);
const target = torch.zeros([8], { dtype: 'int64' });

expectType<F32<[8, 3, 32, 32]>>(F.dropout(x));
expectType<F32<[8, 3, 32, 32]>>(F.dropout(x, 0.2));
expectType<F32<[8, 3, 32, 32]>>(F.dropout(x, 0.2, true, { inplace: false }));
expectType<F32<[8, 3, 32, 32]>>(F.dropout2d(x, { p: 0.1, training: false }));
expectError(F.dropout(x, 'high'));
expectError(F.dropout(x, { probability: 0.1 }));
expectType<F32<[8, 3, 32, 32]>>(F.relu(x, { inplace: true }));
expectType<F32<[8, 3, 32, 32]>>(F.leakyRelu(x, 0.2));
expectType<F32<[8, 3, 32, 32]>>(F.batchNorm(x, null, null, { training: true }));
expectType<F32<[8, 10]>>(F.softmax(logits, 1));
expectType<torch.Tensor<[8, 10], 'float64', 'cpu'>>(F.logSoftmax(logits, 1, { dtype: 'float64' }));
expectType<F32<[]>>(F.crossEntropy(logits, target));
expectType<F32<[8]>>(F.crossEntropy(logits, target, { reduction: 'none' }));
expectType<F32<[]>>(F.marginRankingLoss(logits, logits, logits, { margin: 0.5 }));
expectType<F32<[8, 3, 16, 16]>>(F.maxPool2d(x, 2)); // the aten op's shape rule
expectType<[F32<number[]>, torch.Tensor<number[], 'int64', 'cpu'>]>(F.maxPool2d(x, 2, { returnIndices: true }));
expectType<F32<[8, 3, 16, 16]>>(F.avgPool2d(x, 2));
expectType<[F32<number[]>, torch.Tensor<number[], 'int64', 'cpu'>]>(F.adaptiveMaxPool2d(x, [null, 7], true));
expectType<F32<number[]>>(F.interpolate(x, { scaleFactor: 2, mode: 'bilinear' }));
expectType<F32<number[]>>(F.scaledDotProductAttention(logits, logits, logits));
expectType<[F32<number[]>, F32<number[]>]>(F.scaledDotProductAttention(logits, logits, logits, { returnWeights: true }));
