// The Planetoid citation graphs (Cora, CiteSeer) with their standard split,
// read from the plain files in the package's data/planetoid/ (see
// data/README.md for their origin): binary bag-of-words features, one class
// per node, undirected citation edges, and the train/val/test node sets of
// Yang et al. (20 labelled nodes per class, 500 validation, 1,000 test).
import { existsSync } from 'node:fs';
import { readRegularFile } from '../core/files.ts';
import { join } from 'node:path';
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { tensor } from '../ops/creation.ts';
import { keep, scope } from '../core/scope.ts';
import { Edges } from './graph.ts';
import { PACKAGE_DATA } from '../core/package-root.ts';

export type PlanetoidName = 'cora' | 'citeseer';

/** A graph whose nodes are to be classified, with the labelled nodes to train on and the nodes to score. */
export interface NodeClassification {
  name: string;
  /** Node features [N, F]. */
  x: Tensor<[number, number], 'float32', 'cpu'>;
  /** Each node's class, int64 [N] (-1 for a node without one; none is in a split). */
  y: Tensor<[number], 'int64', 'cpu'>;
  /** Both directions of each undirected edge. */
  edges: Edges;
  numClasses: number;
  trainIndex: Tensor<[number], 'int64', 'cpu'>;
  /** Empty where the dataset has no validation nodes (then there is nothing to select epochs on). */
  valIndex: Tensor<[number], 'int64', 'cpu'>;
  testIndex: Tensor<[number], 'int64', 'cpu'>;
}

export interface Planetoid extends NodeClassification {
  name: PlanetoidName;
}

interface SplitFile {
  nodes: number;
  features: number;
  classes: number;
  edges: number;
  train: number[];
  val: number[];
  test: number[];
}

/** A data file that is missing or malformed; the message names the file (and line). */
export class GraphDataError extends Error {
  override name = 'GraphDataError';
}

/** The text of a data file (a regular file only: a FIFO or /dev/zero would never end). */
export function readText(file: string): string {
  if (!existsSync(file)) throw new GraphDataError(`${file} is missing`);
  return readRegularFile(file, (why) => {
    throw new GraphDataError(`${file}: cannot be read (${why})`);
  }).toString('utf8');
}

export function readLines(file: string): string[] {
  const lines = readText(file).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function integer(text: string, file: string, line: number, least: number, below: number, what: string): number {
  const v = Number(text);
  if (!/^-?\d+$/.test(text) || v < least || v >= below) {
    throw new GraphDataError(`${file}:${line}: ${JSON.stringify(text)} is not a ${what} (an integer in [${least}, ${below}))`);
  }
  return v;
}

/** Cora or CiteSeer; `root` is a folder of NAME.{features,labels,edges}.txt and NAME.split.json (default: the package's copy). */
export function planetoid(name: PlanetoidName, options: { root?: string; normalizeFeatures?: boolean } = {}): Planetoid {
  if (name !== 'cora' && name !== 'citeseer') throw new RangeError(`planetoid: unknown dataset ${JSON.stringify(name)} (cora or citeseer)`);
  const root = options.root ?? join(PACKAGE_DATA, 'planetoid');
  const path = (suffix: string) => join(root, `${name}.${suffix}`);
  for (const suffix of ['split.json', 'features.txt', 'labels.txt', 'edges.txt']) {
    if (!existsSync(path(suffix))) throw new GraphDataError(`planetoid: ${path(suffix)} is missing (root: ${root})`);
  }
  const splitText = readText(path('split.json'));
  let meta: SplitFile;
  try {
    meta = JSON.parse(splitText) as SplitFile;
  } catch (e) {
    throw new GraphDataError(`${path('split.json')}: not JSON (${(e as Error).message})`);
  }
  for (const key of ['nodes', 'features', 'classes', 'edges'] as const) {
    if (!Number.isInteger(meta[key]) || meta[key] < 1) throw new GraphDataError(`${path('split.json')}: "${key}" must be a positive integer`);
  }
  const n = meta.nodes;
  const featureLines = readLines(path('features.txt'));
  if (featureLines.length !== n) throw new GraphDataError(`${path('features.txt')}: ${featureLines.length} lines for ${n} nodes`);
  const dense = new Float32Array(n * meta.features);
  featureLines.forEach((text, i) => {
    const ids = text.trim() === '' ? [] : text.trim().split(/\s+/);
    for (const id of ids) dense[i * meta.features + integer(id, path('features.txt'), i + 1, 0, meta.features, 'feature index')] = 1;
    if (options.normalizeFeatures && ids.length > 0) for (let f = 0; f < meta.features; f++) dense[i * meta.features + f]! /= ids.length;
  });
  const labelLines = readLines(path('labels.txt'));
  if (labelLines.length !== n) throw new GraphDataError(`${path('labels.txt')}: ${labelLines.length} lines for ${n} nodes`);
  const labels = BigInt64Array.from(labelLines, (t, i) => BigInt(integer(t.trim(), path('labels.txt'), i + 1, -1, meta.classes, 'class')));
  const index = (key: 'train' | 'val' | 'test') => {
    const ids = meta[key];
    if (!Array.isArray(ids)) throw new GraphDataError(`${path('split.json')}: "${key}" must be a list of node ids`);
    ids.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v >= n || labels[v]! < 0n) throw new GraphDataError(`${path('split.json')}: ${key}[${i}] = ${v} is not a labelled node`);
    });
    return keep(tensor(BigInt64Array.from(ids, BigInt))) as Tensor<[number], 'int64', 'cpu'>;
  };
  return scope(() => ({
    name,
    x: keep(aten.view(tensor(dense), [n, meta.features])) as Planetoid['x'],
    y: keep(tensor(labels)) as Planetoid['y'],
    edges: Edges.undirected(readEdgePairs(path('edges.txt'), n), n),
    numClasses: meta.classes,
    trainIndex: index('train'),
    valIndex: index('val'),
    testIndex: index('test'),
  }));
}

/** `a b` a line: undirected edges between node ids below n, as pairs [2, E]. */
export function readEdgePairs(file: string, n: number): Tensor<[2, number], 'int64', 'cpu'> {
  const lines = readLines(file);
  const pairs = new BigInt64Array(2 * lines.length);
  lines.forEach((text, i) => {
    const parts = text.trim().split(/\s+/);
    if (parts.length !== 2) throw new GraphDataError(`${file}:${i + 1}: expected two node ids, got ${JSON.stringify(text)}`);
    pairs[i] = BigInt(integer(parts[0]!, file, i + 1, 0, n, 'node id'));
    pairs[lines.length + i] = BigInt(integer(parts[1]!, file, i + 1, 0, n, 'node id'));
  });
  return aten.view(tensor(pairs), [2, lines.length]) as never;
}
