// Multi-head attention and the Transformer family (encoder and decoder
// layers, their stacks, and the whole Transformer), computed as PyTorch
// 1.13's multi_head_attention_forward and Transformer modules do:
// projections (packed, or separate when kdim/vdim differ), bias_k/bias_v and
// zero attention, boolean or additive masks, batched or unbatched input.
import type { Tensor } from '../core/tensor.ts';
import type { Like, ShapeOf } from '../ops/typing.ts';
import type { OrMsg } from '../types/errors.ts';
import type { LastDimIs } from '../types/norm.ts';
import type { DType, Device } from '../types/dtype.ts';
import type { PyRest } from '../ops/python-args.ts';
import * as aten from '../ops/generated/aten.ts';
import { empty, zeros } from '../ops/creation.ts';
import { isGradEnabled, noGrad } from '../core/autograd.ts';
import { Module } from './module.ts';
import { Dropout } from './layers/dropout.ts';
import { LayerNorm } from './layers/normalization.ts';
import { Linear } from './layers/linear.ts';
import { ModuleList } from './layers/containers.ts';
import { configure, p, required } from './layers/config.ts';
import { factory, type FactoryOptions } from './layers/factory.ts';
import { constant_, xavierNormal_, xavierUniform_ } from './init.ts';

export interface AttentionCallOptions {
  /** [N, S] or [S] unbatched (bool: true = ignore that key; float: added to the scores). */
  keyPaddingMask?: Tensor | null;
  /** [L, S] or [N * heads, L, S]: bool (true = masked) or float (added to the scores). */
  attnMask?: Tensor | null;
  needWeights?: boolean;
  averageAttnWeights?: boolean;
}

export interface MultiheadAttentionOptions extends FactoryOptions {
  dropout?: number;
  bias?: boolean;
  /** Learned key and value vectors appended to the keys and values. */
  addBiasKv?: boolean;
  /** A zero key and value appended (after bias_k / bias_v). */
  addZeroAttn?: boolean;
  /** Key features (default embedDim); when it or vdim differs, q/k/v have separate projections. */
  kdim?: number | null;
  vdim?: number | null;
  batchFirst?: boolean;
}
type MHAConfig = Required<Omit<MultiheadAttentionOptions, keyof FactoryOptions>> & { dtype: DType | null; device: Device | null };

function describe(t: Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

/** The input, or the layer's error when its last dim is not the layer's feature size. */
type FeaturesIn<X extends Tensor, E extends number, Op extends string> = OrMsg<LastDimIs<ShapeOf<X>, E, Op>, X>;

export class MultiheadAttention<E extends number = number> extends Module {
  declare readonly __tensors: 'in_proj_weight' | 'in_proj_bias' | 'q_proj_weight' | 'k_proj_weight' | 'v_proj_weight' | 'bias_k' | 'bias_v';
  declare readonly __children: { out_proj: Linear };
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly addZeroAttn: boolean;
  /** q, k and v share one packed projection (kdim and vdim equal embedDim). */
  readonly packed: boolean;
  private readonly outProj: Linear;

  constructor(
    readonly embedDim: E,
    readonly numHeads: number,
    ...args: PyRest<[dropout: number, bias: boolean, addBiasKv: boolean, addZeroAttn: boolean, kdim: number | null, vdim: number | null, batchFirst: boolean], MultiheadAttentionOptions>
  ) {
    super();
    required('MultiheadAttention', 'embedDim', embedDim, 'int');
    required('MultiheadAttention', 'numHeads', numHeads, 'int');
    const o = configure<MHAConfig>('MultiheadAttention', [
      p('dropout', 0.0), p('bias', true), p('addBiasKv', false), p('addZeroAttn', false),
      p('kdim', null, ['int', 'null']), p('vdim', null, ['int', 'null']), p('batchFirst', false),
    ], args, factory.params);
    if (numHeads <= 0 || embedDim % numHeads !== 0) throw new RangeError(`MultiheadAttention: embedDim ${embedDim} must be divisible by numHeads ${numHeads}`);
    this.headDim = embedDim / numHeads;
    this.kdim = o.kdim ?? embedDim;
    this.vdim = o.vdim ?? embedDim;
    this.packed = this.kdim === embedDim && this.vdim === embedDim;
    this.batchFirst = o.batchFirst;
    this.dropout = o.dropout;
    this.addZeroAttn = o.addZeroAttn;
    const make = factory.of(o);
    // Registered in PyTorch's state-dict order; drawn in its initialisation order
    // (out_proj is built first, then the projections are initialised).
    const proj = this.packed
      ? [this.param('in_proj_weight', empty([3 * embedDim, embedDim], make))]
      : [
          this.param('q_proj_weight', empty([embedDim, embedDim], make)),
          this.param('k_proj_weight', empty([embedDim, this.kdim], make)),
          this.param('v_proj_weight', empty([embedDim, this.vdim], make)),
        ];
    const inBias = o.bias ? this.param('in_proj_bias', empty([3 * embedDim], make)) : null;
    const outProj = (this.outProj = this.child('out_proj', new Linear(embedDim, embedDim, { bias: o.bias, ...make })));
    const biasKv = o.addBiasKv ? [this.param('bias_k', empty([1, 1, embedDim], make)), this.param('bias_v', empty([1, 1, embedDim], make))] : [];
    for (const w of proj) xavierUniform_(w);
    if (inBias) {
      constant_(inBias, 0);
      const outBias = outProj.bias;
      if (outBias) constant_(outBias, 0);
    }
    for (const b of biasKv) xavierNormal_(b);
  }

  /** Python's _mha_shape_check: whether the call is batched, with every shape checked. */
  private isBatched(q: Tensor, k: Tensor, v: Tensor, kpm: Tensor | null, mask: Tensor | null): boolean {
    const fail = (m: string) => { throw new TypeError(`MultiheadAttention: ${m}`); };
    if (q.ndim === 3) {
      if (k.ndim !== 3 || v.ndim !== 3) fail(`for batched (3-D) query, key and value must be 3-D, got ${k.ndim}-D and ${v.ndim}-D`);
      if (kpm && kpm.ndim !== 2) fail(`for batched (3-D) query, keyPaddingMask must be 2-D, got ${kpm.ndim}-D`);
      if (mask && mask.ndim !== 2 && mask.ndim !== 3) fail(`attnMask must be 2-D or 3-D, got ${mask.ndim}-D`);
      return true;
    }
    if (q.ndim === 2) {
      if (k.ndim !== 2 || v.ndim !== 2) fail(`for unbatched (2-D) query, key and value must be 2-D, got ${k.ndim}-D and ${v.ndim}-D`);
      if (kpm && kpm.ndim !== 1) fail(`for unbatched (2-D) query, keyPaddingMask must be 1-D, got ${kpm.ndim}-D`);
      if (mask && mask.ndim !== 2 && mask.ndim !== 3) fail(`attnMask must be 2-D or 3-D, got ${mask.ndim}-D`);
      if (mask && mask.ndim === 3 && mask.shape[0] !== this.numHeads) fail(`for unbatched input, a 3-D attnMask must be [${this.numHeads}, L, S], got ${describe(mask)}`);
      return false;
    }
    return fail(`query must be 2-D (unbatched) or 3-D (batched), got ${q.ndim}-D ${describe(q)}`);
  }

  /** Attention of query [L, N, E] over key [S, N, kdim] and value [S, N, vdim] (batch first, or unbatched [L, E]): [output, weights | null]. */
  forward<Q extends Tensor>(query: FeaturesIn<Q, E, 'MultiheadAttention'>, key: Tensor, value: Tensor, options: AttentionCallOptions = {}): [output: Like<Q>, weights: Tensor<number[], Q['dtype'], Q['device']> | null] {
    let kpm = options.keyPaddingMask ?? null;
    let mask = options.attnMask ?? null;
    const queryT = query as Tensor;
    const batched = this.isBatched(queryT, key, value, kpm, mask);
    let [q, k, v] = this.batchFirst && batched ? [queryT, key, value].map((t) => aten.transpose_int(t, 0, 1)) as [Tensor, Tensor, Tensor] : [queryT, key, value];
    if (!batched) {
      [q, k, v] = [q, k, v].map((t) => aten.unsqueeze(t, 1)) as [Tensor, Tensor, Tensor];
      if (kpm) kpm = aten.unsqueeze(kpm, 0);
    }
    const [tgtLen, bsz, E] = q.shape as [number, number, number];
    if (E !== this.embedDim) throw new TypeError(`MultiheadAttention: query has ${E} features (its last dim), the layer expects ${this.embedDim}`);
    if (k.shape[2] !== this.kdim) throw new TypeError(`MultiheadAttention: key has ${k.shape[2]} features, the layer expects kdim ${this.kdim}`);
    if (v.shape[2] !== this.vdim) throw new TypeError(`MultiheadAttention: value has ${v.shape[2]} features, the layer expects vdim ${this.vdim}`);
    if (k.shape[0] !== v.shape[0] || k.shape[1] !== v.shape[1]) throw new TypeError(`MultiheadAttention: key ${describe(k)} and value ${describe(v)} must agree in sequence length and batch`);
    if (k.shape[1] !== bsz) throw new TypeError(`MultiheadAttention: query has batch ${bsz}, key has ${k.shape[1]}`);
    const H = this.numHeads;
    const b = this.optionalTensor('in_proj_bias');
    const biasPart = (i: number) => (b === null ? null : aten.narrow(b, 0, i * E, E));
    if (this.packed) {
      const w = this.tensor('in_proj_weight');
      const part = (t: Tensor, i: number) => aten.linear(t, aten.narrow(w, 0, i * E, E), biasPart(i));
      [q, k, v] = [part(q, 0), part(k, 1), part(v, 2)];
    } else {
      [q, k, v] = [
        aten.linear(q, this.tensor('q_proj_weight'), biasPart(0)),
        aten.linear(k, this.tensor('k_proj_weight'), biasPart(1)),
        aten.linear(v, this.tensor('v_proj_weight'), biasPart(2)),
      ];
    }

    let srcLen = k.shape[0]!;
    if (mask) {
      if (mask.dtype === 'uint8') mask = aten.to_dtype(mask, 'bool');
      if (mask.dtype !== 'bool' && !mask.isFloatingPoint()) throw new TypeError(`MultiheadAttention: attnMask must be bool or floating point, got ${mask.dtype}`);
      if (mask.ndim === 2) {
        if (mask.shape[0] !== tgtLen || mask.shape[1] !== srcLen) throw new TypeError(`MultiheadAttention: a 2-D attnMask must be [${tgtLen}, ${srcLen}], got ${describe(mask)}`);
        mask = aten.unsqueeze(mask, 0);
      } else if (mask.shape.join() !== [bsz * H, tgtLen, srcLen].join()) {
        throw new TypeError(`MultiheadAttention: a 3-D attnMask must be [${bsz * H}, ${tgtLen}, ${srcLen}], got ${describe(mask)}`);
      }
    }
    if (kpm && (kpm.shape[0] !== bsz || kpm.shape[1] !== srcLen)) {
      throw new TypeError(`MultiheadAttention: keyPaddingMask must be [${bsz}, ${srcLen}], got ${describe(kpm)}`);
    }
    const padLast = (t: Tensor | null) => (t === null ? null : aten.pad(t, [0, 1]));
    const biasK = this.optionalTensor('bias_k');
    const biasV = this.optionalTensor('bias_v');
    if (biasK && biasV) {
      k = aten.cat([k, aten.repeat(biasK, [1, bsz, 1])], 0);
      v = aten.cat([v, aten.repeat(biasV, [1, bsz, 1])], 0);
      mask = padLast(mask);
      kpm = padLast(kpm);
    }
    const heads = (t: Tensor) => aten.transpose_int(aten.view(aten.contiguous(t), [t.shape[0]!, bsz * H, this.headDim]), 0, 1);
    q = heads(q);
    k = heads(k);
    v = heads(v);
    if (this.addZeroAttn) {
      const z = zeros([bsz * H, 1, this.headDim], { dtype: k.dtype, device: k.device });
      k = aten.cat([k, z], 1);
      v = aten.cat([v, z], 1);
      mask = padLast(mask);
      kpm = padLast(kpm);
    }
    srcLen = k.shape[1]!;
    if (kpm) {
      const expanded = aten.reshape(aten.expand(aten.view(kpm, [bsz, 1, 1, srcLen]), [-1, H, -1, -1]), [bsz * H, 1, srcLen]);
      if (mask === null) mask = expanded;
      else if (mask.dtype === 'bool') mask = aten.logical_or(mask, expanded);
      else mask = aten.masked_fill_Scalar(mask, aten.to_dtype(expanded, 'bool'), -Infinity);
    }
    if (mask && mask.dtype === 'bool') mask = aten.masked_fill_Scalar(aten.zeros_like(mask, q.dtype), mask, -Infinity);

    const scaled = aten.div_Scalar(q, Math.sqrt(this.headDim));
    const kt = aten.transpose_int(k, -2, -1);
    let attn = mask === null ? aten.bmm(scaled, kt) : aten.baddbmm(mask, scaled, kt);
    attn = aten.softmax_int(attn, -1);
    if (this.dropout > 0 && this.training) attn = aten.dropout(attn, this.dropout, true);
    let out = aten.bmm(attn, v);
    out = aten.view(aten.contiguous(aten.transpose_int(out, 0, 1)), [tgtLen * bsz, E]);
    out = aten.view(this.outProj.forward(out as never) as Tensor, [tgtLen, bsz, E]);
    let weights: Tensor | null = null;
    if (options.needWeights ?? true) {
      weights = aten.view(attn, [bsz, H, tgtLen, srcLen]);
      if (options.averageAttnWeights ?? true) weights = aten.mean_dim(weights, [1]);
      if (!batched) weights = aten.squeeze_dim(weights, 0);
    }
    if (!batched) out = aten.squeeze_dim(out, 1);
    else if (this.batchFirst) out = aten.transpose_int(out, 0, 1);
    return [out as Like<Q>, weights as never];
  }
}

/** An activation given by name or as a function. */
export type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

function activationOf(cls: string, a: Activation): (x: Tensor) => Tensor {
  if (a === 'relu') return aten.relu;
  if (a === 'gelu') return (x) => aten.gelu(x);
  if (typeof a === 'function') return a;
  throw new TypeError(`${cls}: activation must be 'relu', 'gelu' or a function, got ${JSON.stringify(a)}`);
}

export interface TransformerLayerOptions extends FactoryOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: Activation;
  layerNormEps?: number;
  batchFirst?: boolean;
  /** Layer norm before attention and feed-forward (pre-LN) rather than after. */
  normFirst?: boolean;
}
/** @deprecated the same as TransformerLayerOptions. */
export type TransformerEncoderLayerOptions = TransformerLayerOptions;
type LayerConfig = Required<Omit<TransformerLayerOptions, keyof FactoryOptions>> & { dtype: DType | null; device: Device | null };
type LayerArgs = PyRest<
  [dimFeedforward: number, dropout: number, activation: Activation, layerNormEps: number, batchFirst: boolean, normFirst: boolean],
  TransformerLayerOptions
>;
const LAYER_PARAMS = [
  p('dimFeedforward', 2048, ['int']), p('dropout', 0.1), p('activation', 'relu', ['string', 'function']), p('layerNormEps', 1e-5),
  p('batchFirst', false), p('normFirst', false),
];

type Forwardable = { forward(x: Tensor): Tensor };
const run = (m: unknown, x: Tensor): Tensor => (m as Forwardable).forward(x);

/** What the encoder and decoder layers share: the configuration, the feed-forward block, and cloning. */
abstract class TransformerLayerBase extends Module {
  declare readonly __tensors: never;
  protected readonly config: LayerConfig;
  protected readonly act: (x: Tensor) => Tensor;
  readonly normFirst: boolean;

  constructor(readonly dModel: number, readonly nhead: number, args: readonly unknown[]) {
    super();
    const cls = new.target.name;
    required(cls, 'dModel', dModel, 'int');
    required(cls, 'nhead', nhead, 'int');
    this.config = configure<LayerConfig>(cls, LAYER_PARAMS, args, factory.params);
    this.act = activationOf(cls, this.config.activation);
    this.normFirst = this.config.normFirst;
  }

  protected attention(dropout: number): MultiheadAttention {
    return new MultiheadAttention(this.dModel, this.nhead, { dropout, batchFirst: this.config.batchFirst, ...factory.of(this.config) });
  }

  protected linear(i: number, o: number): Linear {
    return new Linear(i, o, factory.of(this.config));
  }

  protected norm(): LayerNorm {
    return new LayerNorm(this.dModel, { eps: this.config.layerNormEps, ...factory.of(this.config) });
  }

  /** linear2(dropout(activation(linear1(x)))), then the block's own dropout. */
  protected feedForward(x: Tensor, l: { linear1: Linear; dropout: Dropout; linear2: Linear }, last: Dropout): Tensor {
    return run(last, run(l.linear2, run(l.dropout, this.act(run(l.linear1, x)))));
  }

  /** A copy with the same configuration and a copy of the weights (Python's copy.deepcopy, as the stacks use). */
  clone(): this {
    const Ctor = this.constructor as new (d: number, h: number, o: TransformerLayerOptions) => this;
    const { dtype, device, ...rest } = this.config;
    const copy = new Ctor(this.dModel, this.nhead, { ...rest, ...(dtype ? { dtype } : {}), ...(device ? { device } : {}) });
    noGrad(() => copy.loadStateDict(this.stateDict()));
    copy.train(this.training);
    return copy;
  }
}

/** Self-attention and a feed-forward block, each with dropout, a residual connection and layer norm. */
export class TransformerEncoderLayer<D extends number = number> extends TransformerLayerBase {
  declare readonly __children: {
    self_attn: MultiheadAttention; linear1: Linear; dropout: Dropout; linear2: Linear;
    norm1: LayerNorm; norm2: LayerNorm; dropout1: Dropout; dropout2: Dropout;
  };
  private readonly l: TransformerEncoderLayer['__children'];

  constructor(dModel: D, nhead: number, ...args: LayerArgs) {
    super(dModel, nhead, args);
    const c = this.config;
    // Registered in PyTorch's order (state-dict names and initialisation draws).
    this.l = {
      self_attn: this.child('self_attn', this.attention(c.dropout)),
      linear1: this.child('linear1', this.linear(dModel, c.dimFeedforward)),
      dropout: this.child('dropout', new Dropout(c.dropout)),
      linear2: this.child('linear2', this.linear(c.dimFeedforward, dModel)),
      norm1: this.child('norm1', this.norm()),
      norm2: this.child('norm2', this.norm()),
      dropout1: this.child('dropout1', new Dropout(c.dropout)),
      dropout2: this.child('dropout2', new Dropout(c.dropout)),
    };
  }

  /** src [S, N, E] ([N, S, E] batch first, [S, E] unbatched). */
  forward<X extends Tensor>(src: FeaturesIn<X, D, 'TransformerEncoderLayer'>, options: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null } = {}): Like<X> {
    return this.encode(src as Tensor, options) as Like<X>;
  }

  /** The parameters the fused inference kernel takes, in its order. */
  private static readonly FUSED_PARAMETERS = [
    'self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', 'self_attn.out_proj.bias',
    'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias', 'linear1.weight', 'linear1.bias', 'linear2.weight', 'linear2.bias',
  ];

  /**
   * PyTorch's inference fast path: the whole layer as one fused kernel
   * (aten::_transformer_encoder_layer_fwd), taken where Python 1.13's
   * TransformerEncoderLayer takes it (batched input, eval mode, batch first,
   * packed projections, relu or gelu, no attention mask, an even head count,
   * and no gradient to record), so that inference runs what Python's does;
   * null where it does not apply.
   */
  private fused(src: Tensor, options: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null }): Tensor | null {
    const l = this.l;
    const activation = this.config.activation;
    if (src.ndim !== 3 || this.training || !this.config.batchFirst || !l.self_attn.packed || (activation !== 'relu' && activation !== 'gelu')) return null;
    if (l.norm1.eps !== l.norm2.eps || options.srcMask || this.nhead % 2 === 1) return null;
    const own = new Map(this.namedParameters());
    const tensors = TransformerEncoderLayer.FUSED_PARAMETERS.map((name) => own.get(name));
    if (tensors.some((t) => t === undefined)) return null;
    const all = [src, ...(tensors as Tensor[])];
    if (!all.every((t) => t.device === 'cpu' || t.device.startsWith('cuda'))) return null;
    if (isGradEnabled() && all.some((t) => t.requiresGrad)) return null;
    const [qkvW, qkvB, projW, projB, n1W, n1B, n2W, n2B, f1W, f1B, f2W, f2B] = tensors as Tensor[];
    const kpm = options.srcKeyPaddingMask ?? null;
    return aten._transformer_encoder_layer_fwd(
      src, this.dModel, this.nhead, qkvW!, qkvB!, projW!, projB!, activation === 'gelu', this.normFirst, l.norm1.eps,
      n1W!, n1B!, n2W!, n2B!, f1W!, f1B!, f2W!, f2B!, kpm, kpm ? 1 : null,
    );
  }

  private encode(src: Tensor, options: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null }): Tensor {
    const fused = this.fused(src, options);
    if (fused) return fused;
    const l = this.l;
    const sa = (x: Tensor) => run(l.dropout1, l.self_attn.forward(x, x, x, {
      attnMask: options.srcMask ?? null, keyPaddingMask: options.srcKeyPaddingMask ?? null, needWeights: false,
    })[0]);
    if (this.normFirst) {
      const x = aten.add_Tensor(src, sa(run(l.norm1, src)));
      return aten.add_Tensor(x, this.feedForward(run(l.norm2, x), l, l.dropout2));
    }
    const x = run(l.norm1, aten.add_Tensor(src, sa(src)));
    return run(l.norm2, aten.add_Tensor(x, this.feedForward(x, l, l.dropout2)));
  }
}

export interface DecoderCallOptions {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
}

/** Self-attention, attention over the encoder's memory, and a feed-forward block. */
export class TransformerDecoderLayer<D extends number = number> extends TransformerLayerBase {
  declare readonly __children: {
    self_attn: MultiheadAttention; multihead_attn: MultiheadAttention; linear1: Linear; dropout: Dropout; linear2: Linear;
    norm1: LayerNorm; norm2: LayerNorm; norm3: LayerNorm; dropout1: Dropout; dropout2: Dropout; dropout3: Dropout;
  };
  private readonly l: TransformerDecoderLayer['__children'];

  constructor(dModel: D, nhead: number, ...args: LayerArgs) {
    super(dModel, nhead, args);
    const c = this.config;
    this.l = {
      self_attn: this.child('self_attn', this.attention(c.dropout)),
      multihead_attn: this.child('multihead_attn', this.attention(c.dropout)),
      linear1: this.child('linear1', this.linear(dModel, c.dimFeedforward)),
      dropout: this.child('dropout', new Dropout(c.dropout)),
      linear2: this.child('linear2', this.linear(c.dimFeedforward, dModel)),
      norm1: this.child('norm1', this.norm()),
      norm2: this.child('norm2', this.norm()),
      norm3: this.child('norm3', this.norm()),
      dropout1: this.child('dropout1', new Dropout(c.dropout)),
      dropout2: this.child('dropout2', new Dropout(c.dropout)),
      dropout3: this.child('dropout3', new Dropout(c.dropout)),
    };
  }

  /** tgt [T, N, E] attending over memory [S, N, E] ([N, ·, E] batch first; unbatched without N). */
  forward<X extends Tensor>(tgt: FeaturesIn<X, D, 'TransformerDecoderLayer'>, memory: Tensor, options: DecoderCallOptions = {}): Like<X> {
    return this.decode(tgt as Tensor, memory, options) as Like<X>;
  }

  private decode(tgt: Tensor, memory: Tensor, options: DecoderCallOptions): Tensor {
    const l = this.l;
    const sa = (x: Tensor) => run(l.dropout1, l.self_attn.forward(x, x, x, {
      attnMask: options.tgtMask ?? null, keyPaddingMask: options.tgtKeyPaddingMask ?? null, needWeights: false,
    })[0]);
    const mha = (x: Tensor) => run(l.dropout2, l.multihead_attn.forward(x, memory, memory, {
      attnMask: options.memoryMask ?? null, keyPaddingMask: options.memoryKeyPaddingMask ?? null, needWeights: false,
    })[0]);
    if (this.normFirst) {
      let x = aten.add_Tensor(tgt, sa(run(l.norm1, tgt)));
      x = aten.add_Tensor(x, mha(run(l.norm2, x)));
      return aten.add_Tensor(x, this.feedForward(run(l.norm3, x), l, l.dropout3));
    }
    let x = run(l.norm1, aten.add_Tensor(tgt, sa(tgt)));
    x = run(l.norm2, aten.add_Tensor(x, mha(x)));
    return run(l.norm3, aten.add_Tensor(x, this.feedForward(x, l, l.dropout3)));
  }
}

/** `numLayers` copies of an encoder layer (same initial weights, as Python's deepcopy gives), and an optional final norm. */
export class TransformerEncoder extends Module {
  declare readonly __tensors: never;
  readonly layers: ModuleList<TransformerEncoderLayer>;
  readonly norm: Module | null;
  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, ...args: PyRest<[norm: Module | null], { norm?: Module | null; enableNestedTensor?: boolean }>) {
    super();
    required('TransformerEncoder', 'numLayers', numLayers, 'int');
    const o = configure<{ norm: Module | null; enableNestedTensor: boolean }>('TransformerEncoder', [p('norm', null, ['module', 'null'])], args, [p('enableNestedTensor', true)]);
    if (!(encoderLayer instanceof TransformerEncoderLayer)) throw new TypeError('TransformerEncoder: encoderLayer must be a TransformerEncoderLayer');
    this.layers = this.child('layers', new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.clone())));
    this.norm = o.norm;
    if (o.norm) this.child('norm', o.norm);
  }
  forward<X extends Tensor>(src: X, options: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null } = {}): Like<X> {
    let x: Tensor = src;
    for (const layer of this.layers) x = layer.forward(x, { srcMask: options.mask ?? null, srcKeyPaddingMask: options.srcKeyPaddingMask ?? null });
    return (this.norm ? run(this.norm, x) : x) as Like<X>;
  }
}

/** `numLayers` copies of a decoder layer and an optional final norm. */
export class TransformerDecoder extends Module {
  declare readonly __tensors: never;
  readonly layers: ModuleList<TransformerDecoderLayer>;
  readonly norm: Module | null;
  constructor(decoderLayer: TransformerDecoderLayer, readonly numLayers: number, ...args: PyRest<[norm: Module | null], { norm?: Module | null }>) {
    super();
    required('TransformerDecoder', 'numLayers', numLayers, 'int');
    const o = configure<{ norm: Module | null }>('TransformerDecoder', [p('norm', null, ['module', 'null'])], args);
    if (!(decoderLayer instanceof TransformerDecoderLayer)) throw new TypeError('TransformerDecoder: decoderLayer must be a TransformerDecoderLayer');
    this.layers = this.child('layers', new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.clone())));
    this.norm = o.norm;
    if (o.norm) this.child('norm', o.norm);
  }
  forward<X extends Tensor>(tgt: X, memory: Tensor, options: DecoderCallOptions = {}): Like<X> {
    let x: Tensor = tgt;
    for (const layer of this.layers) x = layer.forward(x, memory, options);
    return (this.norm ? run(this.norm, x) : x) as Like<X>;
  }
}

export interface TransformerOptions extends TransformerLayerOptions {
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  customEncoder?: Module | null;
  customDecoder?: Module | null;
}

export interface TransformerCallOptions extends DecoderCallOptions {
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
}

/** The Transformer of "Attention Is All You Need": an encoder stack and a decoder stack, each with a final layer norm. */
export class Transformer extends Module {
  declare readonly __tensors: never;
  declare readonly __children: { encoder: TransformerEncoder; decoder: TransformerDecoder };
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;
  private readonly encoder: Module & { forward(src: Tensor, o: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null }): Tensor };
  private readonly decoder: Module & { forward(tgt: Tensor, memory: Tensor, o: DecoderCallOptions): Tensor };

  constructor(...args: PyRest<
    [dModel: number, nhead: number, numEncoderLayers: number, numDecoderLayers: number, dimFeedforward: number, dropout: number,
      activation: Activation, customEncoder: Module | null, customDecoder: Module | null, layerNormEps: number, batchFirst: boolean, normFirst: boolean],
    TransformerOptions
  >) {
    super();
    const o = configure<LayerConfig & { dModel: number; nhead: number; numEncoderLayers: number; numDecoderLayers: number; customEncoder: Module | null; customDecoder: Module | null }>('Transformer', [
      p('dModel', 512, ['int']), p('nhead', 8, ['int']), p('numEncoderLayers', 6, ['int']), p('numDecoderLayers', 6, ['int']),
      p('dimFeedforward', 2048, ['int']), p('dropout', 0.1), p('activation', 'relu', ['string', 'function']),
      p('customEncoder', null, ['module', 'null']), p('customDecoder', null, ['module', 'null']), p('layerNormEps', 1e-5),
      p('batchFirst', false), p('normFirst', false),
    ], args, factory.params);
    this.dModel = o.dModel;
    this.nhead = o.nhead;
    this.batchFirst = o.batchFirst;
    const layer = { dimFeedforward: o.dimFeedforward, dropout: o.dropout, activation: o.activation, layerNormEps: o.layerNormEps, batchFirst: o.batchFirst, normFirst: o.normFirst, ...factory.of(o) };
    const norm = () => new LayerNorm(o.dModel, { eps: o.layerNormEps, ...factory.of(o) });
    this.encoder = this.child('encoder', (o.customEncoder as never) ?? new TransformerEncoder(new TransformerEncoderLayer(o.dModel, o.nhead, layer), o.numEncoderLayers, norm()));
    this.decoder = this.child('decoder', (o.customDecoder as never) ?? new TransformerDecoder(new TransformerDecoderLayer(o.dModel, o.nhead, layer), o.numDecoderLayers, norm()));
    // Python's _reset_parameters: Xavier-uniform for every parameter with more than one dim.
    for (const w of this.parameters()) if (w.ndim > 1) xavierUniform_(w);
  }

  /** An additive causal mask [sz, sz]: -inf above the diagonal, 0 elsewhere. */
  static generateSquareSubsequentMask(sz: number, options: FactoryOptions = {}): Tensor {
    required('generateSquareSubsequentMask', 'sz', sz, 'int');
    return aten.triu(aten.full([sz, sz], -Infinity, options.dtype ?? null, null, options.device ?? null, null), 1);
  }

  /** src [S, N, E] and tgt [T, N, E] (batch first [N, ·, E]; unbatched [·, E]): the decoder's output [T, N, E]. */
  forward<X extends Tensor>(src: Tensor, tgt: X, options: TransformerCallOptions = {}): Like<X> {
    const batched = src.ndim === 3;
    if (batched && src.shape[this.batchFirst ? 0 : 1] !== tgt.shape[this.batchFirst ? 0 : 1]) {
      throw new TypeError(`Transformer: the batch number of src ${describe(src)} and tgt ${describe(tgt)} must be equal`);
    }
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel) {
      throw new TypeError(`Transformer: the feature number of src ${describe(src)} and tgt ${describe(tgt)} must be equal to dModel ${this.dModel}`);
    }
    const memory = this.encoder.forward(src, { mask: options.srcMask ?? null, srcKeyPaddingMask: options.srcKeyPaddingMask ?? null });
    return this.decoder.forward(tgt, memory, options) as Like<X>;
  }

}
