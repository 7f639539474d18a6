// The untyped generated layer (typed-torch/aten): every schema resolves to
// the dispatcher with the argument kinds the generator saw, calls convert
// arguments and results by schema, and mistakes are named.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import * as aten from '../src/ops/generated/aten.ts';
import { schema, opId } from '../src/ops/schema.ts';
import { ARG_KINDS } from '../src/ops/arg-kinds.ts';

describe('the generated layer', () => {
  it('every schema exists in the loaded libtorch with the kinds the generator gave its arguments', () => {
    expect(torch.ops.verifyGenerated()).toBe(2383);
  });

  it('a schema whose argument kinds differ from libtorch is refused, naming the argument', () => {
    const wrong = schema('add.Tensor', [['self', 'Tensor'], ['other', 'Scalar'], ['alpha', 'Scalar', 5]], () => undefined);
    expect(() => opId(wrong)).toThrow(/aten::add.Tensor: argument 1 is 'other' of kind Tensor in libtorch, 'other' of kind Scalar in the generated code/);
    const missing = schema('no_such_op', [], () => undefined);
    expect(() => opId(missing)).toThrow(/no operator aten::no_such_op/);
  });

  it('the addon reports exactly the kinds of the shared table', () => {
    const kinds = new Set<string>();
    for (const name of ['add.Tensor', 'cat', 'index.Tensor', 'rand.generator', 'to.device', 'clone', 'sum.dim_IntList', 'einsum', 'where.ScalarOther']) {
      for (const a of torch.ops.op(name).args) kinds.add(a.kind);
    }
    for (const k of kinds) expect(k in ARG_KINDS, k).toBe(true);
  });

  it('calls by schema: positional arguments, defaults, in-place, out= and tuple results', () => {
    const a = torch.tensor([1, 2, 3]);
    const b = torch.tensor([10, 20, 30]);
    expect(aten.add_Tensor(a, b).toArray()).toEqual([11, 22, 33]);
    expect(aten.add_Tensor(a, b, 2).toArray()).toEqual([21, 42, 63]); // keyword-only alpha, positionally
    const c = torch.zeros([3]);
    expect(aten.add__Tensor(c, a)).toBe(c); // in place: the same object
    expect(c.toArray()).toEqual([1, 2, 3]);
    const out = torch.empty([3]);
    expect(aten.mul_out(a, b, out)).toBe(out);
    expect(out.toArray()).toEqual([10, 40, 90]);
    const [values, indices] = aten.max_dim(torch.tensor([[1, 5], [7, 2]]), 1);
    expect(values.toArray()).toEqual([5, 7]);
    expect(indices.toArray()).toEqual([1, 0]);
    expect(aten.unbind_int(torch.tensor([[1, 2], [3, 4]])).map((t) => t.toArray())).toEqual([[1, 2], [3, 4]]);
    expect(aten.size_int(torch.zeros([4, 5]), 1)).toBe(5);
    expect(aten.result_type_Tensor(a, torch.tensor([1], { dtype: 'float64' }))).toBe('float64');
  });

  it('names the argument that is a disposed tensor or not a tensor at all', () => {
    const a = torch.tensor([1, 2]);
    const gone = torch.tensor([1, 2]);
    gone.dispose();
    expect(() => aten.add_Tensor(a, gone)).toThrow(/aten::add.Tensor: argument 'other' is a disposed tensor/);
    // A number is never taken for a tensor handle, whatever its value.
    expect(() => aten.add_Tensor(a, 16777216 as never)).toThrow(/aten::add.Tensor: argument 'other' \(Tensor\) expected a Tensor/);
    expect(() => aten.cat([a, 'x' as never])).toThrow(/aten::cat: argument 'tensors' \(Tensor\[\]\) expected a Tensor/);
    expect(() => aten.rand_generator([2], 1 as never)).toThrow(/argument 'generator' \(Generator\?\) expected a torch.Generator or null/);
  });

  it('calls the commonest schema shapes unboxed, with the results and messages of the boxed path', () => {
    const shape = (name: string) => torch.ops.op(name).unboxed;
    expect(shape('add.Tensor')).toBe('(Tensor, Tensor, Scalar)');
    expect(shape('mul.Tensor')).toBe('(Tensor, Tensor)');
    expect(shape('matmul')).toBe('(Tensor, Tensor)');
    expect(shape('relu')).toBe('(Tensor)');
    expect(shape('pow.Tensor_Scalar')).toBe('(Tensor, Scalar)');
    // In place, optional arguments, a Scalar twin (mul.Scalar runs mul.Tensor) or a precondition: boxed.
    for (const boxed of ['add_.Tensor', 'clamp', 'mul.Scalar', 'lstm.input', 'sum.dim_IntList']) expect(shape(boxed), boxed).toBeUndefined();
    const a = torch.tensor([1, 2, 3], { dtype: 'float64' });
    const b = torch.tensor([10, 20, 30], { dtype: 'float64' });
    expect(aten.add_Tensor(a, b).toArray()).toEqual([11, 22, 33]); // alpha's default, 1
    expect(aten.add_Tensor(a, b, 0.5).toArray()).toEqual([6, 12, 18]); // a floating alpha
    expect(aten.add_Tensor(a, b, 2n).toArray()).toEqual([21, 42, 63]); // a bigint alpha takes the boxed path
    expect(aten.pow_Tensor_Scalar(a, 2).toArray()).toEqual([1, 4, 9]);
    expect(aten.pow_Tensor_Scalar(a, 0.5).toArray()).toEqual([1, Math.SQRT2, Math.sqrt(3)]);
    // An integer alpha on integer tensors is an integer Scalar (Python's `2`): no float result.
    const i = torch.tensor([1, 2, 3], { dtype: 'int64' });
    expect(aten.add_Tensor(i, i, 2).dtype).toBe('int64');
    expect(() => aten.add_Tensor(i, i, 0.5)).toThrow(/For integral input tensors, argument alpha must not be a floating point number/);
    expect(() => aten.add_Tensor(a, b, 'two' as never)).toThrow(/aten::add.Tensor: argument 'alpha' \(Scalar\) expected a number, bigint or boolean/);
    expect(() => aten.relu(7 as never)).toThrow(/aten::relu: argument 'self' \(Tensor\) expected a Tensor/);
    expect(() => aten.matmul(torch.zeros([2, 3]), torch.zeros([4, 5]))).toThrow(/mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5\)/);
  });
});

describe('seeds and threads', () => {
  it('manualSeed goes through the default generator: the same draws, and the same validation', () => {
    torch.manualSeed(7);
    const a = torch.rand([4]).toArray();
    torch.defaultGenerator.manualSeed(7);
    expect(torch.rand([4]).toArray()).toEqual(a);
    expect(torch.defaultGenerator.initialSeed()).toBe(7n);
    for (const bad of [1.5, Number.NaN, Infinity, 2 ** 60]) {
      expect(() => torch.manualSeed(bad), String(bad)).toThrow(/the seed must be an integer/);
    }
    torch.manualSeed(-1n); // negative seeds wrap to 64 bits, as in PyTorch
    expect(torch.defaultGenerator.initialSeed()).toBe(2n ** 64n - 1n);
  });

  it('setNumThreads takes integers from 1 to 1024', () => {
    for (const bad of [0, 1.5, Number.NaN, 5000]) expect(() => torch.setNumThreads(bad), String(bad)).toThrow(/setNumThreads\(n\): n must be an integer/);
  });
});
