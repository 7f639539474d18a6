// Shapes and dtypes of created tensors come from literal arguments.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(torch.zeros([2, 3]));
expectType<torch.Tensor<[2, 3], 'float64', 'cpu'>>(torch.ones([2, 3], { dtype: 'float64' }));
expectType<torch.Tensor<[4], 'int64', 'cpu'>>(torch.empty([4], { dtype: 'int64' }));
expectType<torch.Tensor<[64, 1, 28, 28], 'float32', 'cpu'>>(torch.randn([64, 1, 28, 28]));
expectType<torch.Tensor<[3], 'float32', 'meta'>>(torch.rand([3], { device: 'meta' }));
expectType<torch.Tensor<[2, 2], 'bool', 'cpu'>>(torch.full([2, 2], true, { dtype: 'bool' }));
expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(torch.tensor([[1, 2, 3], [4, 5, 6]]));
expectType<torch.Tensor<[3], 'float32', 'cpu'>>(torch.tensor([1, 2, 3]));
expectType<torch.Tensor<[], 'float32', 'cpu'>>(torch.tensor(5));
expectType<torch.Tensor<[2], 'bool', 'cpu'>>(torch.tensor([true, false]));
expectType<torch.Tensor<[1, 1], 'int64', 'cpu'>>(torch.tensor([[1n]]));
expectType<torch.Tensor<[2], 'int32', 'cpu'>>(torch.tensor([1, 2], { dtype: 'int32' }));
expectType<torch.Tensor<number[], 'float64', 'cpu'>>(torch.tensor(new Float64Array(4)));
expectType<torch.Tensor<number[], 'int64', 'cpu'>>(torch.tensor(new BigInt64Array(4)));
expectType<torch.Tensor<number[], 'uint8', 'cpu'>>(torch.tensor(new Uint8Array(4)));
expectType<torch.Tensor<[5, 5], 'float32', 'cpu'>>(torch.eye(5));
expectType<torch.Tensor<[3, 4], 'float32', 'cpu'>>(torch.eye(3, 4));
expectType<torch.Tensor<[10], 'float32', 'cpu'>>(torch.linspace(0, 1, 10));
expectType<torch.Tensor<[2, 5], 'int64', 'cpu'>>(torch.randint(0, 10, [2, 5]));
expectType<torch.Tensor<[10], 'int64', 'cpu'>>(torch.arange(10));
// Random factories and generated random ops take a Generator of their own.
declare const gen: torch.Generator;
expectType<torch.Tensor<[2, 5], 'float32', 'cpu'>>(torch.rand([2, 5], { generator: gen }));
expectType<torch.Tensor<[3], 'int64', 'cpu'>>(torch.randint(0, 9, [3], { generator: gen }));
expectType<torch.Tensor>(torch.randperm(8, { generator: gen }));
expectType<torch.Tensor<[4], 'float32', 'cpu'>>(torch.zeros([4]).bernoulli_(0.5, { generator: gen }));
expectType<bigint>(gen.initialSeed());
expectError(torch.rand([2], { generator: 7 }));
expectError(torch.randperm(8, { generator: { seed: 1 } }));
expectError(torch.zeros([2, 3], { dtype: 'float128' }));
expectError(torch.zeros(['B', 3]));
expectError(torch.tensor(['a']));

// assertShape narrows dynamic tensors after a run-time check.
declare const loaded: torch.Tensor;
expectType<torch.Tensor<['B', 784], torch.DType, torch.Device>>(torch.assertShape(loaded, ['B', 784]));
expectType<torch.Tensor<[number, 10], torch.DType, torch.Device>>(torch.assertShape(loaded, [-1, 10]));
declare const f32: torch.Tensor<number[], 'float32', 'cpu'>;
expectType<torch.Tensor<[2, 3], 'float32', 'cpu'>>(torch.assertShape(f32, [2, 3]));

// dtype and device conversions.
const x = torch.zeros([2, 3]);
expectType<torch.Tensor<[2, 3], 'float64', 'cpu'>>(x.to('float64'));
expectType<torch.Tensor<[2, 3], 'float32', 'meta'>>(x.to('meta'));
expectType<torch.Tensor<[2, 3], 'int64', 'cpu'>>(x.long());
expectType<torch.Tensor<[2, 3], 'bool', 'cpu'>>(x.bool());
expectType<torch.Tensor<[2, 3], 'float16', 'meta'>>(x.to({ dtype: 'float16', device: 'meta' }));
