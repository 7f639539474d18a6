// The Planetoid citation graphs (Cora, CiteSeer) with their standard split,
// read from the plain files in the package's data/planetoid/ (see
// data/README.md for their origin): binary bag-of-words features, one class
// per node, undirected citation edges, and the train/val/test node sets of
// Yang et al. (20 labelled nodes per class, 500 validation, 1,000 test).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { tensor } from '../ops/creation.ts';
import { keep, scope } from '../core/scope.ts';
import { Edges } from './graph.ts';

export type PlanetoidName = 'cora' | 'citeseer';

export interface Planetoid {
  name: PlanetoidName;
  /** Node features [N, F]: binary, or each row divided by its sum with `normalizeFeatures`. */
  x: Tensor<[number, number], 'float32', 'cpu'>;
  /** Each node's class, int64 [N] (-1 for CiteSeer's few nodes without one; none is in a split). */
  y: Tensor<[number], 'int64', 'cpu'>;
  /** Both directions of each citation. */
  edges: Edges;
  numClasses: number;
  trainIndex: Tensor<[number], 'int64', 'cpu'>;
  valIndex: Tensor<[number], 'int64', 'cpu'>;
  testIndex: Tensor<[number], 'int64', 'cpu'>;
}

// src/geometric in a checkout, dist/geometric in the package: the data is two levels up.
const PACKAGE_DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/planetoid');

interface SplitFile {
  nodes: number;
  features: number;
  classes: number;
  edges: number;
  train: number[];
  val: number[];
  test: number[];
}

class PlanetoidFormatError extends Error {
  override name = 'PlanetoidFormatError';
}

function readLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function integer(text: string, file: string, line: number, least: number, below: number, what: string): number {
  const v = Number(text);
  if (!/^-?\d+$/.test(text) || v < least || v >= below) {
    throw new PlanetoidFormatError(`${file}:${line}: ${JSON.stringify(text)} is not a ${what} (an integer in [${least}, ${below}))`);
  }
  return v;
}

/** Cora or CiteSeer; `root` is a folder of NAME.{features,labels,edges}.txt and NAME.split.json (default: the package's copy). */
export function planetoid(name: PlanetoidName, options: { root?: string; normalizeFeatures?: boolean } = {}): Planetoid {
  if (name !== 'cora' && name !== 'citeseer') throw new RangeError(`planetoid: unknown dataset ${JSON.stringify(name)} (cora or citeseer)`);
  const root = options.root ?? PACKAGE_DATA;
  const path = (suffix: string) => join(root, `${name}.${suffix}`);
  for (const suffix of ['split.json', 'features.txt', 'labels.txt', 'edges.txt']) {
    if (!existsSync(path(suffix))) throw new PlanetoidFormatError(`planetoid: ${path(suffix)} is missing (root: ${root})`);
  }
  let meta: SplitFile;
  try {
    meta = JSON.parse(readFileSync(path('split.json'), 'utf8')) as SplitFile;
  } catch (e) {
    throw new PlanetoidFormatError(`${path('split.json')}: not JSON (${(e as Error).message})`);
  }
  for (const key of ['nodes', 'features', 'classes', 'edges'] as const) {
    if (!Number.isInteger(meta[key]) || meta[key] < 1) throw new PlanetoidFormatError(`${path('split.json')}: "${key}" must be a positive integer`);
  }
  const n = meta.nodes;
  const featureLines = readLines(path('features.txt'));
  if (featureLines.length !== n) throw new PlanetoidFormatError(`${path('features.txt')}: ${featureLines.length} lines for ${n} nodes`);
  const dense = new Float32Array(n * meta.features);
  featureLines.forEach((text, i) => {
    const ids = text.trim() === '' ? [] : text.trim().split(/\s+/);
    for (const id of ids) dense[i * meta.features + integer(id, path('features.txt'), i + 1, 0, meta.features, 'feature index')] = 1;
    if (options.normalizeFeatures && ids.length > 0) for (let f = 0; f < meta.features; f++) dense[i * meta.features + f]! /= ids.length;
  });
  const labelLines = readLines(path('labels.txt'));
  if (labelLines.length !== n) throw new PlanetoidFormatError(`${path('labels.txt')}: ${labelLines.length} lines for ${n} nodes`);
  const labels = BigInt64Array.from(labelLines, (t, i) => BigInt(integer(t.trim(), path('labels.txt'), i + 1, -1, meta.classes, 'class')));
  const edgeLines = readLines(path('edges.txt'));
  const pairs = new BigInt64Array(2 * edgeLines.length);
  edgeLines.forEach((text, i) => {
    const parts = text.trim().split(/\s+/);
    if (parts.length !== 2) throw new PlanetoidFormatError(`${path('edges.txt')}:${i + 1}: expected two node ids, got ${JSON.stringify(text)}`);
    pairs[i] = BigInt(integer(parts[0]!, path('edges.txt'), i + 1, 0, n, 'node id'));
    pairs[edgeLines.length + i] = BigInt(integer(parts[1]!, path('edges.txt'), i + 1, 0, n, 'node id'));
  });
  const index = (key: 'train' | 'val' | 'test') => {
    const ids = meta[key];
    if (!Array.isArray(ids)) throw new PlanetoidFormatError(`${path('split.json')}: "${key}" must be a list of node ids`);
    ids.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v >= n || labels[v]! < 0n) throw new PlanetoidFormatError(`${path('split.json')}: ${key}[${i}] = ${v} is not a labelled node`);
    });
    return keep(tensor(BigInt64Array.from(ids, BigInt))) as Tensor<[number], 'int64', 'cpu'>;
  };
  return scope(() => ({
    name,
    x: keep(aten.view(tensor(dense), [n, meta.features])) as Planetoid['x'],
    y: keep(tensor(labels)) as Planetoid['y'],
    edges: Edges.undirected(aten.view(tensor(pairs), [2, edgeLines.length]), n),
    numClasses: meta.classes,
    trainIndex: index('train'),
    valIndex: index('val'),
    testIndex: index('test'),
  }));
}
