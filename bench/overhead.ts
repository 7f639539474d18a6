// bench/overhead: the cost of the binding, node vs Python torch on the same
// libtorch with the same thread count, measured in the same run.
//
//   npm run bench:overhead [-- --threads N] [--quick]
//
// 1. a tiny add (1-element tensors): per-op time of the whole call path
// 2. a 1000x1000 matmul: should be all libtorch, ratio ~1
// 3. peak RSS of a loop creating 100k 1-MB tensors (scope vs refcounting)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));
// --rss-child N: run only the RSS loop, of N tensors (the parent runs itself so).
const opts = options({ threads: torch.getNumThreads(), quick: false, 'rss-child': 0 });

function python(what: string, n: number, threads: number): Record<string, number> {
  const out = execFileSync(PYTHON, [`${here}overhead.py`, String(threads), what, String(n)], { encoding: 'utf8' });
  return JSON.parse(out) as Record<string, number>;
}

/** Best-of-repeats mean time per call in microseconds. */
function perOp(loop: (n: number) => void, n: number, repeats = 5): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    loop(n);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  return best;
}

function benchAdd(n: number): number {
  const x = torch.ones([1]);
  const y = torch.ones([1]);
  const loop = (count: number) => {
    for (let i = 0; i < count; i++) {
      const z = x.add(y);
      z.dispose();
    }
  };
  loop(20000);
  return perOp(loop, n);
}

function benchMatmul(n: number): number {
  torch.manualSeed(0);
  const a = torch.randn([1000, 1000]);
  const b = torch.randn([1000, 1000]);
  const loop = (count: number) => {
    for (let i = 0; i < count; i++) a.matmul(b).dispose();
  };
  loop(3);
  return perOp(loop, n, 3);
}

/** Runs in a child process so its peak RSS is its own. */
function rssChild(n: number): void {
  for (let i = 0; i < n; i++) {
    torch.scope(() => {
      torch.ones([262144]); // 1 MB of float32, freed when the scope closes
    });
  }
  console.log(JSON.stringify({ peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));
}

function benchRss(n: number, threads: number): number {
  const out = execFileSync(
    process.execPath,
    ['--conditions=typed-torch-source', '--import', 'tsx', fileURLToPath(import.meta.url), '--rss-child', String(n), '--threads', String(threads)],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out.trim().split('\n').pop()!) as { peak_rss_mb: number }).peak_rss_mb;
}

const { threads } = opts;
torch.setNumThreads(threads);

if (opts['rss-child'] > 0) {
  rssChild(opts['rss-child']);
} else {
  const { quick } = opts;
  const addN = quick ? 20000 : 200000;
  const mmN = quick ? 5 : 30;
  const rssN = quick ? 10000 : 100000;

  const rows: [string, number, number, string, number][] = [];
  const addNode = benchAdd(addN);
  const addPy = python('add', addN, threads).us!;
  rows.push(['tiny add (1 element)', addNode, addPy, 'µs/op', 1.0]);
  const mmNode = benchMatmul(mmN);
  const mmPy = python('matmul', mmN, threads).us!;
  rows.push(['matmul 1000x1000', mmNode / 1000, mmPy / 1000, 'ms/op', 1.05]);
  const rssNode = benchRss(rssN, threads);
  const rssPy = python('rss', rssN, threads).peak_rss_mb!;
  rows.push([`peak RSS, ${rssN / 1000}k x 1 MB tensors`, rssNode, rssPy, 'MB', 1.2]);

  console.log(`bench/overhead: libtorch threads = ${threads}, node ${process.version}`);
  console.log('measurement                          node      python    ratio  target');
  let ok = true;
  for (const [name, node, py, unit, target] of rows) {
    const ratio = node / py;
    ok &&= ratio <= target;
    console.log(
      `${name.padEnd(34)} ${node.toFixed(2).padStart(8)} ${py.toFixed(2).padStart(8)} ${unit.padEnd(6)}` +
        ` ${ratio.toFixed(2)}x  <= ${target.toFixed(2)}x ${ratio <= target ? 'ok' : 'MISSED'}`,
    );
  }
  process.exitCode = ok ? 0 : 1;
}
