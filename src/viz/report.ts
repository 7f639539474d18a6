// A self-contained HTML report of a run: a title, the run's settings as a
// table, the charts inline as SVG, images inline as PNG data, and text
// blocks (a model summary, say). One file with nothing to fetch, so it opens
// anywhere, offline.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { toSvg, type ChartSpec } from './render.ts';

export type ReportSection =
  | { title: string; chart: ChartSpec }
  | { title: string; image: string }
  | { title: string; text: string };

export interface Report {
  title: string;
  /** The run's settings and results, shown as a two-column table. */
  settings?: Readonly<Record<string, string | number | boolean>>;
  sections: readonly ReportSection[];
}

/** Text as HTML shows it (also in attribute values). */
export const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A small image (a grid of 28x28 pictures is a few hundred pixels wide)
 * shown at 2x or 3x its size, pixels kept sharp, so that it can be seen;
 * larger ones at their own size. Read from the PNG's header; nothing for
 * other files.
 */
function displayWidth(png: Buffer): string {
  const isPng = png.length >= 24 && png.readUInt32BE(0) === 0x89504e47 && png.toString('latin1', 12, 16) === 'IHDR';
  if (!isPng) return '';
  const width = png.readUInt32BE(16);
  const scale = Math.min(3, Math.max(1, Math.floor(600 / width)));
  return scale === 1 ? '' : ` style="width: ${scale * width}px"`;
}

/** Writes the report as one HTML file (making its folder); returns the path. */
export async function saveReport(report: Report, path: string): Promise<string> {
  if (!path.toLowerCase().endsWith('.html')) throw new RangeError(`saveReport: the file must end in .html, got ${JSON.stringify(path)}`);
  const parts: string[] = [];
  for (const section of report.sections) {
    let body: string;
    if ('chart' in section) body = await toSvg(section.chart);
    else if ('image' in section) {
      let png: Buffer;
      try {
        png = readFileSync(section.image);
      } catch (e) {
        throw new Error(`saveReport: the image ${section.image} of section '${section.title}' cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
      }
      body = `<img alt="${escape(section.title)}"${displayWidth(png)} src="data:image/png;base64,${png.toString('base64')}">`;
    } else body = `<pre>${escape(section.text)}</pre>`;
    parts.push(`<section><h2>${escape(section.title)}</h2>\n${body}\n</section>`);
  }
  const settings = Object.entries(report.settings ?? {});
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(report.title)}</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } td { padding: 2px 12px 2px 0; } td:first-child { color: #666; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
svg, img { max-width: 100%; height: auto; } img { image-rendering: pixelated; }
</style>
</head>
<body>
<h1>${escape(report.title)}</h1>
${settings.length ? `<table>\n${settings.map(([k, v]) => `<tr><td>${escape(k)}</td><td>${escape(String(v))}</td></tr>`).join('\n')}\n</table>` : ''}
${parts.join('\n')}
</body>
</html>
`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html);
  return path;
}
