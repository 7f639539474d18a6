// Serving a model trained in Python: a TorchScript file (the Fashion-MNIST
// CNN, traced by trace_cnn.py) loaded with torch.jit.load and answering
// HTTP requests on 127.0.0.1 with node's http module. Concurrent requests are
// batched: those that arrive while a batch is forming (up to `maxBatch`,
// waiting at most `waitMs` after the first) run through the model in one
// forward call.
//
//   POST /predict  {"pixels": [784 numbers in 0..255]}  ->  {"class": 9, "name": "Ankle boot", "probabilities": [...]}
//   GET  /health   -> {"ok": true, "requests": N, "batches": M}
//
//   npm run example:serve [-- --port 8080] [--model build/serve/cnn.pt]
//     (traces the demo's checkpoint first when the TorchScript file is missing; trains one when that is too)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as torch from 'typed-torch';
// The training set's pixel mean and standard deviation, as the model was trained with.
import { MEAN, STD } from '../fashion-mnist.ts';

const CLASSES = torch.data.FASHION_MNIST_CLASSES;
const PIXELS = 28 * 28;
/** The largest request body read (a request of 784 numbers is under 4 KB). */
const MAX_BODY = 64 * 1024;

export interface ServeOptions {
  port?: number;
  /** The most requests one forward call takes (default 32). */
  maxBatch?: number;
  /** How long a batch waits for more requests after its first, in ms (default 1). */
  waitMs?: number;
}

export interface Prediction {
  class: number;
  name: string;
  probabilities: number[];
}

export interface RunningServer {
  url: string;
  /** Requests answered and forward calls made so far. */
  readonly stats: { requests: number; batches: number };
  close(): Promise<void>;
}

class BadRequest extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The pixels of a request body, checked. */
function pixelsOf(body: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequest(400, 'the body is not JSON');
  }
  const pixels = (parsed as { pixels?: unknown } | null)?.pixels;
  if (!Array.isArray(pixels) || pixels.length !== PIXELS || !pixels.every((p) => typeof p === 'number' && p >= 0 && p <= 255)) {
    throw new BadRequest(400, `expected {"pixels": [...]} with ${PIXELS} numbers in [0, 255] (a 28x28 image, row by row)`);
  }
  return pixels as number[];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Over the limit: answer 413 at once (the response closes the connection), keep nothing more.
      if (size > MAX_BODY) reject(new BadRequest(413, `the body is over ${MAX_BODY} bytes`));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const send = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', ...(status === 413 ? { connection: 'close' } : {}) }).end(JSON.stringify(value));
};

/** Starts serving the TorchScript model at `modelPath` on 127.0.0.1. */
export async function serve(modelPath: string, options: ServeOptions = {}): Promise<RunningServer> {
  const maxBatch = options.maxBatch ?? 32;
  const waitMs = options.waitMs ?? 1;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`serve: maxBatch must be a positive integer, got ${maxBatch}`);
  const model = torch.jit.load(modelPath).eval();
  const stats = { requests: 0, batches: 0 };
  let queue: { pixels: number[]; answer: (p: Prediction) => void; fail: (e: Error) => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    if (queue.length > 0) timer = setTimeout(flush, 0);
    try {
      const probabilities = torch.inferenceMode(() => torch.scope(() => {
        const x = torch.tensor(Float32Array.from(batch.flatMap((r) => r.pixels)), { shape: [batch.length, 1, 28, 28] }).div(255).sub(MEAN).div(STD);
        return ((model.forward(x) as torch.Tensor).exp().toArray() as number[][]);
      }));
      stats.batches++;
      batch.forEach((r, i) => {
        const p = probabilities[i]!;
        const k = p.indexOf(Math.max(...p));
        r.answer({ class: k, name: CLASSES[k]!, probabilities: p });
      });
    } catch (e) {
      for (const r of batch) r.fail(e as Error);
    }
  };

  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health' && req.method === 'GET') return send(res, 200, { ok: true, ...stats });
      if (path !== '/predict') throw new BadRequest(404, `no ${path}; POST /predict or GET /health`);
      if (req.method !== 'POST') throw new BadRequest(405, 'POST a JSON body to /predict');
      const pixels = pixelsOf(await readBody(req));
      const prediction = await new Promise<Prediction>((answer, fail) => {
        queue.push({ pixels, answer, fail });
        if (queue.length >= maxBatch) {
          if (timer) clearTimeout(timer);
          flush();
        } else timer ??= setTimeout(flush, waitMs);
      });
      stats.requests++;
      send(res, 200, prediction);
    } catch (e) {
      if (e instanceof BadRequest) send(res, e.status, { error: e.message });
      else send(res, 500, { error: (e as Error).message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        model.dispose();
        resolve();
      });
    }),
  };
}
