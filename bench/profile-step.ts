// bench/profile-step: one training step of the Fashion-MNIST CNN or MLP
// (bench:train's setting: Adadelta lr 1.0, batch 64; gradients zeroed in
// place on both sides, as Python 1.13's zero_grad does) under torch.profiler
// here and under Python's torch.profiler, the same run: each op's calls and
// self time per step side by side, the ops only one side runs, and the time
// outside libtorch's ops. Where bench:train's ratios come from.
//
//   npm run bench:profile-step [-- --model cnn|mlp] [--warmup 50] [--steps 20] [--threads 1] [--rows 15]
//
// The warm-up steps run first on both sides: node's JavaScript is compiled by
// V8 as it runs, and after 3 steps the MLP's time outside ops was still twice
// its steady value.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { cnn, mlp } from '../examples/fashion-mnist.ts';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const opts = options({ model: 'mlp', warmup: 50, steps: 20, threads: 1, rows: 15 });
if (opts.model !== 'cnn' && opts.model !== 'mlp') throw new TypeError(`--model must be cnn or mlp, got '${opts.model}'`);
process.env.OPENBLAS_NUM_THREADS = String(opts.threads);
torch.setNumThreads(opts.threads);

torch.manualSeed(1);
const model = opts.model === 'cnn' ? cnn() : mlp();
const opt = new torch.optim.Adadelta(model.parameters(), { lr: 1 });
const x = torch.keep(torch.randn([64, 1, 28, 28]));
const y = torch.keep(torch.randint(0, 10, [64]));
const step = () => torch.scope(() => {
  // Python 1.13's zero_grad(): the gradients zeroed in place, not set to None, so that both sides do the same work.
  opt.zeroGrad({ setToNone: false });
  torch.nn.functional.nllLoss(model.forward(x as never) as torch.Tensor, y).backward();
  opt.step();
});
for (let i = 0; i < opts.warmup; i++) step();
const [, prof] = torch.profiler.profile(() => {
  for (let i = 0; i < opts.steps; i++) step();
});
const ours = new Map(prof.keyAverages().map((r) => [r.name, [r.count / opts.steps, r.selfUs / opts.steps] as [number, number]]));
const python = JSON.parse(execFileSync(PYTHON, [fileURLToPath(new URL('./profile_step.py', import.meta.url)), String(opts.threads), opts.model, String(opts.steps), String(opts.warmup)], { encoding: 'utf8' })) as { wall_us: number; ops: Record<string, [number, number]> };
const theirs = new Map(Object.entries(python.ops));

const ms = (us: number | undefined) => (us === undefined ? '-' : (us / 1000).toFixed(3));
const names = [...new Set([...ours.keys(), ...theirs.keys()])].sort((a, b) => Math.max(ours.get(b)?.[1] ?? 0, theirs.get(b)?.[1] ?? 0) - Math.max(ours.get(a)?.[1] ?? 0, theirs.get(a)?.[1] ?? 0));
const width = Math.max(...names.slice(0, opts.rows).map((n) => n.length), 4);
console.log(`one ${opts.model.toUpperCase()} training step (Adadelta, batch 64), ${opts.threads} thread(s), averaged over ${opts.steps} profiled steps`);
console.log(`  wall per step: node ${ms(prof.wallUs / opts.steps)} ms, Python ${ms(python.wall_us)} ms (${(prof.wallUs / opts.steps / python.wall_us).toFixed(2)}x; under the profilers)`);
console.log(`  ${'op'.padEnd(width)}  calls node  calls Python  self ms node  self ms Python`);
for (const n of names.slice(0, opts.rows)) {
  const [a, b] = [ours.get(n), theirs.get(n)];
  const calls = n === torch.profiler.OUTSIDE_OPS ? '-' : String(a?.[0] ?? '-');
  console.log(`  ${n.padEnd(width)}  ${calls.padStart(10)}  ${String(b?.[0] ?? '-').padStart(12)}  ${ms(a?.[1]).padStart(12)}  ${ms(b?.[1]).padStart(14)}`);
}
const only = (m: Map<string, [number, number]>, other: Map<string, [number, number]>) => [...m.keys()].filter((k) => !other.has(k) && k !== torch.profiler.OUTSIDE_OPS);
const differing = names.filter((n) => ours.has(n) && theirs.has(n) && ours.get(n)![0] !== theirs.get(n)![0]);
console.log(`  only in node: ${only(ours, theirs).join(', ') || 'none'}`);
console.log(`  only in Python: ${only(theirs, ours).join(', ') || 'none'}`);
console.log(`  called a different number of times: ${differing.map((n) => `${n} (${ours.get(n)![0]} vs ${theirs.get(n)![0]})`).join(', ') || 'none'}`);
