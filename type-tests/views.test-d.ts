// reshape/view, flatten, squeeze/unsqueeze, transpose/permute/t, expand/repeat.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
const x = torch.zeros([2, 3, 4]);
const img = torch.zeros([64, 1, 28, 28]);

expectType<F32<[6, 4]>>(x.reshape([6, 4]));
expectType<F32<[24]>>(x.reshape([-1]));
expectType<F32<[2, 12]>>(x.reshape([2, -1]));
expectType<F32<[4, 3, 2]>>(x.view([4, 3, 2]));
expectType<F32<[64, 784]>>(img.view([64, -1]));
expectType<F32<[64, 784]>>(img.reshape([-1, 784]));
expectType<F32<[1, 24, 1]>>(x.reshape([1, -1, 1]));
expectType<F32<[6, 4]>>(torch.reshape(x, [6, 4]));
expectError(x.reshape([5, 5]));
expectError(x.view([7, -1]));
expectError(x.reshape([-1, -1]));
expectError(img.view([64, 785]));
expectError(torch.reshape(x, [25]));
// flatten
expectType<F32<[24]>>(x.flatten());
expectType<F32<[2, 12]>>(x.flatten(1));
expectType<F32<[6, 4]>>(x.flatten(0, 1));
expectType<F32<[2, 12]>>(x.flatten(-2));
expectType<F32<[64, 784]>>(img.flatten(1));
expectType<F32<[64, 28, 28]>>(img.flatten(0, 1));
expectType<F32<[2, 12]>>(x.flatten({ startDim: 1 }));
// squeeze / unsqueeze
expectType<F32<[3]>>(torch.zeros([1, 3, 1]).squeeze());
expectType<F32<[3, 1]>>(torch.zeros([1, 3, 1]).squeeze(0));
expectType<F32<[1, 3]>>(torch.zeros([1, 3, 1]).squeeze(-1));
expectType<F32<[1, 3, 1]>>(torch.zeros([1, 3, 1]).squeeze(1));
expectType<F32<[1, 2, 3, 4]>>(x.unsqueeze(0));
expectType<F32<[2, 3, 4, 1]>>(x.unsqueeze(-1));
expectType<F32<[2, 1, 3, 4]>>(x.unsqueeze(1));
expectType<F32<[2, 3, 4, 1]>>(x.unsqueeze(3));
// transpose / permute / t
expectType<F32<[4, 3, 2]>>(x.transpose(0, 2));
expectType<F32<[2, 4, 3]>>(x.transpose(-1, -2));
expectType<F32<[3, 2, 4]>>(torch.transpose(x, 0, 1));
expectType<F32<[4, 2, 3]>>(x.permute([2, 0, 1]));
expectType<F32<[2, 3, 4]>>(x.permute([0, 1, 2]));
expectType<F32<[4, 3, 2]>>(x.permute([-1, 1, 0]));
expectError(x.permute([0, 1]));
expectError(x.permute([0, 0, 1]));
expectType<F32<[3, 2]>>(torch.zeros([2, 3]).t());
expectType<F32<[5]>>(torch.zeros([5]).t());
// expand / repeat
expectType<F32<[3, 4]>>(torch.zeros([3, 1]).expand([3, 4]));
expectType<F32<[2, 3, 4]>>(torch.zeros([3, 1]).expand([2, 3, 4]));
expectType<F32<[3, 4]>>(torch.zeros([3, 1]).expand([-1, 4]));
expectError(torch.zeros([3, 2]).expand([3, 4]));
expectError(torch.zeros([3, 1]).expand([4]));
expectType<F32<[4, 3]>>(torch.zeros([2, 3]).repeat([2, 1]));
expectType<F32<[2, 2, 6]>>(torch.zeros([2, 3]).repeat([2, 1, 2]));
expectError(torch.zeros([2, 3]).repeat([2]));

// view(size) and view(dtype), narrow with a number or a tensor start: one signature each.
{
  const v = torch.zeros([2, 3, 4]);
  expectType<torch.Tensor<[6, 4], 'float32', 'cpu'>>(v.view([6, 4]));
  expectType<torch.Tensor>(v.view('int32'));
  expectError(v.view([5, 5]));
  expectType<torch.Tensor<[2, 2, 4], 'float32', 'cpu'>>(v.narrow(1, 1, 2));
  const start = torch.tensor(1);
  expectType<torch.Tensor>(v.narrow(1, start, 2));
  expectType<torch.Tensor>(v.narrow(1, torch.zeros([], { dtype: 'int64' }), 2));
  expectError(v.narrow(1, 2, 5));
  expectError(v.narrow(3, 0, 1));
}
