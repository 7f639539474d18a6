// bench/overhead: the cost of the binding, node vs Python torch on the same
// libtorch with the same thread count, measured in the same run.
//
//   npm run bench:overhead [-- --threads N] [--quick]
//
// 1. a tiny add (1-element tensors): per-op time of the whole call path
// 2. a 1000x1000 matmul: should be all libtorch, ratio ~1
// 3. peak RSS of a loop creating 100k 1-MB tensors (scope vs refcounting), on
//    the built package (bench/overhead-rss.mjs)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));
const opts = options({ threads: torch.getNumThreads(), quick: false });

function python(what: string, n: number, threads: number): Record<string, number> {
  const out = execFileSync(PYTHON, [`${here}overhead.py`, String(threads), what, String(n)], { encoding: 'utf8' });
  return JSON.parse(out) as Record<string, number>;
}

/**
 * libtorch's at::add alone, from C++ (bench/native/add-floor.cpp, built here
 * with g++ against Debian's libtorch-dev): the floor under both bindings.
 * Undefined when it cannot be built (no compiler).
 */
function addFloor(n: number, threads: number): number | undefined {
  const source = `${here}native/add-floor.cpp`;
  const binary = fileURLToPath(new URL('../build/bench/add-floor', import.meta.url));
  try {
    if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
      mkdirSync(fileURLToPath(new URL('../build/bench', import.meta.url)), { recursive: true });
      execFileSync('g++', ['-O2', '-std=gnu++17', '-D_GLIBCXX_USE_CXX11_ABI=1', '-isystem', '/usr/include/torch/csrc/api/include', source, '-o', binary, '-Wl,--no-as-needed', '-ltorch', '-ltorch_cpu', '-lc10'], { stdio: 'pipe' });
    }
    return (JSON.parse(execFileSync(binary, [String(threads), String(n)], { encoding: 'utf8' })) as { us: number }).us;
  } catch (e) {
    console.error(`bench/overhead: the C++ floor was not measured (${(e as Error).message.split('\n')[0]})`);
    return undefined;
  }
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

/** Runs in a child process (bench/overhead-rss.mjs, on dist/) so its peak RSS is its own. */
function benchRss(n: number, threads: number): number {
  const out = execFileSync(process.execPath, [`${here}overhead-rss.mjs`, String(n), String(threads)], { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').pop()!) as { peak_rss_mb: number }).peak_rss_mb;
}

const { threads } = opts;
torch.setNumThreads(threads);

const { quick } = opts;
const addN = quick ? 20000 : 200000;
const mmN = quick ? 5 : 30;
const rssN = quick ? 10000 : 100000;

const rows: [string, number, number, string, number][] = [];
const addNode = benchAdd(addN);
const addPy = python('add', addN, threads).us!;
rows.push(['tiny add (1 element)', addNode, addPy, 'µs/op', 0.7]);
const floor = addFloor(addN, threads);
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
if (floor !== undefined) {
  console.log(
    `libtorch's at::add alone, from C++ (bench/native/add-floor.cpp): ${floor.toFixed(2)} µs/op, ${(floor / addPy).toFixed(2)}x of Python's;` +
      ` the node binding adds ${(addNode - floor).toFixed(2)} µs, Python's ${(addPy - floor).toFixed(2)} µs`,
  );
}
process.exitCode = ok ? 0 : 1;
