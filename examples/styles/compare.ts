// Trains the one model in each style of docs/functional.md from the same
// seed and prints what the document reports: each style's lines of code,
// its final parameters' largest difference from the imperative run's, its
// test accuracy and its time per step.
//
//   tsx examples/styles/compare.ts [--steps N] [--seed S]
import { readFileSync } from 'node:fs';
import * as torch from 'typed-torch';
import { accuracy, type Params } from './model.ts';
import { trainImperative } from './imperative.ts';
import { trainFunctional } from './functional.ts';
import { trainPipeline } from './pipeline.ts';

/** The code lines of a style: those between its `// style:` and `// end` markers, blank and comment lines left out. */
export function codeLines(file: string): number {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  const body = text.slice(text.indexOf('// style:'), text.lastIndexOf('// end'));
  let inDoc = false;
  return body.split('\n').filter((line) => {
    const t = line.trim();
    if (inDoc) {
      inDoc = !t.endsWith('*/');
      return false;
    }
    if (t.startsWith('/*')) {
      inDoc = !t.endsWith('*/');
      return false;
    }
    return t !== '' && !t.startsWith('//');
  }).length;
}

/** The largest absolute difference between two records of tensors. */
export const largestDifference = (a: Params, b: Params) =>
  Math.max(...torch.func.leaves(a).map((t, i) => torch.scope(() => t.sub(torch.func.leaves(b)[i]!).abs().max().item() as number)));

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`--${name} must be a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

async function main() {
  const steps = option('steps', 300);
  const seed = option('seed', 1);
  torch.setNumThreads(1);
  const timed = async <R>(run: () => Promise<R>): Promise<[R, number]> => {
    const start = performance.now();
    const result = await run();
    return [result, (performance.now() - start) / steps];
  };
  const train = torch.data.fashionMnist();
  // A short run of each first, so that no style's time includes the first calls' warm-up.
  for (const run of [trainImperative, trainFunctional, trainPipeline]) await run(20, seed, train);
  const [net, imperativeMs] = await timed(() => trainImperative(steps, seed, train));
  const reference = torch.func.tensorsOf(net);
  const [functional, functionalMs] = await timed(() => trainFunctional(steps, seed, train));
  const [piped, pipelineMs] = await timed(() => trainPipeline(steps, seed, train));
  const runs = [
    { style: 'imperative', file: './imperative.ts', params: reference, ms: imperativeMs },
    { style: 'functional', file: './functional.ts', params: functional.params, ms: functionalMs },
    { style: 'pipeline', file: './pipeline.ts', params: piped.params, ms: pipelineMs },
  ];
  console.log(`${steps} steps of batch 64 from seed ${seed}, 1 thread:`);
  for (const r of runs) {
    console.log(
      `  ${r.style.padEnd(10)}  ${String(codeLines(r.file)).padStart(2)} lines  ` +
      `largest difference from imperative ${largestDifference(r.params, reference).toExponential(2)}  ` +
      `test accuracy ${(100 * accuracy(net, r.params)).toFixed(2)}%  ${r.ms.toFixed(2)} ms/step`,
    );
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
