// The fuzz driver: runs the calls of one seed in worker processes, and for
// each crash (the worker dies) or hang (no call finishes for a while)
// records the call with its reproducer, then goes on from the next call.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeCall } from './calls.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** tsx's loader, by URL: the workers run in a scratch directory, where 'tsx' would not resolve. */
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** The memory a worker may allocate (3 GiB). */
export const WORKER_DATA_BYTES = 3 * 2 ** 30;

export interface Finding {
  kind: 'crash' | 'hang';
  seed: number;
  index: number;
  /** The call, as JS. */
  call: string;
  /** How the worker ended (signal or exit code) and its last stderr lines. */
  how: string;
}

export interface FuzzReport {
  seed: number;
  calls: number;
  findings: Finding[];
  /** How many calls ended how: ok, TorchError, TypeError, ... */
  outcomes: Record<string, number>;
  /** Tensors left alive at the end of a worker's run (should be 0). */
  leaked: number;
  seconds: number;
}

interface Segment {
  lastStarted: number;
  finished: boolean;
  how: string;
  outcomes: Record<string, number>;
  live: number;
}

function runSegment(seed: number, start: number, end: number, hangSeconds: number, cwd: string): Promise<Segment> {
  return new Promise((resolvePromise) => {
    // Each worker's heap is capped (RLIMIT_DATA), so that a call asking for
    // gigabytes (arange(2^31)) fails at once, as it would on a smaller
    // machine, instead of filling this one's memory slowly.
    const child = spawn(
      'prlimit',
      [`--data=${WORKER_DATA_BYTES}`, '--', process.execPath, '--conditions=typed-torch-source', '--import', TSX, join(here, 'worker.ts'), String(seed), String(start), String(end)],
      // In a scratch directory: some ops take file names (from_file creates its file).
      { cwd, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
    );
    const seg: Segment = { lastStarted: start - 1, finished: false, how: '', outcomes: {}, live: 0 };
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        seg.how = `no call finished within ${hangSeconds} s`;
        child.kill('SIGKILL');
      }, hangSeconds * 1000);
    };
    arm();
    // The worker writes "i" before call i and "i outcome" after it.
    let pending = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const [index, outcome] = line.split(' ');
        seg.lastStarted = Number(index);
        if (outcome !== undefined) seg.outcomes[outcome] = (seg.outcomes[outcome] ?? 0) + 1;
      }
      arm();
    });
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-2000);
    });
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        seg.finished = true;
        seg.live = (JSON.parse(last) as { live: number }).live;
      } else if (!seg.how) {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        seg.how = `${signal ? `killed by ${signal}` : `exit code ${code}`}${tail ? `: ${tail}` : ''}`;
      }
      resolvePromise(seg);
    });
  });
}

/**
 * Runs calls 0..calls-1 of `seed` in `workers` parallel lanes; a lane that
 * crashes or hangs is restarted after the call that did it.
 */
export async function fuzz(seed: number, calls: number, options: { workers?: number; hangSeconds?: number } = {}): Promise<FuzzReport> {
  const started = performance.now();
  const workers = options.workers ?? 2;
  const hangSeconds = options.hangSeconds ?? 20;
  const findings: Finding[] = [];
  const outcomes: Record<string, number> = {};
  let leaked = 0;
  const per = Math.ceil(calls / workers);
  const scratch = mkdtempSync(join(tmpdir(), 'typed-torch-fuzz-'));
  try {
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      let start = w * per;
      const end = Math.min(calls, start + per);
      while (start < end) {
        const seg = await runSegment(seed, start, end, hangSeconds, scratch);
        for (const [k, n] of Object.entries(seg.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + n;
        if (seg.finished) {
          leaked += seg.live;
          break;
        }
        const index = Math.max(seg.lastStarted, start);
        let call: string;
        try {
          call = makeCall(seed, index).text;
        } catch (e) {
          call = `(could not describe: ${(e as Error).message})`;
        }
        findings.push({ kind: seg.how.startsWith('no call finished') ? 'hang' : 'crash', seed, index, call, how: seg.how });
        start = index + 1;
      }
    }),
  );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { seed, calls, findings, outcomes, leaked, seconds: (performance.now() - started) / 1000 };
}
