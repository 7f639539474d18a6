// Sparse tensors against Python torch (the same libtorch, one interpreter):
// the constructors' size inference and conversions, coalescing, the layout
// conversions and their parts, torch.sparse's products, sums and softmax;
// the gradient that torch.sparse.mm gives the sparse operand against
// central finite differences; bad input refused with libtorch's or our
// message, never a crash.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';
import { expectClose } from './helpers/assert.ts';

const f64 = { dtype: 'float64' } as const;
const dense = [[0, 2, 0, 1.5], [3, 0, 0, 0], [0, -1, 4, 0]];

const PY = py<Record<string, unknown>>(`
d = torch.tensor(${JSON.stringify(dense)})
u = torch.sparse_coo_tensor([[0, 0, 2, 1], [1, 1, 0, 3]], [1., 2., 3., 4.])
c = u.coalesce()
csr = d.to_sparse_csr()
csc = d.to_sparse_csc()
bsr = torch.tensor([[1., 2, 0, 0], [3, 4, 0, 0], [0, 0, 0, 5], [0, 0, 6, 0]]).to_sparse_bsr((2, 2))
hybrid = torch.arange(12.).reshape(3, 4).mul(torch.tensor([[1.], [0.], [1.]])).to_sparse(1)
w = torch.arange(8.).reshape(4, 2) / 4
s = d.to_sparse()
x = torch.arange(6.).reshape(3, 2) - 2
m1 = torch.arange(12.).reshape(3, 4) / 5
ints = torch.tensor([[1, 0], [2, 3]], dtype=torch.int32).to_sparse()
out = {
  'u': [list(u.shape), u.is_coalesced(), u._indices(), u._values()],
  'c': [c.indices(), c.values(), c.is_coalesced(), c.to_dense()],
  'csr': [csr.crow_indices(), csr.col_indices(), csr.values()],
  'csc': [csc.ccol_indices(), csc.row_indices(), csc.values()],
  'bsr': [bsr.crow_indices(), bsr.col_indices(), bsr.values()],
  'hybrid': [hybrid.sparse_dim(), hybrid.dense_dim(), hybrid.indices(), hybrid.values()],
  'mm': torch.sparse.mm(s, w),
  'addmm': torch.sparse.addmm(x, s, w, beta=0.5, alpha=2.),
  'sum': [torch.sparse.sum(s), torch.sparse.sum(s, 1).to_dense(), torch.sparse.sum(s, [0, 1])],
  'sum_int': [str(torch.sparse.sum(ints).dtype).replace('torch.', ''), str(torch.sparse.sum(ints, 1).dtype).replace('torch.', '')],
  'softmax': [torch.sparse.softmax(s, 1).to_dense(), torch.sparse.log_softmax(s, 0).to_dense()],
  'sampled': torch.sparse.sampled_addmm(csr, m1, torch.arange(16.).reshape(4, 4) / 7, beta=0.5, alpha=2.).to_dense(),
  'sparse_mask': d.sparse_mask(torch.tensor([[1., 0, 0, 1], [0, 0, 0, 0], [0, 1, 0, 0]]).to_sparse()).to_dense(),
}
`);

describe('sparse COO tensors', () => {
  it('keep duplicate indices until coalesce() sums them; the size is inferred from the indices', () => {
    const u = torch.sparseCooTensor([[0, 0, 2, 1], [1, 1, 0, 3]], [1, 2, 3, 4]);
    const [shape, coalesced] = PY.u as [number[], boolean];
    expect(u.shape).toEqual(shape);
    expect(u.layout).toBe('sparse_coo');
    expect(u.isSparse).toBe(true);
    expect(u.isCoalesced()).toBe(coalesced);
    const c = u.coalesce();
    const [indices, values, isCoalesced, asDense] = PY.c as [number[][], number[], boolean, number[][]];
    expect(c.indices().toArray()).toEqual(indices);
    expect(c.indices().dtype).toBe('int64');
    expect(c.values().toArray()).toEqual(values);
    expect(c.isCoalesced()).toBe(isCoalesced);
    expect(c.toDense().toArray()).toEqual(asDense);
  });

  it('takes dtype, device and requiresGrad from the options, and index tensors of any integer dtype', () => {
    const s = torch.sparseCooTensor(torch.tensor([[0, 2]], { dtype: 'int32' }), [1, 2], [4], { dtype: 'float64', requiresGrad: true });
    expect([s.dtype, s.device, s.requiresGrad, s.isLeaf]).toEqual(['float64', 'cpu', true, true]);
    expect(s.toDense().toArray()).toEqual([1, 0, 2, 0]);
    expect(torch.sparseCooTensor([[0, 1]], [true, false], [2]).dtype).toBe('bool');
  });

  it('prints its stored indices and values, nnz and layout', () => {
    const s = torch.sparseCooTensor([[0, 0], [1, 1]], [1, 2], [1, 2]);
    expect(s.toString()).toBe('Tensor(indices=[[0,0],[1,1]], values=[1,2], nnz=2, shape=[1, 2], dtype=float32, device=cpu, layout=sparse_coo)');
    expect(torch.tensor(dense).toSparseCsr().toString()).toContain('crowIndices=[0,2,3,5], colIndices=[1,3,0,1,2], values=[2,1.5,3,-1,4], nnz=5');
  });

  it('refuses inconsistent indices, sizes and values with libtorch\'s message', () => {
    expect(() => torch.sparseCooTensor([[0, 5]], [1, 2], [3])).toThrow('size is inconsistent with indices: for dim 0, size is 3 but found index 5');
    expect(() => torch.sparseCooTensor([[0, -1]], [1, 2], [3])).toThrow('found negative index -1 for dim 0');
    expect(() => torch.sparseCooTensor([[0, 1]], [1, 2, 3], [3])).toThrow('indices and values must have same nnz');
    expect(() => torch.sparseCsrTensor([0, 1, 5], [1, 0], [2, 3])).toThrow('crow_indices[..., -1] == nnz');
    expect(() => torch.sparseCooTensor(null as never, [1], [1])).toThrow('sparseCooTensor: indices must be a tensor or nested arrays of numbers, got null');
    expect(() => torch.sparseCooTensor([[0]], [1], 3 as never)).toThrow('sparseCooTensor: the size must be an array of numbers, got number');
    expect(() => torch.sparseCompressedTensor([0, 1], [0], [1], { layout: 'strided' as never })).toThrow('options.layout must be one of');
  });

  it('refuses to read its data as if dense, and says what to do', () => {
    const s = torch.tensor(dense).toSparse();
    expect(() => s.toArray()).toThrow('cannot read the data of a sparse_coo tensor directly: convert it with toDense() first');
    expect(() => s.view([12])).toThrow(/view.*sparse/);
  });
});

describe('layout conversions', () => {
  const d = () => torch.tensor(dense);

  it('to CSR and CSC give Python\'s compressed and plain indices', () => {
    const csr = d().toSparseCsr();
    expect(csr.layout).toBe('sparse_csr');
    expect(csr.isSparseCsr).toBe(true);
    expect([csr.crowIndices().toArray(), csr.colIndices().toArray(), csr.values().toArray()]).toEqual(PY.csr);
    const csc = d().toSparseCsc();
    expect([csc.ccolIndices().toArray(), csc.rowIndices().toArray(), csc.values().toArray()]).toEqual(PY.csc);
    expect(csr.toDense().toArray()).toEqual(dense);
    expect(csc.toDense().toArray()).toEqual(dense);
  });

  it('to block CSR, and a hybrid COO tensor with one dense dim', () => {
    const bsr = torch.tensor([[1, 2, 0, 0], [3, 4, 0, 0], [0, 0, 0, 5], [0, 0, 6, 0]]).toSparseBsr([2, 2]);
    expect([bsr.crowIndices().toArray(), bsr.colIndices().toArray(), bsr.values().toArray()]).toEqual(PY.bsr);
    const hybrid = torch.arange(12).reshape([3, 4]).mul(torch.tensor([[1], [0], [1]])).toSparse(1);
    expect([hybrid.sparseDim(), hybrid.denseDim(), hybrid.indices().toArray(), hybrid.values().toArray()]).toEqual(PY.hybrid);
    expect(torch.sparseCsrTensor([0, 1, 2], [1, 0], [2, 3], [2, 2]).toDense().toArray()).toEqual([[0, 2], [3, 0]]);
  });

  it('sparseMask keeps the dense tensor\'s values where the mask stores one', () => {
    const mask = torch.tensor([[1, 0, 0, 1], [0, 0, 0, 0], [0, 1, 0, 0]]).toSparse();
    expect(d().sparseMask(mask).toDense().toArray()).toEqual(PY.sparse_mask);
  });
});

describe('torch.sparse', () => {
  const s = () => torch.tensor(dense).toSparse();
  const w = () => torch.arange(8).reshape([4, 2]).div(4);

  it('mm and addmm match Python', () => {
    expectClose(torch.sparse.mm(s(), w()).toArray(), PY.mm as number[][], 1e-6);
    expectClose(torch.mm(s(), w()).toArray(), PY.mm as number[][], 1e-6);
    const x = torch.arange(6, { dtype: 'float32' }).reshape([3, 2]).sub(2);
    expectClose(torch.sparse.addmm(x, s(), w(), { beta: 0.5, alpha: 2 }).toArray(), PY.addmm as number[][], 1e-6);
  });

  it('sum over everything, one dim and every dim; integers as libtorch sums them', () => {
    const [all, rows, both] = PY.sum as [number, number[], number];
    expect(torch.sparse.sum(s()).item()).toBeCloseTo(all, 5);
    expectClose(torch.sparse.sum(s(), 1).toDense().toArray(), rows, 1e-6);
    expect(torch.sparse.sum(s(), { dim: [0, 1] }).item()).toBeCloseTo(both, 5);
    const ints = torch.tensor([[1, 0], [2, 3]], { dtype: 'int32' }).toSparse();
    expect([torch.sparse.sum(ints).dtype, torch.sparse.sum(ints, 1).dtype]).toEqual(PY.sum_int);
  });

  it('softmax and logSoftmax over the stored values only', () => {
    const [soft, logSoft] = PY.softmax as [number[][], number[][]];
    expectClose(torch.sparse.softmax(s(), 1).toDense().toArray(), soft, 1e-6);
    expectClose(torch.sparse.logSoftmax(s(), 0).toDense().toArray(), logSoft, 1e-6);
  });

  it('sampledAddmm computes at the CSR input\'s pattern', () => {
    const m1 = torch.arange(12).reshape([3, 4]).div(5);
    const m2 = torch.arange(16).reshape([4, 4]).div(7);
    const out = torch.sparse.sampledAddmm(torch.tensor(dense).toSparseCsr(), m1, m2, { beta: 0.5, alpha: 2 });
    expect(out.layout).toBe('sparse_csr');
    expectClose(out.toDense().toArray(), PY.sampled as number[][], 1e-5);
  });

  it('mm gives the sparse operand the gradient central differences give (float64)', () => {
    const indices = [[0, 1, 1, 2], [1, 0, 2, 2]];
    const values = [0.5, 2, -1, 3];
    const x = torch.randn([3, 2], f64);
    const r = torch.randn([3, 2], f64);
    const f = (v: number[]) => torch.sparse.mm(torch.sparseCooTensor(indices, torch.tensor(v, f64), [3, 3]), x).mul(r).sum();
    const a = torch.sparseCooTensor(indices, torch.tensor(values, f64), [3, 3], { requiresGrad: true });
    torch.sparse.mm(a, x).mul(r).sum().backward();
    const grad = a.grad!;
    expect(grad.layout).toBe('sparse_coo');
    const analytic = grad.coalesce().values().toArray() as number[];
    const eps = 1e-6;
    for (let k = 0; k < values.length; k++) {
      const at = (d: number) => Number(f(values.map((v, j) => (j === k ? v + d : v))).item());
      expect(Math.abs((at(eps) - at(-eps)) / (2 * eps) - analytic[k]!)).toBeLessThan(1e-7);
    }
  });

  it('spdiags places diagonals by offset', () => {
    const m = torch.sparse.spdiags(torch.tensor([[1, 2, 3], [4, 5, 6]]), torch.tensor([0, 1], { dtype: 'int64' }), [3, 3]);
    // Row i of the diagonals sits on offset i; element j of it in column j.
    expect(m.toDense().toArray()).toEqual([[1, 5, 0], [0, 2, 6], [0, 0, 3]]);
  });
});

describe('sparse gradients in training', () => {
  const w0 = [[0.5, -1, 2], [1.5, 0.25, -0.5], [-2, 1, 0], [0.75, 0.5, -1.25], [1, -0.5, 0.5]];
  const idx = [1, 3, 1, 0];
  const r = [[1, -2, 0.5], [0.25, 1, -1], [2, 0, 1], [-1, 0.5, 0.5]];
  const PYTRAIN = py<Record<string, number[][]>>(`
def run(make, sparse):
    emb = torch.nn.Embedding(5, 3, sparse=sparse)
    with torch.no_grad(): emb.weight.copy_(torch.tensor(${JSON.stringify(w0)}, dtype=torch.float64).float())
    opt = make(emb.parameters())
    for _ in range(3):
        opt.zero_grad()
        (emb(torch.tensor(${JSON.stringify(idx)})) * torch.tensor(${JSON.stringify(r)})).sum().backward()
        opt.step()
    return emb.weight
out = {
  'sgd': run(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), True),
  'sgd_plain': run(lambda p: torch.optim.SGD(p, lr=0.1), True),
  'adagrad': run(lambda p: torch.optim.Adagrad(p, lr=0.5), True),
}
`);
  const train = (make: (p: torch.Tensor[]) => torch.optim.Optimizer<any>) => {
    const emb = new torch.nn.Embedding(5, 3, { sparse: true });
    torch.noGrad(() => emb.weight.copy_(torch.tensor(w0)));
    const opt = make(emb.parameters());
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      emb.forward(torch.tensor(idx.map(BigInt))).mul(torch.tensor(r)).sum().backward();
      expect(emb.weight.grad!.layout).toBe('sparse_coo');
      opt.step();
    }
    return emb.weight.toArray() as number[][];
  };

  it('Embedding({ sparse: true }) trains with SGD and Adagrad as Python does', () => {
    expectClose(train((p) => new torch.optim.SGD(p, { lr: 0.1, momentum: 0.9 })), PYTRAIN.sgd!, 1e-6);
    expectClose(train((p) => new torch.optim.SGD(p, { lr: 0.1 })), PYTRAIN.sgd_plain!, 1e-6);
    expectClose(train((p) => new torch.optim.Adagrad(p, { lr: 0.5 })), PYTRAIN.adagrad!, 1e-6);
  });

  it('optimizers without a sparse path refuse a sparse gradient with Python\'s message', () => {
    expect(() => train((p) => new torch.optim.Adam(p))).toThrow('Adam does not support sparse gradients, please consider SparseAdam instead');
    expect(() => train((p) => new torch.optim.RMSprop(p))).toThrow('RMSprop does not support sparse gradients');
    expect(() => train((p) => new torch.optim.Adagrad(p, { weightDecay: 0.1 }))).toThrow('weightDecay option is not compatible with sparse gradients');
    // Python's SGD adds weight decay to the sparse gradient, which libtorch refuses: so does typed-torch's.
    expect(() => train((p) => new torch.optim.SGD(p, { lr: 0.1, weightDecay: 0.01 }))).toThrow('add(sparse, dense) is not supported');
    expect(new torch.nn.Embedding(5, 3, { sparse: true }).toString()).toBe('Embedding(5, 3, sparse=True)');
  });
});
