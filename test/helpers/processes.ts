// Child processes for the multi-process tests (torch.distributed): started
// with a deadline, their output collected, and always stopped, so that no
// test leaves a process behind whatever it asserts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * node's arguments to run a .ts file, resolving 'typed-torch' to src/ as the
 * tests do: tsx's loader inside the one process (tsx's command line would
 * start a second node that a SIGKILL of the first leaves running).
 */
export const TSX = ['--conditions=typed-torch-source', '--import', new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href];

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const started = new Set<ChildProcess>();

/** Runs a command until it exits or `deadlineMs` passes (then SIGKILL). */
export function runProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; deadlineMs: number }): Promise<Finished> {
  const t0 = Date.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.deadlineMs);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      started.delete(child);
      done({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Kills whatever runProcess started and has not yet exited (an afterEach hook). */
export function killStarted(): void {
  for (const c of started) c.kill('SIGKILL');
  started.clear();
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

/** The JSON after "RESULT " on each line that has one (a launcher's "[rank N] " prefix allowed). */
export function results<T>(output: string): T[] {
  return output
    .split('\n')
    .map((line) => /^(?:\[rank \d+\] )?RESULT (.*)$/.exec(line)?.[1])
    .filter((r): r is string => r !== undefined)
    .map((r) => JSON.parse(r) as T);
}

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
