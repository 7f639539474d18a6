// bench/train: a training step of the Fashion-MNIST CNN and MLP, node vs
// Python torch (same libtorch, threads, batch size, seed and pipeline: a
// shuffled uint8 dataset, normalised per batch), in the same run.
//
//   npm run bench:train [-- --threads N] [--blas-threads N] [--steps N]   (default: 1 and 1 threads, 60 steps)
//   npm run bench:train -- --worker-loader   node's batches made on a worker thread (WorkerDataLoader)
//   npm run bench:train -- --accuracy [--epochs 3]   the example's accuracy run, both sides
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { cnn, mlp, prepare, train } from '../examples/fashion-mnist.ts';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('./train.py', import.meta.url));
const opts = options({ threads: 1, 'blas-threads': 1, accuracy: false, epochs: 3, steps: 60, 'worker-loader': false });
// The same threads on both sides: libtorch's intra-op pool (--threads), and
// OpenBLAS's own pool (--blas-threads), which torch.set_num_threads leaves
// alone in Python as here. Debian's OpenBLAS is its pthread build: with a
// thread per core, its idle workers spin (sched_yield) against libtorch's
// OpenMP pool on this 2-core machine, and at 2 + 2 threads the MLP step took
// 3x as long as at 1 + 1 on both sides; so it keeps one thread unless told.
// OpenBLAS reads this when libtorch loads: below, at the first native call;
// Python inherits it.
const { threads } = opts;
process.env.OPENBLAS_NUM_THREADS = String(opts['blas-threads']);
torch.setNumThreads(threads);

function python(...args: (string | number)[]): Record<string, number | number[]> {
  return JSON.parse(execFileSync(PYTHON, [script, String(threads), ...args.map(String)], { encoding: 'utf8' }));
}

async function nodeStep(model: 'cnn' | 'mlp', warmup: number, steps: number): Promise<number> {
  torch.manualSeed(1);
  // The same batches either way: a WorkerDataLoader plans them as a DataLoader does.
  const loader: AsyncIterable<{ x: torch.Tensor; y: torch.Tensor }> & { close?: () => Promise<void> } = opts['worker-loader']
    ? await torch.data.WorkerDataLoader.create<{ x: torch.Tensor; y: torch.Tensor }>(
        { module: new URL('./lib/fashion-mnist-source.ts', import.meta.url), export: 'trainingSet' },
        { batchSize: 64, shuffle: true, seed: 1 },
      )
    : new torch.data.DataLoader(torch.data.fashionMnist({ split: 'train' }), {
        batchSize: 64, shuffle: true, seed: 1,
        transform: ({ images, labels }) => ({ x: prepare(images), y: labels }),
      });
  const net = model === 'cnn' ? cnn() : mlp();
  const opt = new torch.optim.Adadelta(net.parameters(), { lr: 1 });
  let i = 0;
  let t0 = 0;
  for await (const { x, y } of loader) {
    if (i === warmup) t0 = performance.now();
    torch.scope(() => {
      const loss = torch.nn.functional.nllLoss(net.forward(x as never), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    });
    if (++i === warmup + steps) break;
  }
  const ms = (performance.now() - t0) / steps;
  await loader.close?.();
  return ms;
}

if (opts.accuracy) {
  const { epochs } = opts;
  const ours = await train({ model: 'cnn', epochs, log: (l) => console.error(l) });
  const theirs = python('accuracy', epochs).accuracy as number[];
  console.log(`accuracy run: ${epochs} epoch(s), libtorch threads = ${threads}, OpenBLAS threads = ${opts['blas-threads']}`);
  ours.results.forEach((r, i) => {
    console.log(`  epoch ${r.epoch}: node ${(100 * r.accuracy).toFixed(2)}%  python ${(100 * theirs[i]!).toFixed(2)}%`);
  });
} else {
  const { steps } = opts;
  console.log(`bench/train: libtorch threads = ${threads}, OpenBLAS threads = ${opts['blas-threads']}${opts['worker-loader'] ? ', node loading on a worker thread' : ''}, batch 64, ${steps} timed steps after 5 warm-up`);
  console.log('model  node ms/step  python ms/step  ratio  target');
  let ok = true;
  for (const model of ['cnn', 'mlp'] as const) {
    const node = await nodeStep(model, 5, steps);
    const py = python(model, 5, steps).ms as number;
    const ratio = node / py;
    ok &&= ratio <= 1.0;
    console.log(`${model.padEnd(6)} ${node.toFixed(2).padStart(12)} ${py.toFixed(2).padStart(15)}  ${ratio.toFixed(2)}x  <= 1.00x ${ratio <= 1.0 ? 'ok' : 'MISSED'}`);
  }
  process.exitCode = ok ? 0 : 1;
}
