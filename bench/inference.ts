// bench/inference: batch-1 latency, what serving a small model costs per
// request: the Fashion-MNIST CNN and a transformer encoder layer (d_model
// 64, 4 heads, feed-forward 256, batch first, a sequence of 32), eval mode,
// inference mode, here and in Python in the same run. Medians of `calls`
// calls after 50 warm-up calls.
//
//   npm run bench:inference [-- --calls 500] [--threads 1]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { cnn } from '../examples/fashion-mnist.ts';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const opts = options({ calls: 500, threads: 1 });
process.env.OPENBLAS_NUM_THREADS = String(opts.threads);
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
const ours = {
  cnn: medianUs(() => {
    net.forward(image as never);
  }),
  encoder: medianUs(() => {
    encoder.forward(tokens as never);
  }),
};
const theirs = JSON.parse(execFileSync(PYTHON, [fileURLToPath(new URL('./inference.py', import.meta.url)), String(opts.threads), String(opts.calls)], { encoding: 'utf8' })) as { cnn_us: number; encoder_us: number };
console.log(`batch-1 inference latency, median of ${opts.calls} calls, ${opts.threads} thread(s), eval and inference mode`);
console.log('                         node        Python     node / Python');
for (const [name, a, b] of [['CNN [1, 1, 28, 28]', ours.cnn, theirs.cnn_us], ['encoder layer [1, 32, 64]', ours.encoder, theirs.encoder_us]] as const) {
  console.log(`  ${name.padEnd(26)} ${a.toFixed(1).padStart(8)} µs  ${b.toFixed(1).padStart(8)} µs  ${(a / b).toFixed(2).padStart(8)}x`);
}
