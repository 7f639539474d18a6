// bench/char-lm: examples/char-lm.ts and its Python twin (bench/char_lm.py) in
// the same run, one after the other, with the same training-time budget and
// threads: validation nats per character at each evaluation, ms per step,
// and the ratios.
//
//   npm run bench:char-lm -- [--budget 360] [--eval-every 90] [--threads 2] [--blas-threads 1]
//
// OpenBLAS's own pool keeps one thread unless told (see bench/train.ts): at 2
// + 2 threads its workers spin against libtorch's, and Python's step took 270
// ms instead of 99 ms on this 2-core machine.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { trainCharLM } from '../examples/char-lm.ts';
import { options } from './lib/options.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { budget, 'eval-every': every, threads, 'blas-threads': blasThreads } = options({ budget: 360, 'eval-every': 90, threads: 2, 'blas-threads': 1 });

process.env.OPENBLAS_NUM_THREADS = String(blasThreads);
torch.setNumThreads(threads);
console.log(`bench/char-lm: ${budget} s of training a side, validation every ${every} s, libtorch threads ${threads}, OpenBLAS threads ${blasThreads}`);
const python = spawnSync('/usr/bin/python3', [join(here, 'char_lm.py'), String(threads), 'budget', String(budget), String(every)], {
  encoding: 'utf8',
  env: { ...process.env, OPENBLAS_NUM_THREADS: String(blasThreads) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (python.status !== 0) throw new Error(`bench/char_lm.py failed (exit ${python.status})`);
const py = python.stdout.trim().split('\n').map((l) => JSON.parse(l) as { seconds: number; steps: number; val: number; msPerStep: number });
const { points } = trainCharLM({ budget, evalEvery: every, log: () => {} });

console.log('\n   time | validation nats/char: typed-torch  python | steps: typed-torch  python | ms/step: typed-torch  python  ratio');
points.forEach((r, i) => {
  const p = py[i];
  if (!p) return;
  console.log(
    `${r.seconds.toFixed(0).padStart(5)} s | ${r.val.toFixed(3).padStart(32)} ${p.val.toFixed(3).padStart(7)} | ${String(r.steps).padStart(18)} ${String(p.steps).padStart(7)} | ` +
      `${r.msPerStep.toFixed(1).padStart(20)} ${p.msPerStep.toFixed(1).padStart(7)} ${(r.msPerStep / p.msPerStep).toFixed(2).padStart(6)}x`,
  );
});
