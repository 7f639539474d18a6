// Every dtype's round trip: typed arrays and nested arrays in, typed arrays,
// nested arrays and item() out, and conversions between dtypes.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';

describe('dtype round trips', () => {
  const BF16_3E38 = 3.00405527047391e38;
  const cases: [torch.DType, ArrayBufferView, unknown[]][] = [
    ['float32', new Float32Array([1.5, -2.25, 3e10]), [1.5, -2.25, Math.fround(3e10)]],
    ['float64', new Float64Array([Math.PI, -1e-300, 2 ** 60]), [Math.PI, -1e-300, 2 ** 60]],
    ['int8', new Int8Array([-128, 0, 127]), [-128, 0, 127]],
    ['int16', new Int16Array([-32768, 1, 32767]), [-32768, 1, 32767]],
    ['int32', new Int32Array([-(2 ** 31), 7, 2 ** 31 - 1]), [-(2 ** 31), 7, 2 ** 31 - 1]],
    ['int64', new BigInt64Array([-(2n ** 53n), 5n, 2n ** 53n]), [-(2 ** 53), 5, 2 ** 53]],
    ['uint8', new Uint8Array([0, 128, 255]), [0, 128, 255]],
  ];
  for (const [dtype, data, values] of cases) {
    it(`${dtype} from a typed array`, () => {
      const t = torch.tensor(data);
      expect(t.dtype).toBe(dtype);
      expect(t.shape).toEqual([3]);
      expect(t.toTypedArray()).toEqual(data);
      expect(t.toArray()).toEqual(values);
      const one = torch.tensor(data, { shape: [3, 1] });
      expect(one.shape).toEqual([3, 1]);
    });
    it(`${dtype} from nested arrays and item()`, () => {
      const t = torch.tensor([[values[0], values[1]]] as torch.NestedData, { dtype });
      expect(t.dtype).toBe(dtype);
      expect(t.toArray()).toEqual([[values[0], values[1]]]);
      const s = torch.tensor(values[2] as number, { dtype });
      expect(s.shape).toEqual([]);
      expect(s.item()).toBe(values[2]);
    });
  }

  it('bool from booleans, Uint8Array and back', () => {
    const t = torch.tensor([[true, false], [false, true]]);
    expect(t.dtype).toBe('bool');
    expect(t.toArray()).toEqual([[true, false], [false, true]]);
    expect(t.toTypedArray()).toEqual(new Uint8Array([1, 0, 0, 1]));
    expect(torch.tensor(true).item()).toBe(true);
    expect(torch.tensor(new Uint8Array([0, 2]), { dtype: 'bool' }).toArray()).toEqual([false, true]);
  });

  it('float16 and bfloat16 store rounded values and read back as Float32Array', () => {
    const h = torch.tensor([1, 0.1, 65504, 70000], { dtype: 'float16' });
    expect(h.dtype).toBe('float16');
    const hv = h.toTypedArray();
    expect(hv).toBeInstanceOf(Float32Array);
    // 0.1 in binary16 is 0.0999755859375; 70000 overflows to Infinity.
    expect(Array.from(hv)).toEqual([1, 0.0999755859375, 65504, Infinity]);
    const b = torch.tensor([1, 0.1, 3e38], { dtype: 'bfloat16' });
    // bfloat16 keeps 8 bits of mantissa (values from Python torch).
    expect(Array.from(b.toTypedArray())).toEqual([1, 0.10009765625, BF16_3E38]);
  });

  it('int64: numbers exact to 2^53, bigint read-back exact beyond', () => {
    const big = torch.tensor(new BigInt64Array([2n ** 62n + 1n]));
    expect(big.itemBigInt()).toBe(2n ** 62n + 1n);
    expect(big.toTypedArray()[0]).toBe(2n ** 62n + 1n);
    expect(() => torch.tensor([1.5], { dtype: 'int64' })).toThrow(/not an integer/);
    expect(() => torch.tensor(1.5).itemBigInt()).toThrow(/not an integer type/);
  });

  it('default dtypes: float32 for numbers, int64 for bigints', () => {
    expect(torch.tensor([1, 2]).dtype).toBe('float32');
    expect(torch.tensor([1n, 2n]).dtype).toBe('int64');
    expect(torch.zeros([2]).dtype).toBe('float32');
    expect(torch.full([2], 1n).dtype).toBe('int64');
    expect(torch.arange(3).dtype).toBe('int64');
    expect(torch.arange(0, 1, 0.5).dtype).toBe('float32');
  });

  it('to(dtype) converts with the usual truncation and saturation rules of libtorch', () => {
    const x = torch.tensor([-1.7, 0.2, 2.9]);
    expect(x.to('int32').toArray()).toEqual([-1, 0, 2]);
    expect(x.to('bool').toArray()).toEqual([true, true, true]);
    expect(x.to('float64').toArray()).toEqual([Math.fround(-1.7), Math.fround(0.2), Math.fround(2.9)]);
    expect(x.long().dtype).toBe('int64');
    expect(x.double().dtype).toBe('float64');
    expect(x.to({ dtype: 'float16', device: 'cpu' }).dtype).toBe('float16');
  });

  it('meta tensors carry shape and dtype but no data', () => {
    const m = torch.zeros([64, 1, 28, 28], { device: 'meta' });
    expect([m.device, m.shape, m.dtype]).toEqual(['meta', [64, 1, 28, 28], 'float32']);
    const flat = torch.ops.call('flatten.using_ints', m, 1) as torch.Tensor;
    const w = torch.zeros([784, 10], { device: 'meta' });
    const y = torch.ops.call('mm', flat, w) as torch.Tensor;
    expect([y.device, y.shape]).toEqual(['meta', [64, 10]]);
    expect(() => y.toArray()).toThrow(/meta tensors carry shapes only/);
    expect(torch.tensor([1, 2]).to('meta').device).toBe('meta');
    expect(() => m.to('cpu')).toThrow(/Cannot copy out of meta tensor/);
  });

  it('rejects data that does not fit the shape, and ragged arrays', () => {
    expect(() => torch.tensor(new Float32Array(5), { shape: [2, 3] })).toThrow(/20 bytes but shape \[2, 3\] of float32 needs 24/);
    // @ts-expect-error a ragged literal is a compile error too
    expect(() => torch.tensor([[1, 2], [3]])).toThrow(/ragged data: \[1\] has length 1, expected length 2/);
    expect(() => torch.tensor([[1, 2], 3] as never)).toThrow(/ragged/);
    expect(() => torch.tensor(['a'] as never)).toThrow(/element \[0\] is string/);
    expect(() => torch.tensor(new Float32Array(4), { shape: [-1, -4] })).toThrow(/non-negative/);
  });

  it('manualSeed makes rand reproducible', () => {
    torch.manualSeed(42);
    const a = torch.rand([5]).toArray();
    torch.manualSeed(42);
    const b = torch.rand([5]).toArray();
    expect(a).toEqual(b);
    torch.manualSeed(43);
    expect(torch.rand([5]).toArray()).not.toEqual(a);
  });

  it('setNumThreads changes libtorch intra-op threads', () => {
    const before = torch.getNumThreads();
    torch.setNumThreads(2);
    expect(torch.getNumThreads()).toBe(2);
    torch.setNumThreads(before);
    expect(() => torch.setNumThreads(0)).toThrow(/at least 1/);
  });
});
