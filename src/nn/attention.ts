// Multi-head attention and the Transformer encoder layer, computed as
// PyTorch's multi_head_attention_forward does (projections, scaled dot
// products with masks, softmax, dropout, output projection).
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { empty } from '../ops/creation.ts';
import { Module } from './module.ts';
import { Dropout, LayerNorm, Linear } from './layers/index.ts';
import { constant_, xavierUniform_ } from './init.ts';

export interface AttentionCallOptions {
  /** [N, S] (bool: true = ignore that key). */
  keyPaddingMask?: Tensor | null;
  /** [L, S] or [N * heads, L, S]: bool (true = masked) or float (added to the scores). */
  attnMask?: Tensor | null;
  needWeights?: boolean;
  averageAttnWeights?: boolean;
}

export class MultiheadAttention extends Module {
  declare readonly __tensors: 'in_proj_weight' | 'in_proj_bias';
  declare readonly __children: { out_proj: Linear };
  readonly headDim: number;
  private readonly outProj: Linear;
  readonly batchFirst: boolean;
  readonly dropout: number;

  constructor(readonly embedDim: number, readonly numHeads: number, options: { dropout?: number; bias?: boolean; batchFirst?: boolean } = {}) {
    super();
    if (embedDim % numHeads !== 0) throw new RangeError(`MultiheadAttention: embedDim ${embedDim} is not divisible by numHeads ${numHeads}`);
    this.headDim = embedDim / numHeads;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    const bias = options.bias ?? true;
    // Registered in PyTorch's state-dict order; drawn in its initialisation order
    // (out_proj is built first, then in_proj_weight is initialised).
    const inProj = this.param('in_proj_weight', empty([3 * embedDim, embedDim]));
    const inBias = bias ? this.param('in_proj_bias', empty([3 * embedDim])) : null;
    const outProj = (this.outProj = this.child('out_proj', new Linear(embedDim, embedDim, { bias })));
    xavierUniform_(inProj);
    if (inBias) constant_(inBias, 0);
    const outBias = outProj.bias;
    if (outBias) constant_(outBias, 0);
  }

  /** Attention of query [L, N, E] over key/value [S, N, E] (or batch first): [output, weights | null]. */
  forward(query: Tensor, key: Tensor, value: Tensor, options: AttentionCallOptions = {}): [output: Tensor, weights: Tensor | null] {
    let [q, k, v] = this.batchFirst ? [query, key, value].map((t) => aten.transpose_int(t, 0, 1)) : [query, key, value];
    const [tgtLen, bsz, E] = q!.shape as [number, number, number];
    const srcLen = k!.shape[0]!;
    if (E !== this.embedDim) throw new TypeError(`MultiheadAttention: query has ${E} features, expected ${this.embedDim}`);
    const w = this.tensor('in_proj_weight');
    const b = this.optionalTensor('in_proj_bias');
    const part = (t: Tensor, i: number) => aten.linear(t, aten.narrow(w, 0, i * E, E), b === null ? null : aten.narrow(b, 0, i * E, E));
    const H = this.numHeads;
    const heads = (t: Tensor, len: number) => aten.transpose_int(aten.view(aten.contiguous(t), [len, bsz * H, this.headDim]), 0, 1);
    q = heads(part(q!, 0), tgtLen);
    k = heads(part(k!, 1), srcLen);
    v = heads(part(v!, 2), srcLen);

    let mask: Tensor | null = null;
    if (options.attnMask) {
      mask = options.attnMask.dtype === 'bool' ? aten.masked_fill_Scalar(aten.zeros_like(options.attnMask, 'float32'), options.attnMask, -Infinity) : options.attnMask;
      if (mask.ndim === 2) mask = aten.unsqueeze(mask, 0);
    }
    if (options.keyPaddingMask) {
      const kpm = aten.reshape(aten.expand(aten.view(options.keyPaddingMask, [bsz, 1, 1, srcLen]), [-1, H, -1, -1]), [bsz * H, 1, srcLen]);
      mask = mask === null
        ? aten.masked_fill_Scalar(aten.zeros_like(kpm, q!.dtype), kpm, -Infinity)
        : aten.masked_fill_Scalar(mask, kpm, -Infinity);
    }
    const scaled = aten.div_Scalar(q!, Math.sqrt(this.headDim));
    const kt = aten.transpose_int(k!, -2, -1);
    let attn = mask === null ? aten.bmm(scaled, kt) : aten.baddbmm(mask, scaled, kt);
    attn = aten.softmax_int(attn, -1);
    if (this.dropout > 0 && this.training) attn = aten.dropout(attn, this.dropout, true);
    let out = aten.bmm(attn, v!);
    out = aten.view(aten.contiguous(aten.transpose_int(out, 0, 1)), [tgtLen * bsz, E]);
    out = aten.view(this.outProj.forward(out as never) as Tensor, [tgtLen, bsz, E]);
    if (this.batchFirst) out = aten.transpose_int(out, 0, 1);
    if (!(options.needWeights ?? true)) return [out, null];
    let weights = aten.view(attn, [bsz, H, tgtLen, srcLen]);
    if (options.averageAttnWeights ?? true) weights = aten.mean_dim(weights, [1]);
    return [out, weights];
  }
}

export interface TransformerEncoderLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: 'relu' | 'gelu';
  layerNormEps?: number;
  batchFirst?: boolean;
  /** Layer norm before attention and feed-forward (pre-LN) rather than after. */
  normFirst?: boolean;
}

/** Self-attention and a feed-forward block, each with dropout, a residual connection and layer norm. */
export class TransformerEncoderLayer extends Module {
  declare readonly __tensors: never;
  declare readonly __children: {
    self_attn: MultiheadAttention; linear1: Linear; dropout: Dropout; linear2: Linear;
    norm1: LayerNorm; norm2: LayerNorm; dropout1: Dropout; dropout2: Dropout;
  };
  readonly normFirst: boolean;
  readonly activation: 'relu' | 'gelu';

  constructor(readonly dModel: number, readonly nhead: number, options: TransformerEncoderLayerOptions = {}) {
    super();
    const dropout = options.dropout ?? 0.1;
    const ff = options.dimFeedforward ?? 2048;
    const eps = options.layerNormEps ?? 1e-5;
    this.normFirst = options.normFirst ?? false;
    this.activation = options.activation ?? 'relu';
    // Registered in PyTorch's order (state-dict names and initialisation draws).
    this.layers = {
      selfAttn: this.child('self_attn', new MultiheadAttention(dModel, nhead, { dropout, batchFirst: options.batchFirst ?? false })),
      linear1: this.child('linear1', new Linear(dModel, ff)),
      dropout: this.child('dropout', new Dropout(dropout)),
      linear2: this.child('linear2', new Linear(ff, dModel)),
      norm1: this.child('norm1', new LayerNorm(dModel, { eps })),
      norm2: this.child('norm2', new LayerNorm(dModel, { eps })),
      dropout1: this.child('dropout1', new Dropout(dropout)),
      dropout2: this.child('dropout2', new Dropout(dropout)),
    };
  }

  private readonly layers: {
    selfAttn: MultiheadAttention; linear1: Linear; dropout: Dropout; linear2: Linear;
    norm1: LayerNorm; norm2: LayerNorm; dropout1: Dropout; dropout2: Dropout;
  };

  forward(src: Tensor, options: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null } = {}): Tensor {
    const l = this.layers;
    const fwd = (name: Exclude<keyof typeof l, 'selfAttn'>, x: Tensor) => (l[name] as unknown as { forward(x: Tensor): Tensor }).forward(x);
    const sa = (x: Tensor) =>
      fwd('dropout1', l.selfAttn.forward(x, x, x, {
        attnMask: options.srcMask ?? null, keyPaddingMask: options.srcKeyPaddingMask ?? null, needWeights: false,
      })[0]);
    const activation = this.activation === 'gelu' ? aten.gelu : aten.relu;
    const ffb = (x: Tensor) => fwd('dropout2', fwd('linear2', fwd('dropout', activation(fwd('linear1', x)))));
    if (this.normFirst) {
      const x = aten.add_Tensor(src, sa(fwd('norm1', src)));
      return aten.add_Tensor(x, ffb(fwd('norm2', x)));
    }
    const x = fwd('norm1', aten.add_Tensor(src, sa(src)));
    return fwd('norm2', aten.add_Tensor(x, ffb(x)));
  }
}
