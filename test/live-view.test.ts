// torch.viz.liveView: the page, served on 127.0.0.1 only, in Debian's
// chromium (driven by puppeteer-core) while a short training runs: it draws
// the curve, and the drawn curve grows as steps arrive, without a reload.
// Then the server's own answers: the chart as JSON, refusals by status, the
// end of the stream on close, and bad arguments named.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import puppeteer from 'puppeteer-core';
import * as torch from '../src/index.ts';

const { viz, nn, data, optim } = torch;
const CHROMIUM = '/usr/bin/chromium';

/** Status and body of a GET with the given Host header (fetch cannot set one). */
function get(url: string, host?: string): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve([res.statusCode!, body]));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Trains the MLP for `steps` more batches of `batches`, adding each step's loss to the view. */
async function train(live: torch.viz.LiveView, batches: AsyncIterator<{ images: torch.Tensor; labels: torch.Tensor }>, step: { n: number }, steps: number, model: ReturnType<typeof mlp>, opt: torch.optim.SGD) {
  for (let i = 0; i < steps; i++) {
    const next = await batches.next();
    if (next.done) throw new Error('the loader ran out');
    const loss = torch.scope(() => {
      opt.zeroGrad();
      const l = nn.functional.crossEntropy(model.forward(next.value.images.to('float32').div(255) as never) as torch.Tensor, next.value.labels);
      l.backward();
      opt.step();
      return l.item() as number;
    });
    live.add('loss', 'train', ++step.n, loss);
  }
}

const mlp = () => nn.sequential(new nn.Flatten(), new nn.Linear(784, 64), new nn.ReLU(), new nn.Linear(64, 10));

describe('viz.liveView in a headless browser', () => {
  it('draws the curve of a running training and redraws it as it grows', async () => {
    torch.manualSeed(0);
    const model = mlp();
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const loader = new data.DataLoader(data.fashionMnist({ split: 'test' }), { batchSize: 64, shuffle: true });
    const batches = loader[Symbol.asyncIterator]();
    const live = await viz.liveView({ title: 'MLP on Fashion-MNIST', interval: 50 });
    expect(live.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      const step = { n: 0 };
      await train(live, batches, step, 5, model, opt);
      const tab = await browser.newPage();
      await tab.goto(live.url);
      // The page's state after each redraw: points drawn, and the line's vertices in the SVG.
      // (Browser-side code as text: the tests are compiled without the DOM's types.)
      const drawn = async (atLeast: number) => {
        await tab.waitForFunction(`Number(document.body.dataset.points ?? 0) >= ${atLeast}`, { timeout: 20000 });
        return tab.evaluate(`({
          points: Number(document.body.dataset.points),
          vertices: Math.max(0, ...[...document.querySelectorAll('#chart svg path')].map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).length - 1)),
          title: document.querySelector('h1')?.textContent === 'MLP on Fashion-MNIST' && (document.querySelector('#chart svg')?.textContent?.includes('loss') ?? false),
          status: document.getElementById('status')?.textContent,
        })`) as Promise<{ points: number; vertices: number; title: boolean; status: string }>;
      };
      const first = await drawn(5);
      expect(first.points).toBe(5);
      expect(first.vertices).toBe(5);
      expect(first.title).toBe(true);
      await train(live, batches, step, 40, model, opt);
      const later = await drawn(45);
      expect(later.points).toBe(45);
      expect(later.vertices).toBe(45);
      expect(later.status).toBe('training: 45 points');
      await live.close();
      await tab.waitForFunction("document.body.dataset.finished === 'true'", { timeout: 20000 });
      expect(await tab.evaluate("document.getElementById('status').textContent")).toBe('finished: 45 points');
    } finally {
      await browser.close();
      await live.close();
      await batches.return?.();
    }
  }, 60000);
});

describe('viz.liveView, the server', () => {
  it('serves the chart as JSON, refuses other hosts, methods and pages, and ends the stream on close', async () => {
    const live = await viz.liveView({ title: 'run', x: 'epoch', interval: 0 });
    try {
      expect(JSON.parse((await get(`${live.url}chart.json`))[1])).toEqual({ spec: null, points: 0 });
      live.add('loss', 'train', 1, 2.5).add('loss', 'train', 2, 1.5).add('loss', 'validation', 2, 1.75).add('accuracy', 'validation', 2, 0.6);
      const { spec, points } = JSON.parse((await get(`${live.url}chart.json`))[1]);
      expect(points).toBe(4);
      // One panel a metric, the points as given, the x axis titled as asked.
      expect(spec.hconcat.map((p: { encoding: { y: { title: string } } }) => p.encoding.y.title)).toEqual(['loss', 'accuracy']);
      expect(spec.hconcat[0].data.values).toEqual([{ series: 'train', x: 1, y: 2.5 }, { series: 'train', x: 2, y: 1.5 }, { series: 'validation', x: 2, y: 1.75 }]);
      expect(spec.hconcat[0].encoding.x.title).toBe('epoch');
      // The rendered chart is the one the saved charts would draw.
      expect(await viz.toSvg(spec)).toContain('validation');
      expect((await get(live.url))[1]).toContain('<script src="/vega.js"></script>');
      expect((await get(`${live.url}vega.js`))[1].length).toBeGreaterThan(100000);
      expect(await get(live.url, 'evil.example:80')).toEqual([403, 'the live view answers requests for 127.0.0.1 or localhost only\n']);
      expect((await get(`${live.url}nothing`))[0]).toBe(404);
      expect((await fetch(live.url, { method: 'POST' })).status).toBe(405);
      // A stream open at close gets the last chart, then the end.
      const stream = await fetch(`${live.url}events`);
      const reader = stream.body!.getReader();
      const chunks: string[] = [];
      const read = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          chunks.push(new TextDecoder().decode(value));
        }
      })();
      await new Promise((r) => setTimeout(r, 100));
      await live.close();
      await read;
      const text = chunks.join('');
      expect(text.startsWith('event: chart\n')).toBe(true);
      expect(text.endsWith('event: end\ndata: {"points":4}\n\n')).toBe(true);
      expect(() => live.add('loss', 'train', 3, 1)).toThrow('LiveView.add: the view is closed');
    } finally {
      await live.close();
    }
  });

  it('names bad arguments and a port in use', async () => {
    const live = await viz.liveView();
    try {
      expect(() => live.add('', 'train', 1, 1)).toThrow('LiveView.add: the metric must be a non-empty string');
      expect(() => live.add('loss', 'train', Number.NaN, 1)).toThrow('LiveView.add: x must be a finite number, got NaN');
      expect(() => live.add('loss', 'train', 1, '2' as never)).toThrow('LiveView.add: y must be a number, got string');
      const port = Number(new URL(live.url).port);
      await expect(viz.liveView({ port })).rejects.toThrow(`liveView: port ${port} on 127.0.0.1 is in use; give another, or 0 for a free one`);
      await expect(viz.liveView({ port: 70000 })).rejects.toThrow('liveView: port must be an integer in [0, 65535], got 70000');
    } finally {
      await live.close();
    }
  });
});
