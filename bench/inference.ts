// bench/inference: batch-1 latency, what serving a small model costs per
// request: the Fashion-MNIST CNN and a transformer encoder layer (d_model
// 64, 4 heads, feed-forward 256, batch first, a sequence of 32), eval mode,
// inference mode, here and in Python in the same run. Each of `rounds`
// rounds times `calls` calls (after 50 warm-up calls) here, then in a fresh
// Python process, so that a noisy spell on this shared machine falls on both
// sides; the figures are the medians of the rounds' medians, with the range
// of the rounds' ratios.
//
//   npm run bench:inference [-- --calls 500] [--rounds 5] [--threads 1] [--blas-threads 1]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { cnn } from '../examples/fashion-mnist.ts';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const opts = options({ calls: 500, rounds: 5, threads: 1, 'blas-threads': 1 });
// OpenBLAS's pool is kept at one thread unless told: see bench/train.ts.
process.env.OPENBLAS_NUM_THREADS = String(opts['blas-threads']);
torch.setNumThreads(opts.threads);
torch.manualSeed(0);

function medianUs(call: () => void): number {
  const times: number[] = [];
  torch.inferenceMode(() => {
    for (let i = 0; i < opts.calls + 50; i++) {
      const t0 = performance.now();
      torch.scope(call);
      if (i >= 50) times.push((performance.now() - t0) * 1000);
    }
  });
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const net = cnn().eval();
const image = torch.keep(torch.rand([1, 1, 28, 28]));
const encoder = new torch.nn.TransformerEncoderLayer(64, 4, { dimFeedforward: 256, batchFirst: true }).eval();
const tokens = torch.keep(torch.randn([1, 32, 64]));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rounds: { ours: { cnn: number; encoder: number }; theirs: { cnn_us: number; encoder_us: number } }[] = [];
for (let r = 0; r < opts.rounds; r++) {
  const ours = {
    cnn: medianUs(() => {
      net.forward(image as never);
    }),
    encoder: medianUs(() => {
      encoder.forward(tokens as never);
    }),
  };
  const theirs = JSON.parse(execFileSync(PYTHON, [fileURLToPath(new URL('./inference.py', import.meta.url)), String(opts.threads), String(opts.calls)], { encoding: 'utf8' })) as { cnn_us: number; encoder_us: number };
  rounds.push({ ours, theirs });
}
console.log(`batch-1 inference latency, ${opts.rounds} rounds of ${opts.calls} calls each side (medians of the rounds' medians), libtorch threads ${opts.threads}, OpenBLAS threads ${opts['blas-threads']}, eval and inference mode`);
console.log('                         node        Python     node / Python   rounds');
const rows = [
  ['CNN [1, 1, 28, 28]', rounds.map((r) => r.ours.cnn), rounds.map((r) => r.theirs.cnn_us)],
  ['encoder layer [1, 32, 64]', rounds.map((r) => r.ours.encoder), rounds.map((r) => r.theirs.encoder_us)],
] as const;
for (const [name, a, b] of rows) {
  const ratios = a.map((x, i) => x / b[i]!);
  const range = `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x`;
  console.log(`  ${name.padEnd(26)} ${median(a).toFixed(1).padStart(8)} µs  ${median(b).toFixed(1).padStart(8)} µs  ${(median(a) / median(b)).toFixed(2).padStart(8)}x   ${range}`);
}
