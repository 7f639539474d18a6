// What goes wrong between processes, said in terms of the ranks: c10d and
// gloo report sockets and byte counts; a user needs to know which rank and
// what to do. The original text stays on .detail.
import { TorchError } from '../core/errors.ts';

/** An error of torch.distributed: a rendezvous, a collective, or a misconfigured group. */
export class DistributedError extends TorchError {
  constructor(message: string, detail?: string) {
    super(message);
    this.name = 'DistributedError';
    if (detail !== undefined) this.detail = detail;
  }
}

/** Where a collective or rendezvous ran, for the messages. */
export interface ErrorContext {
  /** The function the user called, e.g. 'allReduce'. */
  op: string;
  rank: number;
  worldSize: number;
  timeoutMs: number;
  /** The rendezvous address, for initProcessGroup. */
  address?: string;
}

const seconds = (ms: number) => `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;

/** A c10d / gloo failure as a DistributedError that says what happened to the group. */
export function explain(e: unknown, ctx: ErrorContext): unknown {
  if (!(e instanceof Error)) return e;
  const detail = (e as { detail?: string }).detail ?? e.message;
  const text = `${e.message}\n${detail}`;
  const where = `${ctx.op} on rank ${ctx.rank} of ${ctx.worldSize}`;
  let message: string | undefined;
  if (/Address already in use|errno: 98/.test(text)) {
    message = `${where}: the rendezvous port ${ctx.address ?? ''} is already in use (another run, or a rank left over from one); choose another port (MASTER_PORT, or the port in tcp://)`;
  } else if (/client socket has timed out|Connection refused|failed to connect/i.test(text) && ctx.op === 'initProcessGroup') {
    message = `${where}: could not reach the rendezvous at ${ctx.address ?? 'the master address'} within ${seconds(ctx.timeoutMs)}: is rank 0 running, at that address and port?`;
  } else if (/waiting for clients|clients joined/i.test(text)) {
    message = `${where}: timed out after ${seconds(ctx.timeoutMs)} waiting for the other ranks to connect to the rendezvous at ${ctx.address ?? ''} (${firstLine(e.message)}); is every rank started, with the same world size?`;
  } else if (/sizeof\(impl_\) == bytes\.size\(\)/.test(text)) {
    // gloo's addresses of the other ranks arrive in one blob whose size depends on the world size.
    message = `${where}: the ranks were started with different world sizes (this one has ${ctx.worldSize}); give every rank the same WORLD_SIZE`;
  } else if (ctx.op === 'initProcessGroup' && /timeout|timed out/i.test(text)) {
    message = `${where}: timed out after ${seconds(ctx.timeoutMs)} waiting for the other ranks to join at ${ctx.address ?? 'the rendezvous'}: is every rank started, with the same world size, address and port?`;
  } else if (/Connection closed by peer|Connection reset by peer|Broken pipe|ECONNRESET|EPIPE/i.test(text)) {
    message = `${where}: another rank closed its connection (it exited or crashed), so this process group cannot go on`;
  } else if (/timeout|timed out/i.test(text)) {
    message = `${where}: timed out after ${seconds(ctx.timeoutMs)} waiting for the other ranks (one may be stuck, have exited, or not be calling ${ctx.op}); ${firstLine(e.message)}`;
  } else if (/ranks joined a group of world size|of \d+ joined/.test(text)) {
    message = `${where}: ${firstLine(e.message)}`;
  }
  if (message === undefined) return new DistributedError(`${where}: ${firstLine(e.message)}`, detail);
  return new DistributedError(message, detail);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
