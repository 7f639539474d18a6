// Each argument and return type of the generic op path, exercised through a
// real schema that uses it. Expected values are computed by hand.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { expectClose } from './helpers/assert.ts';

const { call, op } = torch.ops;
const T = (data: torch.NestedData, dtype?: torch.DType) => torch.tensor(data, dtype ? { dtype } : {});
const arr = (v: unknown) => (v as torch.Tensor).toArray();

describe('argument conversions', () => {
  it('Tensor', () => {
    expect(arr(call('add.Tensor', T([1, 2]), T([10, 20])))).toEqual([11, 22]);
  });

  it('Tensor? given and omitted (linear bias)', () => {
    const x = T([[1, 2]]);
    const w = T([[1, 0], [0, 1], [1, 1]]);
    expect(arr(call('linear', x, w))).toEqual([[1, 2, 3]]);
    expect(arr(call('linear', x, w, null))).toEqual([[1, 2, 3]]);
    expect(arr(call('linear', x, w, T([1, 1, 1])))).toEqual([[2, 3, 4]]);
  });

  it('Tensor[] (cat)', () => {
    expect(arr(call('cat', [T([1]), T([2, 3])], 0))).toEqual([1, 2, 3]);
  });

  it('Tensor?[] with nulls (advanced indexing)', () => {
    const x = T([[1, 2, 3], [4, 5, 6]]);
    const idx = T([2, 0], 'int64');
    expect(arr(call('index.Tensor', x, [null, idx]))).toEqual([[3, 1], [6, 4]]);
  });

  it('int, negative int, and bigint for int', () => {
    const x = T([[1, 2], [3, 4]]);
    expect(arr(call('select.int', x, 1, 0))).toEqual([1, 3]);
    expect(arr(call('select.int', x, -1, -1))).toEqual([2, 4]);
    expect(arr(call('select.int', x, 0n, 1n))).toEqual([3, 4]);
  });

  it('SymInt (narrow) and SymInt[] (view)', () => {
    const x = T([0, 1, 2, 3, 4, 5]);
    expect(arr(call('narrow', x, 0, 2, 3))).toEqual([2, 3, 4]);
    expect(arr(call('view', x, [2, -1]))).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('int[] (permute, sum over dims)', () => {
    const x = T([[[1, 2]], [[3, 4]]]); // [2, 1, 2]
    expect((call('permute', x, [2, 0, 1]) as torch.Tensor).shape).toEqual([2, 2, 1]);
    expect(arr(call('sum.dim_IntList', x, [0, 2]))).toEqual([10]);
  });

  it('int[N] given as one number (max_pool2d kernel_size and stride)', () => {
    const x = call('reshape', torch.arange(16, { dtype: 'float32' }), [1, 1, 4, 4]) as torch.Tensor;
    const pooled = call('max_pool2d', x, 2, 2) as torch.Tensor;
    expect(pooled.toArray()).toEqual([[[[5, 7], [13, 15]]]]);
    const viaList = call('max_pool2d', x, [2, 2], [2, 2]) as torch.Tensor;
    expect(viaList.toArray()).toEqual(pooled.toArray());
  });

  it('float (pdist p, clamp bounds)', () => {
    const x = T([[0, 0], [3, 4]], 'float64');
    expectClose(arr(call('pdist', x, 2.0)), [5]);
    expectClose(arr(call('pdist', x, 1)), [7]);
  });

  it('bool (keepdim)', () => {
    const x = T([[1, 2], [3, 4]]);
    expect((call('sum.dim_IntList', x, [1], true) as torch.Tensor).shape).toEqual([2, 1]);
    expect((call('sum.dim_IntList', x, [1], false) as torch.Tensor).shape).toEqual([2]);
  });

  it('str and str? (div rounding mode, einsum)', () => {
    const a = T([7, -7]);
    const b = T([2, 2]);
    expect(arr(call('div.Tensor_mode', a, b, 'floor'))).toEqual([3, -4]);
    expect(arr(call('div.Tensor_mode', a, b, 'trunc'))).toEqual([3, -3]);
    expect(arr(call('div.Tensor_mode', a, b, null))).toEqual([3.5, -3.5]);
    expect(arr(call('einsum', 'ij,j->i', [T([[1, 2], [3, 4]]), T([1, 1])]))).toEqual([3, 7]);
  });

  it('Scalar from integer, fractional, bigint and boolean values', () => {
    const ints = T([1, 2], 'int64');
    const i = call('add.Scalar', ints, 3) as torch.Tensor;
    expect([i.dtype, i.toArray()]).toEqual(['int64', [4, 5]]);
    const f = call('add.Scalar', ints, 0.5) as torch.Tensor;
    expect([f.dtype, f.toArray()]).toEqual(['float32', [1.5, 2.5]]);
    expect(arr(call('add.Scalar', ints, 5n))).toEqual([6, 7]);
    expect(arr(call('mul.Scalar', T([true, false]), true))).toEqual([true, false]);
    // alpha is a keyword-only Scalar: a + 2 * b
    expect(arr(call('add.Tensor', T([1, 1]), T([1, 2]), 2))).toEqual([3, 5]);
  });

  it('ScalarType (sum dtype, to.dtype)', () => {
    const x = T([1, 2]);
    const s = call('sum', x, 'float64') as torch.Tensor;
    expect(s.dtype).toBe('float64');
    expect((call('to.dtype', x, 'int32') as torch.Tensor).dtype).toBe('int32');
    expect(() => call('to.dtype', x, 'float128')).toThrow(/unknown dtype 'float128'/);
  });

  it('Layout, Device and MemoryFormat', () => {
    const z = call('zeros', [2, 3], 'float32', 'strided', 'cpu') as torch.Tensor;
    expect(z.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    const m = call('zeros', [2, 3], 'float32', null, 'meta') as torch.Tensor;
    expect([m.device, m.shape]).toEqual(['meta', [2, 3]]);
    const x = torch.zeros([1, 3, 2, 2]);
    const cl = call('contiguous', x, 'channels_last') as torch.Tensor;
    expect(cl.stride()).toEqual([12, 1, 6, 3]);
    expect(() => call('zeros', [1], null, 'diagonal')).toThrow(/unknown layout 'diagonal'/);
    expect(() => call('zeros', [1], null, null, 'tpu:9')).toThrow(/unknown device 'tpu:9'/);
  });

  it('Generator? accepts null and rejects an object with a clear message', () => {
    torch.manualSeed(3);
    const a = call('rand', [3], null) as torch.Tensor;
    expect(a.shape).toEqual([3]);
    expect(() => call('bernoulli', torch.rand([2]), {})).toThrow(/generator/);
  });

  it('optional and defaulted arguments: omitted, undefined and explicit', () => {
    const x = T([[1, 2], [3, 4]]);
    // sum.dim_IntList(self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)
    const a = call('sum.dim_IntList', x, [0]) as torch.Tensor;
    const b = call('sum.dim_IntList', x, [0], undefined, undefined) as torch.Tensor;
    const c = call('sum.dim_IntList', x, [0], false, null) as torch.Tensor;
    expect(a.toArray()).toEqual([4, 6]);
    expect(b.toArray()).toEqual([4, 6]);
    expect(c.toArray()).toEqual([4, 6]);
    expect(() => call('add.Tensor', x)).toThrow(/missing required argument 'other'/);
    expect(() => call('add.Tensor', x, x, 1, 2)).toThrow(/takes 3 arguments but 4 were given/);
  });

  it('float[]? and bool[3] (upsample scale factors, convolution_backward output mask)', () => {
    const x = T([[[1, 2]]]); // [1, 1, 2]
    const up = call('upsample_nearest1d.vec', x, null, [2.0]) as torch.Tensor;
    expect(up.toArray()).toEqual([[[1, 1, 2, 2]]]);
    const input = torch.ones([1, 1, 3]);
    const weight = torch.ones([1, 1, 2]);
    const gradOut = torch.ones([1, 1, 2]);
    const [gi, gw, gb] = call(
      'convolution_backward', gradOut, input, weight, [1], [1], [0], [1], false, [0], 1, [true, true, false],
    ) as (torch.Tensor | null)[];
    expect(gi!.toArray()).toEqual([[[1, 2, 1]]]);
    expect(gw!.toArray()).toEqual([[[2, 2]]]);
    expect(gb).toBeNull();
  });

  it('Scalar[] and str[] lists', () => {
    const [a, b] = call('_foreach_add.ScalarList', [T([1]), T([2])], [10, 20]) as torch.Tensor[];
    expect([a!.toArray(), b!.toArray()]).toEqual([[11], [22]]);
    expect(() => call('_foreach_add.ScalarList', [T([1])], ['x'])).toThrow(/expected a number/);
  });

  it('wrong argument types throw naming the op and the argument', () => {
    const x = T([1]);
    expect(() => call('add.Tensor', x, 'nope')).toThrow(/aten::add\.Tensor: argument 'other' \(Tensor\) expected a Tensor/);
    expect(() => call('select.int', x, 0.5, 0)).toThrow(/argument 'dim' \(int\) expected an integer/);
    expect(() => call('sum.dim_IntList', x, [0], 'yes')).toThrow(/argument 'keepdim' \(bool\) expected a boolean/);
  });

  it('unsupported schema types are refused at lookup with the reason', () => {
    expect(() => op('set_.source_Storage')).toThrow(/Storage/);
  });
});

describe('return conversions', () => {
  it('a tuple of tensors (max.dim, sort)', () => {
    const [values, indices] = call('max.dim', T([[1, 5], [7, 2]]), 1) as torch.Tensor[];
    expect(values!.toArray()).toEqual([5, 7]);
    expect([indices!.dtype, indices!.toArray()]).toEqual(['int64', [1, 0]]);
    const [sorted] = call('sort', T([3, 1, 2])) as torch.Tensor[];
    expect(sorted!.toArray()).toEqual([1, 2, 3]);
  });

  it('a list of tensors (unbind, split)', () => {
    const parts = call('unbind.int', T([[1, 2], [3, 4]]), 0) as torch.Tensor[];
    expect(parts.map((p) => p.toArray())).toEqual([[1, 2], [3, 4]]);
    const chunks = call('split.Tensor', T([1, 2, 3, 4, 5]), 2) as torch.Tensor[];
    expect(chunks.map((p) => p.toArray())).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('int, bool, float, Scalar and ScalarType returns', () => {
    const x = T([[1, 2, 3]]);
    expect(call('size.int', x, 1)).toBe(3);
    expect(call('is_nonzero', T([1]))).toBe(true);
    expect(call('is_same_size', x, x)).toBe(true);
    expect(call('item', T([2.5]))).toBe(2.5);
    expect(call('item', T([7], 'int64'))).toBe(7);
    expect(call('result_type.Tensor', T([1], 'int32'), T([1], 'float64'))).toBe('float64');
  });

  it('in-place ops return the same Tensor object', () => {
    const x = T([1, 2]);
    const y = call('add_.Tensor', x, T([1, 1]));
    expect(y).toBe(x);
    expect(x.toArray()).toEqual([2, 3]);
  });

  it('out= ops write into and return the given tensor', () => {
    const out = torch.empty([2]);
    const r = call('add.out', T([1, 2]), T([3, 4]), 1, out);
    expect(r).toBe(out);
    expect(out.toArray()).toEqual([4, 6]);
  });
});
