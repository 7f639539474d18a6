// A live view of a training run: a small web server on the loopback
// interface only, whose page draws the run's curves and redraws them as
// points arrive. The server sends the chart (the Vega-Lite specification
// curvesOfPoints builds, the same look as the saved charts) over
// server-sent events, at most once per `interval`; the page lays it out
// with vega and vega-lite, served from this package's own dependencies, so
// that nothing is fetched from the network.
//
// The page updates whenever the training loop lets the event loop run: a
// loop over a DataLoader (for await) does at every batch.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { curvesOfPoints, type CurvePoint, type LineChartOptions } from './charts.ts';
import type { ChartSpec } from './render.ts';
import { escape } from './report.ts';

export interface LiveViewOptions {
  /** The page's and the chart's title. */
  title?: string;
  /** The x axis's title (default 'step'). */
  x?: string;
  /** The port on 127.0.0.1 (default 0: a free one, see `url`). */
  port?: number;
  /** The least time between two redraws of the page, in ms (default 250). */
  interval?: number;
}

const LOOPBACK = '127.0.0.1';
const require = createRequire(import.meta.url);
/**
 * The browser builds of vega and vega-lite, read once when first asked for.
 * Their packages export no path to them, but they sit in the build folder
 * beside the schema each package does export.
 */
const SCRIPTS: Record<string, [exported: string, file: string]> = {
  '/vega.js': ['vega/vega-schema.json', 'vega.min.js'],
  '/vega-lite.js': ['vega-lite/vega-lite-schema.json', 'vega-lite.min.js'],
};
const scriptCache = new Map<string, Buffer>();


function page(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } #status { color: #666; }
#chart svg { max-width: 100%; height: auto; }
</style>
<script src="/vega.js"></script>
<script src="/vega-lite.js"></script>
</head>
<body>
<h1>${escape(title)}</h1>
<p id="status">waiting for the first points</p>
<div id="chart"></div>
<script>
let view = null;
let drawing = Promise.resolve();
const status = document.getElementById('status');
function draw(spec, points) {
  // One redraw at a time, in order: each replaces the last.
  drawing = drawing.then(async () => {
    if (view) view.finalize();
    view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'svg', container: '#chart', hover: false });
    await view.runAsync();
    document.body.dataset.points = String(points);
  });
}
const events = new EventSource('/events');
events.addEventListener('chart', (e) => {
  const { spec, points } = JSON.parse(e.data);
  status.textContent = 'training: ' + points + ' points';
  draw(spec, points);
});
events.addEventListener('end', (e) => {
  status.textContent = 'finished: ' + JSON.parse(e.data).points + ' points';
  document.body.dataset.finished = 'true';
  events.close();
});
events.onerror = () => { if (!document.body.dataset.finished) status.textContent = 'the training process is gone'; };
</script>
</body>
</html>
`;
}

/** A running live view: add points, and the page at `url` redraws. */
export class LiveView {
  /** The page's address (on 127.0.0.1). */
  readonly url: string;
  readonly #server: Server;
  readonly #title: string;
  readonly #options: LineChartOptions;
  readonly #interval: number;
  readonly #metrics = new Map<string, CurvePoint[]>();
  readonly #clients = new Set<ServerResponse>();
  #points = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  /** Use `liveView()`, which starts the server. */
  constructor(server: Server, options: LiveViewOptions) {
    this.#server = server;
    this.#title = options.title ?? 'Training';
    // The page's heading carries the title; the chart goes without one.
    this.#options = { x: options.x };
    this.#interval = options.interval ?? 250;
    this.url = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}/`;
    server.on('request', (req, res) => this.#serve(req, res));
  }

  /** Points so far, over every metric and series. */
  get points(): number {
    return this.#points;
  }

  /** A point of a curve: metric 'loss', series 'train', at step x. A non-finite y is a gap, as in the saved charts. */
  add(metric: string, series: string, x: number, y: number): this {
    if (this.#closed) throw new TypeError('LiveView.add: the view is closed');
    if (typeof metric !== 'string' || metric === '') throw new TypeError('LiveView.add: the metric must be a non-empty string');
    if (typeof series !== 'string' || series === '') throw new TypeError('LiveView.add: the series must be a non-empty string');
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new TypeError(`LiveView.add: x must be a finite number, got ${String(x)}`);
    if (typeof y !== 'number') throw new TypeError(`LiveView.add: y must be a number, got ${typeof y}`);
    let list = this.#metrics.get(metric);
    if (!list) this.#metrics.set(metric, (list = []));
    list.push({ series, x, y });
    this.#points++;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#broadcast('chart');
    }, this.#interval);
    // A pending redraw does not keep the process alive.
    this.#timer.unref?.();
    return this;
  }

  /** The chart as it stands: what the page draws. */
  chart(): ChartSpec | null {
    return this.#metrics.size === 0 ? null : curvesOfPoints(Object.fromEntries(this.#metrics), this.#options);
  }

  /** Sends the last points, tells the page the run is over, and stops the server. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#broadcast('chart');
    for (const res of this.#clients) {
      res.end(`event: end\ndata: ${JSON.stringify({ points: this.#points })}\n\n`);
    }
    this.#clients.clear();
    await new Promise<void>((resolve, reject) => this.#server.close((e) => (e ? reject(e) : resolve())));
  }

  #message(event: string): string | null {
    const spec = this.chart();
    return spec === null ? null : `event: ${event}\ndata: ${JSON.stringify({ spec, points: this.#points })}\n\n`;
  }

  #broadcast(event: string): void {
    const message = this.#message(event);
    if (message !== null) for (const res of this.#clients) res.write(message);
  }

  #serve(req: IncomingMessage, res: ServerResponse): void {
    // Only pages of this host may talk to it (a page elsewhere cannot reach it by a rebound DNS name).
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host !== LOOPBACK && host !== 'localhost') {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('the live view answers requests for 127.0.0.1 or localhost only\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET' }).end('only GET\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(this.#title));
    } else if (path in SCRIPTS) {
      let body = scriptCache.get(path);
      if (!body) {
        const [exported, file] = SCRIPTS[path]!;
        scriptCache.set(path, (body = readFileSync(join(dirname(require.resolve(exported)), file))));
      }
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
    } else if (path === '/chart.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ spec: this.chart(), points: this.#points }));
    } else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      const first = this.#message('chart');
      if (first !== null) res.write(first);
      if (this.#closed) {
        res.end(`event: end\ndata: ${JSON.stringify({ points: this.#points })}\n\n`);
        return;
      }
      this.#clients.add(res);
      // An open page does not keep the process alive either: when the run ends without close(), the page says so.
      req.socket.unref();
      req.on('close', () => this.#clients.delete(res));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no page ${path}; the live view is at /\n`);
    }
  }
}

/**
 * Starts a live view of a training run on 127.0.0.1 and returns it once it
 * listens: `const live = await viz.liveView({ title: 'CNN' });
 * console.log(live.url); ... live.add('loss', 'train', step, loss); ...
 * await live.close()`.
 */
export async function liveView(options: LiveViewOptions = {}): Promise<LiveView> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`liveView: port must be an integer in [0, 65535], got ${port}`);
  const interval = options.interval ?? 250;
  if (typeof interval !== 'number' || !(interval >= 0)) throw new RangeError(`liveView: interval must be a number of ms >= 0, got ${interval}`);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`liveView: port ${port} on ${LOOPBACK} is in use; give another, or 0 for a free one`) : e));
    server.listen(port, LOOPBACK, () => resolve());
  });
  // The server must not keep the process alive once the training is done and the view forgotten.
  server.unref();
  return new LiveView(server, options);
}
