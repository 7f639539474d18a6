// Tensor.index (Python's x[...]) with literal indices: the result shape at
// compile time, and wrong indices as errors at the call. The Python lines
// are the same index: test/indexing.test.ts checks every form's values.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
const x = torch.zeros([3, 4, 2, 5]);
const i = torch.tensor([2n, 0n, 1n]);
const i2 = torch.zeros([2, 2], { dtype: 'int64' });
const m1 = torch.zeros([4], { dtype: 'bool' });
const m2 = torch.zeros([3, 4], { dtype: 'bool' });
const z = torch.tensor(1n);

expectType<F32<[4, 2, 5]>>(x.index(1)); // x[1]
expectType<F32<[4, 2, 5]>>(x.index(-1)); // x[-1]
expectType<F32<[2, 5]>>(x.index(0, -1)); // x[0, -1]
expectType<F32<[3, 4, 2, 5]>>(x.index(':')); // x[:]
expectType<F32<[2, 4, 2, 5]>>(x.index('1:3')); // x[1:3]
expectType<F32<[2, 4, 2, 5]>>(x.index('::2')); // x[::2]
expectType<F32<[1, 4, 2, 5]>>(x.index('1::2')); // x[1::2]
expectType<F32<[2, 4, 2, 5]>>(x.index('-2:')); // x[-2:]
expectType<F32<[2, 4, 2, 5]>>(x.index(':-1')); // x[:-1]
expectType<F32<[3, 4, 2, 5]>>(x.index('-100:100')); // x[-100:100]
expectType<F32<[0, 4, 2, 5]>>(x.index('3:1')); // x[3:1]
expectType<F32<[3, 2, 2, 5]>>(x.index(':', '1:4:2')); // x[:, 1:4:2]
expectType<F32<[1, 3, 4, 2, 5]>>(x.index(null)); // x[None]
expectType<F32<[1, 1, 4, 2, 5]>>(x.index(null, 1, null)); // x[None, 1, None]
expectType<F32<[3, 4, 2, 5]>>(x.index('...')); // x[...]
expectType<F32<[3, 4, 2]>>(x.index('...', 1)); // x[..., 1]
expectType<F32<[4, 2, 5, 1]>>(x.index(1, '...', null)); // x[1, ..., None]
expectType<F32<[3, 4, 2, 3]>>(x.index(':', '...', '::2')); // x[:, ..., ::2]
expectType<F32<[1, 2, 1, 5]>>(x.index(1, null, ':2', '::2')); // x[1, None, :2, ::2]

// Advanced indices: adjacent ones in place, separated ones first (libtorch's order).
expectType<F32<[2, 4, 2, 5]>>(x.index([0, 2])); // x[[0, 2]]
expectType<F32<[2, 2, 5]>>(x.index([0, 2], [1, 3])); // x[[0, 2], [1, 3]]
expectType<F32<[3, 2, 2, 5]>>(x.index(':', [0, 2])); // x[:, [0, 2]]
expectType<F32<[2, 4, 5]>>(x.index([0, 1], ':', [1, 0])); // x[[0, 1], :, [1, 0]]
expectType<F32<[3, 2, 2]>>(x.index(':', [0, 1], ':', 0)); // x[:, [0, 1], :, 0]
expectType<torch.Tensor<[3, 4, 2, 5], 'float32', 'cpu'>>(x.index(i)); // x[I]
expectType<F32<[3, 2, 2, 2, 5]>>(x.index(':', i2)); // x[:, I2]
expectType<F32<[4, 2, 5]>>(x.index(z)); // x[torch.tensor(1)]: a 0-d integer tensor selects
expectType<F32<[number, 2, 5]>>(x.index(m2)); // x[M2]: a mask's count is known at run time
expectType<F32<[3, number, 2, 5]>>(x.index(':', m1)); // x[:, M1]
expectType<F32<[1, 3, 4, 2, 5]>>(x.index(true)); // x[True]
expectType<F32<[0, 3, 4, 2, 5]>>(x.index(false)); // x[False]

// Unknown shapes and indices stay unknown.
const u = torch.zeros([3, 4]) as F32<number[]>;
expectType<torch.Tensor<number[], 'float32', 'cpu'>>(u.index(0, '1:'));
const k: number = 1;
expectType<F32<[4, 2, 5]>>(x.index(k));

// Wrong indices are errors at the call.
expectError(x.index(3)); // index 3 is out of range for a dim of size 3
expectError(x.index(-4));
expectError(x.index(0, 0, 0, 0, 0)); // too many indices
expectError(x.index('1-3')); // not a slice
expectError(x.index('::0')); // a step must be positive
expectError(x.index('...', 1, 1, 1, 1, 1));

// Assignment returns the tensor itself.
expectType<typeof x>(x.indexSet_([0, '1:3'], 1));
