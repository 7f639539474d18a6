// Tensor.index and Tensor.indexSet_ against Python's x[...] and x[...] = v:
// every form of index (integers, negative ones, slices with steps and
// negative bounds, None, Ellipsis, boolean masks, integer tensors and
// lists, and their mixtures), reading and writing, in one interpreter.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';

/** One case: the Python index expression and the same index for Tensor.index. */
type Case = [python: string, ts: (i: Record<string, torch.Tensor>) => unknown[]];

const CASES: Case[] = [
  ['1', () => [1]],
  ['-1', () => [-1]],
  ['1, 2', () => [1, 2]],
  ['0, -1, 1', () => [0, -1, 1]],
  [':', () => [':']],
  ['1:3', () => ['1:3']],
  ['::2', () => ['::2']],
  ['1::2', () => ['1::2']],
  ['-2:', () => ['-2:']],
  [':-1', () => [':-1']],
  ['-100:100', () => ['-100:100']],
  ['3:1', () => ['3:1']],
  [':, 1:4:2', () => [':', '1:4:2']],
  ['None', () => [null]],
  ['None, 1, None', () => [null, 1, null]],
  ['...', () => ['...']],
  ['..., 1', () => ['...', 1]],
  ['1, ..., None', () => [1, '...', null]],
  ['None, ..., None', () => [null, '...', null]],
  [':, ..., ::2', () => [':', '...', '::2']],
  ['[0, 2]', () => [[0, 2]]],
  ['[0, 2], [1, 3]', () => [[0, 2], [1, 3]]],
  [':, [0, 2]', () => [':', [0, 2]]],
  ['[0, 1], :, [1, 0]', () => [[0, 1], ':', [1, 0]]],
  [':, [0, 1], :, 0', () => [':', [0, 1], ':', 0]],
  ['I', ({ I }) => [I]],
  ['I, 0', ({ I }) => [I, 0]],
  [':, I2', ({ I2 }) => [':', I2]],
  ['..., I', ({ I }) => ['...', I]],
  ['I, :, :, I', ({ I }) => [I, ':', ':', I]],
  ['M', ({ M }) => [M]],
  ['M2', ({ M2 }) => [M2]],
  ['M2, ...', ({ M2 }) => [M2, '...']],
  [':, M1', ({ M1 }) => [':', M1]],
  ['..., M0', ({ M0 }) => ['...', M0]],
  ['[True, False, True]', () => [[true, false, true]]],
  ['True', () => [true]],
  ['False', () => [false]],
  ['Z', ({ Z }) => [Z]],
  ['ZB', ({ ZB }) => [ZB]],
  ['1, None, :2, ::2', () => [1, null, ':2', '::2']],
  ['None, [0, 1], None, 1:', () => [null, [0, 1], null, '1:']],
];

const PY_INPUTS = `
X = torch.arange(120, dtype=torch.float64).reshape(3, 4, 2, 5)
I = torch.tensor([2, 0, 1])
I2 = torch.tensor([[0, 3], [1, 2]])
M = X > 60
M2 = torch.tensor([[True, False, True, False], [False, False, True, True], [True, True, False, False]])
M1 = torch.tensor([True, False, False, True])
M0 = torch.tensor([False, True, True, False, True])
Z = torch.tensor(1)
ZB = torch.tensor(True)
`;

function inputs(): Record<string, torch.Tensor> {
  const X = torch.arange(120, { dtype: 'float64' }).reshape([3, 4, 2, 5]);
  return {
    X,
    I: torch.tensor([2n, 0n, 1n]),
    I2: torch.tensor([[0n, 3n], [1n, 2n]]),
    M: X.gt(60),
    M2: torch.tensor([[true, false, true, false], [false, false, true, true], [true, true, false, false]]),
    M1: torch.tensor([true, false, false, true]),
    M0: torch.tensor([false, true, true, false, true]),
    Z: torch.tensor(1n),
    ZB: torch.tensor(true),
  };
}

describe('Tensor.index is Python indexing', () => {
  const expected = py<{ get: [number[], number[]][]; set: number[][] }>(`${PY_INPUTS}
get = []
sets = []
${CASES.map(([p]) => `r = X[${p}]; get.append((list(r.shape), r.flatten().tolist()))
Y = X.clone(); Y[${p}] = -1.0; sets.append(Y.flatten().tolist())`).join('\n')}
out = {'get': get, 'set': sets}
`);

  CASES.forEach(([python, ts], k) => {
    it(`x[${python}]`, () => {
      torch.scope(() => {
        const i = inputs();
        const r = (i.X as any).index(...ts(i)) as torch.Tensor;
        expect(r.shape).toEqual(expected.get[k]![0]);
        expect(Array.from(r.flatten().toTypedArray() as Float64Array)).toEqual(expected.get[k]![1]);
      });
    });
    it(`x[${python}] = -1`, () => {
      torch.scope(() => {
        const i = inputs();
        const y = i.X!.clone();
        expect(y.indexSet_(ts(i) as never, -1)).toBe(y);
        expect(Array.from(y.flatten().toTypedArray() as Float64Array)).toEqual(expected.set[k]);
      });
    });
  });

  it('assigns tensors broadcast to the indexed shape, and accumulates into a graph', () => {
    const want = py<number[][]>(`${PY_INPUTS}
Y = X.clone(); Y[:, 1] = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0], dtype=torch.float64)
W = X.clone(); W[[0, 2], ..., 0] = torch.tensor([[[7.0]], [[8.0]]], dtype=torch.float64)
w = torch.ones(3, 4, dtype=torch.float64, requires_grad=True); v = w * 2; v[1, 1:3] = 0; v.sum().backward()
out = [Y.flatten().tolist(), W.flatten().tolist(), w.grad.flatten().tolist()]
`);
    torch.scope(() => {
      const i = inputs();
      const y = i.X!.clone().indexSet_([':', 1], torch.tensor([1, 2, 3, 4, 5], { dtype: 'float64' }));
      expect(Array.from(y.flatten().toTypedArray() as Float64Array)).toEqual(want[0]);
      const w0 = i.X!.clone().indexSet_([[0, 2], '...', 0], torch.tensor([[[7]], [[8]]], { dtype: 'float64' }));
      expect(Array.from(w0.flatten().toTypedArray() as Float64Array)).toEqual(want[1]);
      const w = torch.ones([3, 4], { dtype: 'float64', requiresGrad: true });
      const v = w.mul(2);
      v.indexSet_([1, '1:3'], 0);
      v.sum().backward();
      expect(Array.from(w.grad!.flatten().toTypedArray() as Float64Array)).toEqual(want[2]);
    });
  });

  it('gives views for basic indices and gradients through every form', () => {
    torch.scope(() => {
      const x = torch.zeros([3, 4]);
      x.index(1, '::2').fill_(5);
      expect(x.toArray()).toEqual([[0, 0, 0, 0], [5, 0, 5, 0], [0, 0, 0, 0]]);
      const w = torch.ones([3, 4], { dtype: 'float64', requiresGrad: true });
      w.index([0, 0, 2], ':').sum().backward();
      expect(w.grad!.toArray()).toEqual([[2, 2, 2, 2], [0, 0, 0, 0], [1, 1, 1, 1]]);
    });
  });

  it('refuses bad indices with messages that name the position', () => {
    const x = torch.zeros([3, 4]) as torch.Tensor;
    expect(() => x.index(3)).toThrow(/position 0: index 3 is out of range for dim 0 of size 3/);
    expect(() => x.index(0, 0, 0)).toThrow(/too many indices for a tensor of 2 dims: 3 given/);
    expect(() => x.index('1-2')).toThrow(/'1-2' is not a slice/);
    expect(() => x.index('::-1')).toThrow(/the step of '::-1' must be positive/);
    expect(() => x.index('...', '...')).toThrow(/at most one '...'/);
    expect(() => x.index([0.5])).toThrow(/integers or booleans only/);
    expect(() => x.index(1.5)).toThrow(/1.5 is not an integer/);
    expect(() => x.index({} as never)).toThrow(/expected an integer, a slice string/);
    expect(() => x.indexSet_(0 as never, 1)).toThrow(/the indices come as one array/);
  });
});
