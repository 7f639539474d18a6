// A graph's structure: directed edges source -> target (an undirected edge
// is the two of them), optional edge weights, and what graph layers derive
// from it once and reuse (self-loops, the GCN normalisation, the sparse
// adjacency matrix). Edge index [2, E] as in PyTorch Geometric: row 0 the
// sources, row 1 the targets; messages flow from source to target.
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { sparseCooTensor } from '../ops/sparse.ts';
import { keep, scope } from '../core/scope.ts';
import { noGrad } from '../core/autograd.ts';

export type EdgeIndex = Tensor<[2, number], 'int64', 'cpu'>;
export type EdgeWeight = Tensor<[number], 'float32', 'cpu'>;

/** Node features [N, F] on their graph. */
export interface Graph<N extends number = number, F extends number = number> {
  x: Tensor<[N, F], 'float32', 'cpu'>;
  edges: Edges;
}

export class Edges {
  readonly edgeIndex: EdgeIndex;
  readonly edgeWeight: EdgeWeight | null;
  #selfLoops: Edges | undefined;
  #gcn: Edges | undefined;
  #sparse: Tensor | undefined;

  /** The edges of a graph of `numNodes` nodes; the tensors are kept (dispose() frees them). */
  constructor(edgeIndex: Tensor, readonly numNodes: number, edgeWeight: Tensor | null = null) {
    if (!Number.isInteger(numNodes) || numNodes < 0) throw new RangeError(`Edges: numNodes must be a non-negative integer, got ${numNodes}`);
    if (edgeIndex.ndim !== 2 || edgeIndex.shape[0] !== 2 || edgeIndex.dtype !== 'int64') {
      throw new TypeError(`Edges: the edge index must be int64 [2, E] (sources, targets), got ${edgeIndex.dtype} [${edgeIndex.shape.join(', ')}]`);
    }
    const e = edgeIndex.shape[1]!;
    if (edgeWeight && (edgeWeight.ndim !== 1 || edgeWeight.shape[0] !== e)) {
      throw new TypeError(`Edges: edge weights must be [E] = [${e}], got [${edgeWeight.shape.join(', ')}]`);
    }
    if (e > 0) {
      const [lo, hi] = noGrad(() => scope(() => [aten.min(edgeIndex).item() as number, aten.max(edgeIndex).item() as number]));
      if (lo < 0 || hi >= numNodes) throw new RangeError(`Edges: node ids must be in [0, ${numNodes}), the edge index has ids from ${lo} to ${hi}`);
    }
    this.edgeIndex = keep(edgeIndex) as EdgeIndex;
    this.edgeWeight = edgeWeight ? (keep(aten.to_dtype(edgeWeight, 'float32')) as EdgeWeight) : null;
  }

  /** Undirected edges given once each (a < b or any order): both directions. */
  static undirected(pairs: Tensor, numNodes: number, weights: Tensor | null = null): Edges {
    return scope(() => {
      if (pairs.ndim !== 2 || pairs.shape[0] !== 2) throw new TypeError(`Edges.undirected: expected pairs [2, E], got [${pairs.shape.join(', ')}]`);
      // Each pair's weight goes with both of its directions.
      return new Edges(aten.cat([pairs, aten.flip(pairs, [0])], 1), numNodes, weights ? aten.cat([weights, weights], 0) : null);
    });
  }

  get numEdges(): number {
    return this.edgeIndex.shape[1]!;
  }

  /** Row 0 of the edge index: where each message comes from. */
  get sources(): Tensor<[number], 'int64', 'cpu'> {
    return aten.select_int(this.edgeIndex, 0, 0) as never;
  }

  /** Row 1 of the edge index: the node each message goes to. */
  get targets(): Tensor<[number], 'int64', 'cpu'> {
    return aten.select_int(this.edgeIndex, 0, 1) as never;
  }

  /** These edges (less any self-loops) and one self-loop per node, weight 1; computed once. */
  withSelfLoops(): Edges {
    this.#selfLoops ??= noGrad(() => scope(() => {
      const src = this.sources;
      const keepMask = aten.ne_Tensor(src, this.targets);
      const loops = aten.arange(this.numNodes, 'int64');
      const index = aten.cat([aten.index_select(this.edgeIndex, 1, aten.nonzero(keepMask).view([-1])), aten.stack([loops, loops])], 1);
      const weight = this.edgeWeight
        ? aten.cat([aten.masked_select(this.edgeWeight, keepMask), aten.ones([this.numNodes], 'float32')])
        : null;
      return new Edges(index, this.numNodes, weight);
    }));
    return this.#selfLoops;
  }

  /**
   * The GCN propagation of Kipf and Welling: self-loops added, each edge
   * j -> i weighted w_ji / sqrt(deg(j) deg(i)), the degrees summed over the
   * edges arriving at a node (D^-1/2 (A + I) D^-1/2). Computed once.
   */
  gcnNormalized(): Edges {
    this.#gcn ??= noGrad(() => scope(() => {
      const loops = this.withSelfLoops();
      const w = loops.edgeWeight ?? aten.ones([loops.numEdges], 'float32');
      const deg = aten.index_add(aten.zeros([this.numNodes], 'float32'), 0, loops.targets, w);
      const inv = aten.masked_fill_Scalar(aten.pow_Tensor_Scalar(deg, -0.5), aten.eq_Scalar(deg, 0), 0);
      const norm = aten.mul_Tensor(aten.mul_Tensor(aten.index_select(inv, 0, loops.sources), w), aten.index_select(inv, 0, loops.targets));
      return new Edges(loops.edgeIndex, this.numNodes, norm);
    }));
    return this.#gcn;
  }

  /**
   * The weighted adjacency as a sparse COO matrix [N, N], A[target, source] =
   * weight (1 without weights), so that A @ X sums each node's incoming
   * messages. Coalesced, computed once.
   */
  sparseAdjacency(): Tensor<[number, number], 'float32', 'cpu'> {
    this.#sparse ??= keep(noGrad(() => scope(() => {
      const w = this.edgeWeight ?? aten.ones([this.numEdges], 'float32');
      return aten.coalesce(sparseCooTensor(aten.flip(this.edgeIndex, [0]), w, [this.numNodes, this.numNodes]));
    })));
    return this.#sparse as never;
  }

  /** Frees the edge tensors and everything derived from them. */
  dispose(): void {
    this.#selfLoops?.dispose();
    this.#gcn?.dispose();
    this.#sparse?.dispose();
    this.edgeIndex.dispose();
    this.edgeWeight?.dispose();
  }
}
