// Symbolic dims (batch 'B', 'T') flow through; unknown dims and ranks degrade
// to `number` / `number[]` and never produce a false error.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
declare const x: F32<['B', 784]>;
declare const seq: F32<['B', 'T', 64]>;
declare const img: F32<['B', 1, 28, 28]>;
declare const dyn: F32<number[]>;
declare const half: F32<[number, 3]>;
const w = torch.zeros([128, 784]);

expectType<F32<['B', 128]>>(torch.linear(x, w));
expectType<F32<['B', 128]>>(x.matmul(torch.zeros([784, 128])));
expectType<F32<['B', 784]>>(x.add(torch.zeros([784])));
expectType<F32<['B', 784]>>(x.relu());
expectType<F32<['B', 784]>>(x.add(torch.zeros([1, 784])));
expectType<F32<['B']>>(x.sum(1));
expectType<F32<['B', 1]>>(x.sum(1, true));
expectType<torch.Tensor<['B'], 'int64', 'cpu'>>(x.argmax(1));
expectType<F32<['B', 784]>>(img.flatten(1));
expectType<F32<['B', 32, 26, 26]>>(torch.conv2d(img, torch.zeros([32, 1, 3, 3])));
expectType<F32<['B', 'T', 10]>>(torch.linear(seq, torch.zeros([10, 64])));
expectType<F32<['T', 'B', 64]>>(seq.transpose(0, 1));
expectType<F32<['B', 64]>>(seq.mean(1));
expectType<F32<['B', 'T', 64]>>(seq.softmax(-1));
expectType<F32<['B', 'T', 'T']>>(seq.matmul(seq.transpose(1, 2)));
expectError(x.matmul(torch.zeros([783, 10])));
expectError(torch.linear(seq, torch.zeros([10, 63])));
// symbols meet numbers at run time; different symbols do not broadcast
declare const n: F32<['N', 784]>;
expectError(x.add(n));
expectType<F32<[8, 784]>>(x.add(torch.zeros([8, 784])));
// reshape cancels symbols, checks the rest; a -1 standing for exactly one symbol is that symbol
expectType<F32<['B', 28, 28]>>(x.reshape([-1, 28, 28]));
// unknown dims and ranks
expectType<F32<number[]>>(dyn.matmul(w.t()));
expectType<F32<number[]>>(dyn.add(x));
expectType<F32<number[]>>(dyn.sum(1));
expectType<F32<[number, 5]>>(half.matmul(torch.zeros([3, 5])));
expectType<F32<[number, 3]>>(half.add(torch.zeros([3])));
expectType<F32<[6]>>(torch.zeros([2, 3]).reshape([-1]));
expectType<F32<number[]>>(dyn.reshape([2, 3]) as F32<number[]>);
expectType<F32<[2, 3]>>(dyn.reshape([2, 3]));
expectType<F32<[number]>>(half.sum(1));
expectError(half.matmul(torch.zeros([4, 5])));
// large literal dims
const emb = torch.zeros([50257, 768]);
expectType<F32<[4, 1024, 768]>>(torch.embedding(emb, torch.zeros([4, 1024], { dtype: 'int64' })));
expectType<F32<[4, 786432]>>(torch.zeros([4, 1024, 768]).flatten(1));
expectType<F32<[4096, 768]>>(torch.zeros([4, 1024, 768]).reshape([-1, 768]));
expectError(torch.zeros([4, 1024, 768]).reshape([-1, 1000]));
