// The 2-layer graph convolutional network of Kipf and Welling (2017):
// node features [N, F] -> 16 hidden -> classes, each layer aggregating over
// the graph's normalised adjacency. The compiler checks the layer widths.
import * as torch from 'typed-torch';

const { nn, geometric } = torch;
const F = nn.functional;
export type Nodes<C extends number> = torch.Tensor<[number, C], 'float32', 'cpu'>;

export class GCN<I extends number, C extends number> extends nn.Module {
  readonly conv1: torch.geometric.GCNConv<I, 16>;
  readonly conv2: torch.geometric.GCNConv<16, C>;

  constructor(features: I, classes: C) {
    super();
    this.conv1 = this.child('conv1', new geometric.GCNConv(features, 16));
    this.conv2 = this.child('conv2', new geometric.GCNConv(16, classes));
  }

  /** Class logits for every node; dropout 0.5 on the input and the hidden layer while training. */
  forward(x: Nodes<I>, edges: torch.geometric.Edges): Nodes<C> {
    const h = F.dropout(this.conv1.forward(F.dropout(x, 0.5, this.training), edges).relu(), 0.5, this.training);
    return this.conv2.forward(h, edges);
  }
}

/** The fraction of the nodes in `index` whose predicted class is right. */
export function accuracy(logits: torch.Tensor, y: torch.Tensor, index: torch.Tensor): number {
  return torch.scope(() => Number(logits.indexSelect(0, index).argmax(1).eq(y.indexSelect(0, index)).float().mean().item()));
}
