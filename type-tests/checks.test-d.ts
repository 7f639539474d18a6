// Checks added for model authors (the types issue): dims against rank for
// ops along one dim, narrow's window, index_select's 1-D index, t() on more
// than 2 dims, mean/std/var of integers, ragged literals, where's devices;
// and precise types: tensor([]), full(shape, bool), arange with literals, a
// 0-d CPU tensor joining another device.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
declare const x: F32<[2, 3, 4]>;
declare const dyn: F32<number[]>;

expectType<F32<[2, 3, 4]>>(x.softmax(-1));
expectType<F32<[2, 3, 4]>>(x.softmax(2));
expectError(x.softmax(3));
expectError(x.logSoftmax(-4));
expectError(torch.cumsum(x, 5));
expectType<F32<number[]>>(dyn.softmax(7)); // unknown rank: checked at run time

expectType<F32<[2, 2, 4]>>(x.narrow(1, 1, 2));
expectError(x.narrow(1, 2, 5));
expectError(x.narrow(3, 0, 1));
expectType<F32<[2, 2, 4]>>(x.narrow(1, -2, 2)); // from the end: run time
expectError(x.indexSelect(0, torch.zeros([2, 2], { dtype: 'int64' })));
expectType<F32<[5, 3, 4]>>(x.indexSelect(0, torch.zeros([5], { dtype: 'int64' })));

declare const m: F32<[2, 3]>;
expectType<F32<[3, 2]>>(m.t());
expectError(x.t());
expectError(torch.t(x));
expectType<F32<number[]>>(dyn.t());

declare const ints: torch.Tensor<[2, 3], 'int64', 'cpu'>;
expectError(ints.mean());
expectError(ints.mean(0));
expectError(ints.std());
expectType<torch.Tensor<[], 'float32', 'cpu'>>(ints.mean({ dtype: 'float32' }));
expectType<torch.Tensor<[], 'float32', 'cpu'>>(m.mean());
expectType<torch.Tensor<[], 'int64', 'cpu'>>(ints.sum());

expectType<F32<[0]>>(torch.tensor([]));
expectType<F32<[2, 2]>>(torch.tensor([[1, 2], [3, 4]]));
expectError(torch.tensor([[1, 2], [3]]));
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(torch.full([2, 3], true));
expectType<torch.Tensor<[2], 'int64', 'cpu'>>(torch.full([2], 7n));
expectType<F32<[2]>>(torch.full([2], 0.5));
expectType<torch.Tensor<[10], 'int64', 'cpu'>>(torch.arange(10));
expectType<torch.Tensor<[5], 'int64', 'cpu'>>(torch.arange(2, 7));
expectType<torch.Tensor<[10], 'float64', 'cpu'>>(torch.arange(10, { dtype: 'float64' }));
expectType<F32<[number]>>(torch.arange(0, 1, 0.25));

declare const meta: torch.Tensor<[2, 3], 'float32', 'meta'>;
declare const scalar: F32<[]>;
declare const cond: torch.Tensor<[2, 3], 'bool', 'cpu'>;
expectType<torch.Tensor<[2, 3], 'float32', 'meta'>>(meta.add(scalar));
expectType<torch.Tensor<[2, 3], 'float32', 'meta'>>(scalar.add(meta));
expectError(meta.add(m));
expectError(torch.where(cond, m, meta));
expectType<F32<[2, 3]>>(torch.where(cond, m, m));

// view/reshape: a -1 that stands for exactly one symbolic dim is that dim.
declare const images: F32<['B', 1, 28, 28]>;
expectType<F32<['B', 784]>>(images.view([-1, 784]));
expectType<F32<['B', 28, 28]>>(images.reshape([-1, 28, 28]));
expectType<F32<[number, 100]>>(images.view([-1, 100])); // 784 B / 100: decided at run time
declare const tokens: F32<['B', 'T', 64]>;
expectType<F32<[number, 64]>>(tokens.view([-1, 64])); // B T: a product of symbols

// Precise results: *_like factories, unbind/chunk/split, unflatten, unreduced class losses.
expectType<F32<[2, 3, 4]>>(torch.zerosLike(x));
expectType<torch.Tensor<[2, 3, 4], 'float64', 'cpu'>>(torch.randnLike(x, { dtype: 'float64' }));
expectType<torch.Tensor<[2, 3, 4], 'float32', 'meta'>>(torch.onesLike(x, { device: 'meta' }));
expectType<F32<[3, 4]>[]>(x.unbind(0));
expectType<F32<[2, 4]>[]>(x.unbind(1));
expectError(x.unbind(3));
expectType<F32<[2, number, 4]>[]>(x.chunk(2, 1));
expectType<F32<[number, 3, 4]>[]>(x.split(1));
expectType<F32<[2, 3, 2, 2]>>(x.unflatten(2, [2, 2]));
expectType<F32<[2, 3, 2, 2]>>(x.unflatten(-1, [2, -1]));
expectError(x.unflatten(2, [3, 3]));
declare const logits: F32<['B', 10]>;
declare const labels: torch.Tensor<['B'], 'int64', 'cpu'>;
expectType<F32<['B']>>(torch.nn.functional.crossEntropy(logits, labels, { reduction: 'none' }));
expectType<F32<[]>>(torch.nn.functional.crossEntropy(logits, labels));
declare const pixels: F32<['B', 5, 8, 8]>;
expectType<F32<['B', 8, 8]>>(torch.nn.functional.nllLoss(pixels, torch.zeros([1, 8, 8], { dtype: 'int64' }), { reduction: 'none' }));

// Device errors name the op.
declare const metaM: torch.Tensor<[3, 4], 'float32', 'meta'>;
expectError(m.matmul(metaM));
