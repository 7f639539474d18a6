// Overload resolution of the generated API, and the check that every
// generated schema exists in the loaded libtorch.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import * as generated from '../src/ops/generated/overloads.ts';

describe('generated op resolution', () => {
  it('every generated schema resolves to a dispatcher handle', () => {
    const overloads = Object.values(generated);
    // 1,119 public schemas: the internal kernels (*_backward, native_*, slow_*, thnn_*) and the aten forms of the
    // Python-level functions (unique_consecutive, norm, sort, index, ..., the sparse constructors) are in typed-torch/aten only.
    expect(overloads.length).toBe(1119);
    expect(() => torch.ops.verifyGenerated()).not.toThrow();
    const unresolved = overloads.filter((ov) => {
      try {
        torch.ops.op(ov.qualified);
        return false;
      } catch {
        return true;
      }
    });
    expect(unresolved.map((o) => o.qualified)).toEqual([]);
  });

  it('picks the overload from the argument values', () => {
    const x = torch.tensor([1, 2]);
    expect(x.add(x).toArray()).toEqual([2, 4]); // add.Tensor
    expect(x.add(3).toArray()).toEqual([4, 5]); // add.Scalar
    expect(torch.pow(2, x).toArray()).toEqual([2, 4]); // pow.Scalar
    expect(x.pow(x).toArray()).toEqual([1, 4]); // pow.Tensor_Tensor
    expect(x.max().item()).toBe(2); // max()
    expect(x.max(0)[1].item()).toBe(1); // max.dim -> (values, indices)
    expect(x.max(torch.tensor([3, 0])).toArray()).toEqual([3, 2]); // max.other
    expect(x.sum().item()).toBe(3); // sum()
    expect(x.sum(0).item()).toBe(3); // sum.dim_IntList, int[1] given as a number
    expect(x.sum({ dtype: 'float64' }).dtype).toBe('float64'); // sum(*, dtype) by options
  });

  it('options object: keyword-only and defaulted arguments by camelCase name', () => {
    const m = torch.tensor([[1, 2], [3, 4]]);
    expect(m.sum(1, { keepdim: true }).shape).toEqual([2, 1]);
    expect(m.sum(1, true).shape).toEqual([2, 1]);
    expect(torch.add(m, m, { alpha: 10 }).toArray()).toEqual([[11, 22], [33, 44]]);
    expect(torch.logSoftmax(m, 1, { dtype: 'float64' }).dtype).toBe('float64');
    const img = torch.ones([1, 1, 5, 5]);
    const w = torch.ones([1, 1, 3, 3]);
    expect(torch.conv2d(img, w, { stride: 2 }).shape).toEqual([1, 1, 2, 2]);
    expect(torch.conv2d(img, w, null, 2).shape).toEqual([1, 1, 2, 2]);
    expect(torch.conv2d(img, w, { padding: 1, stride: [2, 1] }).shape).toEqual([1, 1, 3, 5]);
    expect(torch.maxPool2d(img, 2).shape).toEqual([1, 1, 2, 2]);
    expect(torch.crossEntropyLoss(torch.zeros([2, 3]), torch.tensor([0, 2], { dtype: 'int64' }), { reduction: 0 }).shape).toEqual([2]);
  });

  it('methods whose receiver is not the first argument (where.self)', () => {
    const a = torch.tensor([1, 2, 3]);
    const b = torch.tensor([10, 20, 30]);
    const cond = torch.tensor([true, false, true]);
    expect(a.where(cond, b).toArray()).toEqual([1, 20, 3]);
    expect(torch.where(cond, a, b).toArray()).toEqual([1, 20, 3]);
  });

  it('reserved-word names are exported under their real name (torch.var)', () => {
    const x = torch.tensor([1, 2, 3, 4], { dtype: 'float64' });
    expect(torch.var(x).item()).toBeCloseTo(5 / 3, 12);
    expect(x.var({ unbiased: false } as never).item()).toBeCloseTo(1.25, 12);
  });

  it('rejects calls no overload accepts, listing the overloads', () => {
    const x = torch.tensor([1, 2]);
    expect(() => x.add('a' as never)).toThrow(/add: no overload accepts \(this: Tensor<float32>\[2\], "a"\)/);
    expect(() => x.add('a' as never)).toThrow(/add\.Tensor\(other: Tensor, \{alpha\?: Scalar\}\)/);
    // @ts-expect-error: a misspelt option
    expect(() => x.sum(0, { keepdims: true })).toThrow(/no overload accepts/);
    // keepdim given twice, in place and by name: only the run time can tell
    expect(() => x.sum(0, true, { keepdim: true })).toThrow(/no overload accepts/);
    // @ts-expect-error: matmul takes two tensors (the compiler knows too)
    expect(() => torch.matmul(x)).toThrow(/matmul: no overload accepts/);
    // @ts-expect-error: flatten takes at most two dims
    expect(() => x.flatten(0, 0, 0, 0)).toThrow(/no overload accepts/);
  });

  it('errors from libtorch inside a generated call are TorchErrors', () => {
    // @ts-expect-error: the compiler already sees the inner dims 3 and 2 differ
    expect(() => torch.mm(torch.ones([2, 3]), torch.ones([2, 3]))).toThrow(torch.TorchError);
    // @ts-expect-error: and that 2 elements cannot become [3]
    expect(() => torch.ones([2]).view([3])).toThrow(/shape '\[3\]' is invalid for input of size 2/);
  });
});
