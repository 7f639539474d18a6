// bench/vae: examples/vae.ts and its Python twin (bench/vae.py, pytorch/examples'
// vae/main.py on Fashion-MNIST) in the same run, one after the other, each on
// the same number of threads: per-epoch test loss and ms per training step,
// and the ratios.
//
//   npm run bench:vae -- [--epochs 10] [--threads 1] [--seed 1] [--torchvision]
//
// --torchvision: the twin reads Fashion-MNIST through torchvision's FashionMNIST
// and ToTensor (python3-torchvision), as pytorch/examples' script does.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { trainVae } from '../examples/vae.ts';
import { options } from './lib/options.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { epochs, threads, seed, torchvision } = options({ epochs: 10, threads: 1, seed: 1, torchvision: false });

// Both sides get the same thread counts, OpenBLAS's included (see bench/train.ts).
process.env.OPENBLAS_NUM_THREADS = String(threads);
torch.setNumThreads(threads);
console.log(`bench/vae: ${epochs} epochs, ${threads} thread(s), batch 128, Adam 1e-3, seed ${seed}; the twin's data through ${torchvision ? "torchvision's FashionMNIST" : 'the IDX files (ToTensor emulated)'}`);
const python = spawnSync('/usr/bin/python3', [join(here, 'vae.py'), String(threads), String(epochs), 'all', String(seed), torchvision ? 'torchvision' : 'idx'], {
  encoding: 'utf8',
  env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (python.status !== 0) throw new Error(`bench/vae.py failed (exit ${python.status})`);
const py = python.stdout.trim().split('\n').map((l) => JSON.parse(l) as { epoch: number; testLoss: number; msPerStep: number });
const { results } = await trainVae({ epochs, seed, out: null, log: () => {} });

console.log('epoch | test loss: typed-torch  python   diff | ms/step: typed-torch  python  ratio');
for (const r of results) {
  const p = py[r.epoch - 1]!;
  console.log(
    `${String(r.epoch).padStart(5)} | ${r.testLoss.toFixed(2).padStart(21)} ${p.testLoss.toFixed(2).padStart(7)} ${(r.testLoss - p.testLoss).toFixed(2).padStart(6)} | ` +
      `${r.msPerStep.toFixed(1).padStart(19)} ${p.msPerStep.toFixed(1).padStart(7)} ${(r.msPerStep / p.msPerStep).toFixed(2).padStart(6)}x`,
  );
}
