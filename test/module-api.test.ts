// Module's own API against Python's nn.Module: the printed tree, the module
// walks (modules, namedModules, children, apply), buffers that are not
// persistent, requiresGrad_, dtype conversion that leaves integer buffers
// alone, forward hooks and pre-hooks, and constructor arguments that are
// refused rather than ignored.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';

const { nn } = torch;

describe('the printed module tree', () => {
  it('prints as Python prints the same model', () => {
    const ours = [
      new nn.Sequential(
        new nn.Conv2d(1, 32, 3, { stride: 2, padding: 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
        new nn.Dropout(0.25), new nn.Flatten(), new nn.Linear(288, 10, { bias: false }), new nn.LogSoftmax(1),
      ).toString(),
      new nn.LSTM(10, 20, { numLayers: 2, dropout: 0.5, bidirectional: true }).toString(),
      new nn.ConvTranspose2d(4, 2, 3, { stride: 2, outputPadding: 1, groups: 2 }).toString(),
      new nn.Conv1d(3, 6, 5, { padding: 'same', paddingMode: 'reflect', dilation: 2 }).toString(),
      new nn.LayerNorm([4, 5], { eps: 1e-6 }).toString(),
      new nn.Embedding(10, 3, { paddingIdx: 0 }).toString(),
      new nn.LeakyReLU(0.2, true).toString(),
      new nn.ELU().toString(),
      new nn.Hardtanh(-2, 2).toString(),
      new nn.GELU('tanh').toString(),
      new nn.AdaptiveAvgPool2d([1, 1]).toString(),
      new nn.AvgPool2d(3, 2).toString(),
      new nn.GroupNorm(2, 4).toString(),
      new nn.PReLU(3).toString(),
      new nn.Upsample({ scaleFactor: 2, mode: 'nearest' }).toString(),
    ];
    const python = py<string[]>(`
import torch.nn as nn
out = [repr(m) for m in [
  nn.Sequential(nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                nn.Dropout(0.25), nn.Flatten(), nn.Linear(288, 10, bias=False), nn.LogSoftmax(1)),
  nn.LSTM(10, 20, num_layers=2, dropout=0.5, bidirectional=True),
  nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1, groups=2),
  nn.Conv1d(3, 6, 5, padding='same', padding_mode='reflect', dilation=2),
  nn.LayerNorm([4, 5], eps=1e-6),
  nn.Embedding(10, 3, padding_idx=0),
  nn.LeakyReLU(0.2, True),
  nn.ELU(),
  nn.Hardtanh(-2.0, 2.0),
  nn.GELU('tanh'),
  nn.AdaptiveAvgPool2d((1, 1)),
  nn.AvgPool2d(3, 2),
  nn.GroupNorm(2, 4),
  nn.PReLU(3),
  nn.Upsample(scale_factor=2.0, mode='nearest'),
]]`);
    expect(ours).toEqual(python);
  });
});

describe('walking the module tree', () => {
  const model = () => new nn.Sequential(new nn.Linear(4, 3), new nn.Sequential(new nn.ReLU(), new nn.Linear(3, 2)));

  it('modules, namedModules and children list what Python lists, in its order', () => {
    const m = model();
    const python = py<{ named: [string, string][]; children: string[] }>(`
import torch.nn as nn
m = nn.Sequential(nn.Linear(4, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 2)))
out = {'named': [[n, type(c).__name__] for n, c in m.named_modules()], 'children': [type(c).__name__ for c in m.children()]}`);
    expect(m.namedModules().map(([n, c]) => [n, c.constructor.name])).toEqual(python.named);
    expect(m.modules().map((c) => c.constructor.name)).toEqual(python.named.map(([, c]) => c));
    expect(m.children().map((c) => c.constructor.name)).toEqual(python.children);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['0', '1']);
  });

  it('apply visits children before their parent, as Python does', () => {
    const seen: string[] = [];
    model().apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(['Linear', 'ReLU', 'Linear', 'Sequential', 'Sequential']);
  });

  it('requiresGrad_ switches every parameter, and returns the module', () => {
    const m = model();
    expect(m.requiresGrad_(false)).toBe(m);
    expect(m.parameters().every((p) => !p.requiresGrad)).toBe(true);
    m.requiresGrad_();
    expect(m.parameters().every((p) => p.requiresGrad)).toBe(true);
  });
});

class WithBuffers extends nn.Module {
  constructor() {
    super();
    this.registerBuffer('kept', torch.ones([2]));
    this.registerBuffer('scratch', torch.zeros([3]), { persistent: false });
    this.registerBuffer('absent', null);
    this.registerParameter('w', torch.ones([2, 2]));
  }
  forward(x: torch.Tensor): torch.Tensor {
    return x;
  }
}

describe('buffers and dtypes', () => {
  it('a buffer that is not persistent moves with the module but is not in the state dict', () => {
    const m = new WithBuffers();
    expect([...m.stateDict().keys()]).toEqual(['w', 'kept']);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['kept', 'scratch']);
    m.double();
    expect(m.buffers().map((b) => b.dtype)).toEqual(['float64', 'float64']);
  });

  it('registerBuffer refuses names that are taken or dotted', () => {
    const m = new WithBuffers();
    expect(() => m.registerBuffer('w', torch.ones([1]))).toThrow(/'w' is already a parameter/);
    expect(() => m.registerBuffer('a.b', torch.ones([1]))).toThrow(/contain no '\.'/);
  });

  it("to(dtype) converts floating-point tensors only: BatchNorm's counter stays int64, so Python's state dict loads", () => {
    const bn = new nn.BatchNorm2d(3).to('float64');
    expect(bn.getTensor('num_batches_tracked').dtype).toBe('int64');
    expect(bn.getTensor('running_mean').dtype).toBe('float64');
    const python = py<{ dtypes: Record<string, string> }>(`
import torch.nn as nn
bn = nn.BatchNorm2d(3).to(torch.float64)
out = {'dtypes': {k: str(v.dtype)[6:] for k, v in bn.state_dict().items()}}`);
    expect(Object.fromEntries([...bn.stateDict()].map(([k, v]) => [k, v.dtype]))).toEqual(python.dtypes);
    bn.half();
    expect(bn.getTensor('weight').dtype).toBe('float16');
    expect(bn.getTensor('num_batches_tracked').dtype).toBe('int64');
  });
});

describe('forward hooks', () => {
  it('pre-hooks may replace the arguments, hooks the output; handles remove them', () => {
    const m = new nn.Linear(2, 2);
    const calls: string[] = [];
    const pre = m.registerForwardPreHook((_mod, args) => {
      calls.push('pre');
      return [(args[0] as torch.Tensor).mul(0)];
    });
    const post = m.registerForwardHook((_mod, _args, out) => {
      calls.push('post');
      return (out as torch.Tensor).add(1);
    });
    const x = torch.ones([1, 2]);
    const hooked = m.forward(x as never) as torch.Tensor;
    const bias = m.bias!.add(1);
    expect(hooked.toArray()).toEqual(bias.unsqueeze(0).toArray());
    expect(calls).toEqual(['pre', 'post']);
    pre.remove();
    post.remove();
    const plain = m.forward(x as never) as torch.Tensor;
    const expected = torch.nn.functional.linear(x, m.weight, m.bias);
    expect(plain.toArray()).toEqual(expected.toArray());
    expect(calls).toEqual(['pre', 'post']);
  });

  it('hooks run when a parent calls the child, as in Python (a feature extractor)', () => {
    const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 1));
    const features: number[][] = [];
    seq.at(1).registerForwardHook((_m, _a, out) => void features.push((out as torch.Tensor).shape));
    seq.forward(torch.ones([5, 3]) as never);
    expect(features).toEqual([[5, 4]]);
  });

  it('a hook must be a function, and a pre-hook must return an array or nothing', () => {
    const m = new nn.ReLU();
    expect(() => m.registerForwardHook(42 as never)).toThrow(/a hook must be a function/);
    m.registerForwardPreHook(() => 7 as never);
    expect(() => m.forward(torch.ones([1]))).toThrow(/must return an array of arguments or nothing/);
  });
});

describe('constructor arguments', () => {
  it('take Python positional order or names, and refuse unknown or mistyped ones', () => {
    expect(new nn.MaxPool2d(3, 2, 1).options).toMatchObject({ stride: 2, padding: 1 });
    expect(new nn.LeakyReLU(0.2).options.negativeSlope).toBe(0.2);
    expect(() => new nn.Conv2d(1, 2, 3, { strid: 2 } as never)).toThrow(/unknown option 'strid'/);
    expect(() => new nn.Conv2d(1, 2, 3, { padding: 'full' as never })).toThrow(/padding must be one of 'same', 'valid'/);
    expect(() => new nn.Conv2d(1, 2, 3, { padding: 'same', stride: 2 })).toThrow(/not supported for strided convolutions/);
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow(/inChannels \(3\) must be divisible by groups \(2\)/);
    expect(() => new nn.Dropout(1.5)).toThrow(/p must be a probability/);
    expect(() => new nn.LSTM(4, 3, { projSize: 3 })).toThrow(/projSize \(3\) has to be smaller than hiddenSize \(3\)/);
    expect(() => new nn.BatchNorm2d(3, { momentum: 'fast' as never })).toThrow(/momentum must be a number or null, got 'fast'/);
  });

  it('dtype and device create the parameters there', () => {
    const conv = new nn.Conv2d(1, 2, 3, { dtype: 'float64' });
    expect(conv.getTensor('weight').dtype).toBe('float64');
    const lin = new nn.Linear(2, 3, { device: 'meta' });
    expect(lin.weight.device).toBe('meta');
  });
});

describe('backward hooks', () => {
  it("registerFullBackwardHook sees Python's gradInput and gradOutput, and may replace gradInput", () => {
    const python = py<{ gin: number[][]; gout: number[][]; xgrad: number[][] }>(`
import torch.nn as nn
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(3, 2), nn.Tanh())
x = torch.linspace(-1, 1, 6).reshape(2, 3).requires_grad_()
seen = {}
def hook(mod, gin, gout):
    seen['gin'] = gin[0].tolist(); seen['gout'] = gout[0].tolist()
    return (gin[0] * 2,)
m.register_full_backward_hook(hook)
(m(x) * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()
out = {'gin': seen['gin'], 'gout': seen['gout'], 'xgrad': x.grad.tolist()}`);
    torch.manualSeed(0);
    const m = new nn.Sequential(new nn.Linear(3, 2), new nn.Tanh());
    const x = torch.linspace(-1, 1, 6).reshape([2, 3]).requiresGrad_(true);
    const seen: { gin?: number[][]; gout?: number[][] } = {};
    m.registerFullBackwardHook((_mod, gin, gout) => {
      seen.gin = gin[0]!.toArray() as number[][];
      seen.gout = gout[0]!.toArray() as number[][];
      return [gin[0]!.mul(2)];
    });
    (m.forward(x as never) as torch.Tensor).mul(torch.tensor([[1, 2], [3, 4]])).sum().backward();
    const close = (a: number[][], b: number[][]) => a.flat().forEach((v, i) => expect(v).toBeCloseTo(b.flat()[i]!, 5));
    close(seen.gin!, python.gin);
    close(seen.gout!, python.gout);
    close(x.grad!.toArray() as number[][], python.xgrad);
  });

  it('a backward hook runs with null gradInput when no input needs grad', () => {
    const m = new nn.Linear(2, 1);
    const calls: (torch.Tensor | null)[][] = [];
    m.registerFullBackwardHook((_mod, gin, gout) => void calls.push([...gin, ...gout]));
    (m.forward(torch.ones([4, 2]) as never) as torch.Tensor).sum().backward();
    expect(calls.length).toBe(1);
    expect(calls[0]![0]).toBeNull();
    expect(calls[0]![1]!.shape).toEqual([4, 1]);
  });

  it('Tensor.registerHook sees and may replace a gradient; an exception ends backward with it', () => {
    const x = torch.tensor([1, 2, 3]).requiresGrad_(true);
    const y = x.mul(2);
    const seen: number[][] = [];
    const handle = y.registerHook((g) => {
      seen.push(g.toArray() as number[]);
      return g.mul(10);
    });
    // The graph is kept for the second backward below (x * 2 saves its operands, as in Python).
    y.sum().backward(null, { retainGraph: true });
    expect(seen).toEqual([[1, 1, 1]]);
    expect(x.grad!.toArray()).toEqual([20, 20, 20]);
    handle.remove();
    x.grad = null;
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2, 2]);
    const z = x.mul(3);
    z.registerHook(() => {
      throw new Error('stop here');
    });
    expect(() => z.sum().backward()).toThrow('stop here');
    const w = x.mul(3);
    w.registerHook(() => torch.ones([2]));
    expect(() => w.sum().backward()).toThrow(/same shape and dtype, \[3\] float32, or nothing; got \[2\] float32/);
    expect(() => torch.ones([2]).registerHook(() => undefined)).toThrow(/does not require grad/);
  });
});
