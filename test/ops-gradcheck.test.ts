// Gradients of the generated ops (autograd comes from libtorch through the
// dispatcher) against central finite differences in float64.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { expectClose } from './helpers/assert.ts';

type T = torch.Tensor;
const f64 = { dtype: 'float64' as const };

// Inputs away from kinks and domain edges.
const BASE: Record<string, { data: number[]; shape: number[] }> = {
  A: { data: [0.5, -1.2, 2.3, -0.7, 1.9, -2.8], shape: [2, 3] },
  B: { data: [1.5, 0.3, -0.4, 2.2, -1.1, 0.9], shape: [2, 3] },
  P: { data: [0.4, 1.3, 2.7, 3.1, 0.8, 1.9], shape: [2, 3] },
  U: { data: [0.1, -0.5, 0.7, -0.3, 0.25, 0.9], shape: [2, 3] },
  M: { data: [2, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 4], shape: [3, 3] },
  V: { data: [1.0, -2.0, 0.5], shape: [3] },
  W: { data: [0.3, 0.7, -1.1], shape: [3] },
  X: { data: Array.from({ length: 32 }, (_, i) => Math.sin(i * 1.3) + 0.01 * i), shape: [1, 2, 4, 4] },
  K: { data: Array.from({ length: 36 }, (_, i) => Math.cos(i * 0.7)), shape: [2, 2, 3, 3] },
  S: { data: [0.2, 0.5, 0.3, 0.6, 0.1, 0.3], shape: [2, 3] }, // rows sum to 1
};

type Case = [name: string, inputs: string[], fn: (...xs: T[]) => T];

const CASES: Case[] = [
  ['abs', ['A'], (a) => a.abs()],
  ['neg', ['A'], (a) => a.neg()],
  ['exp', ['A'], (a) => a.exp()],
  ['exp2', ['A'], (a) => a.exp2()],
  ['expm1', ['A'], (a) => a.expm1()],
  ['log', ['P'], (p) => p.log()],
  ['log2', ['P'], (p) => p.log2()],
  ['log10', ['P'], (p) => p.log10()],
  ['log1p', ['P'], (p) => p.log1p()],
  ['sqrt', ['P'], (p) => p.sqrt()],
  ['rsqrt', ['P'], (p) => p.rsqrt()],
  ['sin', ['A'], (a) => a.sin()],
  ['cos', ['A'], (a) => a.cos()],
  ['tan', ['U'], (u) => u.tan()],
  ['asin', ['U'], (u) => u.asin()],
  ['acos', ['U'], (u) => u.acos()],
  ['atan', ['A'], (a) => a.atan()],
  ['sinh', ['A'], (a) => a.sinh()],
  ['cosh', ['A'], (a) => a.cosh()],
  ['tanh', ['A'], (a) => a.tanh()],
  ['asinh', ['A'], (a) => a.asinh()],
  ['acosh', ['P'], (p) => p.add(1).acosh()],
  ['atanh', ['U'], (u) => u.atanh()],
  ['sigmoid', ['A'], (a) => a.sigmoid()],
  ['logit', ['S'], (s) => s.logit()],
  ['erf', ['A'], (a) => a.erf()],
  ['erfc', ['A'], (a) => a.erfc()],
  ['erfinv', ['U'], (u) => u.erfinv()],
  ['square', ['A'], (a) => a.square()],
  ['reciprocal', ['A'], (a) => a.reciprocal()],
  ['lgamma', ['P'], (p) => p.lgamma()],
  ['digamma', ['P'], (p) => p.digamma()],
  ['sinc', ['A'], (a) => a.sinc()],
  ['deg2rad', ['A'], (a) => a.deg2rad()],
  ['relu', ['A'], (a) => a.relu()],
  ['gelu', ['A'], (a) => torch.gelu(a)],
  ['silu', ['A'], (a) => torch.silu(a)],
  ['mish', ['A'], (a) => torch.mish(a)],
  ['softplus', ['A'], (a) => torch.softplus(a)],
  ['elu', ['A'], (a) => torch.elu(a)],
  ['selu', ['A'], (a) => torch.selu(a)],
  ['celu', ['A'], (a) => torch.celu(a, 0.5)],
  ['leaky_relu', ['A'], (a) => torch.leakyRelu(a, 0.1)],
  ['log_sigmoid', ['A'], (a) => torch.logSigmoid(a)],
  ['hardtanh', ['U'], (u) => torch.hardtanh(u, -0.8, 0.8)],
  ['hardswish', ['A'], (a) => torch.hardswish(a)],
  ['softshrink', ['A'], (a) => torch.softshrink(a, 0.3)],
  ['add', ['A', 'B'], (a, b) => a.add(b, { alpha: 0.5 })],
  ['sub', ['A', 'B'], (a, b) => a.sub(b)],
  ['mul', ['A', 'B'], (a, b) => a.mul(b)],
  ['div', ['A', 'P'], (a, p) => a.div(p)],
  ['pow', ['P', 'B'], (p, b) => p.pow(b)],
  ['pow_scalar', ['A'], (a) => a.pow(3)],
  ['atan2', ['A', 'B'], (a, b) => a.atan2(b)],
  ['hypot', ['A', 'B'], (a, b) => a.hypot(b)],
  ['maximum', ['A', 'B'], (a, b) => a.maximum(b)],
  ['minimum', ['A', 'B'], (a, b) => a.minimum(b)],
  ['xlogy', ['P', 'P'], (p, q) => p.xlogy(q)],
  ['logaddexp', ['A', 'B'], (a, b) => a.logaddexp(b)],
  ['lerp', ['A', 'B'], (a, b) => a.lerp(b, 0.3)],
  ['addcmul', ['A', 'B', 'P'], (a, b, p) => a.addcmul(b, p, { value: 0.5 })],
  ['addcdiv', ['A', 'B', 'P'], (a, b, p) => a.addcdiv(b, p)],
  ['clamp', ['A'], (a) => a.clamp(-1, 1)],
  ['where', ['A', 'B'], (a, b) => torch.where(a.gt(0), a, b)],
  ['dist', ['A', 'B'], (a, b) => a.dist(b)],
  ['sum', ['A'], (a) => a.sum(1)],
  ['mean', ['A'], (a) => a.mean(0)],
  ['prod', ['A'], (a) => a.prod(1)],
  ['std', ['A'], (a) => a.std(1)],
  ['var', ['A'], (a) => a.var(0)],
  ['amax', ['A'], (a) => a.amax(1)],
  ['max_dim', ['A'], (a) => a.max(1)[0]],
  ['logsumexp', ['A'], (a) => a.logsumexp(1)],
  ['norm', ['A'], (a) => a.norm(3)],
  ['cumsum', ['A'], (a) => a.cumsum(1)],
  ['cumprod', ['A'], (a) => a.cumprod(1)],
  ['logcumsumexp', ['A'], (a) => a.logcumsumexp(1)],
  ['softmax', ['A'], (a) => a.softmax(1)],
  ['log_softmax', ['A'], (a) => torch.logSoftmax(a, 0)],
  ['mm', ['A', 'M'], (a, m) => a.mm(m)],
  ['matmul', ['A', 'V'], (a, v) => a.matmul(v)],
  ['mv', ['M', 'V'], (m, v) => m.mv(v)],
  ['dot', ['V', 'W'], (v, w) => v.dot(w)],
  ['outer', ['V', 'W'], (v, w) => v.outer(w)],
  ['addmm', ['A', 'B', 'M'], (a, b, m) => b.addmm(a, m, { beta: 0.5 })],
  ['kron', ['V', 'W'], (v, w) => v.kron(w)],
  ['trace', ['M'], (m) => m.trace()],
  ['det', ['M'], (m) => m.det()],
  ['inverse', ['M'], (m) => m.inverse()],
  ['linalg_solve', ['M', 'V'], (m, v) => torch.linalgSolve(m, v)],
  ['cholesky', ['M'], (m) => torch.linalgCholesky(m.add(m.t()).div(2))],
  ['logdet', ['M'], (m) => m.logdet()],
  ['matrix_exp', ['M'], (m) => m.div(4).matrixExp()],
  ['pinverse', ['A'], (a) => a.pinverse()],
  ['cross', ['A', 'B'], (a, b) => torch.linalgCross(a, b)],
  ['triu', ['M'], (m) => m.triu()],
  ['diagonal', ['M'], (m) => m.diagonal()],
  ['transpose', ['A'], (a) => a.transpose(0, 1)],
  ['permute', ['X'], (x) => x.permute([3, 1, 0, 2])],
  ['reshape', ['A'], (a) => a.reshape([3, 2])],
  ['flatten', ['X'], (x) => x.flatten(1)],
  ['expand', ['V'], (v) => v.expand([2, 3])],
  ['repeat', ['V'], (v) => v.repeat([2])],
  ['flip', ['A'], (a) => a.flip([1])],
  ['roll', ['A'], (a) => a.roll(1, 1)],
  ['narrow', ['A'], (a) => a.narrow(1, 1, 2)],
  ['select', ['A'], (a) => a.select(0, 1)],
  ['gather', ['A'], (a) => a.gather(1, torch.tensor([[2, 0], [1, 1]], { dtype: 'int64' }))],
  ['index_select', ['A'], (a) => a.indexSelect(1, torch.tensor([2, 0], { dtype: 'int64' }))],
  ['cat', ['A', 'B'], (a, b) => torch.cat([a, b], 1)],
  ['stack', ['A', 'B'], (a, b) => torch.stack([a, b])],
  ['masked_fill', ['A'], (a) => a.maskedFill(a.gt(1), 0.5)],
  ['conv1d', ['X', 'K'], (x, k) => torch.conv1d(x.select(2, 0), k.select(3, 0), { padding: 1 })],
  ['conv2d', ['X', 'K'], (x, k) => torch.conv2d(x, k, { padding: 1 })],
  ['conv_transpose2d', ['X', 'K'], (x, k) => torch.convTranspose2d(x, k, { stride: 2 })],
  ['avg_pool2d', ['X'], (x) => torch.avgPool2d(x, 2)],
  ['max_pool2d', ['X'], (x) => torch.maxPool2d(x, 2)],
  ['adaptive_avg_pool2d', ['X'], (x) => torch.adaptiveAvgPool2d(x, [3, 2])],
  ['layer_norm', ['A', 'V', 'W'], (a, v, w) => torch.layerNorm(a, [3], v, w)],
  ['group_norm', ['X'], (x) => torch.groupNorm(x, 2)],
  ['linear', ['A', 'M', 'V'], (a, m, v) => torch.linear(a, m, v)],
  ['constant_pad_nd', ['A'], (a) => torch.constantPadNd(a, [1, 2])],
  ['upsample_bilinear2d', ['X'], (x) => torch.upsampleBilinear2d(x, [6, 5], false)],
  ['mse_loss', ['A', 'B'], (a, b) => torch.mseLoss(a, b)],
  ['smooth_l1_loss', ['A', 'B'], (a, b) => torch.smoothL1Loss(a, b)],
  ['huber_loss', ['A', 'B'], (a, b) => torch.huberLoss(a, b, 1, 0.8)],
  ['binary_cross_entropy', ['S'], (s) => torch.binaryCrossEntropy(s, torch.tensor([[1, 0, 1], [0, 1, 0]], f64))],
  ['binary_cross_entropy_with_logits', ['A'], (a) => torch.binaryCrossEntropyWithLogits(a, torch.tensor([[1, 0, 1], [0, 1, 0]], f64))],
  ['cross_entropy_loss', ['A'], (a) => torch.crossEntropyLoss(a, torch.tensor([2, 0], { dtype: 'int64' }), { labelSmoothing: 0.1 })],
  ['kl_div', ['A', 'S'], (a, s) => torch.klDiv(torch.logSoftmax(a, 1), s)],
  ['cosine_similarity', ['A', 'B'], (a, b) => torch.cosineSimilarity(a, b)],
  ['cdist', ['A', 'B'], (a, b) => torch.cdist(a, b)],
  ['triplet_margin_loss', ['A', 'B', 'P'], (a, b, p) => torch.tripletMarginLoss(a, b, p)],
  ['glu', ['X'], (x) => torch.glu(x, 1)],
  ['prelu', ['A'], (a) => torch.prelu(a, torch.tensor([0.25], f64))],
  ['embedding', ['M'], (m) => torch.embedding(m, torch.tensor([[0, 2], [1, 0]], { dtype: 'int64' }))],
];

/** A fixed, non-symmetric weighting of the output, so every output element matters differently. */
function weights(shape: number[]): T {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.tensor(Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1) + 1.5), { shape });
}

function scalarOf(fn: (...xs: T[]) => T, xs: T[], r: T): T {
  return fn(...xs).mul(r).sum();
}

describe('gradients against finite differences (float64)', () => {
  it('covers at least 100 differentiable ops', () => {
    expect(new Set(CASES.map((c) => c[0])).size).toBeGreaterThanOrEqual(100);
  });

  for (const [name, names, fn] of CASES) {
    it(name, () => {
      torch.scope(() => {
        const leaves = names.map((n) => torch.tensor(Float64Array.from(BASE[n]!.data), { shape: BASE[n]!.shape }).requiresGrad_());
        const r = weights(fn(...leaves).shape);
        scalarOf(fn, leaves, r).backward();
        const eps = 1e-6;
        leaves.forEach((leaf, k) => {
          const base = Float64Array.from(BASE[names[k]!]!.data);
          const numeric = torch.noGrad(() =>
            Array.from(base, (_, j) => {
              const at = (delta: number) => {
                const data = Float64Array.from(base);
                data[j]! += delta;
                const xs = leaves.map((l, i) => (i === k ? torch.tensor(data, { shape: l.shape }) : l));
                return scalarOf(fn, xs, r).item() as number;
              };
              return (at(eps) - at(-eps)) / (2 * eps);
            }),
          );
          const analytic = Array.from(leaf.grad!.toTypedArray() as Float64Array);
          expectClose(analytic, numeric, 1e-6, 1e-5, `${name} d/d${names[k]}`);
        });
      });
    });
  }
});
