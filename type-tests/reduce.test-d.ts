// Reductions: over everything, over one dim or a list, with keepdim; argmax to int64.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
type I64<S extends torch.Shape> = torch.Tensor<S, 'int64', 'cpu'>;
const x = torch.zeros([2, 3, 4]);
const i = torch.zeros([2, 3], { dtype: 'int32' });
const b = torch.zeros([2, 3], { dtype: 'bool' });

expectType<F32<[]>>(x.sum());
expectType<F32<[]>>(x.mean());
expectType<F32<[]>>(x.max());
expectType<F32<[]>>(torch.sum(x));
expectType<I64<[]>>(i.sum());
expectType<torch.Tensor<[], 'float64', 'cpu'>>(x.sum({ dtype: 'float64' }));
expectType<F32<[2, 4]>>(x.sum(1));
expectType<F32<[2, 1, 4]>>(x.sum(1, { keepdim: true }));
expectType<F32<[2, 1, 4]>>(x.sum(1, true));
expectType<F32<[4]>>(x.sum([0, 1]));
expectType<F32<[1, 1, 4]>>(x.sum([0, 1], true));
expectType<F32<[2, 3]>>(x.sum(-1));
expectType<F32<[3]>>(x.sum([0, -1]));
expectType<I64<[2]>>(i.sum(1));
expectType<F32<[2, 4]>>(x.mean(1));
expectType<F32<[2, 3, 1]>>(x.mean(-1, true));
expectType<F32<[2, 4]>>(torch.mean(x, 1));
expectError(i.mean(1)); // PyTorch: mean of an integer tensor needs a floating dtype
expectType<F32<[2]>>(i.mean(1, false, { dtype: 'float32' }));
expectType<F32<[3, 4]>>(x.amax(0));
expectType<F32<[2, 3]>>(x.amin(2));
expectType<F32<[2, 3]>>(x.logsumexp(2));
expectType<F32<[2, 4]>>(x.std(1));
expectType<F32<[3, 4]>>(x.var(0));
expectType<F32<[2, 3]>>(x.prod(2));
expectType<I64<[2, 4]>>(x.argmax(1));
expectType<I64<[2, 1, 4]>>(x.argmax(1, true));
expectType<I64<[]>>(x.argmax());
expectType<I64<[2, 3]>>(x.argmin(-1));
expectType<torch.Tensor<[2], 'bool', 'cpu'>>(b.all(1));
expectType<torch.Tensor<[3], 'bool', 'cpu'>>(b.any(0));
expectType<[values: F32<[2, 4]>, indices: I64<[2, 4]>]>(x.max(1));
expectType<[values: F32<[2, 3, 1]>, indices: I64<[2, 3, 1]>]>(x.min(2, true));
expectType<[values: F32<[2, 3]>, indices: I64<[2, 3]>]>(x.median(-1));
expectType<[values: F32<[2, 3]>, indices: I64<[2, 3]>]>(x.mode());
expectType<[values: F32<[2, 3]>, indices: I64<[2, 3]>]>(x.kthvalue(2));
expectType<[values: F32<[2, 3, 2]>, indices: I64<[2, 3, 2]>]>(x.topk(2));
expectType<[values: F32<[2, 1, 4]>, indices: I64<[2, 1, 4]>]>(x.topk(1, 1));
// multinomial draws numSamples int64 indices per row of probabilities.
expectType<I64<[2, 5]>>(torch.ones([2, 4]).multinomial(5, true));
expectType<I64<[3]>>(torch.multinomial(torch.ones([4]), 3));
expectType<[values: F32<[2, 3, 4]>, indices: I64<[2, 3, 4]>]>(x.sort(1));
expectType<I64<[2, 3, 4]>>(x.argsort(1));
expectError(x.sum(3));
expectError(x.sum(-4));
expectError(x.mean([0, 0]));
expectError(x.argmax(5));

// keepdim left to its default when the options object holds only a dtype (given
// in place, in the options, or both ways), in method and function form.
expectType<torch.Tensor<[2, 4], 'float64', 'cpu'>>(x.sum(1, { dtype: 'float64' }));
expectType<torch.Tensor<[2, 4], 'float64', 'cpu'>>(torch.sum(x, 1, { dtype: 'float64' }));
expectType<torch.Tensor<[2, 1, 4], 'float64', 'cpu'>>(x.sum(1, true, { dtype: 'float64' }));
expectType<torch.Tensor<[2, 1, 4], 'float64', 'cpu'>>(x.sum(1, { keepdim: true, dtype: 'float64' }));
expectType<torch.Tensor<[2, 4], 'float64', 'cpu'>>(x.sum(1, false, { dtype: 'float64' }));
expectType<F32<[2, 4]>>(x.mean(1, {}));
// A keepdim known only at run time gives either shape.
declare const keep: boolean;
expectType<torch.Tensor<[2, 1, 4] | [2, 4], 'float32', 'cpu'>>(x.sum(1, keep));
// The no-dim and the dim forms are one signature: an options object is not a dim, a dim has no options first.
expectError(x.sum({ dtype: 'float64' }, true));
expectError(x.sum('0'));
expectType<F32<[]>>(x.sum(null));
// max: the dim form gives values and indices, the tensor form broadcasts.
expectType<[values: F32<[2, 4]>, indices: I64<[2, 4]>]>(x.max(1));
expectType<F32<[2, 3, 4]>>(x.max(torch.zeros([3, 4])));
expectError(x.max(torch.zeros([5])));
expectError(x.max(3));
