// torch.geometric: graphs and graph neural network layers, after PyTorch
// Geometric: an edge list with the derived structure layers need, scatter
// aggregation, GCN / GraphSAGE / GAT layers, and the Planetoid citation graphs.
export { Edges, type Graph, type EdgeIndex, type EdgeWeight } from './graph.ts';
export { scatter, groupSoftmax, type Reduce } from './scatter.ts';
export { GCNConv, SAGEConv, GATConv, type GCNConvOptions, type GATConvOptions } from './layers.ts';
export { planetoid, GraphDataError, type Planetoid, type PlanetoidName, type NodeClassification } from './planetoid.ts';
export { karateClub } from './karate.ts';
export { lesMiserables, type LesMiserables } from './miserables.ts';
