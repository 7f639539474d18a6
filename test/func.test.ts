// torch.func against Python's functorch (Debian's python3-torch, the same
// libtorch) on the same float64 inputs: for each of 24 ops, grad, jvp, vjp,
// vmap, jacrev, jacfwd and vmap(grad) equal functorch's values and shapes;
// hessian likewise on the scalar ones. Then the compositions: per-example
// gradients of an MLP equal the loop of single-example gradients, hessian
// equals a hand-computed one, jacrev equals jacfwd; errors name the problem;
// the layer stack unwinds after an exception; repeated calls free what
// they create.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { native } from '../src/core/native.ts';
import { expectClose } from './helpers/assert.ts';
import { py } from './helpers/python.ts';

const { func, nn } = torch;
const F = nn.functional;
type T = torch.Tensor;

/** Each op as TypeScript and as Python, on x of shape [3, 4] (w [4, 2] and c [3, 4] are fixed tensors). */
interface OpCase {
  name: string;
  ts: (x: T, w: T, c: T) => T;
  py: string;
  /** Inputs must be positive (log, sqrt, ...). */
  positive?: boolean;
}

const OPS: OpCase[] = [
  { name: 'sin', ts: (x) => x.sin(), py: 'x.sin()' },
  { name: 'cos', ts: (x) => x.cos(), py: 'x.cos()' },
  { name: 'tanh', ts: (x) => x.tanh(), py: 'x.tanh()' },
  { name: 'exp', ts: (x) => x.exp(), py: 'x.exp()' },
  { name: 'log', ts: (x) => x.log(), py: 'x.log()', positive: true },
  { name: 'sqrt', ts: (x) => x.sqrt(), py: 'x.sqrt()', positive: true },
  { name: 'reciprocal', ts: (x) => x.reciprocal(), py: 'x.reciprocal()', positive: true },
  { name: 'sigmoid', ts: (x) => x.sigmoid(), py: 'x.sigmoid()' },
  { name: 'erf', ts: (x) => x.erf(), py: 'x.erf()' },
  { name: 'atan', ts: (x) => x.atan(), py: 'x.atan()' },
  { name: 'asinh', ts: (x) => x.asinh(), py: 'x.asinh()' },
  { name: 'expm1', ts: (x) => x.expm1(), py: 'x.expm1()' },
  { name: 'pow 3', ts: (x) => x.pow(3), py: 'x.pow(3)' },
  { name: 'mul by itself', ts: (x) => x.mul(x), py: 'x * x' },
  { name: 'mul by a constant', ts: (x, _w, c) => x.mul(c), py: 'x * c' },
  { name: 'div by a constant', ts: (x, _w, c) => x.div(c.abs().add(1)), py: 'x / (c.abs() + 1)' },
  { name: 'matmul', ts: (x, w) => x.matmul(w), py: 'x @ w' },
  { name: 'softmax', ts: (x) => F.softmax(x, -1), py: 'torch.softmax(x, -1)' },
  { name: 'logSoftmax', ts: (x) => F.logSoftmax(x, -1), py: 'torch.log_softmax(x, -1)' },
  { name: 'logsumexp', ts: (x) => x.logsumexp(1), py: 'x.logsumexp(1)' },
  { name: 'cumsum', ts: (x) => x.cumsum(1), py: 'x.cumsum(1)' },
  { name: 'sum over a dim', ts: (x) => x.sum(0), py: 'x.sum(0)' },
  { name: 'transpose', ts: (x) => x.transpose(0, 1), py: 'x.transpose(0, 1)' },
  { name: 'gelu', ts: (x) => F.gelu(x), py: 'torch.nn.functional.gelu(x)' },
  { name: 'softplus', ts: (x) => F.softplus(x), py: 'torch.nn.functional.softplus(x)' },
  { name: 'layerNorm', ts: (x) => F.layerNorm(x, [4]), py: 'torch.nn.functional.layer_norm(x, [4])' },
];

interface Truth {
  inputs: { x: number[][]; xb: number[][][]; t: number[][]; w: number[][]; c: number[][]; xs: number[][] };
  results: Record<string, { grad: unknown; jvp: unknown; vjp: unknown; vmap: unknown; jacrev: unknown; jacfwd: unknown; vmapGrad: unknown; hessian: unknown }>;
}

// The Python side: the same ops with functorch's transforms; the scalar
// function for grad and hessian is (op(x) ** 2).sum().
const truth = py<Truth>(`
from functorch import grad, jvp, vjp, vmap, jacrev, jacfwd, hessian
torch.manual_seed(0)
d = torch.float64
x = torch.randn(3, 4, dtype=d); xb = torch.randn(5, 3, 4, dtype=d); t = torch.randn(3, 4, dtype=d)
w = torch.randn(4, 2, dtype=d); c = torch.randn(3, 4, dtype=d); xs = torch.randn(2, 3, dtype=d)
ops = {${OPS.map((o) => `${JSON.stringify(o.name)}: (lambda x: ${o.py}, ${o.positive ? 'True' : 'False'})`).join(', ')}}
results = {}
for name, (op, positive) in ops.items():
    f = lambda v: op(v.abs() + 0.5 if positive else v)
    scalar = lambda v: (f(v) ** 2).sum()
    out = f(x)
    _, vjp_fn = vjp(f, x)
    # the Hessian (as jacrev of jacrev: functorch 1.13's hessian lacks forward formulas for softmax and layer_norm's backward) on a smaller input where the op allows one of shape [2, 3] (matmul, layer_norm and the constants need [3, 4])
    small = xs if name not in ('matmul', 'mul by a constant', 'div by a constant', 'layerNorm') else x
    results[name] = dict(grad=grad(scalar)(x), jvp=jvp(f, (x,), (t,))[1], vjp=vjp_fn(torch.ones_like(out))[0],
                         vmap=vmap(f)(xb), jacrev=jacrev(f)(x), jacfwd=jacfwd(f)(x), vmapGrad=vmap(grad(scalar))(xb),
                         hessian=jacrev(jacrev(scalar))(small))
out = dict(inputs=dict(x=x, xb=xb, t=t, w=w, c=c, xs=xs), results=results)
`);

const f64 = (v: unknown) => torch.tensor(v as number[][], { dtype: 'float64' });
const { x, xb, t, w, c, xs } = Object.fromEntries(Object.entries(truth.inputs).map(([k, v]) => [k, f64(v)])) as unknown as Record<keyof Truth['inputs'], T>;

describe('each transform against functorch, op by op', () => {
  for (const op of OPS) {
    it(op.name, () => {
      const f = (v: T) => op.ts(op.positive ? v.abs().add(0.5) : v, w, c);
      const scalar = (v: T) => f(v).pow(2).sum();
      const want = truth.results[op.name]!;
      const out = f(x);
      const [, vjpFn] = func.vjp(f, [x]);
      const small = ['matmul', 'mul by a constant', 'div by a constant', 'layerNorm'].includes(op.name) ? x : xs;
      const got = {
        grad: func.grad(scalar)(x),
        jvp: func.jvp(f, [x], [t])[1],
        vjp: vjpFn(torch.onesLike(out))[0],
        vmap: func.vmap(f)(xb),
        jacrev: func.jacrev(f)(x),
        jacfwd: func.jacfwd(f)(x),
        vmapGrad: func.vmap(func.grad(scalar))(xb),
        hessian: func.hessian(scalar)(small),
      };
      for (const [k, v] of Object.entries(got)) {
        const expected = want[k as keyof typeof want];
        expect(v.dtype, `${op.name} ${k}`).toBe('float64');
        expectClose(v.toArray(), expected, 1e-10, 1e-8, `${op.name} ${k}`);
      }
    });
  }
});

describe('compositions', () => {
  /** The MLP of the Fashion-MNIST examples (784-128-10), float64 so that the comparison is tight. */
  const mlp = () => {
    torch.manualSeed(3);
    const m = nn.sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
    m.to('float64');
    return m;
  };

  it('per-example gradients of the Fashion-MNIST MLP (vmap of grad) equal the loop of single-example gradients to 1e-6', () => {
    const model = mlp();
    const test = torch.data.fashionMnist({ split: 'test' });
    const images = test.tensors.images.narrow(0, 0, 16).to('float64').div(255) as T;
    const labels = test.tensors.labels.narrow(0, 0, 16) as T;
    const params = func.parametersOf(model);
    const loss = (p: Record<string, T>, x: T, y: T) => F.crossEntropy(func.functionalCall(model, p, x.unsqueeze(0)) as T, y.unsqueeze(0));
    const perExample = func.vmap(func.grad(loss), { inDims: [null, 0, 0] })(params, images, labels);
    expect(Object.keys(perExample)).toEqual(Object.keys(params));
    for (let i = 0; i < 16; i++) {
      model.zeroGrad();
      loss(params, images.select(0, i), labels.select(0, i)).backward();
      for (const [name, p] of Object.entries(params)) {
        expect(perExample[name]!.shape).toEqual([16, ...p.shape]);
        expectClose(perExample[name]!.select(0, i).toArray(), p.grad!.toArray(), 1e-6, 0, `example ${i} ${name}`);
      }
    }
  });

  it('runs an ensemble of models at once: vmap over stacked parameters equals each model on its own', () => {
    const models = [1, 2, 3].map((seed) => {
      torch.manualSeed(seed);
      return nn.sequential(new nn.Linear(5, 4), new nn.Tanh(), new nn.Linear(4, 2));
    });
    const [params, buffers] = func.stackModuleState(models);
    expect(params['0.weight']!.shape).toEqual([3, 4, 5]);
    const x = torch.randn([7, 5]);
    const outputs = func.vmap((p: Record<string, T>, b: Record<string, T>, input: T) => func.functionalCall(models[0]!, [p, b], input) as T, { inDims: [0, 0, null] })(params, buffers, x);
    expect(outputs.shape).toEqual([3, 7, 2]);
    models.forEach((m, i) => expectClose(outputs.select(0, i).toArray(), (m.forward(x) as T).toArray(), 1e-6, 1e-6, `model ${i}`));
    // The module itself keeps its own parameters.
    expectClose((models[0]!.forward(x) as T).toArray(), outputs.select(0, 0).toArray(), 1e-6, 1e-6);
  });

  it('composes: the Hessian of a cubic by hand, jacrev equals jacfwd, grad of grad, vmap of vmap, jvp of grad', () => {
    // f(a, b) = sum(a^2 b) + sum(a^3): d2f/da2 = diag(2b + 6a).
    const a = torch.tensor([1, -2, 0.5], { dtype: 'float64' });
    const b = torch.tensor([3, 1, -1], { dtype: 'float64' });
    const f = (p: T, q: T) => p.pow(2).mul(q).sum().add(p.pow(3).sum());
    expectClose(func.hessian(f)(a, b).toArray(), [[12, 0, 0], [0, -10, 0], [0, 0, 1]], 1e-12);
    // Mixed second derivative d2f/da db = diag(2a).
    expectClose(func.jacrev(func.grad(f), 1)(a, b).toArray(), [[2, 0, 0], [0, -4, 0], [0, 0, 1]], 1e-12);
    const g = (v: T) => v.sin().mul(v.exp()).cumsum(0);
    expectClose(func.jacrev(g)(a).toArray(), func.jacfwd(g)(a).toArray(), 1e-12);
    // Third derivative of x^4 at x: 24 x.
    const x = torch.tensor(2, { dtype: 'float64' });
    const d3 = func.grad(func.grad(func.grad((v: T) => v.pow(4))));
    expect(d3(x).item()).toBeCloseTo(48, 10);
    // vmap of vmap: an outer product table; jvp of grad: the Hessian-vector product.
    const table = func.vmap(func.vmap((p: T, q: T) => p.mul(q), { inDims: [null, 0] }), { inDims: [0, null] })(a, b);
    expectClose(table.toArray(), torch.outer(a, b).toArray(), 1e-12);
    const hvp = func.jvp((p: T) => func.grad(f)(p, b), [a], [torch.onesLike(a)])[1];
    expectClose(hvp.toArray(), [12, -10, 1], 1e-12);
  });

  it('gives Jacobians of several outputs and arguments, and Hessians over several arguments, nested as functorch nests them', () => {
    const want = py<{ a: number[]; b: number[]; jr: number[][][][]; jf: number[][][][]; h: number[][][][] }>(`
from functorch import jacrev, jacfwd, hessian
d = torch.float64
a = torch.tensor([0.5, -1.0, 2.0], dtype=d); b = torch.tensor([1.5, 0.25], dtype=d)
two = lambda p, q: ((p[:2] * q).sin(), (p.exp().sum() * q).cumsum(0))
scalar = lambda p, q: (p[:2].pow(2) * q.pow(3)).sum() + p.sin().sum() * q.sum()
out = dict(a=a, b=b, jr=jacrev(two, argnums=(0, 1))(a, b), jf=jacfwd(two, argnums=(0, 1))(a, b), h=hessian(scalar, argnums=(0, 1))(a, b))
`);
    const a = torch.tensor(want.a, { dtype: 'float64' });
    const b = torch.tensor(want.b, { dtype: 'float64' });
    const two = (p: T, q: T) => [p.narrow(0, 0, 2).mul(q).sin(), q.mul(p.exp().sum()).cumsum(0)] as const;
    const scalar = (p: T, q: T) => p.narrow(0, 0, 2).pow(2).mul(q.pow(3)).sum().add(p.sin().sum().mul(q.sum()));
    const nested = (v: readonly (readonly T[])[]) => v.map((row) => row.map((m) => m.toArray()));
    const jr = func.jacrev(two, [0, 1])(a, b);
    expect(jr[0][0].shape).toEqual([2, 3]);
    expect(jr[1][1].shape).toEqual([2, 2]);
    expectClose(nested(jr), want.jr, 1e-12);
    expectClose(nested(func.jacfwd(two, [0, 1])(a, b)), want.jf, 1e-12);
    const h = func.hessian(scalar, [0, 1])(a, b);
    expect([h[0][0].shape, h[0][1].shape, h[1][0].shape, h[1][1].shape]).toEqual([[3, 3], [3, 2], [2, 3], [2, 2]]);
    expectClose(nested(h), want.h, 1e-12);
    // A record output keeps its keys.
    const jacs = func.jacrev((p: T) => ({ s: p.sum(), d: p.mul(2) }))(a);
    expect([jacs.s.toArray(), jacs.d.toArray()]).toEqual([[1, 1, 1], [[2, 0, 0], [0, 2, 0], [0, 0, 2]]]);
  });

  it('takes several argnums, records of tensors, aux outputs, outDims and chunks', () => {
    const p = torch.tensor([1, 2], { dtype: 'float64' });
    const q = torch.tensor([3, 4], { dtype: 'float64' });
    const [gp, gq] = func.grad((u: T, v: T) => u.mul(v).sum(), { argnums: [0, 1] })(p, q);
    expect([gp.toArray(), gq.toArray()]).toEqual([[3, 4], [1, 2]]);
    const [grads, aux] = func.grad((r: { u: T; v: T }) => [r.u.mul(r.v).sum(), r.u.add(1)] as const, { hasAux: true })({ u: p, v: q });
    expect([grads.u.toArray(), grads.v.toArray(), aux.toArray()]).toEqual([[3, 4], [1, 2], [2, 3]]);
    const [value, g] = func.valueAndGrad((u: T) => u.pow(2).sum())(p);
    expect([value.item(), g.toArray()]).toEqual([5, [2, 4]]);
    const m = torch.arange(12, { dtype: 'float64' }).reshape([3, 4]);
    // Map over dim 1 (the 4 columns), put the batch last: the same matrix back.
    expect(func.vmap((col: T) => col.mul(2), { inDims: 1, outDims: 0 })(m).toArray()).toEqual(m.t().mul(2).toArray());
    expect(func.vmap((col: T) => col.mul(2), { inDims: 1, outDims: 1 })(m).toArray()).toEqual(m.mul(2).toArray());
    expect(func.vmap((row: T) => row.sum(), { chunkSize: 2 })(m).toArray()).toEqual([6, 22, 38]);
    // An output that does not depend on the mapped input is expanded along the batch.
    expect(func.vmap((_row: T) => torch.tensor(7, { dtype: 'float64' }))(m).toArray()).toEqual([7, 7, 7]);
  });
});

describe('errors and resources', () => {
  it('names the problem: non-scalar grad, mismatched batch sizes, bad dims and argnums, random ops', () => {
    expect(() => func.grad((v: T) => v.mul(2) as never)(x)).toThrow(/grad: the function must return a scalar \(0-dim\) tensor, got shape \[3, 4\]; use vjp or jacrev/);
    expect(() => func.vmap((u: T, v: T) => u.add(v))(torch.zeros([3, 2]), torch.zeros([4, 2]))).toThrow(/vmap: the mapped dims must all have the same size, got 3 \(dim 0 of \[3, 2\]\), 4 \(dim 0 of \[4, 2\]\)/);
    expect(() => func.vmap((u: T) => u, { inDims: 2 })(torch.zeros([3, 2]))).toThrow(/vmap: inDim 2 is out of range for an input of shape \[3, 2\]/);
    expect(() => func.vmap((u: T) => u, { inDims: null })(torch.zeros([3]))).toThrow(/vmap: no input has a mapped dim/);
    expect(() => func.vmap((u: T, v: T) => u.add(v), { inDims: [0] })(torch.zeros([3]), torch.zeros([3]))).toThrow(/vmap: inDims has 1 entries for 2 arguments/);
    expect(() => func.grad((u: T) => u.sum(), { argnums: 3 })(x)).toThrow(/grad: argnums 3 is out of range for 1 arguments/);
    expect(() => func.jvp((v: T) => v, [x], [torch.zeros([2])])).toThrow(/jvp: tangent 0 has shape \[2\], its primal \[3, 4\]/);
    expect(() => func.vmap((u: T) => F.dropout(u, 0.5, true))(torch.ones([3, 2]))).toThrow(/randomness/);
    expect(() => func.vmap((u: T) => u, { randomness: 'sometimes' as 'same' })).toThrow(/randomness must be 'error', 'same' or 'different'/);
    const [, vjpFn] = func.vjp((v: T) => v.sin(), [x]);
    expect(() => vjpFn(torch.zeros([2]))).toThrow(/vjp: cotangent 0 has shape \[2\], the output \[3, 4\]/);
  });

  it('draws randomness the same or differently per example when asked', () => {
    torch.manualSeed(0);
    const same = func.vmap((u: T) => u.add(torch.rand([2])), { randomness: 'same' })(torch.zeros([3, 2]));
    expect(same.select(0, 0).toArray()).toEqual(same.select(0, 2).toArray());
    const different = func.vmap((u: T) => u.add(torch.rand([2])), { randomness: 'different' })(torch.zeros([3, 2]));
    expect(different.select(0, 0).toArray()).not.toEqual(different.select(0, 2).toArray());
  });

  it('warns, naming the op, when vmap falls back to a loop, and still gives the loop result', async () => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on('warning', listener);
    const rows = torch.tensor([[0, 1, 1, 3], [2, 2, 2, 2]], { dtype: 'float32' });
    const hist = func.vmap((r: T) => r.histc(4, 0, 4))(rows);
    await new Promise((r) => setImmediate(r));
    process.off('warning', listener);
    expect(hist.toArray()).toEqual([[1, 2, 0, 1], [0, 0, 4, 0]]);
    expect(warnings.some((m) => m.includes('batching rule for aten::histc'))).toBe(true);
  });

  it('unwinds its layers when the function throws, and frees what it creates across many calls', () => {
    const depth = native().layerDepth();
    expect(() => func.vmap(func.grad((v: T) => {
      throw new Error(`boom ${v.ndim}`);
    }))(xb)).toThrow(/boom 2/);
    expect(native().layerDepth()).toBe(depth);
    const perExample = func.vmap(func.grad((v: T) => v.sin().sum()));
    const jac = func.jacrev((v: T) => v.exp());
    const run = () => torch.scope(() => {
      perExample(xb);
      jac(x);
      func.jvp((v: T) => v.tanh(), [x], [t]);
    });
    run();
    const before = torch.memory().tensors;
    for (let i = 0; i < 50; i++) run();
    expect(torch.memory().tensors).toBe(before);
  });
});
