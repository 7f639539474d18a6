// The model's contract: logits for every node, the layer's normalisation on a
// hand-computed graph, and that training on Cora lowers the loss and beats chance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'typed-torch';
import { GCN } from '../src/model.js';
import { step, train } from '../src/train.js';

test('gives class logits [N, C] for the nodes of a graph', () => {
  const edges = torch.geometric.Edges.undirected(torch.tensor([[0n, 1n, 2n], [1n, 2n, 3n]]), 4);
  const logits = new GCN(5, 3).forward(torch.randn([4, 5]), edges);
  assert.deepEqual(logits.shape, [4, 3]);
});

test('normalises a path 0 - 1 - 2 as D^-1/2 (A + I) D^-1/2 (degrees with self-loops 2, 3, 2)', () => {
  const edges = torch.geometric.Edges.undirected(torch.tensor([[0n, 1n], [1n, 2n]]), 3);
  const norm = edges.gcnNormalized();
  const dense = torch.zeros([3, 3]).indexPut_([norm.targets, norm.sources], norm.edgeWeight!, true).toArray() as number[][];
  const e = 1 / Math.sqrt(6);
  const expected = [[1 / 2, e, 0], [e, 1 / 3, e], [0, e, 1 / 2]];
  dense.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-6, `entry ${i},${j}: ${v}`)));
});

test('training on Cora lowers the loss and beats chance (1/7) within 20 epochs', () => {
  const data = torch.geometric.planetoid('cora', { normalizeFeatures: true });
  torch.manualSeed(0);
  const model = new GCN(data.x.shape[1]!, data.numClasses);
  const opt = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
  const first = step(model, opt, data);
  let last = first;
  for (let i = 0; i < 10; i++) last = step(model, opt, data);
  assert.ok(last < first, `loss went from ${first} to ${last}`);
  assert.ok(train(data, 20, 0).test > 0.5, 'test accuracy after 20 epochs');
});
