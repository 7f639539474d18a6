// bench/gnn: examples/gnn.ts and its Python twin (bench/gnn.py, the same
// layers in plain torch) in the same run, on the same threads and seeds:
// test accuracy per seed (at the epoch of best validation accuracy), the
// mean and spread, and ms per training epoch with the ratio. The two sides
// alternate seed by seed, so that each ratio compares runs made under the same load.
//
//   npm run bench:gnn -- [--model gcn|gat|sage] [--dataset cora|citeseer|karate-club|karate-communities|les-miserables] [--seeds 10] [--threads 1] [--epochs 200]
//                        [--hidden 16] [--dropout 0.5] [--weight-decay 5e-4]   (the GCN's and GraphSAGE's recipe)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { loadDataset, meanStd, trainNodeClassifier, type Dataset, type ModelName } from '../examples/gnn.ts';
import { options } from './lib/options.ts';

const here = dirname(fileURLToPath(import.meta.url));
const parsed = options({ model: 'gcn', dataset: 'cora', seeds: 10, threads: 1, epochs: 200, hidden: 16, dropout: 0.5, 'weight-decay': 5e-4 });
const model = parsed.model as ModelName;
const dataset = parsed.dataset as Dataset;
const { seeds, threads, epochs, hidden, dropout } = parsed;
const weightDecay = parsed['weight-decay'];
// The GAT has its paper's width and dropout; only its weight decay is an option.
const recipe = model === 'gat' ? { weightDecay } : { hidden, dropout, weightDecay };

process.env.OPENBLAS_NUM_THREADS = String(threads);
torch.setNumThreads(threads);
console.log(`bench/gnn: ${model} on ${dataset}, ${seeds} seeds, ${epochs} epochs, ${threads} thread(s)${model === 'gat' ? '' : `, hidden ${hidden}, dropout ${dropout}`}, weight decay ${weightDecay}`);
/** One seed of the Python twin (its own process: the data loading is not timed, only the epochs). */
function pythonSeed(seed: number): { seed: number; test: number; epoch: number; msPerEpoch: number } {
  const python = spawnSync('/usr/bin/python3', [join(here, 'gnn.py'), String(threads), model, dataset, '1', String(epochs), String(seed), String(hidden), String(dropout), String(weightDecay)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (python.status !== 0) throw new Error(`bench/gnn.py failed (exit ${python.status})`);
  return JSON.parse(python.stdout.trim()) as { seed: number; test: number; epoch: number; msPerEpoch: number };
}
const data = loadDataset(dataset);
// The two sides alternate seed by seed, so that each pair of epoch times is measured under the
// same load on this shared machine (one side after the other drifted by 10-20% between halves).
const py: ReturnType<typeof pythonSeed>[] = [];
const ours: ReturnType<typeof trainNodeClassifier>[] = [];
for (let seed = 0; seed < seeds; seed++) {
  py.push(pythonSeed(seed));
  ours.push(trainNodeClassifier(data, { model, seed, epochs, ...recipe }));
}

console.log('seed | test accuracy: typed-torch  python | best epoch | ms/epoch: typed-torch  python  ratio');
ours.forEach((r, seed) => {
  const p = py[seed]!;
  console.log(
    `${String(seed).padStart(4)} | ${(100 * r.test).toFixed(1).padStart(26)} ${(100 * p.test).toFixed(1).padStart(7)} | ${String(r.epoch).padStart(4)} ${String(p.epoch).padStart(5)} | ` +
      `${r.msPerEpoch.toFixed(1).padStart(20)} ${p.msPerEpoch.toFixed(1).padStart(7)} ${(r.msPerEpoch / p.msPerEpoch).toFixed(2).padStart(6)}x`,
  );
});
const a = meanStd(ours.map((r) => 100 * r.test));
const b = meanStd(py.map((r) => 100 * r.test));
const ms = (xs: { msPerEpoch: number }[]) => xs.reduce((s, r) => s + r.msPerEpoch, 0) / xs.length;
console.log(`mean | typed-torch ${a.mean.toFixed(1)} ± ${a.std.toFixed(1)}%, python ${b.mean.toFixed(1)} ± ${b.std.toFixed(1)}% | ms/epoch ${ms(ours).toFixed(1)} vs ${ms(py).toFixed(1)}: ${(ms(ours) / ms(py)).toFixed(2)}x`);
