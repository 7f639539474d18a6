// `typed-torch run`: a launcher like torchrun. It starts N ranks of a script
// on this machine with the environment `initProcessGroup()` reads (RANK,
// WORLD_SIZE, MASTER_ADDR, MASTER_PORT, and torchrun's LOCAL_RANK and
// LOCAL_WORLD_SIZE), forwards their output line by line with a rank prefix,
// and when one rank fails stops the others and exits with its status, naming it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { constants } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from './args.ts';

export const RUN_USAGE = `run [--nproc N] [--master-addr ADDR] [--master-port PORT] script [args...]
      starts N ranks of a script (default 1) for torch.distributed, as torchrun does: each gets
      RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR (default 127.0.0.1) and MASTER_PORT (default 29500),
      so that initProcessGroup() needs no arguments, and OMP_NUM_THREADS=1 unless set. Output is prefixed with the rank; when a rank
      fails, the others are stopped. A .ts script runs through tsx (a dependency of your project).`;

/** How long stopped ranks get to exit after SIGTERM before SIGKILL. */
const GRACE_MS = 5000;

export interface RunPlan {
  nproc: number;
  masterAddr: string;
  masterPort: number;
  script: string;
  args: string[];
}

/** Reads `run`'s options up to the script; everything after the script is the script's. */
export function parseRun(argv: readonly string[]): RunPlan {
  let nproc = 1;
  let masterAddr = '127.0.0.1';
  let masterPort = 29500;
  let i = 0;
  const value = (name: string): string => {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) break;
    const name = a.slice(0, a.includes('=') ? a.indexOf('=') : undefined);
    if (name === '--') {
      i++;
      break;
    }
    if (name === '--nproc' || name === '--nproc-per-node' || name === '--nproc_per_node') {
      const n = Number(value(name));
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer`);
      nproc = n;
    } else if (name === '--master-addr' || name === '--master_addr') {
      masterAddr = value(name);
    } else if (name === '--master-port' || name === '--master_port') {
      const p = Number(value(name));
      if (!Number.isInteger(p) || p < 1 || p > 65535) throw new UsageError(`${name} must be a port number (1 .. 65535)`);
      masterPort = p;
    } else {
      throw new UsageError(`unknown option ${name} (the script's own options go after the script)`);
    }
  }
  const script = argv[i];
  if (script === undefined) throw new UsageError('which script? usage: typed-torch ' + RUN_USAGE.split('\n')[0]);
  return { nproc, masterAddr, masterPort, script, args: argv.slice(i + 1) };
}

/** tsx's loader, resolved from the script's folder, the working folder, or this package. */
function tsxLoader(script: string): string | undefined {
  for (const from of [dirname(resolve(script)), process.cwd(), dirname(fileURLToPath(import.meta.url))]) {
    try {
      return pathToFileURL(createRequire(join(from, 'noop.js')).resolve('tsx')).href;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/** The node arguments that start the script: tsx for TypeScript, and the launcher's own --conditions. */
export function nodeArgs(script: string): string[] {
  const args = process.execArgv.filter((a) => a.startsWith('--conditions') || a === '-C');
  if (/\.[cm]?tsx?$/.test(script)) {
    const loader = tsxLoader(script);
    if (loader === undefined) throw new UsageError(`${script} is TypeScript: install tsx in your project (npm install --save-dev tsx), or run the compiled .js`);
    // tsx installs its hooks itself when run with --import.
    args.push('--import', loader);
  }
  return args;
}

function forward(stream: NodeJS.ReadableStream, out: NodeJS.WritableStream, prefix: string): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => out.write(`${prefix}${line}\n`));
  return new Promise((done) => lines.on('close', () => done()));
}

/** Starts the ranks and waits for them; returns the exit code for the launcher. */
export async function run(argv: readonly string[]): Promise<number> {
  const plan = parseRun(argv);
  if (!existsSync(plan.script)) throw new UsageError(`no such script: ${plan.script}`);
  const execArgs = nodeArgs(plan.script);
  const width = String(plan.nproc - 1).length;
  const children: { rank: number; child: ChildProcess; exited: boolean; output: Promise<void[]> }[] = [];
  let failure: { rank: number; how: string; code: number } | undefined;
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const c of children) if (!c.exited) c.child.kill(signal);
    const timer = setTimeout(() => {
      for (const c of children) if (!c.exited) c.child.kill('SIGKILL');
    }, GRACE_MS);
    timer.unref();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (failure === undefined) failure = { rank: -1, how: `the launcher got ${signal}`, code: 130 };
    stopAll(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const exits: Promise<void>[] = [];
  try {
    // As torchrun: several ranks on one machine, each with a thread per core, would
    // oversubscribe it; one intra-op thread each unless the user says otherwise.
    const oneThread = plan.nproc > 1 && process.env.OMP_NUM_THREADS === undefined;
    const threads = oneThread ? { OMP_NUM_THREADS: '1' } : {};
    if (oneThread) {
      process.stderr.write(`typed-torch run: OMP_NUM_THREADS=1 for each of the ${plan.nproc} ranks (as torchrun), so that they do not overload the machine; set OMP_NUM_THREADS to choose\n`);
    }
    for (let rank = 0; rank < plan.nproc; rank++) {
      const env = {
        ...process.env,
        ...threads,
        RANK: String(rank),
        LOCAL_RANK: String(rank),
        WORLD_SIZE: String(plan.nproc),
        LOCAL_WORLD_SIZE: String(plan.nproc),
        GROUP_RANK: '0',
        MASTER_ADDR: plan.masterAddr,
        MASTER_PORT: String(plan.masterPort),
      };
      const child = spawn(process.execPath, [...execArgs, plan.script, ...plan.args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const prefix = `[rank ${String(rank).padStart(width)}] `;
      const entry = { rank, child, exited: false, output: Promise.all([forward(child.stdout!, process.stdout, prefix), forward(child.stderr!, process.stderr, prefix)]) };
      children.push(entry);
      exits.push(
        new Promise<void>((done) => {
          child.on('error', (e) => {
            entry.exited = true;
            if (failure === undefined) failure = { rank, how: `could not start (${e.message})`, code: 1 };
            stopAll('SIGTERM');
            done();
          });
          child.on('exit', (code, signal) => {
            entry.exited = true;
            const failed = code !== 0;
            if (failed && !stopping && failure === undefined) {
              failure = signal ? { rank, how: `was killed by ${signal}`, code: 128 + (constants.signals[signal] ?? 0) } : { rank, how: `exited with code ${code}`, code: code ?? 1 };
              stopAll('SIGTERM');
            }
            entry.output.then(() => done());
          });
        }),
      );
    }
    await Promise.all(exits);
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
  if (failure !== undefined) {
    const who = failure.rank >= 0 ? `rank ${failure.rank} of ${plan.nproc} ${failure.how}` : failure.how;
    process.stderr.write(`typed-torch run: ${who}; the other ranks were stopped\n`);
    return failure.code;
  }
  return 0;
}
