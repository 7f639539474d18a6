// Charts as Vega-Lite (and, for graphs, Vega) specifications: training
// curves, confusion matrices, per-class accuracy, 2-D scatter plots of
// embeddings, and force-directed graph drawings. Each returns a plain
// specification that savePlot renders, and that a user may edit first.
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { tensor } from '../ops/creation.ts';
import { scope } from '../core/scope.ts';
import type { Edges } from '../geometric/graph.ts';
import type { ChartSpec } from './render.ts';

const VEGA_LITE = 'https://vega.github.io/schema/vega-lite/v6.json';
const VEGA = 'https://vega.github.io/schema/vega/v6.json';

export interface ChartOptions {
  title?: string;
  width?: number;
  height?: number;
}

const frame = (o: ChartOptions, width: number, height: number) => ({
  $schema: VEGA_LITE,
  ...(o.title ? { title: o.title } : {}),
  width: o.width ?? width,
  height: o.height ?? height,
  config: { font: 'DejaVu Sans' },
});

function values(what: string, v: Tensor | ArrayLike<number | bigint>): number[] {
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<number | bigint>, Number);
  const t = v as Tensor;
  if (t.ndim !== 1) throw new TypeError(`${what} must be one-dimensional, got [${t.shape.join(', ')}]`);
  return Array.from(t.toTypedArray() as ArrayLike<number | bigint>, Number);
}

export interface LineChartOptions extends ChartOptions {
  /** The x axis's title (default 'step'). */
  x?: string;
  /** The y axis's title (default 'value'). */
  y?: string;
  /** x of each point (default 1, 2, ...). */
  xValues?: readonly number[];
  /** A logarithmic y axis. */
  logY?: boolean;
}

/** One point of a curve: its series (a legend entry) and its x and y. */
export interface CurvePoint {
  series: string;
  x: number;
  y: number;
}

/**
 * Ticks and grid lines of a log axis: the powers of ten the values span,
 * with 2 and 5 times each when they span at most two decades (vega's own
 * ticks draw a grid line at every multiple, too dense to read).
 */
function logTicks(values: readonly number[]): number[] {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return [];
  const low = Math.floor(Math.log10(Math.min(...positive)));
  const high = Math.ceil(Math.log10(Math.max(...positive)));
  const multiples = high - low <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = low; e <= high; e++) for (const m of multiples) ticks.push(Number((m * 10 ** e).toPrecision(1)));
  return ticks.filter((t) => t <= 10 ** high);
}

/** A line chart of points, series in the order given (a curve each), non-finite values left out as gaps. */
function linePanel(points: readonly CurvePoint[], names: readonly string[], options: LineChartOptions): ChartSpec {
  const rows = points.filter((p) => Number.isFinite(p.y));
  return {
    ...frame(options, 480, 260),
    data: { values: rows },
    mark: { type: 'line', point: rows.length <= 60 },
    encoding: {
      // Steps and epochs are whole numbers: no ticks between them.
      x: { field: 'x', type: 'quantitative', title: options.x ?? 'step', axis: rows.every((r) => Number.isInteger(r.x)) ? { tickMinStep: 1, format: 'd' } : {} },
      y: { field: 'y', type: 'quantitative', title: options.y ?? 'value', ...(options.logY ? { scale: { type: 'log' }, axis: { values: logTicks(rows.map((r) => r.y)) } } : { scale: { zero: false } }) },
      color: { field: 'series', type: 'nominal', title: null, sort: [...names] },
    },
  };
}

/** Named curves over steps or epochs: `lineChart({ train: losses, validation: valLosses }, { x: 'epoch', y: 'loss' })`. Non-finite values are gaps. */
export function lineChart(series: Readonly<Record<string, readonly number[]>>, options: LineChartOptions = {}): ChartSpec {
  const names = Object.keys(series);
  if (names.length === 0) throw new TypeError('lineChart: give at least one series');
  const points = names.flatMap((name) => {
    const ys = series[name]!;
    if (options.xValues && options.xValues.length !== ys.length) throw new RangeError(`lineChart: series '${name}' has ${ys.length} values for ${options.xValues.length} xValues`);
    return ys.map((v, i) => ({ x: options.xValues?.[i] ?? i + 1, y: v, series: name }));
  });
  return linePanel(points, names, options);
}

/** Panels side by side, one a metric, their colours shared by series name. */
function panels(byMetric: readonly [string, ChartSpec][], options: LineChartOptions, op: string): ChartSpec {
  if (byMetric.length === 0) throw new TypeError(`${op}: give at least one metric`);
  const hconcat = byMetric.map(([, spec]) => {
    const { $schema: _, config: __, ...panel } = spec;
    return panel;
  });
  return { $schema: VEGA_LITE, ...(options.title ? { title: options.title } : {}), config: { font: 'DejaVu Sans' }, hconcat, resolve: { scale: { color: 'shared' } } };
}

/** Training curves, one panel a metric: `trainingCurves({ loss: { train, validation }, accuracy: { validation } }, { x: 'epoch' })`. */
export function trainingCurves(metrics: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>, options: LineChartOptions = {}): ChartSpec {
  return panels(Object.entries(metrics).map(([metric, series]) => [metric, lineChart(series, { ...options, title: undefined, y: metric })]), options, 'trainingCurves');
}

/**
 * Training curves from points, one panel a metric, for curves whose series
 * have points at different x (a loss each step, a validation score each
 * epoch): `curvesOfPoints({ loss: [{ series: 'train', x: 1, y: 2.3 }, ...] })`.
 */
export function curvesOfPoints(metrics: Readonly<Record<string, readonly CurvePoint[]>>, options: LineChartOptions = {}): ChartSpec {
  return panels(Object.entries(metrics).map(([metric, points]) => {
    const names = [...new Set(points.map((p) => p.series))];
    return [metric, linePanel(points, names, { ...options, title: undefined, y: metric })];
  }), options, 'curvesOfPoints');
}

/** Long class names slant so that they do not overlap; short ones stay level. */
const slanted = (classes: readonly string[]) => (classes.some((c) => c.length > 3) ? -40 : 0);

/** counts[t][p]: how many examples of true class t were predicted as p. */
export function confusionCounts(predicted: Tensor | ArrayLike<number | bigint>, target: Tensor | ArrayLike<number | bigint>, numClasses: number): number[][] {
  const p = values('confusionCounts: predicted', predicted);
  const t = values('confusionCounts: target', target);
  if (p.length !== t.length) throw new RangeError(`confusionCounts: ${p.length} predictions for ${t.length} targets`);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`confusionCounts: numClasses must be a positive integer, got ${numClasses}`);
  const bad = [...p, ...t].find((c) => !Number.isInteger(c) || c < 0 || c >= numClasses);
  if (bad !== undefined) throw new RangeError(`confusionCounts: class ${bad} is outside [0, ${numClasses})`);
  const flat = scope(() => {
    const pairs = aten.add_Tensor(aten.mul_Scalar(tensor(BigInt64Array.from(t, BigInt)), numClasses), tensor(BigInt64Array.from(p, BigInt)));
    return aten.bincount(pairs, null, numClasses * numClasses).toArray() as number[];
  });
  return Array.from({ length: numClasses }, (_, i) => flat.slice(i * numClasses, (i + 1) * numClasses).map(Number));
}

/** A heatmap of the confusion counts, true classes down, predictions across, each cell labelled with its count. */
export function confusionMatrix(predicted: Tensor | ArrayLike<number | bigint>, target: Tensor | ArrayLike<number | bigint>, classes: readonly string[], options: ChartOptions = {}): ChartSpec {
  const counts = confusionCounts(predicted, target, classes.length);
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const right = counts.reduce((a, row, i) => a + row[i]!, 0);
  const cells = counts.flatMap((row, i) => row.map((n, j) => ({ actual: classes[i], predicted: classes[j], count: n, share: n / Math.max(1, row.reduce((a, b) => a + b, 0)) })));
  const side = Math.max(200, 28 * classes.length);
  return {
    ...frame({ ...options, title: `${options.title ?? 'Confusion matrix'} (accuracy ${((100 * right) / Math.max(1, total)).toFixed(2)}%)` }, side, side),
    data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: [...classes], title: 'predicted', axis: { labelAngle: slanted(classes) } },
      y: { field: 'actual', type: 'nominal', sort: [...classes], title: 'actual' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'share', type: 'quantitative', title: 'share of row', scale: { scheme: 'blues', domain: [0, 1] } } } },
      {
        mark: { type: 'text', fontSize: classes.length > 12 ? 8 : 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

/** Bars of each class's accuracy (recall: the share of its examples predicted right). */
export function perClassAccuracy(predicted: Tensor | ArrayLike<number | bigint>, target: Tensor | ArrayLike<number | bigint>, classes: readonly string[], options: ChartOptions = {}): ChartSpec {
  const counts = confusionCounts(predicted, target, classes.length);
  const rows = counts.map((row, i) => ({ class: classes[i], accuracy: row.reduce((a, b) => a + b, 0) === 0 ? null : row[i]! / row.reduce((a, b) => a + b, 0), examples: row.reduce((a, b) => a + b, 0) }));
  return {
    ...frame({ title: 'Accuracy per class', ...options }, Math.max(240, 30 * classes.length), 220),
    data: { values: rows },
    mark: 'bar',
    encoding: {
      x: { field: 'class', type: 'nominal', sort: [...classes], title: null, axis: { labelAngle: slanted(classes) } },
      y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '%' } },
      tooltip: [{ field: 'class' }, { field: 'accuracy', format: '.1%' }, { field: 'examples' }],
    },
  };
}

export interface ScatterOptions extends ChartOptions {
  /** A group per point (colours, with a legend). */
  groups?: readonly (string | number)[];
  /** The legend's title (default 'group'). */
  groupTitle?: string;
  /** Axis titles (default 'component 1', 'component 2'). */
  x?: string;
  y?: string;
}

/** The distinct groups in legend order: numbers by value (class 2 before class 10), names alphabetically. */
function groupDomain(groups: readonly (string | number)[]): string[] {
  return [...new Set(groups)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)))).map(String);
}

/** Points [N, 2] (a PCA of embeddings, say), coloured by group. */
export function scatterPlot(points: Tensor | readonly (readonly [number, number])[], options: ScatterOptions = {}): ChartSpec {
  let xy: number[][];
  if (Array.isArray(points)) xy = points.map((p) => [Number(p[0]), Number(p[1])]);
  else {
    const t = points as Tensor;
    if (t.ndim !== 2 || t.shape[1] !== 2) throw new TypeError(`scatterPlot: points must be [N, 2], got [${t.shape.join(', ')}]`);
    xy = t.toArray() as number[][];
  }
  if (options.groups && options.groups.length !== xy.length) throw new RangeError(`scatterPlot: ${options.groups.length} groups for ${xy.length} points`);
  const rows = xy.map(([x, y], i) => ({ x, y, group: options.groups ? String(options.groups[i]) : '' }));
  const sorted = options.groups ? groupDomain(options.groups) : [];
  return {
    ...frame(options, 420, 360),
    data: { values: rows },
    mark: { type: 'circle', size: xy.length > 2000 ? 8 : 30, opacity: 0.75 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.x ?? 'component 1', scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: options.y ?? 'component 2', scale: { zero: false } },
      ...(options.groups ? { color: { field: 'group', type: 'nominal', title: options.groupTitle ?? 'group', sort: sorted, scale: { scheme: sorted.length > 10 ? 'category20' : 'tableau10' } } } : {}),
    },
  };
}

export interface GraphDrawingOptions extends ChartOptions {
  /** A group per node (its colour): a class, a prediction, a community. */
  groups?: readonly (string | number)[];
  groupTitle?: string;
  /** A name per node, written beside it. */
  names?: readonly string[];
  /** Nodes to draw with a ring (the labelled ones, say). */
  highlight?: readonly number[];
  /** Force-layout steps (default 300; the layout is deterministic). */
  iterations?: number;
}

/** A force-directed drawing of a graph (Vega's force layout), nodes coloured by group. */
export function graphDrawing(edges: Edges, options: GraphDrawingOptions = {}): ChartSpec {
  const n = edges.numNodes;
  if (options.groups && options.groups.length !== n) throw new RangeError(`graphDrawing: ${options.groups.length} groups for ${n} nodes`);
  if (options.names && options.names.length !== n) throw new RangeError(`graphDrawing: ${options.names.length} names for ${n} nodes`);
  const src = values('edges', edges.sources);
  const dst = values('edges', edges.targets);
  // Each undirected edge once, self-loops left out.
  const seen = new Set<string>();
  const links: { source: number; target: number }[] = [];
  src.forEach((s, i) => {
    const d = dst[i]!;
    const key = s < d ? `${s} ${d}` : `${d} ${s}`;
    if (s !== d && !seen.has(key)) {
      seen.add(key);
      links.push({ source: s, target: d });
    }
  });
  const ring = new Set(options.highlight ?? []);
  const nodes = Array.from({ length: n }, (_, i) => ({ id: i, group: options.groups ? String(options.groups[i]) : '', name: options.names?.[i] ?? '', ring: ring.has(i) }));
  const width = options.width ?? Math.round(Math.min(900, 260 + 40 * Math.sqrt(n)));
  const height = options.height ?? width;
  const groups = options.groups ? groupDomain(options.groups) : [''];
  return {
    $schema: VEGA,
    ...(options.title ? { title: { text: options.title, font: 'DejaVu Sans' } } : {}),
    width,
    height,
    padding: 8,
    // The title and the legend around the drawing, not over it.
    autosize: { type: 'pad' },
    config: { text: { font: 'DejaVu Sans' }, legend: { labelFont: 'DejaVu Sans', titleFont: 'DejaVu Sans' }, title: { font: 'DejaVu Sans' } },
    data: [{ name: 'node-data', values: nodes }, { name: 'link-data', values: links }],
    scales: [{ name: 'color', type: 'ordinal', domain: groups, range: { scheme: groups.length > 10 ? 'category20' : 'tableau10' } }],
    ...(options.groups ? { legends: [{ fill: 'color', title: options.groupTitle ?? 'group', orient: 'right' }] } : {}),
    marks: [
      {
        name: 'nodes',
        type: 'symbol',
        zindex: 1,
        from: { data: 'node-data' },
        encode: {
          enter: {
            fill: { scale: 'color', field: 'group' },
            stroke: [{ test: 'datum.ring', value: 'black' }, { value: 'white' }],
            strokeWidth: [{ test: 'datum.ring', value: 2 }, { value: 1 }],
            size: { value: n > 500 ? 20 : 90 },
          },
        },
        transform: [{
          type: 'force',
          iterations: options.iterations ?? 300,
          static: true,
          forces: [
            { force: 'center', x: width / 2, y: height / 2 },
            { force: 'collide', radius: n > 500 ? 3 : 7 },
            { force: 'nbody', strength: n > 500 ? -8 : -40 },
            { force: 'link', links: 'link-data', distance: n > 500 ? 12 : 30 },
          ],
        }],
      },
      {
        type: 'path',
        from: { data: 'link-data' },
        interactive: false,
        encode: { update: { stroke: { value: '#bbb' }, strokeWidth: { value: 0.7 } } },
        transform: [{ type: 'linkpath', shape: 'line', sourceX: 'datum.source.x', sourceY: 'datum.source.y', targetX: 'datum.target.x', targetY: 'datum.target.y' }],
      },
      ...(options.names
        ? [{
          type: 'text',
          from: { data: 'nodes' },
          interactive: false,
          zindex: 2,
          encode: { update: { x: { field: 'x', offset: 6 }, y: { field: 'y', offset: -4 }, text: { field: 'datum.name' }, fontSize: { value: 8 }, fill: { value: '#333' }, font: { value: 'DejaVu Sans' } } },
        }]
        : []),
    ],
  };
}

export interface AttentionMapOptions extends ChartOptions {
  /** A label per query (row), e.g. the target tokens. */
  queries?: readonly string[];
  /** A label per key (column), e.g. the source tokens. */
  keys?: readonly string[];
}

/**
 * Attention weights [L, S] (one query per row, as MultiheadAttention returns
 * them for one example: `weights.select(0, b)`) as a heatmap: rows are
 * queries, columns keys, each row's weights summing to 1.
 */
export function attentionMap(weights: Tensor | readonly (readonly number[])[], options: AttentionMapOptions = {}): ChartSpec {
  let w: number[][];
  if (Array.isArray(weights)) w = weights.map((r) => r.map(Number));
  else {
    const t = weights as Tensor;
    if (t.ndim !== 2) throw new TypeError(`attentionMap: weights must be [L, S] (select one example and head first), got [${t.shape.join(', ')}]`);
    w = t.toArray() as number[][];
  }
  const rows = w.length;
  const cols = w[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || w.some((r) => r.length !== cols)) throw new TypeError('attentionMap: weights must be a non-empty [L, S] matrix');
  const q = options.queries ?? Array.from({ length: rows }, (_, i) => String(i));
  const k = options.keys ?? Array.from({ length: cols }, (_, j) => String(j));
  if (q.length !== rows) throw new RangeError(`attentionMap: ${q.length} query labels for ${rows} rows`);
  if (k.length !== cols) throw new RangeError(`attentionMap: ${k.length} key labels for ${cols} columns`);
  // Labels may repeat (the same token twice): position them by index, show the label.
  const cells = w.flatMap((r, i) => r.map((v, j) => ({ query: i, key: j, queryLabel: q[i], keyLabel: k[j], weight: v })));
  const axis = (labels: readonly string[]) => ({ labelExpr: `${JSON.stringify(labels)}[datum.value]`, labelAngle: 0 });
  return {
    ...frame({ title: 'Attention weights', ...options }, Math.max(160, 22 * cols), Math.max(160, 22 * rows)),
    data: { values: cells },
    mark: 'rect',
    encoding: {
      // Many columns, or labels wider than a cell, slant so that they do not overlap.
      x: { field: 'key', type: 'ordinal', title: 'key', axis: { ...axis(k), labelAngle: cols > 12 ? -60 : slanted(k) } },
      y: { field: 'query', type: 'ordinal', title: 'query', axis: axis(q) },
      color: { field: 'weight', type: 'quantitative', title: 'weight', scale: { scheme: 'viridis', domain: [0, Math.max(...w.flat(), 1e-12)] } },
      tooltip: [{ field: 'queryLabel', title: 'query' }, { field: 'keyLabel', title: 'key' }, { field: 'weight', format: '.3f' }],
    },
  };
}
