// Pointwise ops: same-shape unary ops, broadcasting binary ops, dtype promotion.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

const x = torch.zeros([2, 3]);
const y = torch.zeros([2, 3]);
const row = torch.zeros([3]);
const col = torch.zeros([2, 1]);
const i = torch.zeros([2, 3], { dtype: 'int64' });
const i32 = torch.zeros([2, 3], { dtype: 'int32' });
const b = torch.zeros([2, 3], { dtype: 'bool' });
const d = torch.zeros([2, 3], { dtype: 'float64' });
const h = torch.zeros([2, 3], { dtype: 'float16' });
type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;

// unary, same dtype
expectType<F32<[2, 3]>>(x.abs());
expectType<F32<[2, 3]>>(x.neg());
expectType<F32<[2, 3]>>(x.relu());
expectType<F32<[2, 3]>>(x.clone());
expectType<F32<[2, 3]>>(x.detach());
expectType<F32<[2, 3]>>(x.clamp(-1, 1));
expectType<F32<[2, 3]>>(torch.floor(x));
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(i.abs());
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(i.neg());
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(i.sign());
// unary, floating
expectType<F32<[2, 3]>>(x.exp());
expectType<F32<[2, 3]>>(x.sigmoid());
expectType<F32<[2, 3]>>(x.tanh());
expectType<F32<[2, 3]>>(torch.gelu(x));
expectType<F32<[2, 3]>>(x.softmax(1));
expectType<F32<[2, 3]>>(torch.logSoftmax(x, -1));
expectType<F32<[2, 3]>>(i.exp());
expectType<F32<[2, 3]>>(i.sqrt());
expectType<F32<[2, 3]>>(b.sigmoid());
expectType<torch.Tensor<[2, 3], 'float64', 'cpu'>>(d.log());
expectType<torch.Tensor<[2, 3], 'float16', 'cpu'>>(h.exp());
// unary, bool
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(x.isnan());
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(x.isfinite());
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(b.logicalNot());
// scans
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(i32.cumsum(1));
expectType<F32<[2, 3]>>(x.cumsum(0));

// binary with broadcasting
expectType<F32<[2, 3]>>(x.add(y));
expectType<F32<[2, 3]>>(x.sub(row));
expectType<F32<[2, 3]>>(x.mul(col));
expectType<F32<[2, 3]>>(col.mul(row));
expectType<F32<[2, 3]>>(torch.add(x, y, { alpha: 2 }));
expectType<F32<[2, 3]>>(x.maximum(row));
expectType<F32<[4, 2, 3]>>(x.add(torch.zeros([4, 1, 1])));
expectType<F32<[2, 3]>>(x.div(y));
expectType<F32<[2, 3]>>(x.pow(y));
expectType<F32<[2, 3]>>(x.atan2(y));
expectError(x.add(torch.zeros([4])));
expectError(x.mul(torch.zeros([3, 3])));
expectError(x.sub(torch.zeros([2, 2])));
expectError(torch.add(x, torch.zeros([5, 3])));
expectError(x.maximum(torch.zeros([1, 4])));
expectError(x.div(torch.zeros([3, 2])));
// comparisons are bool
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(x.eq(y));
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(x.lt(row));
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(x.gt(0));
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(x.le(0.5));
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(b.logicalAnd(b));
expectError(x.eq(torch.zeros([4])));
// where
expectType<F32<[2, 3]>>(torch.where(b, x, y));
expectType<F32<[2, 3]>>(torch.where(b, x, row));
expectError(torch.where(b, x, torch.zeros([4])));

// dtype promotion
expectType<F32<[2, 3]>>(i.add(x));
expectType<F32<[2, 3]>>(x.add(i));
expectType<torch.Tensor<[2, 3], 'float64', 'cpu'>>(x.add(d));
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(i.add(i32));
expectType<torch.Tensor<[2, 3], 'int32', 'cpu'>>(i32.mul(b));
expectType<F32<[2, 3]>>(h.add(x));
expectType<F32<[2, 3]>>(i.div(i));
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(i.div(i, { roundingMode: 'floor' }));
// scalars: integral literals keep integer dtypes, fractional ones make float32
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(i.add(2));
expectType<F32<[2, 3]>>(i.add(2.5));
expectType<F32<[2, 3]>>(x.mul(2));
expectType<torch.Tensor<[2, 3], 'float64', 'cpu'>>(d.mul(3));
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(b.add(1));
expectType<torch.Tensor<[2, 3], torch.DType, 'cpu'>>(i.add(0 as number));
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(i.mul(3n));
expectType<F32<[2, 3]>>(i.pow(0.5));

// devices must agree
const m = torch.zeros([2, 3], { device: 'meta' });
expectType<torch.Tensor<[2, 3], 'float32', 'meta'>>(m.add(m));
expectError(x.add(m));
expectError(m.mul(x));

declare const either: torch.Tensor | number;
// Tensor and scalar forms are one signature: each is exact, and a value whose
// kind is known only at run time is accepted with a dynamic result.
{
  const p = torch.zeros([2, 3]);
  const n = torch.zeros([2, 3], { dtype: 'int64' });
  expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(p.add(torch.zeros([3])));
  expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(p.add(2, { alpha: 3 }));
  expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(n.mul(2.5));
  expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(n.mul(2));
  expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(p.gt(0));
  expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(torch.gt(p, torch.zeros([1, 3])));
  expectType<torch.Tensor>(p.add(either));
  expectError(p.add('2'));
  expectError(p.sub(torch.zeros([4]), { alpha: 2 }));
  expectError(torch.add(p, torch.zeros([4])));
  // div with a rounding mode: its own signature, told apart by the options it needs.
  expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(p.div(torch.zeros([3]), { roundingMode: 'floor' }));
  expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(p.div(torch.zeros([3])));
  expectType<torch.Tensor>(p.div(2, { roundingMode: 'trunc' }));
  expectError(p.div(torch.zeros([4]), { roundingMode: 'floor' }));
}
