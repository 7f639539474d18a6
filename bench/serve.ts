// bench/serve: the Fashion-MNIST CNN served over HTTP on 127.0.0.1 by node
// (examples/serve/server.ts, torch.jit.load) and by Python (bench/serve.py,
// the same TorchScript file, the same batching), each in its own process
// with the same libtorch threads, driven by the same load generator:
// `concurrency` clients sending test images back to back for `seconds`.
// Prints requests per second and latency percentiles of both, and ratios.
//
//   npm run bench:serve [-- --concurrency 16] [--seconds 5] [--threads 1] [--max-batch 32] [--wait-ms 1]
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { ensureModel } from '../examples/serve/main.ts';
import { serve } from '../examples/serve/server.ts';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const opts = options({ concurrency: 16, seconds: 5, threads: 1, 'max-batch': 32, 'wait-ms': 1, 'serve-child': '' });

if (opts['serve-child'] !== '') {
  // The node server's own process: serve, print the port, wait to be killed.
  torch.setNumThreads(opts.threads);
  const server = await serve(opts['serve-child'], { maxBatch: opts['max-batch'], waitMs: opts['wait-ms'] });
  console.log(new URL(server.url).port);
} else {
  const model = await ensureModel((line) => console.error(line));
  const test = torch.data.fashionMnist({ split: 'test' });
  const bodies = (test.tensors.images.narrow(0, 0, 256).reshape([256, 784]).toArray() as number[][]).map((p) => JSON.stringify({ pixels: p }));

  /** Starts a server process; resolves with it and its port once it prints the port. */
  const start = (command: string, args: string[]): Promise<[ChildProcess, number]> => new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OPENBLAS_NUM_THREADS: String(opts.threads) } });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code} before serving`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve([child, Number(line)]));
  });

  /** `concurrency` clients, each sending its next request when the last is answered, for `seconds`. */
  const load = async (port: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
    const post = (body: string) => new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/predict', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
    // A warm-up second, not counted.
    const run = async (ms: number, latencies: number[] | null) => {
      const end = performance.now() + ms;
      await Promise.all(Array.from({ length: opts.concurrency }, async (_, c) => {
        for (let i = c; performance.now() < end; i += opts.concurrency) {
          const t0 = performance.now();
          await post(bodies[i % bodies.length]!);
          latencies?.push(performance.now() - t0);
        }
      }));
    };
    await run(1000, null);
    const latencies: number[] = [];
    const t0 = performance.now();
    await run(opts.seconds * 1000, latencies);
    const seconds = (performance.now() - t0) / 1000;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
  };

  const here = fileURLToPath(import.meta.url);
  const servers: [string, string, string[]][] = [
    ['node', process.execPath, ['--conditions=typed-torch-source', '--import', 'tsx', here, '--serve-child', model, '--threads', String(opts.threads), '--max-batch', String(opts['max-batch']), '--wait-ms', String(opts['wait-ms'])]],
    ['Python', PYTHON, [fileURLToPath(new URL('./serve.py', import.meta.url)), model, String(opts.threads), String(opts['max-batch']), String(opts['wait-ms'])]],
  ];
  const results: Record<string, { rps: number; p50: number; p99: number }> = {};
  for (const [name, command, args] of servers) {
    const [child, port] = await start(command, args);
    try {
      results[name] = await load(port);
    } finally {
      child.removeAllListeners('exit');
      child.kill();
    }
  }
  const n = results.node!;
  const p = results.Python!;
  console.log(`serving the Fashion-MNIST CNN (TorchScript) on 127.0.0.1: ${opts.concurrency} clients for ${opts.seconds} s, ${opts.threads} libtorch thread(s), batches of up to ${opts['max-batch']} (waiting ${opts['wait-ms']} ms)`);
  console.log('          requests/s   p50 latency   p99 latency');
  for (const [name, r] of Object.entries(results)) console.log(`  ${name.padEnd(7)} ${r.rps.toFixed(0).padStart(10)}   ${r.p50.toFixed(2).padStart(8)} ms   ${r.p99.toFixed(2).padStart(8)} ms`);
  console.log(`  node / Python: ${(n.rps / p.rps).toFixed(2)}x the requests per second, ${(n.p50 / p.p50).toFixed(2)}x the median latency`);
}
