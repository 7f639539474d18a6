// bench/tabular: examples/tabular.ts and its Python twin (bench/tabular.py)
// in the same run, on the same threads, folds and seeds: cross-validated
// accuracy per dataset and model side by side (and sklearn's own where
// python3-sklearn is installed), ms per fit with the ratio; R^2 on diabetes;
// the entity-embedding network against one-hot logistic regression.
//
//   npm run bench:tabular -- [--dataset iris|wine|breast_cancer|digits|diabetes|affairs|all] [--repeats 5] [--threads 1]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { CLASSIFICATION, affairs, crossValidate, diabetesLeastSquares, meanStd } from '../examples/tabular.ts';
import { options } from './lib/options.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { dataset: which, repeats, threads } = options({ dataset: 'all', repeats: 5, threads: 1 });
process.env.OPENBLAS_NUM_THREADS = String(threads);
torch.setNumThreads(threads);

function twin(dataset: string): any {
  const python = spawnSync('/usr/bin/python3', [join(here, 'tabular.py'), String(threads), dataset, String(repeats)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (python.status !== 0) throw new Error(`bench/tabular.py ${dataset} failed (exit ${python.status})`);
  return JSON.parse(python.stdout);
}

const pct = (xs: number[] | null | undefined) => {
  if (!xs || xs.length === 0) return '-'.padStart(14);
  const { mean, std } = meanStd(xs.map((v) => 100 * v));
  return `${mean.toFixed(2)} ± ${std.toFixed(2)}`.padStart(14);
};
const same = (a: number[], b: number[]) => (a.every((v, i) => Math.abs(v - b[i]!) < 1e-9) ? 'equal' : 'differ');

console.log(`bench/tabular: ${repeats} x shuffled stratified 5-fold CV, ${threads} thread(s); accuracy %, mean ± spread over repeats`);
console.log('dataset       | model    |    typed-torch |   python twin |       sklearn | per repeat | ms/fit: typed-torch  python  ratio');
for (const name of CLASSIFICATION) {
  if (which !== 'all' && which !== name) continue;
  const py = twin(name);
  const ours = crossValidate(name, { repeats });
  for (const model of ['logistic', 'mlp'] as const) {
    const a = ours.msPerFit[model];
    const b = py.msPerFit[model] as number;
    console.log(
      `${name.padEnd(13)} | ${model.padEnd(8)} | ${pct(ours.accuracy[model])} | ${pct(py[model])} | ${pct(py.sklearn?.[model])} | ${same(ours.accuracy[model], py[model]).padStart(10)} | ` +
        `${a.toFixed(1).padStart(18)} ${b.toFixed(1).padStart(7)} ${(a / b).toFixed(2).padStart(6)}x`,
    );
  }
}
if (which === 'all' || which === 'diabetes') {
  const py = twin('diabetes');
  const ours = diabetesLeastSquares({ repeats });
  const r2 = (xs: number[] | undefined) => (xs ? `${meanStd(xs).mean.toFixed(4)} ± ${meanStd(xs).std.toFixed(4)}` : '-');
  console.log(`diabetes      | R^2 of least squares: typed-torch ${r2(ours)}, python twin ${r2(py.leastSquares)}, sklearn LinearRegression ${r2(py.sklearn?.linear)} (${same(ours, py.leastSquares.map(Number)) === 'equal' ? 'equal' : 'differ'} per repeat to 1e-9)`);
}
if (which === 'all' || which === 'affairs') {
  const py = twin('affairs');
  const ours = affairs();
  for (const model of ['one-hot logistic', 'entity embeddings'] as const) {
    const acc = ours.scores[model].map((f) => f.accuracy);
    const pyAcc = (py[model] as { accuracy: number }[]).map((f) => f.accuracy);
    const loss = (xs: { logLoss: number }[]) => meanStd(xs.map((f) => f.logLoss)).mean.toFixed(4);
    const sk = model === 'one-hot logistic' ? py.sklearn?.[model]?.map((f: { accuracy: number }) => f.accuracy) : null;
    console.log(`affairs       | ${model}: accuracy over 5 folds typed-torch ${pct(acc).trim()}, twin ${pct(pyAcc).trim()}, sklearn ${pct(sk).trim()}; log-loss ${loss(ours.scores[model])} vs ${loss(py[model])} (${same(acc, pyAcc)}); always "none" ${(100 * ours.majority).toFixed(2)}`);
  }
}
