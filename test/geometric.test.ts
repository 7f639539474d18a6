// Graph layers against independent truths: the GCN normalisation of a
// hand-computed 4-node graph, message passing against the dense formulas
// (D^-1/2 (A + I) D^-1/2 X W, mean aggregation D^-1 A X, attention as a
// masked dense softmax), sparse matmul gradients against finite differences,
// the Planetoid files' counts and errors, and a short GCN run on Cora.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { expectClose } from './helpers/assert.ts';
import { trainNodeClassifier } from '../examples/gnn.ts';

const { Edges, GCNConv, SAGEConv, GATConv, scatter, groupSoftmax, planetoid } = torch.geometric;
const dir = mkdtempSync(join(tmpdir(), 'typed-torch-planetoid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 0 - 1, 1 - 2, 1 - 3: node 1 has three neighbours.
const star = () => Edges.undirected(torch.tensor([[0n, 1n, 1n], [1n, 2n, 3n]]), 4);
const dense = (edges: torch.geometric.Edges) => edges.sparseAdjacency().toDense().toArray() as number[][];

describe('graph structure', () => {
  it('adds self-loops and normalises as D^-1/2 (A + I) D^-1/2 (hand-computed)', () => {
    // Degrees with self-loops: 2, 4, 2, 2.
    const s = 1 / Math.sqrt(8);
    expectClose(dense(star().gcnNormalized()), [
      [1 / 2, s, 0, 0],
      [s, 1 / 4, s, s],
      [0, s, 1 / 2, 0],
      [0, s, 0, 1 / 2],
    ], 1e-7);
    expect(star().withSelfLoops().numEdges).toBe(6 + 4);
    // An existing self-loop is replaced, not doubled; weights are kept.
    const weighted = new Edges(torch.tensor([[0n, 0n], [0n, 1n]]), 2, torch.tensor([5, 3]));
    expect(dense(weighted.withSelfLoops())).toEqual([[1, 0], [3, 1]]);
  });

  it('scatters by destination: sum, mean and max, zeros where no edge arrives', () => {
    const src = torch.tensor([[1, -2], [3, 4], [5, -6]]);
    const index = torch.tensor([0n, 2n, 0n]);
    expect(scatter(src, index, 4, 'sum').toArray()).toEqual([[6, -8], [0, 0], [3, 4], [0, 0]]);
    expect(scatter(src, index, 4, 'mean').toArray()).toEqual([[3, -4], [0, 0], [3, 4], [0, 0]]);
    expect(scatter(src, index, 4, 'max').toArray()).toEqual([[5, -2], [0, 0], [3, 4], [0, 0]]);
    const soft = groupSoftmax(torch.tensor([0, 7, Math.log(3)]), index, 4).toArray() as number[];
    expectClose(soft, [1 / 4, 1, 3 / 4], 1e-6);
  });

  it('refuses edges that do not fit the graph, by name', () => {
    expect(() => new Edges(torch.tensor([[0n, 4n], [1n, 2n]]), 4)).toThrow(/node ids must be in \[0, 4\), the edge index has ids from 0 to 4/);
    expect(() => new Edges(torch.tensor([[0, 1], [1, 2]]), 4)).toThrow(/must be int64 \[2, E\]/);
    expect(() => new Edges(torch.tensor([[0n, 1n], [1n, 2n]]), 4, torch.ones([3]))).toThrow(/edge weights must be \[E\] = \[2\]/);
    expect(() => scatter(torch.ones([3, 2]), torch.tensor([0n, 1n]), 2)).toThrow(/one row per index entry \(2\)/);
    expect(() => new GCNConv(4, 2).forward(torch.ones([5, 4]), star())).toThrow(/5 rows of node features for a graph of 4 nodes/);
  });
});

describe('graph layers against their dense formulas', () => {
  const x = () => torch.randn([4, 3]);

  it('GCNConv: sparse matmul and gather-scatter both give Â X W + b', () => {
    torch.manualSeed(0);
    const edges = star();
    const input = x();
    const sparse = new GCNConv(3, 2);
    torch.nn.init.normal_(sparse.bias!);
    const scattered = new GCNConv(3, 2, { aggregation: 'scatter' });
    scattered.loadStateDict(sparse.stateDict());
    const aHat = edges.gcnNormalized().sparseAdjacency().toDense();
    const expected = aHat.matmul(input.matmul(sparse.lin.weight.t())).add(sparse.bias!).toArray();
    expectClose(sparse.forward(input, edges).toArray(), expected, 1e-6);
    expectClose(scattered.forward(input, edges).toArray(), expected, 1e-6);
    expect([...sparse.stateDict().keys()].sort()).toEqual(['bias', 'lin.weight']);
  });

  it('SAGEConv: W_l (D^-1 A X) + W_r X', () => {
    torch.manualSeed(1);
    const edges = star();
    const input = x();
    const conv = new SAGEConv(3, 2);
    const a = edges.sparseAdjacency().toDense();
    const meanNeighbours = a.div(a.sum(1, true)).matmul(input);
    const expected = conv.linL.forward(meanNeighbours).add(conv.linR.forward(input));
    expectClose(conv.forward(input, edges).toArray(), expected.toArray(), 1e-6);
  });

  it('GATConv: per head, a softmax over each node and its neighbours of LeakyReLU(a_src h_j + a_dst h_i)', () => {
    torch.manualSeed(2);
    const edges = star();
    const input = x();
    const conv = new GATConv(3, 2, { heads: 2 });
    const out = conv.forward(input, edges);
    expect(out.shape).toEqual([4, 4]);
    const h = input.matmul(conv.lin.weight.t()).view([4, 2, 2]);
    const mask = edges.withSelfLoops().sparseAdjacency().toDense().gt(0); // [target, source]
    const state = conv.stateDict();
    const heads = [0, 1].map((k) => {
      const hk = h.select(1, k); // [4, 2]
      const src = hk.matmul(state.get('att_src')!.select(1, k).view([2])); // [4]
      const dst = hk.matmul(state.get('att_dst')!.select(1, k).view([2]));
      const scores = torch.nn.functional.leakyRelu(dst.view([4, 1]).add(src.view([1, 4])), 0.2).maskedFill(mask.logicalNot(), -Infinity);
      return scores.softmax(1).matmul(hk); // [4, 2]
    });
    expectClose(out.toArray(), torch.cat(heads, 1).toArray(), 1e-6);
    const mean = new GATConv(3, 2, { heads: 2, concat: false });
    expect(mean.forward(input, edges).shape).toEqual([4, 2]);
  });

  it('gradients through the sparse adjacency match central finite differences (float64)', () => {
    const a = torch.sparseCooTensor([[0, 1, 1, 2], [1, 0, 2, 2]], torch.tensor([0.5, 2, -1, 3], { dtype: 'float64' }), [3, 3]);
    const r = torch.randn([3, 2], { dtype: 'float64' });
    const f = (x: torch.Tensor) => torch.mm(a, x).mul(r).sum();
    const x0 = torch.randn([3, 2], { dtype: 'float64', requiresGrad: true });
    f(x0).backward();
    const analytic = x0.grad!.toArray() as number[][];
    const base = x0.detach().toArray() as number[][];
    const eps = 1e-6;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 2; j++) {
        const at = (d: number) => Number(f(torch.tensor(base.map((row, ii) => row.map((v, jj) => (ii === i && jj === j ? v + d : v))), { dtype: 'float64' })).item());
        expect(Math.abs((at(eps) - at(-eps)) / (2 * eps) - analytic[i]![j]!)).toBeLessThan(1e-7);
      }
    }
  });
});

describe('Planetoid', () => {
  it('reads Cora and CiteSeer with the standard split', () => {
    const cora = planetoid('cora');
    expect([cora.x.shape, cora.edges.numEdges, cora.numClasses]).toEqual([[2708, 1433], 2 * 5278, 7]);
    expect([cora.trainIndex.shape[0], cora.valIndex.shape[0], cora.testIndex.shape[0]]).toEqual([140, 500, 1000]);
    // 20 labelled training nodes per class.
    expect(torch.bincount(cora.y.indexSelect(0, cora.trainIndex)).toArray()).toEqual([20, 20, 20, 20, 20, 20, 20]);
    const normalized = planetoid('cora', { normalizeFeatures: true });
    expectClose(normalized.x.sum(1).narrow(0, 0, 5).toArray(), [1, 1, 1, 1, 1], 1e-6);
    const citeseer = planetoid('citeseer');
    expect([citeseer.x.shape, citeseer.edges.numEdges / 2, citeseer.numClasses, citeseer.trainIndex.shape[0]]).toEqual([[3327, 3703], 4552, 6, 120]);
  });

  it('names the file and line of a malformed entry', () => {
    const root = resolve(import.meta.dirname, '..', 'data', 'planetoid');
    for (const f of ['split.json', 'features.txt', 'labels.txt', 'edges.txt']) copyFileSync(join(root, `cora.${f}`), join(dir, `cora.${f}`));
    const edges = readFileSync(join(root, 'cora.edges.txt'), 'utf8').split('\n');
    writeFileSync(join(dir, 'cora.edges.txt'), [...edges.slice(0, 2), '0 9999', ...edges.slice(3)].join('\n'));
    expect(() => planetoid('cora', { root: dir })).toThrow(/cora\.edges\.txt:3: "9999" is not a node id \(an integer in \[0, 2708\)\)/);
    writeFileSync(join(dir, 'cora.edges.txt'), [...edges.slice(0, 4), '12', ...edges.slice(5)].join('\n'));
    expect(() => planetoid('cora', { root: dir })).toThrow(/cora\.edges\.txt:5: expected two node ids, got "12"/);
    copyFileSync(join(root, 'cora.edges.txt'), join(dir, 'cora.edges.txt'));
    writeFileSync(join(dir, 'cora.labels.txt'), 'x\n');
    expect(() => planetoid('cora', { root: dir })).toThrow(/cora\.labels\.txt: 1 lines for 2708 nodes/);
    rmSync(join(dir, 'cora.labels.txt'));
    expect(() => planetoid('cora', { root: dir })).toThrow(/cora\.labels\.txt is missing/);
    // A special file in place of a data file is refused, not read forever.
    symlinkSync('/dev/zero', join(dir, 'cora.labels.txt'));
    expect(() => planetoid('cora', { root: dir })).toThrow(/cora\.labels\.txt: cannot be read \(not a regular file/);
    rmSync(join(dir, 'cora.labels.txt'));
    expect(() => planetoid('pubmed' as 'cora')).toThrow(/unknown dataset "pubmed"/);
  });

  it("reads Zachary's karate club with its two labellings, one labelled node per class", () => {
    const club = torch.geometric.karateClub();
    expect([club.x.shape, club.edges.numEdges, club.numClasses]).toEqual([[34, 34], 2 * 78, 2]);
    expect(club.trainIndex.toArray()).toEqual([0, 33]);
    expect(club.testIndex.shape[0]).toBe(32);
    // The two leaders stayed with their own clubs; Mr. Hi's side has 17 members.
    expect(club.y.indexSelect(0, club.trainIndex).toArray()).toEqual([0, 1]);
    expect(torch.bincount(club.y).toArray()).toEqual([17, 17]);
    const communities = torch.geometric.karateClub({ labels: 'communities' });
    expect(communities.numClasses).toBe(4);
    expect(communities.trainIndex.toArray()).toEqual([8, 0, 24, 4]);
    // Node 0 has 16 friends: its row of the adjacency sums to 16.
    expect((club.edges.sparseAdjacency().toDense().sum(1).toArray() as number[])[0]).toBe(16);
  });

  it("the GCN's width, dropout and weight decay are options, and equal the Python twin's runs (karate club, 4 communities)", () => {
    const karate = torch.geometric.karateClub({ labels: 'communities' });
    const recipe = { hidden: 64, dropout: 0, weightDecay: 0 };
    const python = spawnSync('/usr/bin/python3', [resolve('bench/gnn.py'), '1', 'gcn', 'karate-communities', '3', '200', '0', '64', '0', '0'], { encoding: 'utf8' });
    expect(python.status, python.stderr).toBe(0);
    const twin = python.stdout.trim().split('\n').map((line) => JSON.parse(line) as { seed: number; test: number });
    for (const { seed, test } of twin) {
      const r = trainNodeClassifier(karate, { model: 'gcn', epochs: 200, seed, ...recipe });
      // 34 x 64 + 64 and 64 x 4 + 4 parameters.
      expect(r.parameters).toBe(2500);
      expect(r.test).toBeCloseTo(test, 6);
    }
    expect(() => trainNodeClassifier(karate, { model: 'gcn', hidden: 0 })).toThrow(/hidden must be a positive integer, got 0/);
    expect(() => trainNodeClassifier(karate, { model: 'sage', dropout: 1 })).toThrow(/dropout must be in \[0, 1\), got 1/);
    expect(() => trainNodeClassifier(karate, { model: 'gat', hidden: 8 })).toThrow(/the GAT keeps its paper's 8 heads of 8/);
  });

  it('a short GCN run on Cora beats chance by far', () => {
    const cora = planetoid('cora', { normalizeFeatures: true });
    const r = trainNodeClassifier(cora, { model: 'gcn', epochs: 30, seed: 0 });
    // Chance is 1/7; the most common class is 30% of the test set.
    expect(r.test).toBeGreaterThan(0.6);
  });
});
