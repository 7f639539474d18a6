// bench/per-example-grads: per-example gradients of the Fashion-MNIST MLP
// (784-128-10, cross-entropy) three ways, in the same run: torch.func's
// vmap(grad), a loop of single-example gradients, and Python functorch's
// vmap(grad) and loop on the same libtorch, weights and images.
//
//   npm run bench:per-example-grads [-- --batch 64] [--repeats 5] [--threads 1]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));
const { batch, repeats, threads } = options({ batch: 64, repeats: 5, threads: 1 });
torch.setNumThreads(threads);

type T = torch.Tensor;
const { func, nn } = torch;
torch.manualSeed(3);
const model = nn.sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
const test = torch.data.fashionMnist({ split: 'test' });
const images = test.tensors.images.narrow(0, 0, batch).to('float32').div(255) as T;
const labels = test.tensors.labels.narrow(0, 0, batch) as T;
const params = func.parametersOf(model);
const loss = (p: Record<string, T>, x: T, y: T) => nn.functional.crossEntropy(func.functionalCall(model, p, x.unsqueeze(0)) as T, y.unsqueeze(0));
const perExample = func.vmap(func.grad(loss), { inDims: [null, 0, 0] });
const names = Object.keys(params);

function loop(): Record<string, T> {
  const rows = Array.from({ length: batch }, (_, i) =>
    torch.autograd.grad(loss(params, images.select(0, i), labels.select(0, i)), names.map((n) => params[n]!)) as T[]);
  return Object.fromEntries(names.map((n, k) => [n, torch.stack(rows.map((r) => r[k]!), 0)]));
}

function bestMs(fn: () => unknown): number {
  torch.scope(fn);
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    torch.scope(fn);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const normSum = torch.scope(() => {
  const g = perExample(params, images, labels);
  return names.reduce((acc, n) => acc + (torch.linalgVectorNorm(g[n]!.flatten(1), 2, [1]).sum().item() as number), 0);
});
const vmapMs = bestMs(() => perExample(params, images, labels));
const loopMs = bestMs(loop);
const py = JSON.parse(execFileSync(PYTHON, [`${here}per_example_grads.py`, String(threads), String(batch), String(repeats)], { encoding: 'utf8' })) as { vmap_ms: number; loop_ms: number; norm_sum: number };

console.log(`per-example gradients, Fashion-MNIST MLP 784-128-10, batch ${batch}, ${threads} thread(s), best of ${repeats}`);
console.log(`  typed-torch vmap(grad)   ${vmapMs.toFixed(2)} ms`);
console.log(`  typed-torch loop         ${loopMs.toFixed(2)} ms   (vmap is ${(loopMs / vmapMs).toFixed(1)}x faster)`);
console.log(`  functorch vmap(grad)     ${py.vmap_ms.toFixed(2)} ms   (typed-torch / functorch: ${(vmapMs / py.vmap_ms).toFixed(2)}x)`);
console.log(`  Python loop              ${py.loop_ms.toFixed(2)} ms   (typed-torch loop / Python loop: ${(loopMs / py.loop_ms).toFixed(2)}x)`);
console.log(`  sum of per-example gradient norms: typed-torch ${normSum.toFixed(6)}, functorch ${py.norm_sum.toFixed(6)}`);
