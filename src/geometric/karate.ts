// Zachary's karate club: 34 members, 78 friendships, and two labellings, the
// club each member joined when it split (2 classes) and the four
// modularity-based communities of PyTorch Geometric's KarateClub. The
// semi-supervised task of the GCN paper: featureless nodes (one-hot
// identities), one labelled node per class (0 and 33 for the clubs, the
// first member of each community), the other nodes to classify.
import { join } from 'node:path';
import * as aten from '../ops/generated/aten.ts';
import { tensor } from '../ops/creation.ts';
import { keep, scope } from '../core/scope.ts';
import { Edges } from './graph.ts';
import { GraphDataError, integer, readEdgePairs, readLines, type NodeClassification } from './planetoid.ts';
import { PACKAGE_DATA } from '../core/package-root.ts';

const MEMBERS = 34;

/** The karate club graph, labelled by club (default) or by community; `root` holds karate.*.txt (default: the package's copy). */
export function karateClub(options: { labels?: 'club' | 'communities'; root?: string } = {}): NodeClassification {
  const labels = options.labels ?? 'club';
  if (labels !== 'club' && labels !== 'communities') throw new RangeError(`karateClub: labels must be 'club' or 'communities', got ${JSON.stringify(labels)}`);
  const root = options.root ?? join(PACKAGE_DATA, 'karate');
  const file = join(root, `karate.${labels}.txt`);
  const classes = labels === 'club' ? 2 : 4;
  const lines = readLines(file);
  if (lines.length !== MEMBERS) throw new GraphDataError(`${file}: ${lines.length} lines for ${MEMBERS} members`);
  const y = lines.map((t, i) => integer(t.trim(), file, i + 1, 0, classes, 'class'));
  // One labelled node per class: the two leaders for the clubs, the first member of each community.
  const train = labels === 'club' ? [0, 33] : Array.from({ length: classes }, (_, c) => y.indexOf(c));
  if (train.some((i) => i < 0)) throw new GraphDataError(`${file}: every one of the ${classes} classes needs a member`);
  const test = y.map((_, i) => i).filter((i) => !train.includes(i));
  const ids = (list: number[]) => keep(tensor(BigInt64Array.from(list, BigInt))) as NodeClassification['trainIndex'];
  return scope(() => ({
    name: `karate-${labels}`,
    x: keep(aten.eye(MEMBERS, 'float32')) as NodeClassification['x'],
    y: keep(tensor(BigInt64Array.from(y, BigInt))) as NodeClassification['y'],
    edges: Edges.undirected(readEdgePairs(join(root, 'karate.edges.txt'), MEMBERS), MEMBERS),
    numClasses: classes,
    trainIndex: ids(train),
    valIndex: ids([]),
    testIndex: ids(test),
  }));
}
