// Graph layers on node features [N, F] -> [N, H]: GCN (Kipf and Welling),
// GraphSAGE with mean aggregation (Hamilton et al.) and graph attention
// (Velickovic et al.), with PyTorch Geometric's parameters and defaults.
// Each aggregates messages source -> target over an Edges; GCN by default
// through libtorch's sparse-dense matmul, or by gathering and scattering.
import type { Tensor } from '../core/tensor.ts';
import type { Dim } from '../types/shape.ts';
import type { ShapeOf } from '../ops/typing.ts';
import type { Same } from '../types/dims.ts';
import * as aten from '../ops/generated/aten.ts';
import { empty } from '../ops/creation.ts';
import { Module, reprFields } from '../nn/module.ts';
import { Linear } from '../nn/layers/linear.ts';
import { xavierUniform_, zeros_ } from '../nn/init.ts';
import { scatter, groupSoftmax } from './scatter.ts';
import type { Edges } from './graph.ts';

type Rows<X extends Tensor> = ShapeOf<X> extends readonly [infer N extends Dim, Dim] ? N : number;
/** The node features' width against the layer's: a known mismatch is the message, anything else passes. */
type FeaturesFit<X extends Tensor, I extends number, Op extends string> = ShapeOf<X> extends readonly [Dim, infer F]
  // The same type first, so that generic code passing [N, I] to a layer of I is fine.
  ? { v: Same<F, I> } extends { v: true } ? unknown
    : number extends F ? unknown : number extends I ? unknown : F extends string ? unknown : F extends I ? unknown
    : `${Op}: the node features have ${F & number} columns, the layer takes ${I}`
  : `${Op}: node features must be [N, F]`;
type NodesOut<X extends Tensor, O extends number> = Tensor<[Rows<X>, O], 'float32', 'cpu'>;

function checkNodes(op: string, x: Tensor, features: number, edges: Edges): void {
  if (x.ndim !== 2 || x.shape[1] !== features) throw new TypeError(`${op}: node features must be [N, ${features}], got [${x.shape.join(', ')}]`);
  if (x.shape[0] !== edges.numNodes) throw new TypeError(`${op}: ${x.shape[0]} rows of node features for a graph of ${edges.numNodes} nodes`);
}

function checkWidth(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${op}: ${name} must be a positive integer, got ${v}`);
}

export interface GCNConvOptions {
  /** Add a learned bias (default true). */
  bias?: boolean;
  /** How messages are summed: libtorch's sparse-dense matmul (default) or gather-and-scatter by edge. */
  aggregation?: 'sparse' | 'scatter';
}

/** x' = D^-1/2 (A + I) D^-1/2 x W + b. Weight glorot-initialised, bias zeros, as PyG's GCNConv. */
export class GCNConv<I extends number = number, O extends number = number> extends Module {
  readonly aggregation: 'sparse' | 'scatter';
  readonly lin: Linear<I, O>;

  constructor(readonly inChannels: I, readonly outChannels: O, options: GCNConvOptions = {}) {
    super();
    checkWidth('GCNConv', 'inChannels', inChannels);
    checkWidth('GCNConv', 'outChannels', outChannels);
    this.aggregation = options.aggregation ?? 'sparse';
    if (this.aggregation !== 'sparse' && this.aggregation !== 'scatter') throw new RangeError(`GCNConv: aggregation must be 'sparse' or 'scatter', got ${JSON.stringify(this.aggregation)}`);
    this.lin = this.child('lin', new Linear(inChannels, outChannels, { bias: false }));
    xavierUniform_(this.lin.weight);
    if (options.bias ?? true) zeros_(this.param('bias', empty([outChannels])));
    else this.registerParameter('bias', null);
  }

  get bias(): Tensor<[O], 'float32', 'cpu'> | null {
    return this.optionalTensor('bias');
  }

  forward<X extends Tensor>(x: X & FeaturesFit<X, I, 'GCNConv'>, edges: Edges): NodesOut<X, O> {
    checkNodes('GCNConv', x, this.inChannels, edges);
    const h = this.lin.forward(x as Tensor) as Tensor;
    const norm = edges.gcnNormalized();
    const out = this.aggregation === 'sparse'
      ? aten.mm(norm.sparseAdjacency(), h)
      : scatter(aten.mul_Tensor(aten.index_select(h, 0, norm.sources), aten.unsqueeze(norm.edgeWeight!, 1)), norm.targets, edges.numNodes, 'sum');
    return (this.bias ? aten.add_Tensor(out, this.bias) : out) as never;
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}${this.aggregation === 'scatter' ? `, ${reprFields({ aggregation: this.aggregation })}` : ''}`;
  }
}

/** x'_i = W_l mean_{j -> i} x_j + W_r x_i (+ bias on W_l), as PyG's SAGEConv with mean aggregation. */
export class SAGEConv<I extends number = number, O extends number = number> extends Module {
  readonly linL: Linear<I, O>;
  readonly linR: Linear<I, O>;

  constructor(readonly inChannels: I, readonly outChannels: O, options: { bias?: boolean } = {}) {
    super();
    checkWidth('SAGEConv', 'inChannels', inChannels);
    checkWidth('SAGEConv', 'outChannels', outChannels);
    this.linL = this.child('lin_l', new Linear(inChannels, outChannels, { bias: options.bias ?? true }));
    this.linR = this.child('lin_r', new Linear(inChannels, outChannels, { bias: false }));
  }

  forward<X extends Tensor>(x: X & FeaturesFit<X, I, 'SAGEConv'>, edges: Edges): NodesOut<X, O> {
    checkNodes('SAGEConv', x, this.inChannels, edges);
    const mean = scatter(aten.index_select(x, 0, edges.sources), edges.targets, edges.numNodes, 'mean');
    return aten.add_Tensor(this.linL.forward(mean as Tensor) as Tensor, this.linR.forward(x as Tensor) as Tensor) as never;
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, aggr='mean'`;
  }
}

export interface GATConvOptions {
  /** Attention heads (default 1). */
  heads?: number;
  /** Concatenate the heads' outputs (default) or average them. */
  concat?: boolean;
  /** Slope of the leaky ReLU on attention scores (default 0.2). */
  negativeSlope?: number;
  /** Dropout on the attention coefficients while training (default 0). */
  dropout?: number;
  /** Attend to each node itself too (default true). */
  addSelfLoops?: boolean;
  bias?: boolean;
}

/**
 * Graph attention: per head, h = x W, e_ji = LeakyReLU(a_src . h_j + a_dst . h_i),
 * alpha = softmax of e over the edges into i, x'_i = sum_j alpha_ji h_j; the
 * heads concatenated ([N, heads * out]) or averaged ([N, out]). As PyG's GATConv.
 */
export class GATConv<I extends number = number, O extends number = number, Hd extends number = 1, Cc extends boolean = true> extends Module {
  readonly heads: number;
  readonly concat: boolean;
  readonly negativeSlope: number;
  readonly dropout: number;
  readonly addSelfLoops: boolean;
  readonly lin: Linear<I, number>;

  constructor(readonly inChannels: I, readonly outChannels: O, options: GATConvOptions & { heads?: Hd; concat?: Cc } = {}) {
    super();
    checkWidth('GATConv', 'inChannels', inChannels);
    checkWidth('GATConv', 'outChannels', outChannels);
    this.heads = options.heads ?? 1;
    checkWidth('GATConv', 'heads', this.heads);
    this.concat = options.concat ?? true;
    this.negativeSlope = options.negativeSlope ?? 0.2;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new RangeError(`GATConv: dropout must be in [0, 1), got ${this.dropout}`);
    this.addSelfLoops = options.addSelfLoops ?? true;
    this.lin = this.child('lin', new Linear(inChannels, this.heads * outChannels, { bias: false }));
    xavierUniform_(this.lin.weight);
    xavierUniform_(this.param('att_src', empty([1, this.heads, outChannels])));
    xavierUniform_(this.param('att_dst', empty([1, this.heads, outChannels])));
    if (options.bias ?? true) zeros_(this.param('bias', empty([this.concat ? this.heads * outChannels : outChannels])));
    else this.registerParameter('bias', null);
  }

  /** [N, heads * out] with concatenated heads, [N, out] with averaged ones (or one head). */
  forward<X extends Tensor>(x: X & FeaturesFit<X, I, 'GATConv'>, edges: Edges): Tensor<[Rows<X>, Cc extends false ? O : Hd extends 1 ? O : number], 'float32', 'cpu'> {
    checkNodes('GATConv', x, this.inChannels, edges);
    const g = this.addSelfLoops ? edges.withSelfLoops() : edges;
    const n = edges.numNodes;
    const h = aten.view(this.lin.forward(x as Tensor) as Tensor, [n, this.heads, this.outChannels]); // [N, heads, out]
    const scoreSrc = aten.sum_dim_IntList(aten.mul_Tensor(h, this.tensor('att_src')), [-1]); // [N, heads]
    const scoreDst = aten.sum_dim_IntList(aten.mul_Tensor(h, this.tensor('att_dst')), [-1]);
    const src = g.sources;
    const dst = g.targets;
    const e = aten.leaky_relu(aten.add_Tensor(aten.index_select(scoreSrc, 0, src), aten.index_select(scoreDst, 0, dst)), this.negativeSlope); // [E, heads]
    let alpha: Tensor = groupSoftmax(e, dst, n);
    if (this.dropout > 0) alpha = aten.dropout(alpha, this.dropout, this.training);
    const messages = aten.mul_Tensor(aten.index_select(h, 0, src), aten.unsqueeze(alpha, -1)); // [E, heads, out]
    const agg = scatter(messages, dst, n, 'sum'); // [N, heads, out]
    const out = this.concat ? aten.view(agg, [n, this.heads * this.outChannels]) : aten.mean_dim(agg, [1]);
    const bias = this.optionalTensor('bias');
    return (bias ? aten.add_Tensor(out, bias) : out) as never;
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, heads=${this.heads}`;
  }
}
