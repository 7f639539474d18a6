// Graph layers: node features [N, F] in, [N, H] out; a layer of the wrong
// width is an error naming both widths; unknown widths pass (checked at run time).
import { expectType, expectError, expectAssignable } from 'tsd';
import * as torch from 'typed-torch';

const { geometric } = torch;
type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
declare const x: F32<['N', 1433]>;
declare const unknown: F32<[number, number]>;
declare const edges: torch.geometric.Edges;

const gcn = new geometric.GCNConv(1433, 16);
expectType<F32<['N', 16]>>(gcn.forward(x, edges));
expectType<F32<[number, 16]>>(gcn.forward(unknown, edges));
expectType<F32<['N', 7]>>(new geometric.SAGEConv(16, 7).forward(gcn.forward(x, edges), edges));
expectError(new geometric.GCNConv(1000, 16).forward(x, edges));
expectError(new geometric.SAGEConv(8, 16).forward(gcn.forward(x, edges), edges));
// GAT: one head (or averaged heads) keeps the width; several concatenated heads give heads * width.
expectType<F32<['N', 8]>>(new geometric.GATConv(1433, 8).forward(x, edges));
expectType<F32<['N', 8]>>(new geometric.GATConv(1433, 8, { heads: 4, concat: false }).forward(x, edges));
expectAssignable<F32<['N', number]>>(new geometric.GATConv(1433, 8, { heads: 8 }).forward(x, edges));
expectError(new geometric.GATConv(64, 8).forward(x, edges));
