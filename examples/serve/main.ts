// npm run example:serve: serves the Fashion-MNIST CNN, trained here and
// traced by Python, from node (server.ts). Makes what is missing first: the
// checkpoint (a short training run, as the demo's), then the TorchScript
// file (Python's torch.jit.trace, trace_cnn.py). Then it sends 1,000 test
// images as concurrent requests to itself, prints the accuracy and how the
// requests were batched, and keeps serving until interrupted (--check:
// stop after that).
//
//   npm run example:serve [-- --port 8080] [--check]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { train } from '../fashion-mnist.ts';
import { serve, type Prediction } from './server.ts';

const PYTHON = '/usr/bin/python3';
const CHECKPOINT = 'build/fashion-mnist-cnn.pt';
const MODEL = 'build/serve/cnn.pt';

/** The TorchScript file, made (checkpoint, then trace) where missing. */
export async function ensureModel(log: (line: string) => void = console.log): Promise<string> {
  if (existsSync(MODEL)) return MODEL;
  mkdirSync('build/serve', { recursive: true });
  if (!existsSync(CHECKPOINT)) {
    log(`no ${CHECKPOINT} yet: training the CNN for 200 batches to make one (npm run demo makes a better one)`);
    await train({ model: 'cnn', batches: 200, checkpoint: CHECKPOINT, log });
  }
  log(execFileSync(PYTHON, [fileURLToPath(new URL('./trace_cnn.py', import.meta.url)), CHECKPOINT, MODEL], { encoding: 'utf8' }).trim());
  return MODEL;
}

/** Sends test images 0..n-1 as concurrent requests; returns the share predicted right. */
export async function checkServer(url: string, n: number): Promise<number> {
  const test = torch.data.fashionMnist({ split: 'test' });
  const pixels = test.tensors.images.narrow(0, 0, n).reshape([n, 784]).toArray() as number[][];
  const labels = test.tensors.labels.narrow(0, 0, n).toArray() as number[];
  const answers = await Promise.all(pixels.map(async (p) => {
    const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pixels: p }) });
    if (!res.ok) throw new Error(`request failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as Prediction;
  }));
  return answers.filter((a, i) => a.class === labels[i]).length / n;
}

async function main() {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  torch.setNumThreads(1);
  const model = arg('--model') ?? (await ensureModel());
  const server = await serve(model, { port: Number(arg('--port') ?? 0) });
  console.log(`serving ${model} at ${server.url}/predict (POST {"pixels": [784 numbers in 0..255]})`);
  const accuracy = await checkServer(server.url, 1000);
  console.log(`1,000 test images sent at once: ${(100 * accuracy).toFixed(1)}% right, answered in ${server.stats.batches} forward calls (${(server.stats.requests / server.stats.batches).toFixed(1)} requests per batch)`);
  if (process.argv.includes('--check')) await server.close();
  else console.log('serving until interrupted (Ctrl-C)');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
