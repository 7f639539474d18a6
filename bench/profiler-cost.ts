// bench/profiler-cost: what the profiler adds to each op, here and in Python
// (bench/profiler_cost.py), the same run: a tiny add (1-element tensors)
// N times unprofiled, then N times under the profiler, in alternating rounds
// (node, Python, node, ...), so that both sides see the same load. The
// profiled time is the loop's own (performance.now / perf_counter around it),
// not the profile's wall time, which on both sides also holds the start and stop.
//
//   npm run bench:profiler-cost [-- --n 100000] [--rounds 5] [--threads 1]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { options } from './lib/options.ts';

const opts = options({ n: 100_000, rounds: 5, threads: 1 });
process.env.OPENBLAS_NUM_THREADS = String(opts.threads);
torch.setNumThreads(opts.threads);
const script = fileURLToPath(new URL('./profiler_cost.py', import.meta.url));

const a = torch.keep(torch.ones([1]));
const b = torch.keep(torch.ones([1]));
const loop = () => {
  const t = performance.now();
  for (let i = 0; i < opts.n; i++) a.add(b).dispose();
  return ((performance.now() - t) * 1000) / opts.n;
};
loop(); // warm-up: V8 compiles the loop, libtorch's allocator warms
const node = { plain: [] as number[], profiled: [] as number[] };
const python = { plain: [] as number[], profiled: [] as number[] };
for (let round = 0; round < opts.rounds; round++) {
  node.plain.push(loop());
  let profiled = 0;
  torch.profiler.profile(() => {
    profiled = loop();
  });
  node.profiled.push(profiled);
  const line = execFileSync('/usr/bin/python3', [script, String(opts.threads), String(opts.n), '1'], { encoding: 'utf8' });
  const p = JSON.parse(line) as { plainUs: number; profiledUs: number };
  python.plain.push(p.plainUs);
  python.profiled.push(p.profiledUs);
}
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const cost = (side: typeof node) => mean(side.profiled) - mean(side.plain);
console.log(`bench/profiler-cost: tiny add x ${opts.n.toLocaleString('en')}, ${opts.rounds} alternating rounds, ${opts.threads} thread(s); µs per op, mean of the rounds`);
console.log('side        | unprofiled | profiled | the profiler adds');
for (const [name, side] of [['typed-torch', node], ['Python', python]] as const) {
  console.log(`${name.padEnd(11)} | ${mean(side.plain).toFixed(3).padStart(10)} | ${mean(side.profiled).toFixed(3).padStart(8)} | ${cost(side).toFixed(3).padStart(8)}`);
}
console.log(`ratio of what the profiler adds, typed-torch / Python: ${(cost(node) / cost(python)).toFixed(2)}x`);
