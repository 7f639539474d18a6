// Autograd through the generic op path: backward, grad accumulation and
// zeroing, detach, grad modes, and higher derivatives. Expected gradients are
// computed by hand or by central finite differences in float64.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { expectClose } from './helpers/assert.ts';

const { call } = torch.ops;
const f = (name: string, ...args: unknown[]) => call(name, ...args) as torch.Tensor;

describe('autograd', () => {
  it('backward of a scalar accumulates d/dx into .grad', () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const y = f('sum', f('pow.Tensor_Scalar', x, 2)); // sum x^2
    expect(y.gradFn).toBe('SumBackward0');
    y.backward();
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
    // A second backward accumulates.
    f('sum', f('mul.Scalar', x, 3)).backward();
    expect(x.grad!.toArray()).toEqual([5, 7, 9]);
    // Zeroing: in place, or clearing.
    f('zero_', x.grad!);
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
    x.grad = null;
    expect(x.grad).toBeNull();
  });

  it('backward with an explicit gradient (vector-Jacobian product)', () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = f('mul.Scalar', x, 3);
    y.backward(torch.tensor([1, 10]));
    expect(x.grad!.toArray()).toEqual([3, 30]);
    const z = f('mul.Scalar', x, 3);
    expect(() => z.backward()).toThrow(/grad can be implicitly created only for scalar outputs/);
  });

  it('the grad Tensor object is stable while the gradient is the same tensor', () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    f('sum', x).backward();
    const g1 = x.grad;
    expect(x.grad).toBe(g1);
    x.grad = torch.tensor([5, 5]);
    expect(x.grad!.toArray()).toEqual([5, 5]);
    expect(g1!.isDisposed).toBe(true);
    expect(() => (x.grad = torch.tensor([1]))).toThrow(/assigned grad has shape \[1\]/);
  });

  it('detach, requiresGrad, isLeaf', () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = f('mul.Tensor', x, x);
    expect([x.isLeaf, y.isLeaf, y.requiresGrad]).toEqual([true, false, true]);
    const d = f('detach', y);
    expect([d.requiresGrad, d.gradFn]).toEqual([false, null]);
    const w = torch.zeros([2]).requiresGrad_();
    expect(w.requiresGrad).toBe(true);
  });

  it('noGrad and enableGrad', () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = torch.noGrad(() => f('mul.Scalar', x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(torch.isGradEnabled()).toBe(true);
    const z = torch.noGrad(() => torch.enableGrad(() => f('mul.Scalar', x, 2)));
    expect(z.requiresGrad).toBe(true);
    expect(() => torch.noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(torch.isGradEnabled()).toBe(true);
    expect(() => torch.noGrad(async () => 1)).toThrow(/returned a promise/);
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('inferenceMode: no graph, and inference tensors refuse autograd later', () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = torch.inferenceMode(() => {
      expect(torch.isInferenceMode()).toBe(true);
      return f('mul.Scalar', x, 2);
    });
    expect(torch.isInferenceMode()).toBe(false);
    expect(y.requiresGrad).toBe(false);
    expect(() => y.requiresGrad_()).toThrow(/inference/i);
  });

  it('autograd.grad returns gradients without touching .grad', () => {
    const x = torch.tensor([3], { dtype: 'float64', requiresGrad: true });
    const y = f('pow.Tensor_Scalar', x, 3);
    const [g] = torch.autograd.grad(y, x);
    expect(g!.toArray()).toEqual([27]);
    expect(x.grad).toBeNull();
  });

  it('second derivative via createGraph: d2/dx2 x^3 = 6x', () => {
    const x = torch.tensor([2, -1], { dtype: 'float64', requiresGrad: true });
    const y = f('sum', f('pow.Tensor_Scalar', x, 3));
    const [dy] = torch.autograd.grad(y, x, { createGraph: true });
    expect(dy!.toArray()).toEqual([12, 3]); // 3x^2
    expect(dy!.requiresGrad).toBe(true);
    const [d2y] = torch.autograd.grad(f('sum', dy!), x);
    expect(d2y!.toArray()).toEqual([12, -6]); // 6x
  });

  it('allowUnused returns null for inputs the output does not depend on', () => {
    const a = torch.tensor([1], { requiresGrad: true });
    const b = torch.tensor([1], { requiresGrad: true });
    const y = f('sum', f('mul.Scalar', a, 2));
    expect(() => torch.autograd.grad(y, [a, b], { retainGraph: true })).toThrow(/not have been used in the graph/);
    const [ga, gb] = torch.autograd.grad(y, [a, b], { allowUnused: true });
    expect([ga!.toArray(), gb]).toEqual([[2], null]);
  });

  it('gradients match central finite differences in float64', () => {
    // g(x, w) = sum(tanh(x @ w) * x[:, :1])
    const g = (x: torch.Tensor, w: torch.Tensor) =>
      f('sum', f('mul.Tensor', f('tanh', f('mm', x, w)), f('narrow', x, 1, 0, 1)));
    torch.manualSeed(0);
    const x0 = torch.randn([3, 2], { dtype: 'float64' });
    const w0 = torch.randn([2, 4], { dtype: 'float64' });
    const x = f('clone', x0).requiresGrad_();
    const w = f('clone', w0).requiresGrad_();
    g(x, w).backward();
    const eps = 1e-6;
    for (const [param, base, other, first] of [[x, x0, w0, true], [w, w0, x0, false]] as const) {
      const flat = base.toTypedArray() as Float64Array;
      const numeric: number[] = [];
      for (let i = 0; i < flat.length; i++) {
        const at = (delta: number) => {
          const v = Float64Array.from(flat);
          v[i]! += delta;
          const p = torch.tensor(v, { shape: base.shape });
          return (first ? g(p, other) : g(other, p)).item() as number;
        };
        numeric.push((at(eps) - at(-eps)) / (2 * eps));
      }
      expectClose(Array.from(param.grad!.toTypedArray() as Float64Array), numeric, 1e-7, 1e-6);
    }
  });

  it('autograd.backward over several roots and retainGraph', () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = f('sum', f('mul.Scalar', x, 2));
    const z = f('sum', f('mul.Scalar', x, 5));
    torch.autograd.backward([y, z]);
    expect(x.grad!.toArray()).toEqual([7, 7]);
    const s = f('sum', f('exp', x));
    s.backward(null, { retainGraph: true });
    s.backward();
    expectClose(x.grad!.toArray(), [7 + 2 * Math.E, 7 + 2 * Math.E ** 2], 1e-4);
  });
});
