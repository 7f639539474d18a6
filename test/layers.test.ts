// More layers against Python torch: identical weights through a state dict,
// identical inputs; outputs, parameter gradients and (in training mode) the
// running statistics batch norm updates, all to 1e-5.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';
import { expectClose } from './helpers/assert.ts';

const { nn } = torch;
const dir = mkdtempSync(join(tmpdir(), 'typed-torch-layers-'));

type Result = { out: unknown; grads: Record<string, number[]>; buffers: Record<string, unknown> };

/** Python builds the model (the string) in training mode, saves its weights, and runs x through it. */
const MODELS: Record<string, { python: string; input: string; build: () => torch.nn.Module & { forward(x: torch.Tensor): torch.Tensor }; x: () => torch.Tensor }> = {
  conv1d_bn_leaky: {
    python: 'torch.nn.Sequential(torch.nn.Conv1d(3, 5, 3, stride=2, padding=1), torch.nn.BatchNorm1d(5), torch.nn.LeakyReLU(0.2))',
    input: 'torch.sin(torch.arange(4 * 3 * 10, dtype=torch.float32)).reshape(4, 3, 10)',
    build: () => nn.sequential(new nn.Conv1d(3, 5, 3, { stride: 2, padding: 1 }), new nn.BatchNorm1d(5), new nn.LeakyReLU(0.2)),
    x: () => torch.sin(torch.arange(120, { dtype: 'float32' })).reshape([4, 3, 10]),
  },
  convT_gn_silu_pools: {
    python: 'torch.nn.Sequential(torch.nn.ConvTranspose2d(4, 6, 3, stride=2), torch.nn.GroupNorm(3, 6), torch.nn.SiLU(), torch.nn.AvgPool2d(2), torch.nn.AdaptiveAvgPool2d((2, 3)), torch.nn.Flatten(), torch.nn.LayerNorm(36), torch.nn.Softmax(1))',
    input: 'torch.cos(torch.arange(2 * 4 * 5 * 5, dtype=torch.float32)).reshape(2, 4, 5, 5)',
    build: () => nn.sequential(new nn.ConvTranspose2d(4, 6, 3, { stride: 2 }), new nn.GroupNorm(3, 6), new nn.SiLU(), new nn.AvgPool2d(2), new nn.AdaptiveAvgPool2d([2, 3] as const), new nn.Flatten(), new nn.LayerNorm(36), new nn.Softmax(1)),
    x: () => torch.cos(torch.arange(200, { dtype: 'float32' })).reshape([2, 4, 5, 5]),
  },
  bn2d_gelu_logsoftmax: {
    python: 'torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3, padding=1), torch.nn.BatchNorm2d(3, momentum=0.3), torch.nn.GELU(), torch.nn.Flatten(), torch.nn.Linear(48, 5), torch.nn.LogSoftmax(1))',
    input: 'torch.sin(torch.arange(3 * 2 * 4 * 4, dtype=torch.float32) * 0.7).reshape(3, 2, 4, 4)',
    build: () => nn.sequential(new nn.Conv2d(2, 3, 3, { padding: 1 }), new nn.BatchNorm2d(3, { momentum: 0.3 }), new nn.GELU(), new nn.Flatten(), new nn.Linear(48, 5), new nn.LogSoftmax(1)),
    x: () => torch.sin(torch.arange(96, { dtype: 'float32' }).mul(0.7)).reshape([3, 2, 4, 4]),
  },
  embedding: {
    python: 'torch.nn.Sequential(torch.nn.Embedding(10, 4, padding_idx=0), torch.nn.Tanh())',
    input: 'torch.tensor([[1, 0, 3], [9, 9, 2]])',
    build: () => nn.sequential(new nn.Embedding(10, 4, { paddingIdx: 0 }), new nn.Tanh()),
    x: () => torch.tensor([[1, 0, 3], [9, 9, 2]], { dtype: 'int64' }),
  },
};

describe('layers against PyTorch', () => {
  let expected: Record<string, Result>;
  beforeAll(() => {
    const body = Object.entries(MODELS).map(([name, m]) => `
torch.manual_seed(1)
m = ${m.python}
torch.save(m.state_dict(), ${JSON.stringify(join(dir, `${name}.pt`))})
x = ${m.input}
y = m(x)
(y * torch.sin(torch.arange(y.numel(), dtype=torch.float32)).reshape(y.shape)).sum().backward()
out[${JSON.stringify(name)}] = {'out': _enc(y), 'grads': {k: _enc(p.grad.flatten()) for k, p in m.named_parameters()}, 'buffers': {k: _enc(b) for k, b in m.named_buffers()}}
`).join('\n');
    expected = py(`out = {}\n${body}`);
  });

  for (const [name, m] of Object.entries(MODELS)) {
    it(name, () => {
      const net = m.build();
      net.loadStateDict(torch.load(join(dir, `${name}.pt`)));
      const y = net.forward(m.x());
      expectClose(y.toArray(), expected[name]!.out, 1e-5, 1e-5, 'output');
      y.mul(torch.sin(torch.arange(y.numel(), { dtype: 'float32' })).reshape(y.shape)).sum().backward();
      for (const [pname, p] of net.namedParameters()) {
        expectClose(Array.from(p.grad!.toTypedArray() as Float32Array), expected[name]!.grads[pname], 1e-5, 1e-5, pname);
      }
      for (const [bname, b] of net.namedBuffers()) {
        expectClose(b.toArray(), expected[name]!.buffers[bname], 1e-6, 1e-5, bname);
      }
    });
  }

  it('Bilinear, Sigmoid and Unflatten match PyTorch, gradients included', () => {
    const file = join(dir, 'bilinear.pt');
    const e = py<{ out: number[][][]; gw: number[]; gb: number[] }>(`
torch.manual_seed(2)
m = torch.nn.Bilinear(3, 2, 4)
torch.save(m.state_dict(), ${JSON.stringify(file)})
y = torch.nn.Unflatten(1, (2, 2))(torch.sigmoid(m(torch.tensor([[1.0, -2.0, 0.5], [0.3, 0.2, 0.1]]), torch.tensor([[0.5, 1.5], [-1.0, 2.0]]))))
(y * torch.arange(8.0).reshape(2, 2, 2)).sum().backward()
out = {'out': y, 'gw': m.weight.grad.flatten(), 'gb': m.bias.grad}
`);
    const m = new nn.Bilinear(3, 2, 4);
    m.loadStateDict(torch.load(file));
    const h = new nn.Sigmoid().forward(m.forward(torch.tensor([[1, -2, 0.5], [0.3, 0.2, 0.1]]), torch.tensor([[0.5, 1.5], [-1, 2]])));
    const y = new nn.Unflatten(1, [2, 2]).forward(h);
    expectClose(y.toArray(), e.out, 1e-5, 1e-5);
    y.mul(torch.arange(8, { dtype: 'float32' }).reshape([2, 2, 2])).sum().backward();
    expectClose(Array.from(m.getTensor('weight').grad!.toTypedArray() as Float32Array), e.gw, 1e-5, 1e-5);
    expectClose(m.getTensor('bias').grad!.toArray(), e.gb, 1e-5, 1e-5);
  });

  it('state dict names and order match PyTorch (batch norm buffers included)', () => {
    const names = py<string[]>('out = list(torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.BatchNorm2d(3)).state_dict().keys())');
    expect([...nn.sequential(new nn.Conv2d(2, 3, 3), new nn.BatchNorm2d(3)).stateDict().keys()]).toEqual(names);
  });

  it('eval mode uses the running statistics and leaves them alone', () => {
    const bn = new nn.BatchNorm1d(2).eval();
    const x = torch.tensor([[1, 2], [3, 6]]);
    expect(bn.forward(x).toArray()).toEqual(x.div(Math.sqrt(1 + 1e-5)).toArray());
    expect(bn.stateDict().get('num_batches_tracked')!.item()).toBe(0);
    expect(() => new nn.GroupNorm(4, 6)).toThrow(/6 channels do not split into 4 groups/);
  });
});

describe('default initialisation matches PyTorch under the same seed', () => {
  const CASES: [string, string, () => torch.nn.Module][] = [
    ['Linear', 'torch.nn.Linear(5, 3)', () => new nn.Linear(5, 3)],
    ['Conv2d', 'torch.nn.Conv2d(3, 4, 3)', () => new nn.Conv2d(3, 4, 3)],
    ['Conv1d', 'torch.nn.Conv1d(2, 3, 5)', () => new nn.Conv1d(2, 3, 5)],
    ['ConvTranspose2d', 'torch.nn.ConvTranspose2d(3, 2, 3)', () => new nn.ConvTranspose2d(3, 2, 3)],
    ['Bilinear', 'torch.nn.Bilinear(3, 2, 4)', () => new nn.Bilinear(3, 2, 4)],
    ['Embedding', 'torch.nn.Embedding(6, 3, padding_idx=2)', () => new nn.Embedding(6, 3, { paddingIdx: 2 })],
    ['BatchNorm2d', 'torch.nn.BatchNorm2d(3)', () => new nn.BatchNorm2d(3)],
    ['LayerNorm', 'torch.nn.LayerNorm([2, 3])', () => new nn.LayerNorm([2, 3])],
  ];
  let expected: Record<string, Record<string, unknown>>;
  beforeAll(() => {
    expected = py(`out = {}\n${CASES.map(([n, ctor]) => `torch.manual_seed(11)\nout[${JSON.stringify(n)}] = {k: _enc(v) for k, v in ${ctor}.state_dict().items()}`).join('\n')}`);
  });
  for (const [name, , build] of CASES) {
    it(name, () => {
      torch.manualSeed(11);
      const m = build();
      expect([...m.stateDict().keys()]).toEqual(Object.keys(expected[name]!));
      for (const [k, v] of m.stateDict()) expectClose(v.toArray(), expected[name]![k], 1e-6, 1e-6, k);
    });
  }
});
