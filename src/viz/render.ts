// Rendering charts headless: a Vega-Lite (or Vega) specification compiled
// and laid out by vega in node, drawn as SVG, and turned into PNG by resvg
// with the system's DejaVu fonts. vega and resvg load on first use, so that
// importing the library does not pay for them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';

/** A Vega-Lite specification (https://vega.github.io/vega-lite/docs/spec.html), or a Vega one (its $schema says so, or `kind: 'vega'`). */
export type ChartSpec = Record<string, unknown>;

export interface RenderOptions {
  /** 'vega-lite' or 'vega' (default: what the spec's $schema names; Vega-Lite without one). */
  kind?: 'vega-lite' | 'vega';
}

export interface PngOptions extends RenderOptions {
  /** Pixels per SVG unit (default 2, for sharp text). */
  scale?: number;
  /** The background (default white; 'transparent' for none). */
  background?: string;
}

/** Lays out and draws a chart as SVG text. */
export async function toSvg(spec: ChartSpec, options: RenderOptions = {}): Promise<string> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new TypeError('toSvg: the chart must be a Vega-Lite specification (an object)');
  const vega = await import('vega');
  // vega writes layout results (a force layout's x and y) into the data objects: draw from a copy,
  // so that the caller's spec is left as it was and the same spec always gives the same picture.
  let vegaSpec = structuredClone(spec);
  // The kind given, or the one the spec's $schema names.
  const kind = options.kind ?? (typeof spec.$schema === 'string' && spec.$schema.includes('/schema/vega/') ? 'vega' : 'vega-lite');
  if (kind === 'vega-lite') {
    const vl = await import('vega-lite');
    vegaSpec = vl.compile(vegaSpec as never).spec as ChartSpec;
  }
  const view = new vega.View(vega.parse(vegaSpec as never), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Turns SVG text into PNG bytes. */
export async function svgToPng(svg: string, options: Omit<PngOptions, 'kind'> = {}): Promise<Buffer> {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 16)) throw new RangeError(`svgToPng: scale must be in (0, 16], got ${scale}`);
  const { Resvg } = await import('@resvg/resvg-js');
  const background = options.background ?? 'white';
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    ...(background === 'transparent' ? {} : { background }),
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** Draws a chart into a file: SVG or PNG by the path's extension. Makes the folder. Returns the path. */
export async function savePlot(spec: ChartSpec, path: string, options: PngOptions = {}): Promise<string> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.svg' && ext !== '.png') throw new RangeError(`savePlot: the file must end in .svg or .png, got ${JSON.stringify(path)}`);
  const svg = await toSvg(spec, options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, ext === '.svg' ? svg : await svgToPng(svg, options));
  return path;
}
