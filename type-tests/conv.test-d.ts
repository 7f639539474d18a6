// Convolutions, pooling and adaptive pooling: output sizes from kernel,
// stride, padding, dilation and ceil_mode.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
const x = torch.zeros([64, 1, 28, 28]);
const w1 = torch.zeros([32, 1, 3, 3]);
const w2 = torch.zeros([64, 32, 3, 3]);

expectType<F32<[64, 32, 26, 26]>>(torch.conv2d(x, w1));
expectType<F32<[64, 32, 28, 28]>>(torch.conv2d(x, w1, { padding: 1 }));
expectType<F32<[64, 32, 13, 13]>>(torch.conv2d(x, w1, { stride: 2 }));
expectType<F32<[64, 32, 14, 14]>>(torch.conv2d(x, w1, { stride: 2, padding: 1 }));
expectType<F32<[64, 32, 13, 13]>>(torch.conv2d(x, w1, null, 2));
expectType<F32<[64, 32, 14, 14]>>(torch.conv2d(x, w1, torch.zeros([32]), 2, 1));
expectType<F32<[64, 32, 24, 24]>>(torch.conv2d(x, w1, { dilation: 2 }));
expectType<F32<[64, 32, 26, 13]>>(torch.conv2d(x, w1, { stride: [1, 2] }));
expectType<F32<[64, 32, 28, 26]>>(torch.conv2d(x, w1, { padding: [1, 0] }));
expectType<F32<[64, 64, 24, 24]>>(torch.conv2d(torch.conv2d(x, w1), w2));
expectType<F32<[1, 64, 112, 112]>>(torch.conv2d(torch.zeros([1, 3, 224, 224]), torch.zeros([64, 3, 7, 7]), { stride: 2, padding: 3 }));
expectType<F32<[32, 26, 26]>>(torch.conv2d(torch.zeros([1, 28, 28]), w1));
expectType<F32<[8, 4, 6, 6]>>(torch.conv2d(torch.zeros([8, 4, 6, 6]), torch.zeros([4, 1, 3, 3]), { padding: 1, groups: 4 }));
expectError(torch.conv2d(x, w2));
expectError(torch.conv2d(torch.zeros([1, 1, 3, 3]), torch.zeros([1, 1, 5, 5])));
expectError(torch.conv2d(x, torch.zeros([32, 1, 3])));
expectError(torch.conv2d(torch.zeros([28, 28]), w1));
// conv1d / conv3d
expectType<F32<[8, 16, 98]>>(torch.conv1d(torch.zeros([8, 4, 100]), torch.zeros([16, 4, 3])));
expectType<F32<[8, 16, 50]>>(torch.conv1d(torch.zeros([8, 4, 100]), torch.zeros([16, 4, 3]), { stride: 2, padding: 1 }));
expectError(torch.conv1d(torch.zeros([8, 5, 100]), torch.zeros([16, 4, 3])));
expectType<F32<[2, 8, 6, 6, 6]>>(torch.conv3d(torch.zeros([2, 3, 8, 8, 8]), torch.zeros([8, 3, 3, 3, 3])));
// transposed convolution
expectType<F32<[1, 2, 11, 11]>>(torch.convTranspose2d(torch.zeros([1, 4, 5, 5]), torch.zeros([4, 2, 3, 3]), { stride: 2 }));
expectType<F32<[1, 2, 7, 7]>>(torch.convTranspose2d(torch.zeros([1, 4, 5, 5]), torch.zeros([4, 2, 3, 3])));
expectError(torch.convTranspose2d(torch.zeros([1, 3, 5, 5]), torch.zeros([4, 2, 3, 3])));
// pooling
const y = torch.zeros([64, 64, 24, 24]);
expectType<F32<[64, 64, 12, 12]>>(torch.maxPool2d(y, 2));
expectType<F32<[64, 64, 8, 8]>>(torch.maxPool2d(y, 3));
expectType<F32<[64, 64, 22, 22]>>(torch.maxPool2d(y, 3, 1));
expectType<F32<[64, 64, 12, 12]>>(torch.maxPool2d(y, 3, 2, 1));
expectType<F32<[1, 1, 3, 3]>>(torch.maxPool2d(torch.zeros([1, 1, 5, 5]), 2, 2, 0, 1, true));
expectType<F32<[1, 1, 3, 3]>>(torch.maxPool2d(torch.zeros([1, 1, 5, 5]), 2, { stride: 2, ceilMode: true }));
expectType<F32<[1, 1, 3, 3]>>(torch.maxPool2d(torch.zeros([1, 1, 5, 5]), 2, { ceilMode: true }));
expectType<F32<[1, 1, 2, 2]>>(torch.maxPool2d(torch.zeros([1, 1, 5, 5]), 2));
expectType<F32<[64, 64, 12, 6]>>(torch.maxPool2d(y, [2, 4]));
expectType<F32<[64, 64, 12, 12]>>(torch.avgPool2d(y, 2));
expectType<F32<[64, 64, 24, 24]>>(torch.avgPool2d(y, 3, 1, 1));
expectType<F32<[4, 8, 50]>>(torch.maxPool1d(torch.zeros([4, 8, 100]), 2));
expectError(torch.maxPool2d(torch.zeros([1, 1, 2, 2]), 3));
expectError(torch.maxPool2d(torch.zeros([5, 5]), 2));
// adaptive pooling
expectType<F32<[64, 64, 1, 1]>>(torch.adaptiveAvgPool2d(y, [1, 1]));
expectType<F32<[64, 64, 7, 7]>>(torch.adaptiveAvgPool2d(y, 7));
expectType<F32<[64, 5]>>(torch.adaptiveAvgPool1d(torch.zeros([64, 100]), 5));
// norm layers keep the input's shape
expectType<F32<[64, 64, 24, 24]>>(torch.batchNorm(y, null, null, null, null, true, 0.1, 1e-5, false));
expectType<F32<[64, 64, 24, 24]>>(torch.layerNorm(y, [24]));
expectType<F32<[64, 64, 24, 24]>>(torch.groupNorm(y, 8));
expectType<F32<[64, 64, 24, 24]>>(torch.dropout(y, 0.25, true));
