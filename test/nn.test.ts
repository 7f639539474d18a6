// nn modules and optimizers against Python torch: identical weights through a
// state dict, identical inputs, outputs and gradients compared to 1e-5;
// optimizer trajectories over 50 steps compared to 1e-6.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';
import { expectClose } from './helpers/assert.ts';

const { nn, optim } = torch;
const dir = mkdtempSync(join(tmpdir(), 'typed-torch-nn-'));

describe('nn modules', () => {
  it('a CNN forward and backward match PyTorch with the same weights', () => {
    const weights = join(dir, 'cnn.pt');
    const expected = py<{ out: number[][]; grads: Record<string, number[]>; x: number[] }>(`
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.ReLU(), torch.nn.Conv2d(4, 8, 3, stride=2, padding=1),
                          torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Dropout(0.25), torch.nn.Flatten(),
                          torch.nn.Linear(32, 16), torch.nn.Tanh(), torch.nn.Linear(16, 3))
net.eval()
torch.save(net.state_dict(), ${JSON.stringify(weights)})
x = torch.sin(torch.arange(2 * 1 * 10 * 10, dtype=torch.float32)).reshape(2, 1, 10, 10)
y = net(x)
(y * torch.tensor([[1.0, -2.0, 0.5]])).sum().backward()
out = {'out': y, 'grads': {k: p.grad.flatten() for k, p in net.named_parameters()}, 'x': x.flatten()}
`);
    const net = nn.sequential(
      new nn.Conv2d(1, 4, 3), new nn.ReLU(), new nn.Conv2d(4, 8, 3, { stride: 2, padding: 1 }), new nn.ReLU(),
      new nn.MaxPool2d(2), new nn.Dropout(0.25), new nn.Flatten(), new nn.Linear(32, 16), new nn.Tanh(), new nn.Linear(16, 3),
    ).eval();
    net.loadStateDict(torch.load(weights));
    const x = torch.assertShape(torch.tensor(Float32Array.from(expected.x), { shape: [2, 1, 10, 10] }), [2, 1, 10, 10]);
    const y = net.forward(x);
    expect(y.shape).toEqual([2, 3]);
    expectClose(y.toArray(), expected.out, 1e-5, 1e-5);
    y.mul(torch.tensor([[1, -2, 0.5]])).sum().backward();
    for (const [name, p] of net.namedParameters()) {
      expectClose(Array.from(p.grad!.toTypedArray() as Float32Array), expected.grads[name], 1e-5, 1e-5, name);
    }
  });

  it('parameters, state dicts, modes and freezing follow PyTorch', () => {
    const net = nn.sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2, { bias: false }));
    expect(net.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ['0.weight', [3, 4]], ['0.bias', [3]], ['2.weight', [2, 3]],
    ]);
    expect(net.numParameters()).toBe(12 + 3 + 6);
    expect([...net.stateDict().keys()]).toEqual(['0.weight', '0.bias', '2.weight']);
    net.eval();
    expect(net.layers.map((l) => l.training)).toEqual([false, false, false]);
    net.train();
    net.freeze('0.');
    expect(net.numParameters({ trainable: true })).toBe(6);
    net.unfreeze();
    // PyTorch's default init: uniform in ±1/sqrt(fan_in)
    const w = net.stateDict().get('0.weight')!.toTypedArray() as Float32Array;
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(0.5);
    expect(new Set(w).size).toBe(12);
  });

  it('loadStateDict reports every mismatch and copies nothing then', () => {
    const net = nn.sequential(new nn.Linear(4, 3), new nn.Linear(3, 2));
    const before = net.stateDict().get('0.weight')!.toArray();
    const bad = new Map<string, torch.Tensor>([
      ['0.weight', torch.zeros([3, 5])],
      ['0.bias', torch.zeros([3], { dtype: 'float64' })],
      ['1.weight', torch.zeros([2, 3])],
      ['extra', torch.zeros([1])],
    ]);
    let err: unknown;
    try {
      net.loadStateDict(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(nn.StateDictError);
    expect((err as InstanceType<typeof nn.StateDictError>).problems).toEqual([
      "'0.weight' has shape [3, 5], the module expects [3, 4]",
      "'0.bias' has dtype float64, the module expects float32",
      "missing '1.bias' (expected shape [2])",
      "unexpected 'extra'",
    ]);
    expect(net.stateDict().get('0.weight')!.toArray()).toEqual(before);
  });

  it('sub-trees by dotted path: get and set', () => {
    const inner = nn.sequential(new nn.Linear(2, 3), new nn.ReLU());
    const net = nn.sequential(inner, new nn.Linear(3, 1));
    expect(net.getSubmodule('0.0')).toBe(inner.at(0));
    expect(net.getTensor('0.0.bias').shape).toEqual([3]);
    net.setTensor('1.weight', torch.tensor([[1, 2, 3]]));
    expect(net.at(1).weight.toArray()).toEqual([[1, 2, 3]]);
    // @ts-expect-error: no sub-module '0.5'
    expect(() => net.getSubmodule('0.5')).toThrow(/'5' is not one of \[0, 1\]/);
    // @ts-expect-error: the compiler knows the paths ('0.0.weight', '0.0.bias', '1.weight', '1.bias')
    expect(() => net.getTensor('0.0.scale')).toThrow(/no parameter or buffer '0.0.scale'/);
    expect(() => net.setTensor('1.weight', torch.zeros([3]))).toThrow(/got \[3\] float32, expected \[1, 3\] float32/);
    expect(() => net.at(7 as number)).toThrow(/there is no layer 7/);
  });

  it('to(dtype) converts every parameter', () => {
    const net = nn.sequential(new nn.Linear(2, 2)).to('float64');
    expect(net.parameters().map((p) => [p.dtype, p.requiresGrad])).toEqual([['float64', true], ['float64', true]]);
  });
});

describe('optimizers match torch.optim over 50 steps', () => {
  // Least squares on fixed data, in float64.
  const X = [[1, 2], [3, -1], [0.5, 0.25], [-2, 1]];
  const Y = [[1], [0], [2], [-1]];
  const W0 = [[0.3], [-0.2]];
  const pyProblem = `
X = torch.tensor(${JSON.stringify(X)}, dtype=torch.float64)
Y = torch.tensor(${JSON.stringify(Y)}, dtype=torch.float64)
w = torch.tensor(${JSON.stringify(W0)}, dtype=torch.float64, requires_grad=True)
b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
`;
  const run = (make: (params: torch.Tensor[]) => { step(): void; zeroGrad(): void }) => {
    const x = torch.tensor(X, { dtype: 'float64' });
    const y = torch.tensor(Y, { dtype: 'float64' });
    const w = torch.tensor(W0, { dtype: 'float64', requiresGrad: true });
    const b = torch.zeros([1], { dtype: 'float64', requiresGrad: true });
    const opt = make([w, b]);
    const trace: number[][] = [];
    for (let i = 0; i < 50; i++) {
      opt.zeroGrad();
      torch.scope(() => x.matmul(w).add(b).sub(y).pow(2).mean().backward());
      opt.step();
      trace.push([...(w.toArray() as number[][]).flat(), ...(b.toArray() as number[])]);
    }
    return trace;
  };
  const pyRun = (ctor: string) =>
    py<number[][]>(`${pyProblem}
opt = ${ctor}
trace = []
for i in range(50):
    opt.zero_grad()
    ((X @ w + b - Y) ** 2).mean().backward()
    opt.step()
    trace.append(w.detach().flatten().tolist() + b.detach().tolist())
out = trace
`);

  const cases: [string, string, (p: torch.Tensor[]) => { step(): void; zeroGrad(): void }][] = [
    ['SGD', 'torch.optim.SGD([w, b], lr=0.05)', (p) => new optim.SGD(p, { lr: 0.05 })],
    ['SGD momentum + weight decay', 'torch.optim.SGD([w, b], lr=0.05, momentum=0.9, weight_decay=0.01, dampening=0.1)', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, weightDecay: 0.01, dampening: 0.1 })],
    ['SGD nesterov', 'torch.optim.SGD([w, b], lr=0.05, momentum=0.9, nesterov=True)', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true })],
    ['Adam', 'torch.optim.Adam([w, b], lr=0.05)', (p) => new optim.Adam(p, { lr: 0.05 })],
    ['Adam amsgrad + weight decay', 'torch.optim.Adam([w, b], lr=0.05, amsgrad=True, weight_decay=0.1)', (p) => new optim.Adam(p, { lr: 0.05, amsgrad: true, weightDecay: 0.1 })],
    ['AdamW', 'torch.optim.AdamW([w, b], lr=0.05, betas=(0.8, 0.99), weight_decay=0.05)', (p) => new optim.AdamW(p, { lr: 0.05, betas: [0.8, 0.99], weightDecay: 0.05 })],
    ['parameter groups', "torch.optim.SGD([{'params': [w]}, {'params': [b], 'lr': 0.2}], lr=0.01, momentum=0.5)", (p) => new optim.SGD([{ params: [p[0]!] }, { params: [p[1]!], lr: 0.2 }], { lr: 0.01, momentum: 0.5 })],
    ['RMSprop', 'torch.optim.RMSprop([w, b], lr=0.01)', (p) => new optim.RMSprop(p, { lr: 0.01 })],
    ['RMSprop centered + momentum + weight decay', 'torch.optim.RMSprop([w, b], lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.1)', (p) => new optim.RMSprop(p, { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.1 })],
    ['Adagrad', 'torch.optim.Adagrad([w, b], lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.05)', (p) => new optim.Adagrad(p, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1, weightDecay: 0.05 })],
    ['Adadelta', 'torch.optim.Adadelta([w, b], lr=1.0)', (p) => new optim.Adadelta(p, { lr: 1 })],
    ['Adadelta rho + weight decay', 'torch.optim.Adadelta([w, b], lr=0.5, rho=0.8, weight_decay=0.1)', (p) => new optim.Adadelta(p, { lr: 0.5, rho: 0.8, weightDecay: 0.1 })],
  ];
  for (const [name, pyCtor, make] of cases) {
    it(name, () => {
      expectClose(run(make), pyRun(pyCtor), 1e-6, 1e-6);
    });
  }

  it('steps create no lasting tensors', () => {
    const w = torch.randn([3], { requiresGrad: true });
    const opt = new optim.Adam([w]);
    const step = () => {
      torch.scope(() => w.pow(2).sum().backward());
      opt.step();
      opt.zeroGrad();
    };
    step();
    const live = torch.memory().tensors;
    for (let i = 0; i < 20; i++) step();
    expect(torch.memory().tensors).toBe(live);
  });
});

describe('optimizer state, schedulers and clipping', () => {
  const problem = () => {
    const x = torch.tensor([[1, 2], [3, -1], [0.5, 0.25]], { dtype: 'float64' });
    const w = torch.tensor([[0.3], [-0.2]], { dtype: 'float64', requiresGrad: true });
    const loss = () => torch.scope(() => x.matmul(w).sub(1).pow(2).mean().backward());
    return { w, loss };
  };

  it('zeroGrad sets gradients to null, or with setToNone: false zeroes them in place as PyTorch 1.13 does', () => {
    const { w, loss } = problem();
    const opt = new optim.SGD([w], { lr: 0.1 });
    loss();
    const grad = w.grad!;
    opt.zeroGrad({ setToNone: false });
    // The same tensor, now zeros; the next backward accumulates into it: one gradient, not two.
    expect(w.grad).toBe(grad);
    expect(grad.toArray()).toEqual([[0], [0]]);
    loss();
    const once = w.grad!.toArray() as number[][];
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    loss();
    expect(w.grad!.toArray()).toEqual(once);
  });

  it('a restored optimizer state continues exactly like uninterrupted training', () => {
    const a = problem();
    const optA = new optim.Adam([a.w], { lr: 0.1 });
    const b = problem();
    const optB = new optim.Adam([b.w], { lr: 0.1 });
    for (let i = 0; i < 5; i++) {
      for (const [p, o] of [[a, optA], [b, optB]] as const) {
        o.zeroGrad();
        p.loss();
        o.step();
      }
    }
    const saved = optB.stateDict();
    const optC = new optim.Adam([b.w], { lr: 999 });
    optC.loadStateDict(saved);
    expect(optC.groups[0]!.lr).toBe(0.1);
    for (let i = 0; i < 5; i++) {
      optA.zeroGrad();
      a.loss();
      optA.step();
      optC.zeroGrad();
      b.loss();
      optC.step();
    }
    expect(b.w.toArray()).toEqual(a.w.toArray());
    expect(() => new optim.Adam([torch.zeros([3], { requiresGrad: true })]).loadStateDict(saved)).toThrow(/exp.*shape \[2, 1\], the parameter \[3\]|expAvg of parameter 0 has shape/);
  });

  it('schedulers produce PyTorch\'s learning rates', () => {
    const expected = py<Record<string, number[]>>(`
out = {}
def run(name, make, steps=12):
    p = torch.zeros(1, requires_grad=True)
    o = torch.optim.SGD([p], lr=0.1)
    s = make(o)
    lrs = []
    for i in range(steps):
        o.step(); s.step(); lrs.append(o.param_groups[0]['lr'])
    out[name] = lrs
run('step', lambda o: torch.optim.lr_scheduler.StepLR(o, 3, gamma=0.5))
run('cosine', lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, eta_min=0.001))
run('linear', lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=4))
run('onecycle', lambda o: torch.optim.lr_scheduler.OneCycleLR(o, 0.5, total_steps=12, cycle_momentum=False), steps=11)
run('onecycle3', lambda o: torch.optim.lr_scheduler.OneCycleLR(o, 0.5, total_steps=12, cycle_momentum=False, three_phase=True, anneal_strategy='linear'), steps=11)
`);
    const sched = optim.lrScheduler;
    const run = (make: (o: InstanceType<typeof optim.SGD>) => { step(): void }, steps = 12) => {
      const o = new optim.SGD([torch.zeros([1], { requiresGrad: true })], { lr: 0.1 });
      const s = make(o);
      return Array.from({ length: steps }, () => {
        o.step();
        s.step();
        return o.groups[0]!.lr;
      });
    };
    expectClose(run((o) => new sched.StepLR(o, 3, 0.5)), expected.step, 1e-12, 1e-9);
    expectClose(run((o) => new sched.CosineAnnealingLR(o, 10, 0.001)), expected.cosine, 1e-12, 1e-9);
    expectClose(run((o) => new sched.LinearWarmup(o, 0.25, 1, 4)), expected.linear, 1e-12, 1e-9);
    expectClose(run((o) => new sched.OneCycleLR(o, 0.5, 12), 11), expected.onecycle, 1e-12, 1e-9);
    expectClose(run((o) => new sched.OneCycleLR(o, 0.5, 12, { threePhase: true, annealStrategy: 'linear' }), 11), expected.onecycle3, 1e-12, 1e-9);
  });

  it('clipGradNorm and clipGradValue match torch.nn.utils', () => {
    const e = py<{ norm: number; g1: number[]; g2: number[]; inf: number; v: number[] }>(`
a = torch.tensor([3.0, -4.0], requires_grad=True); b = torch.tensor([12.0], requires_grad=True)
(a * torch.tensor([1.0, 1.0])).sum().backward(); a.grad = torch.tensor([3.0, -4.0]); b.grad = torch.tensor([12.0])
norm = torch.nn.utils.clip_grad_norm_([a, b], 6.5)
c = torch.tensor([1.0, -7.0], requires_grad=True); c.grad = torch.tensor([1.0, -7.0])
inf = torch.nn.utils.clip_grad_norm_([c], 2.0, norm_type=float('inf'))
d = torch.tensor([0.0, 0.0], requires_grad=True); d.grad = torch.tensor([0.3, -5.0])
torch.nn.utils.clip_grad_value_([d], 1.0)
out = {'norm': norm.item(), 'g1': a.grad, 'g2': b.grad, 'inf': inf.item(), 'v': d.grad}
`);
    const a = torch.zeros([2], { requiresGrad: true });
    a.grad = torch.tensor([3, -4]);
    const b = torch.zeros([1], { requiresGrad: true });
    b.grad = torch.tensor([12]);
    expect(optim.clipGradNorm([a, b], 6.5)).toBeCloseTo(e.norm, 5);
    expectClose(a.grad!.toArray(), e.g1, 1e-6);
    expectClose(b.grad!.toArray(), e.g2, 1e-6);
    const c = torch.zeros([2], { requiresGrad: true });
    c.grad = torch.tensor([1, -7]);
    expect(optim.clipGradNorm([c], 2, Infinity)).toBeCloseTo(e.inf, 5);
    const d = torch.zeros([2], { requiresGrad: true });
    d.grad = torch.tensor([0.3, -5]);
    optim.clipGradValue([d], 1);
    expectClose(d.grad!.toArray(), e.v, 1e-7);
  });
});
