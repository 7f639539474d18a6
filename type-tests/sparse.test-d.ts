// Sparse tensors: the constructors' shapes and dtypes, the layout
// conversions keep the shape, the parts' shapes, torch.sparse's products.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;

// The size given: that shape; inferred from the indices: dynamic.
const a = torch.sparseCooTensor([[0, 1, 1], [2, 0, 2]], [3, 4, 5], [2, 3]);
expectType<F32<[2, 3]>>(a);
expectType<F32<number[]>>(torch.sparseCooTensor([[0, 1]], [3, 4]));
expectType<torch.Tensor<[4], 'float64', 'cpu'>>(torch.sparseCooTensor([[0, 2]], [1, 2], [4], { dtype: 'float64' }));
expectType<torch.Tensor<[4], 'int64', 'cpu'>>(torch.sparseCooTensor([[0, 2]], torch.tensor([1n, 2n]), [4]));
expectType<torch.Tensor<[2, 2], 'bool', 'cpu'>>(torch.sparseCsrTensor([0, 1, 2], [1, 0], [true, false], [2, 2]));
expectType<F32<[2, 2]>>(torch.sparseCompressedTensor([0, 1, 2], [1, 0], [2, 3], [2, 2], { layout: 'sparse_csc' }));
expectError(torch.sparseCompressedTensor([0, 1, 2], [1, 0], [2, 3], [2, 2], { layout: 'strided' }));
expectError(torch.sparseCooTensor([[0, 1]], [3, 4], 2));

// Conversions keep shape and dtype; toDense takes a dtype.
const d = torch.zeros([3, 4]);
expectType<F32<[3, 4]>>(d.toSparse());
expectType<F32<[3, 4]>>(d.toSparseCsr().toDense());
expectType<torch.Tensor<[3, 4], 'float64', 'cpu'>>(d.toSparse().toDense('float64'));
expectType<F32<[2, 3]>>(a.coalesce());
expectType<torch.Layout>(a.layout);
expectType<boolean>(a.isSparse);

// The parts.
expectType<torch.Tensor<[number, number], 'int64', 'cpu'>>(a.coalesce().indices());
expectType<F32<number[]>>(a.coalesce().values());
expectType<torch.Tensor<number[], 'int32' | 'int64', 'cpu'>>(d.toSparseCsr().crowIndices());
expectType<number>(a.sparseDim());

// torch.sparse.mm and torch.mm with a sparse operand check the inner dims.
const w = torch.zeros([3, 5]);
expectType<F32<[2, 5]>>(torch.sparse.mm(a, w));
expectType<F32<[2, 5]>>(torch.mm(a, w));
expectError(torch.sparse.mm(a, torch.zeros([4, 5])));
expectType<torch.Tensor<[], 'float32', 'cpu'>>(torch.sparse.sum(a));
expectType<torch.Tensor<[], 'int64', 'cpu'>>(torch.sparse.sum(torch.zeros([2, 2], { dtype: 'int32' }).toSparse()));
expectType<F32<[2, 3]>>(torch.sparse.softmax(a, 1));
expectType<torch.Tensor<[3, 3], 'float32', 'cpu'>>(torch.sparse.spdiags(torch.zeros([1, 3]), torch.tensor([0n]), [3, 3]));
