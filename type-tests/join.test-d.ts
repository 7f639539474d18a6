// cat, stack, select, narrow, index_select, gather, embedding.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
const a = torch.zeros([2, 3]);
const b = torch.zeros([4, 3]);
const c = torch.zeros([2, 5]);

expectType<F32<[6, 3]>>(torch.cat([a, b]));
expectType<F32<[6, 3]>>(torch.cat([a, b], 0));
expectType<F32<[2, 8]>>(torch.cat([a, c], 1));
expectType<F32<[2, 8]>>(torch.cat([a, c], -1));
expectType<F32<[8, 3]>>(torch.cat([a, b, a]));
expectError(torch.cat([a, b], 1));
expectError(torch.cat([a, c]));
expectError(torch.cat([a, torch.zeros([2, 3, 1])]));
expectType<F32<[2, 2, 3]>>(torch.stack([a, a]));
expectType<F32<[2, 2, 3]>>(torch.stack([a, a], 1));
expectType<F32<[2, 3, 3]>>(torch.stack([a, a, a], -1));
expectError(torch.stack([a, b]));
// select / narrow / index_select / gather
expectType<F32<[3]>>(a.select(0, 1));
expectType<F32<[2]>>(a.select(1, 0));
expectType<F32<[2]>>(a.select(-1, 2));
expectType<F32<[2, 2]>>(a.narrow(1, 0, 2));
expectType<F32<[1, 3]>>(a.narrow(0, 1, 1));
expectError(a.select(2, 0));
expectError(a.narrow(3, 0, 1));
const idx = torch.zeros([4], { dtype: 'int64' });
expectType<F32<[2, 4]>>(a.indexSelect(1, idx));
expectType<F32<[4, 3]>>(a.indexSelect(0, idx));
const g = torch.zeros([2, 7], { dtype: 'int64' });
expectType<F32<[2, 7]>>(a.gather(1, g));
expectError(a.gather(1, torch.zeros([2, 3, 1], { dtype: 'int64' })));
// embedding
const table = torch.zeros([1000, 64]);
expectType<F32<[8, 20, 64]>>(torch.embedding(table, torch.zeros([8, 20], { dtype: 'int64' })));
expectType<F32<[5, 64]>>(torch.embedding(table, torch.zeros([5], { dtype: 'int64' })));

// slice(dim, start, end, step)
const s = torch.zeros([10, 8]);
expectType<F32<[10, 3]>>(s.slice(1, 2, 5));
expectType<F32<[5, 8]>>(s.slice(0, 0, 10, 2));
expectType<F32<[3, 8]>>(s.slice(0, 1, 10, 3));
expectType<F32<[10, 6]>>(s.slice(1, 2));
expectType<F32<[10, 8]>>(s.slice(1, null, 100));
expectType<F32<[10, number]>>(s.slice(1, -3));
expectType<F32<[10, 0]>>(s.slice(1, 5, 2));
expectError(s.slice(2, 0, 1));
// devices must agree for products too
expectError(torch.zeros([2, 3]).matmul(torch.zeros([3, 4], { device: 'meta' })));
expectError(torch.linear(torch.zeros([2, 3]), torch.zeros([4, 3], { device: 'meta' })));

// torch.where: a tensor or a scalar in either place, one signature.
{
  const cond = torch.zeros([2, 3], { dtype: 'bool' });
  const w = torch.zeros([2, 3]);
  expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(torch.where(cond, w, torch.zeros([3])));
  expectType<torch.Tensor>(torch.where(cond, w, 0));
  expectType<torch.Tensor>(torch.where(cond, 1, w));
  expectType<torch.Tensor>(torch.where(cond, 1, 0));
  expectType<torch.Tensor[]>(torch.where(cond));
  expectError(torch.where(cond, w, torch.zeros([4])));
}
