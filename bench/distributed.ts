// bench/distributed: torch.distributed against Python's on the same c10d and
// gloo. (1) allreduce of 4 MB and 40 MB float32 tensors between two node
// ranks and between two Python ranks (bench/distributed.py), medians of
// `iters` timed calls after a warm-up, and their ratio; (2) data-parallel
// training throughput of examples/distributed.ts on 1 and 2 ranks (MLP and
// CNN, the same global batch), against one process without DDP, and the
// same three runs of its Python twin (Python's DistributedDataParallel).
//
//   npm run bench:distributed [-- --sizes 4,40] [--iters 30] [--rounds 3] [--steps 200] [--cnn-steps 30] [--port 29710]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const opts = options({ sizes: '4,40', iters: 30, rounds: 3, steps: 200, 'cnn-steps': 30, port: 29710, 'rank-child': false });
const sizes = opts.sizes.split(',');
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

if (opts['rank-child']) {
  // One node rank of the allreduce timing (the twin of bench/distributed.py).
  const dist = torch.distributed;
  await dist.initProcessGroup();
  const out: Record<string, number> = {};
  for (const mb of sizes) {
    const t = torch.ones([Math.round((Number(mb) * 1024 * 1024) / 4)]);
    for (let i = 0; i < 3; i++) dist.allReduce(t);
    const times: number[] = [];
    for (let i = 0; i < opts.iters; i++) {
      dist.barrier();
      const start = performance.now();
      dist.allReduce(t);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    out[mb] = (times[(times.length - 1) >> 1]! + times[times.length >> 1]!) / 2;
  }
  if (dist.getRank() === 0) console.log(JSON.stringify(out));
  dist.destroyProcessGroup();
} else {
  /** Runs `ranks` processes of a command with the env:// variables set; resolves with their stdout. */
  const ranks = (n: number, port: number, command: string, args: string[]) =>
    Promise.all(
      Array.from({ length: n }, (_, rank) =>
        new Promise<string>((resolve, reject) => {
          const env = { ...process.env, RANK: String(rank), WORLD_SIZE: String(n), MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), OMP_NUM_THREADS: '1' };
          // stderr (progress bars, c10d's log lines) is shown only when a rank fails.
          const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (d: Buffer) => (out += d));
          child.stderr.on('data', (d: Buffer) => (err += d));
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} rank ${rank} exited with ${code}:\n${err}`))));
        }),
      ),
    );
  const nodeArgs = [...process.execArgv, here('./distributed.ts')];
  let port = opts.port;
  // The two sides take turns, `rounds` times, so that a noisy stretch of the machine hits both.
  console.log(`allreduce between 2 ranks on 127.0.0.1 (gloo): the median of ${opts.rounds} rounds' medians of ${opts.iters} calls`);
  const nodeRounds: Record<string, number>[] = [];
  const pyRounds: Record<string, number>[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    nodeRounds.push(JSON.parse((await ranks(2, port++, process.execPath, [...nodeArgs, '--rank-child', '--sizes', opts.sizes, '--iters', String(opts.iters)]))[0]!));
    pyRounds.push(JSON.parse((await ranks(2, port++, PYTHON, [here('./distributed.py'), 'allreduce', opts.sizes, String(opts.iters)]))[0]!));
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
  };
  console.log('size      node ms   Python ms   node / Python');
  for (const mb of sizes) {
    const a = median(nodeRounds.map((r) => r[mb]!));
    const b = median(pyRounds.map((r) => r[mb]!));
    console.log(`${`${mb} MB`.padEnd(9)} ${a.toFixed(2).padStart(8)}  ${b.toFixed(2).padStart(10)}  ${(a / b).toFixed(2).padStart(13)}x`);
  }

  // Training throughput: examples/distributed.ts and its Python twin, the same global batch of 64.
  const example = here('../examples/distributed.ts');
  const nodeRate = (outs: string[]) => Math.min(...outs.map((o) => Number(/\((\d+) examples\/s over all ranks\)/.exec(o)![1])));
  const pyRate = (outs: string[]) => (JSON.parse(outs[0]!) as { examplesPerSecond: number }).examplesPerSecond;
  console.log('\ndata-parallel training, global batch 64, one intra-op thread per process (examples/s over all ranks)');
  console.log('model  steps  side     1 process (no DDP)  1 rank (DDP)  2 ranks (DDP)  2 ranks / 1 process');
  for (const [model, steps] of [['mlp', opts.steps], ['cnn', opts['cnn-steps']]] as const) {
    const nodeArgsFor = [...process.execArgv, example, '--model', model, '--steps', String(steps), '--batch', '64'];
    const pyArgs = [here('./distributed.py'), 'train', model, String(steps), '64'];
    for (const [side, command, args, rate] of [['node', process.execPath, nodeArgsFor, nodeRate], ['Python', PYTHON, pyArgs, pyRate]] as const) {
      const plain = rate(await ranks(1, port++, command, [...args, side === 'node' ? '--plain' : 'plain']));
      const one = rate(await ranks(1, port++, command, args));
      const two = rate(await ranks(2, port++, command, args));
      const cell = (v: number) => `${v.toFixed(0)}`;
      console.log(`${model.padEnd(6)} ${String(steps).padStart(5)}  ${side.padEnd(7)}  ${cell(plain).padStart(18)}  ${cell(one).padStart(12)}  ${cell(two).padStart(13)}  ${(two / plain).toFixed(2).padStart(18)}x`);
    }
  }
}
