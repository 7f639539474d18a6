// RNN/LSTM/GRU, multi-head attention and the Transformer encoder layer
// against Python torch: the same seed gives PyTorch's initial weights, and
// with identical weights the outputs and gradients agree to 1e-5.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';
import { expectClose } from './helpers/assert.ts';

const { nn } = torch;
const dir = mkdtempSync(join(tmpdir(), 'typed-torch-seq-'));

type Result = { init: Record<string, unknown>; outs: unknown[]; grads: Record<string, number[]> };

interface Case {
  python: string; // constructs `m`
  run: string; // computes `outs` (a list of tensors) from m and x
  build: () => torch.nn.Module;
  forward: (m: torch.nn.Module, x: torch.Tensor) => torch.Tensor[];
}

const X = 'torch.sin(torch.arange(2 * 5 * 4, dtype=torch.float32) * 0.37).reshape(2, 5, 4)';
const x = () => torch.sin(torch.arange(40, { dtype: 'float32' }).mul(0.37)).reshape([2, 5, 4]);
const mask = () => torch.tensor([[false, false, false, true, true], [false, false, false, false, false]]);
const causal = () => torch.ones([5, 5], { dtype: 'bool' }).triu(1);

const CASES: Record<string, Case> = {
  lstm: {
    python: 'torch.nn.LSTM(4, 3, num_layers=2, bidirectional=True, batch_first=True)',
    run: 'o, (h, c) = m(x); outs = [o, h, c]',
    build: () => new nn.LSTM(4, 3, { numLayers: 2, bidirectional: true, batchFirst: true }),
    forward: (m, t) => { const [o, [h, c]] = (m as InstanceType<typeof nn.LSTM>).forward(t); return [o, h, c]; },
  },
  gru: {
    python: 'torch.nn.GRU(4, 6, num_layers=2)',
    run: 'o, h = m(x); outs = [o, h]',
    build: () => new nn.GRU(4, 6, { numLayers: 2 }),
    forward: (m, t) => { const [o, h] = (m as InstanceType<typeof nn.GRU>).forward(t); return [o, h]; },
  },
  rnn_relu: {
    python: "torch.nn.RNN(4, 5, nonlinearity='relu', batch_first=True, bidirectional=True)",
    run: 'o, h = m(x); outs = [o, h]',
    build: () => new nn.RNN(4, 5, { nonlinearity: 'relu', batchFirst: true, bidirectional: true }),
    forward: (m, t) => { const [o, h] = (m as InstanceType<typeof nn.RNN>).forward(t); return [o, h]; },
  },
  lstm_unbatched: {
    python: 'torch.nn.LSTM(4, 3)',
    run: 'o, (h, c) = m(x[0]); outs = [o, h, c]',
    build: () => new nn.LSTM(4, 3),
    forward: (m, t) => { const [o, [h, c]] = (m as InstanceType<typeof nn.LSTM>).forward(t.select(0, 0)); return [o, h, c]; },
  },
  mha_masks: {
    python: 'torch.nn.MultiheadAttention(4, 2, batch_first=True)',
    run: 'mask = torch.tensor([[False, False, False, True, True], [False] * 5]); causal = torch.ones(5, 5, dtype=torch.bool).triu(1)\no, w = m(x, x.flip(1), x, key_padding_mask=mask, attn_mask=causal); outs = [o, w]',
    build: () => new nn.MultiheadAttention(4, 2, { batchFirst: true }),
    forward: (m, t) => { const [o, w] = (m as InstanceType<typeof nn.MultiheadAttention>).forward(t, t.flip([1]), t, { keyPaddingMask: mask(), attnMask: causal() }); return [o, w!]; },
  },
  mha_seq_first: {
    python: 'torch.nn.MultiheadAttention(4, 4)',
    run: 'o, w = m(x, x, x, average_attn_weights=False); outs = [o, w]',
    build: () => new nn.MultiheadAttention(4, 4),
    forward: (m, t) => { const [o, w] = (m as InstanceType<typeof nn.MultiheadAttention>).forward(t, t, t, { averageAttnWeights: false }); return [o, w!]; },
  },
  encoder_post_norm: {
    python: 'torch.nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0, batch_first=True)',
    run: "outs = [m(x, src_key_padding_mask=torch.tensor([[False, False, False, True, True], [False] * 5]))]",
    build: () => new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, batchFirst: true }),
    forward: (m, t) => [(m as InstanceType<typeof nn.TransformerEncoderLayer>).forward(t, { srcKeyPaddingMask: mask() })],
  },
  encoder_pre_norm_gelu: {
    python: "torch.nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0, activation='gelu', norm_first=True)",
    run: 'outs = [m(x, src_mask=torch.ones(2, 2, dtype=torch.bool).triu(1))]',
    build: () => new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, activation: 'gelu', normFirst: true }),
    forward: (m, t) => [(m as InstanceType<typeof nn.TransformerEncoderLayer>).forward(t, { srcMask: torch.ones([2, 2], { dtype: 'bool' }).triu(1) })],
  },
};

describe('sequence models against PyTorch', () => {
  let expected: Record<string, Result>;
  beforeAll(() => {
    const body = Object.entries(CASES).map(([name, c]) => `
torch.manual_seed(7)
m = ${c.python}
init = {k: _enc(v) for k, v in m.state_dict().items()}
torch.save(m.state_dict(), ${JSON.stringify(join(dir, `${name}.pt`))})
x = ${X}
${c.run}
sum((o * torch.cos(torch.arange(o.numel(), dtype=torch.float32)).reshape(o.shape)).sum() for o in outs).backward()
out[${JSON.stringify(name)}] = {'init': init, 'outs': [_enc(o) for o in outs], 'grads': {k: _enc(p.grad.flatten()) for k, p in m.named_parameters() if p.grad is not None}}
`).join('\n');
    expected = py(`out = {}\n${body}`);
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: the same seed gives PyTorch's initial weights`, () => {
      torch.manualSeed(7);
      const m = c.build();
      for (const [k, v] of m.stateDict()) expectClose(v.toArray(), expected[name]!.init[k], 1e-6, 1e-6, k);
    });

    it(`${name}: outputs and gradients`, () => {
      const m = c.build();
      m.loadStateDict(torch.load(join(dir, `${name}.pt`)));
      const outs = c.forward(m, x());
      outs.forEach((o, i) => expectClose(o.toArray(), expected[name]!.outs[i], 1e-5, 1e-5, `output ${i}`));
      outs
        .map((o) => o.mul(torch.cos(torch.arange(o.numel(), { dtype: 'float32' })).reshape(o.shape)).sum())
        .reduce((a, b) => a.add(b))
        .backward();
      for (const [k, p] of m.namedParameters()) {
        const want = expected[name]!.grads[k];
        if (want) expectClose(Array.from(p.grad!.toTypedArray() as Float32Array), want, 1e-5, 1e-4, k);
      }
    });
  }
});

describe('TransformerEncoderLayer in inference', () => {
  it("takes PyTorch's fused fast path where Python 1.13 does, with Python's result and the unfused one's", () => {
    const path = join(dir, 'fast.pt');
    const want = py<{ fast: number[][][] }>(`
torch.manual_seed(3)
m = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True).eval()
torch.save(m.state_dict(), ${JSON.stringify(path)})
x = torch.sin(torch.arange(3 * 5 * 8, dtype=torch.float32) * 0.37).reshape(3, 5, 8)
mask = torch.tensor([[False] * 5, [False, False, False, True, True], [False] * 4 + [True]])
with torch.no_grad():
    out = dict(fast=m(x, src_key_padding_mask=mask))
`);
    const m = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true });
    m.loadStateDict(torch.load(path));
    m.eval();
    const x3 = torch.sin(torch.arange(120, { dtype: 'float32' }).mul(0.37)).reshape([3, 5, 8]);
    const mask3 = torch.tensor([[false, false, false, false, false], [false, false, false, true, true], [false, false, false, false, true]]);
    const [fast, prof] = torch.profiler.profile(() => torch.noGrad(() => m.forward(x3, { srcKeyPaddingMask: mask3 })));
    expect(prof.events.some((e) => e.name === 'aten::_transformer_encoder_layer_fwd')).toBe(true);
    // Padded positions are where the fused kernel and the composed ops legitimately differ (Python's, too): compare the rest.
    const kept = (t: torch.Tensor) => (t.toArray() as number[][][]).map((row, b) => row.filter((_, s) => !(mask3.toArray() as boolean[][])[b]![s]));
    expectClose(kept(fast as torch.Tensor), kept(torch.tensor(want.fast)), 1e-5, 1e-5, 'fused vs Python');
    // With gradients to record, the composed ops run, to the same values.
    const [slow, slowProf] = torch.profiler.profile(() => m.forward(x3, { srcKeyPaddingMask: mask3 }));
    expect(slowProf.events.some((e) => e.name === 'aten::_transformer_encoder_layer_fwd')).toBe(false);
    expectClose(kept(slow as torch.Tensor), kept(fast as torch.Tensor), 1e-5, 1e-5, 'fused vs composed');
    // In training mode, or with an attention mask, never.
    const [, masked] = torch.profiler.profile(() => torch.noGrad(() => m.forward(x3, { srcMask: torch.zeros([5, 5], { dtype: 'bool' }) })));
    expect(masked.events.some((e) => e.name === 'aten::_transformer_encoder_layer_fwd')).toBe(false);
  });
});
