// matmul, mm, bmm, mv, dot, linear.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
const a = torch.zeros([2, 3]);
const b = torch.zeros([3, 5]);
const v3 = torch.zeros([3]);
const v5 = torch.zeros([5]);
const batch = torch.zeros([7, 2, 3]);
const batchB = torch.zeros([7, 3, 4]);
const big = torch.zeros([784, 128]);

expectType<F32<[2, 5]>>(a.matmul(b));
expectType<F32<[2, 5]>>(torch.matmul(a, b));
expectType<F32<[2]>>(a.matmul(v3));
expectType<F32<[5]>>(v3.matmul(b));
expectType<F32<[]>>(v3.matmul(v3));
expectType<F32<[7, 2, 5]>>(batch.matmul(b));
expectType<F32<[7, 2, 4]>>(batch.matmul(batchB));
expectType<F32<[7, 2]>>(batch.matmul(v3));
expectType<F32<[4, 7, 2, 5]>>(torch.zeros([4, 1, 2, 3]).matmul(torch.zeros([7, 3, 5])));
expectType<F32<[64, 128]>>(torch.zeros([64, 784]).matmul(big));
expectError(a.matmul(a));
expectError(a.matmul(v5));
expectError(v5.matmul(b));
expectError(batch.matmul(torch.zeros([7, 4, 4])));
expectError(torch.zeros([4, 2, 3]).matmul(torch.zeros([7, 3, 5])));
expectError(torch.matmul(torch.zeros([64, 784]), torch.zeros([128, 784])));
// mm
expectType<F32<[2, 5]>>(a.mm(b));
expectType<F32<[2, 5]>>(torch.mm(a, b));
expectError(a.mm(a));
expectError(a.mm(v3));
expectError(batch.mm(b));
// bmm
expectType<F32<[7, 2, 4]>>(batch.bmm(batchB));
expectError(batch.bmm(torch.zeros([6, 3, 4])));
expectError(batch.bmm(torch.zeros([7, 2, 4])));
expectError(a.bmm(b));
// mv, dot
expectType<F32<[2]>>(a.mv(v3));
expectError(a.mv(v5));
expectType<F32<[]>>(v3.dot(v3));
expectError(v3.dot(v5));
// linear: x [..., in] with weight [out, in]
const w = torch.zeros([10, 784]);
expectType<F32<[64, 10]>>(torch.linear(torch.zeros([64, 784]), w));
expectType<F32<[64, 10]>>(torch.linear(torch.zeros([64, 784]), w, torch.zeros([10])));
expectType<F32<[8, 16, 10]>>(torch.linear(torch.zeros([8, 16, 784]), w));
expectError(torch.linear(torch.zeros([64, 783]), w));
expectError(torch.linear(torch.zeros([64, 784]), torch.zeros([784])));
// dtype of products: libtorch does not promote their operands (float32 @ float64 fails unless
// empty, where either dtype may come back), so one dtype gives it and two are unknown.
expectType<torch.Tensor<[2, 5], 'float64', 'cpu'>>(a.double().matmul(torch.zeros([3, 5], { dtype: 'float64' })));
expectType<torch.Tensor<[2, 5], torch.DType, 'cpu'>>(a.matmul(torch.zeros([3, 5], { dtype: 'float64' })));
