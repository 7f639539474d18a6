// nn.functional losses against Python's torch.nn.functional, every reduction.
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';
import { expectClose } from './helpers/assert.ts';

const F = torch.nn.functional;
const f64 = { dtype: 'float64' as const };
const LOGITS = [[1.0, -0.5, 2.0, 0.1], [0.3, 0.8, -1.2, 0.0], [-0.7, 1.1, 0.4, 2.2]];
const TARGET = [2, 0, 3];
const PROBS = [[0.1, 0.2, 0.6, 0.1], [0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]];
const A = [[0.5, -1.2], [2.3, 0.4]];
const B = [[1.5, 0.3], [-0.4, 0.9]];
const P = [[0.2, 0.9], [0.6, 0.35]];
const T01 = [[1, 0], [0, 1]];

const CASES: [string, string, () => torch.Tensor][] = [];
for (const r of ['mean', 'sum', 'none'] as const) {
  CASES.push(
    [`cross_entropy indices ${r}`, `F.cross_entropy(L, T, reduction='${r}')`, () => F.crossEntropy(torch.tensor(LOGITS, f64), torch.tensor(TARGET, { dtype: 'int64' }), { reduction: r })],
    [`cross_entropy probabilities ${r}`, `F.cross_entropy(L, Pr, reduction='${r}')`, () => F.crossEntropy(torch.tensor(LOGITS, f64), torch.tensor(PROBS, f64), { reduction: r })],
    [`nll_loss ${r}`, `F.nll_loss(torch.log_softmax(L, 1), T, reduction='${r}')`, () => F.nllLoss(torch.logSoftmax(torch.tensor(LOGITS, f64), 1), torch.tensor(TARGET, { dtype: 'int64' }), { reduction: r })],
    [`mse ${r}`, `F.mse_loss(A, B, reduction='${r}')`, () => F.mseLoss(torch.tensor(A, f64), torch.tensor(B, f64), { reduction: r })],
    [`l1 ${r}`, `F.l1_loss(A, B, reduction='${r}')`, () => F.l1Loss(torch.tensor(A, f64), torch.tensor(B, f64), { reduction: r })],
    [`smooth_l1 ${r}`, `F.smooth_l1_loss(A, B, reduction='${r}', beta=0.5)`, () => F.smoothL1Loss(torch.tensor(A, f64), torch.tensor(B, f64), { reduction: r, beta: 0.5 })],
    [`huber ${r}`, `F.huber_loss(A, B, reduction='${r}', delta=0.7)`, () => F.huberLoss(torch.tensor(A, f64), torch.tensor(B, f64), { reduction: r, delta: 0.7 })],
    [`bce ${r}`, `F.binary_cross_entropy(P, T01, reduction='${r}')`, () => F.binaryCrossEntropy(torch.tensor(P, f64), torch.tensor(T01, f64), { reduction: r })],
    [`bce_with_logits ${r}`, `F.binary_cross_entropy_with_logits(A, T01, reduction='${r}', pos_weight=torch.tensor([2.0, 0.5], dtype=torch.float64))`, () => F.binaryCrossEntropyWithLogits(torch.tensor(A, f64), torch.tensor(T01, f64), { reduction: r, posWeight: torch.tensor([2, 0.5], f64) })],
    [`kl_div ${r}`, `F.kl_div(torch.log_softmax(L, 1), Pr, reduction='${r}')`, () => F.klDiv(torch.logSoftmax(torch.tensor(LOGITS, f64), 1), torch.tensor(PROBS, f64), { reduction: r })],
  );
}
CASES.push(
  ['cross_entropy label smoothing', 'F.cross_entropy(L, T, label_smoothing=0.1)', () => F.crossEntropy(torch.tensor(LOGITS, f64), torch.tensor(TARGET, { dtype: 'int64' }), { labelSmoothing: 0.1 })],
  ['cross_entropy ignore_index', 'F.cross_entropy(L, torch.tensor([2, -100, 3]))', () => F.crossEntropy(torch.tensor(LOGITS, f64), torch.tensor([2, -100, 3], { dtype: 'int64' }))],
  ['cross_entropy class weights', 'F.cross_entropy(L, T, weight=torch.tensor([1.0, 2.0, 0.5, 1.5], dtype=torch.float64))', () => F.crossEntropy(torch.tensor(LOGITS, f64), torch.tensor(TARGET, { dtype: 'int64' }), { weight: torch.tensor([1, 2, 0.5, 1.5], f64) })],
  ['kl_div batchmean', "F.kl_div(torch.log_softmax(L, 1), Pr, reduction='batchmean')", () => F.klDiv(torch.logSoftmax(torch.tensor(LOGITS, f64), 1), torch.tensor(PROBS, f64), { reduction: 'batchmean' })],
  ['kl_div log target', "F.kl_div(torch.log_softmax(L, 1), torch.log(Pr), reduction='sum', log_target=True)", () => F.klDiv(torch.logSoftmax(torch.tensor(LOGITS, f64), 1), torch.tensor(PROBS, f64).log(), { reduction: 'sum', logTarget: true })],
);

describe('losses against torch.nn.functional', () => {
  let expected: Record<string, unknown>;
  beforeAll(() => {
    expected = py(`
F = torch.nn.functional
d = torch.float64
L = torch.tensor(${JSON.stringify(LOGITS)}, dtype=d); T = torch.tensor(${JSON.stringify(TARGET)}); Pr = torch.tensor(${JSON.stringify(PROBS)}, dtype=d)
A = torch.tensor(${JSON.stringify(A)}, dtype=d); B = torch.tensor(${JSON.stringify(B)}, dtype=d)
P = torch.tensor(${JSON.stringify(P)}, dtype=d); T01 = torch.tensor(${JSON.stringify(T01)}, dtype=d)
out = {}
${CASES.map(([name, expr]) => `out[${JSON.stringify(name)}] = _enc(${expr})`).join('\n')}
`);
  });
  for (const [name, , fn] of CASES) {
    it(name, () => expectClose(fn().toArray(), expected[name], 1e-12, 1e-10));
  }
  it('rejects unknown reductions and mismatched shapes', () => {
    const a = torch.zeros([2, 2]);
    expect(() => F.mseLoss(a, a, { reduction: 'avg' as never })).toThrow(/reduction must be 'mean', 'sum' or 'none', got 'avg'/);
    expect(() => F.mseLoss(a, torch.zeros([2]))).toThrow(/input \[2, 2\] and target \[2\] must have the same shape/);
  });
});
