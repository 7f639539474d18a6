// Attributions against their axioms and independent truths: a linear
// model's exact attributions (IG = (x - baseline) * w for every method),
// completeness of Integrated Gradients on the Fashion-MNIST CNN (delta under
// 1e-3 at 50 steps), Gauss-Legendre nodes against numpy's leggauss, IG
// against a short Python torch implementation on the same weights, occlusion
// and Grad-CAM on hand-computed cases, NoiseTunnel's identities.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { expectClose } from './helpers/assert.ts';
import { py } from './helpers/python.ts';
import { cnn, prepare } from '../examples/fashion-mnist.ts';

const { interpret, nn } = torch;

describe('a linear model: exact attributions', () => {
  torch.manualSeed(0);
  const lin = new nn.Linear(4, 3);
  const w1 = (lin.weight.toArray() as number[][]).map((row) => row)[1]!; // the weights of output 1
  const x = torch.tensor([[1, -2, 0.5, 3], [0, 1, 2, -1]]);
  const baseline = torch.tensor([[0.5, 0.5, 0.5, 0.5]]);

  it('saliency is |w|, Input x Gradient is x * w', () => {
    expectClose(interpret.saliency(lin, x, { target: 1 }).toArray(), [w1.map(Math.abs), w1.map(Math.abs)], 1e-6);
    expectClose(interpret.saliency(lin, x, { target: 1, abs: false }).toArray(), [w1, w1], 1e-6);
    expectClose(interpret.inputXGradient(lin, x, { target: 1 }).toArray(), (x.toArray() as number[][]).map((r) => r.map((v, i) => v * w1[i]!)), 1e-6);
  });

  it('Integrated Gradients is (x - baseline) * w with every method, and complete (delta 0)', () => {
    const expected = (x.toArray() as number[][]).map((r) => r.map((v, i) => (v - 0.5) * w1[i]!));
    for (const method of ['gausslegendre', 'riemann_left', 'riemann_right', 'riemann_middle', 'riemann_trapezoid'] as const) {
      const { attributions, delta } = interpret.integratedGradients(lin, x, { target: 1, baselines: baseline, method, nSteps: 7, internalBatchSize: 5 });
      expectClose(attributions.toArray(), expected, 1e-5);
      expectClose(delta.toArray(), [0, 0], 1e-5);
    }
    // Per-example targets pick each row's own output.
    const { attributions } = interpret.integratedGradients(lin, x, { target: [1, 2], nSteps: 3 });
    const w2 = (lin.weight.toArray() as number[][])[2]!;
    expectClose(attributions.toArray(), [(x.toArray() as number[][])[0]!.map((v, i) => v * w1[i]!), (x.toArray() as number[][])[1]!.map((v, i) => v * w2[i]!)], 1e-5);
  });

  it('SmoothGrad of saliency is |w| whatever the noise, VarGrad 0; refuses bad options', () => {
    const smooth = interpret.noiseTunnel((noisy) => interpret.saliency(lin, noisy, { target: 1 }), x, { nSamples: 4, stdevs: 0.5, generator: 3 });
    expectClose(smooth.toArray(), [w1.map(Math.abs), w1.map(Math.abs)], 1e-6);
    const vargrad = interpret.noiseTunnel((noisy) => interpret.saliency(lin, noisy, { target: 1 }), x, { type: 'vargrad', generator: 3 });
    expectClose(vargrad.toArray(), [[0, 0, 0, 0], [0, 0, 0, 0]], 1e-6);
    expect(() => interpret.saliency(lin, x)).toThrow(/gives \[2, 3\]: give a target/);
    expect(() => interpret.saliency(lin, x, { target: 3 })).toThrow(/target 3 is outside the model's 3 outputs/);
    expect(() => interpret.saliency(lin, x, { target: [0] })).toThrow(/1 targets for 2 examples/);
    expect(() => interpret.integratedGradients(lin, x, { target: 0, method: 'simpson' as never })).toThrow(/method must be gausslegendre/);
    expect(() => interpret.saliency(lin, torch.tensor([[1n, 2n, 3n, 4n]]) as never, { target: 0 })).toThrow(/float32 or float64, got int64/);
  });
});

describe('Integrated Gradients against independent truths', () => {
  it("uses numpy's Gauss-Legendre nodes and weights", () => {
    const ref = py<number[][][]>(`
import numpy
out = [[list(a) for a in numpy.polynomial.legendre.leggauss(n)] for n in (1, 5, 50)]
`);
    [1, 5, 50].forEach((n, i) => {
      const { nodes, weights } = interpret.gaussLegendre(n);
      expectClose(nodes, ref[i]![0]!, 1e-12);
      expectClose(weights, ref[i]![1]!, 1e-12);
    });
  });

  it('equals a short Python torch implementation on the same weights (an MLP, tanh)', () => {
    torch.manualSeed(1);
    const model = nn.sequential(new nn.Linear(5, 8), new nn.Tanh(), new nn.Linear(8, 3));
    const x = torch.randn([2, 5]);
    const state = Object.fromEntries([...model.stateDict()].map(([k, v]) => [k, v.toArray()]));
    const ours = ['gausslegendre', 'riemann_trapezoid'].map((method) => interpret.integratedGradients(model, x, { target: [2, 0], nSteps: 20, method: method as 'gausslegendre' }).attributions.toArray());
    const ref = py<number[][][]>(`
import numpy
state = ${JSON.stringify(state)}
m = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
m.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
x = torch.tensor(${JSON.stringify(x.toArray())})
target = torch.tensor([2, 0])
def ig(alphas, weights):
    total = torch.zeros_like(x)
    for a, w in zip(alphas, weights):
        xi = (a * x).requires_grad_()
        out = m(xi).gather(1, target[:, None]).sum()
        total += w * torch.autograd.grad(out, xi)[0]
    return total * x
nodes, gw = numpy.polynomial.legendre.leggauss(20)
trap = [1 / 38] + [1 / 19] * 18 + [1 / 38]
out = [ig(0.5 * (nodes + 1), 0.5 * gw), ig(numpy.linspace(0, 1, 20), trap)]
`);
    expectClose(ours, ref, 1e-5);
  });

  it('is complete on the Fashion-MNIST CNN at its initial weights: |delta| under 1e-3 at 50 steps', () => {
    torch.manualSeed(1);
    const model = cnn();
    model.eval();
    const item = torch.data.fashionMnist({ split: 'test' }).get(0);
    const x = prepare(item.images);
    const target = Number(model.forward(x).argmax(1).item());
    const { attributions, delta } = interpret.integratedGradients(model, x, { target, nSteps: 50, internalBatchSize: 25 });
    expect(attributions.shape).toEqual([1, 1, 28, 28]);
    expect(Math.abs((delta.toArray() as number[])[0]!)).toBeLessThan(1e-3);
  }, 60_000);
});

describe('occlusion and Grad-CAM on hand-computed cases', () => {
  it('averages the drop of every window covering a feature', () => {
    const sum = (x: torch.Tensor) => x.sum(1, { keepdim: true });
    // Windows of 2 with stride 1 over [1, 2, 3]: {0, 1} drops 3, {1, 2} drops 5.
    expectClose(interpret.occlusion(sum, torch.tensor([[1, 2, 3]]), { slidingWindowShapes: [2] }).toArray(), [[3, 4, 5]], 1e-6);
    // 2 x 2 windows, stride 2, on one channel of 4 x 4: each pixel gets its window's sum (the model sums everything).
    const img = torch.arange(16).float().view([1, 1, 4, 4]);
    const total = (x: torch.Tensor) => x.flatten(1).sum(1);
    const attr = interpret.occlusion(total, img, { slidingWindowShapes: [1, 2, 2], strides: [1, 2, 2] }).toArray() as number[][][][];
    expect(attr[0]![0]).toEqual([[10, 10, 18, 18], [10, 10, 18, 18], [42, 42, 50, 50], [42, 42, 50, 50]]);
    // A baseline of 1 instead of 0: the drop is the window's sum minus its size.
    const shifted = interpret.occlusion(total, img, { slidingWindowShapes: [1, 2, 2], strides: 2, baselines: 1 }).toArray() as number[][][][];
    expect(shifted[0]![0]![0]).toEqual([6, 6, 14, 14]);
    expect(() => interpret.occlusion(total, img, { slidingWindowShapes: [2, 2] })).toThrow(/slidingWindowShapes has 2 dims, an example has 3/);
  });

  it('Grad-CAM of conv -> mean over positions -> linear is relu(sum_k w[t, k] / HW * A_k)', () => {
    torch.manualSeed(2);
    const conv = new nn.Conv2d(1, 2, 3);
    const head = new nn.Linear(2, 3);
    const model = { forward: (x: torch.Tensor): torch.Tensor => head.forward((conv.forward(x as never) as torch.Tensor).mean([2, 3]) as never) };
    const x = torch.randn([2, 1, 5, 5]);
    const cam = interpret.layerGradCam(model, conv, x, { target: 1 });
    const a = conv.forward(x as never) as torch.Tensor;
    const w = (head.weight.toArray() as number[][])[1]!;
    const expected = a.select(1, 0).mul(w[0]! / 9).add(a.select(1, 1).mul(w[1]! / 9)).relu().unsqueeze(1);
    expect(cam.shape).toEqual([2, 1, 3, 3]);
    expectClose(cam.toArray(), expected.toArray(), 1e-6);
  });
});

describe('model summary', () => {
  it("lists the Fashion-MNIST CNN's layers with their output shapes and parameters (hand-computed), in torchinfo's layout", () => {
    const model = cnn();
    const before = model.stateDict().get('0.weight')!.toArray();
    const s = interpret.summary(model, [1, 1, 28, 28]);
    const leaf = s.rows.filter((r) => r.depth === 1);
    expect(leaf.map((r) => [r.type, r.outputShape, r.parameters])).toEqual([
      ['Conv2d', [1, 32, 26, 26], 1 * 32 * 9 + 32], ['ReLU', [1, 32, 26, 26], 0], ['Conv2d', [1, 64, 24, 24], 32 * 64 * 9 + 64], ['ReLU', [1, 64, 24, 24], 0],
      ['MaxPool2d', [1, 64, 12, 12], 0], ['Dropout', [1, 64, 12, 12], 0], ['Flatten', [1, 9216], 0], ['Linear', [1, 128], 9216 * 128 + 128],
      ['ReLU', [1, 128], 0], ['Dropout', [1, 128], 0], ['Linear', [1, 10], 128 * 10 + 10], ['LogSoftmax', [1, 10], 0],
    ]);
    expect(s.totalParameters).toBe(1_199_882);
    // torchinfo's formulas worked by hand (torchinfo itself is not installed): parameters 1,199,882 x 4 bytes = 4.80 MB;
    // forward/backward = the outputs of the layers with parameters, twice: 2 x 4 x (32*26*26 + 64*24*24 + 128 + 10) bytes = 0.47 MB.
    expect(String(s)).toContain('Params size (MB): 4.80');
    expect(String(s)).toContain('Forward/backward pass size (MB): 0.47');
    expect(String(s)).toContain('├─Conv2d: 1-1');
    // The model is as it was: its own weights, on the CPU.
    expect(model.stateDict().get('0.weight')!.toArray()).toEqual(before);
  });

  it('computes on the meta device where libtorch can, and leaves BatchNorm statistics alone on the CPU fallback', () => {
    const mlp = nn.sequential(new nn.Linear(6, 4), new nn.Tanh(), new nn.Linear(4, 2));
    const s = interpret.summary(mlp, [3, 6]);
    expect([s.device, s.rows.at(-1)!.outputShape]).toEqual(['meta', [3, 2]]);
    const bn = nn.sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2));
    const mean = bn.stateDict().get('1.running_mean')!.toArray();
    expect(interpret.summary(bn, [2, 1, 5, 5]).device).toBe('cpu');
    expect(bn.stateDict().get('1.running_mean')!.toArray()).toEqual(mean);
    expect(bn.training).toBe(true);
    // withTensors puts the module's own tensors back even when the call throws.
    const own = mlp.getTensor('0.weight');
    expect(() => mlp.withTensors({ '0.weight': torch.zeros([4, 6]) }, () => { throw new Error('boom'); })).toThrow('boom');
    expect(mlp.getTensor('0.weight')).toBe(own);
    expect(() => mlp.withTensors({ '5.weight': torch.zeros([1]) }, () => 0)).toThrow(/no module '5'/);
  });
});
