// Collectives and point-to-point transfers over a process group, with
// Python's names and argument order (all_reduce(tensor, op), broadcast(tensor,
// src), all_gather(tensor_list, tensor), ...). Each works in place on the
// tensors it is given, as in Python, and comes in two forms: the plain one
// waits for the result; the ...Async one returns a promise and leaves the
// event loop free while gloo's own threads move the data (Python's
// async_op=True). Don't read or write the tensors before the promise settles.
import { Tensor } from '../core/tensor.ts';
import { native } from '../core/native.ts';
import { noGrad } from '../core/autograd.ts';
import * as aten from '../ops/generated/aten.ts';
import { DistributedError, explain } from './errors.ts';
import { distributedNative, groupOf, type ProcessGroup } from './process-group.ts';

/** How allReduce, reduce and reduceScatter combine the ranks' tensors (Python's ReduceOp). */
export type ReduceOp = 'sum' | 'avg' | 'product' | 'min' | 'max' | 'band' | 'bor' | 'bxor';
/** Python's spellings: ReduceOp.SUM, ReduceOp.AVG, ... */
export const ReduceOp = { SUM: 'sum', AVG: 'avg', PRODUCT: 'product', MIN: 'min', MAX: 'max', BAND: 'band', BOR: 'bor', BXOR: 'bxor' } as const;

const REDUCE_OPS = new Set<string>(Object.values(ReduceOp));

export interface GroupOptions {
  /** The group to run in (default: the default group). */
  group?: ProcessGroup;
}

export interface ReduceOptions extends GroupOptions {
  /** Default 'sum'. 'avg' sums and divides by the world size (gloo has no average of its own). */
  op?: ReduceOp;
}

export interface P2POptions extends GroupOptions {
  /** Matches a send to its recv when several are in flight (default 0). */
  tag?: number;
}

function isContiguous(t: Tensor): boolean {
  const shape = t.shape;
  const strides = native().strides(t._h);
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/** The handle of a tensor gloo can work on, or a clear error. */
function checked(op: string, t: unknown, what = 'tensor'): number {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: ${what} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (t.isDisposed) throw new DistributedError(`${op}: ${what} was disposed`);
  if (t.device !== 'cpu') throw new DistributedError(`${op}: ${what} is on ${t.device}; gloo works on CPU tensors (move it with .to('cpu'))`);
  if (!isContiguous(t)) throw new DistributedError(`${op}: ${what} is not contiguous; gloo reads and writes its memory directly (pass .contiguous(), and copy the result back)`);
  return t._h;
}

function rankArg(op: string, name: string, value: number, g: ProcessGroup): number {
  if (!Number.isInteger(value) || value < 0 || value >= g.size) {
    throw new DistributedError(`${op}: ${name} ${value} is not a rank of this group (0 .. ${g.size - 1})`);
  }
  return value;
}

function opArg(op: string, reduce: ReduceOp | undefined, tensors: Tensor[]): ReduceOp {
  const r = reduce ?? 'sum';
  if (!REDUCE_OPS.has(r)) throw new DistributedError(`${op}: unknown op '${String(r)}' (${[...REDUCE_OPS].join(', ')})`);
  if (r === 'avg' && tensors.some((t) => !aten.is_floating_point(t))) {
    throw new DistributedError(`${op}: op 'avg' needs floating-point tensors (an integer average would be truncated); use 'sum' and divide`);
  }
  return r;
}

function listArg(op: string, name: string, list: unknown, length: number, like: Tensor): number[] {
  if (!Array.isArray(list)) throw new TypeError(`${op}: ${name} must be an array of tensors`);
  if (list.length !== length) throw new DistributedError(`${op}: ${name} must hold one tensor per rank (${length}), got ${list.length}`);
  return list.map((t: unknown, i) => {
    const h = checked(op, t, `${name}[${i}]`);
    const x = t as Tensor;
    if (x.dtype !== like.dtype || x.shape.join() !== like.shape.join()) {
      throw new DistributedError(`${op}: ${name}[${i}] is ${x.dtype} [${x.shape.join(', ')}], but the tensor is ${like.dtype} [${like.shape.join(', ')}]; they must match`);
    }
    return h;
  });
}

/**
 * Runs one native collective, sync or async, and turns c10d's failures into
 * DistributedErrors that name the op and the rank. `after` runs once the data is there.
 */
function run<R>(op: string, g: ProcessGroup, async: boolean, call: (async: boolean) => Promise<void> | undefined, after: () => R): R | Promise<R> {
  const ctx = { op, rank: g.rank, worldSize: g.size, timeoutMs: g.timeoutMs };
  if (!async) {
    try {
      call(false);
    } catch (e) {
      throw explain(e, ctx);
    }
    return after();
  }
  let pending: Promise<void>;
  try {
    pending = call(true)!;
  } catch (e) {
    return Promise.reject(explain(e, ctx));
  }
  return pending.then(after, (e: unknown) => {
    throw explain(e, ctx);
  });
}

function allReduceImpl<T extends Tensor>(tensor: T, options: ReduceOptions, async: boolean): T | Promise<T> {
  const op = async ? 'allReduceAsync' : 'allReduce';
  const g = groupOf(op, options.group);
  const h = checked(op, tensor);
  const reduce = opArg(op, options.op, [tensor]);
  const addon = distributedNative(op);
  const handle = g._handle(op);
  return run(op, g, async, (a) => addon.distAllReduce(handle, [h], reduce === 'avg' ? 'sum' : reduce, a), () => {
    if (reduce === 'avg') noGrad(() => aten.div__Scalar(tensor, g.size));
    return tensor;
  });
}

/** Combines `tensor` across the ranks, in place (Python's all_reduce); every rank ends with the result. */
export function allReduce<T extends Tensor>(tensor: T, options: ReduceOptions = {}): T {
  return allReduceImpl(tensor, options, false) as T;
}

/** allReduce without blocking the event loop. */
export function allReduceAsync<T extends Tensor>(tensor: T, options: ReduceOptions = {}): Promise<T> {
  return allReduceImpl(tensor, options, true) as Promise<T>;
}

function reduceImpl<T extends Tensor>(tensor: T, dst: number, options: ReduceOptions, async: boolean): T | Promise<T> {
  const op = async ? 'reduceAsync' : 'reduce';
  const g = groupOf(op, options.group);
  const h = checked(op, tensor);
  const root = rankArg(op, 'dst', dst, g);
  const reduce = opArg(op, options.op, [tensor]);
  const addon = distributedNative(op);
  const handle = g._handle(op);
  return run(op, g, async, (a) => addon.distReduce(handle, [h], root, reduce === 'avg' ? 'sum' : reduce, a), () => {
    if (reduce === 'avg' && g.rank === root) noGrad(() => aten.div__Scalar(tensor, g.size));
    return tensor;
  });
}

/** Combines `tensor` across the ranks into rank `dst`'s tensor (Python's reduce); the others' are left unspecified. */
export function reduce<T extends Tensor>(tensor: T, dst: number, options: ReduceOptions = {}): T {
  return reduceImpl(tensor, dst, options, false) as T;
}

export function reduceAsync<T extends Tensor>(tensor: T, dst: number, options: ReduceOptions = {}): Promise<T> {
  return reduceImpl(tensor, dst, options, true) as Promise<T>;
}

function broadcastImpl<T extends Tensor>(tensor: T, src: number, options: GroupOptions, async: boolean): T | Promise<T> {
  const op = async ? 'broadcastAsync' : 'broadcast';
  const g = groupOf(op, options.group);
  const h = checked(op, tensor);
  const root = rankArg(op, 'src', src, g);
  const addon = distributedNative(op);
  const handle = g._handle(op);
  return run(op, g, async, (a) => addon.distBroadcast(handle, [h], root, a), () => tensor);
}

/** Copies rank `src`'s tensor into every rank's `tensor` (Python's broadcast). */
export function broadcast<T extends Tensor>(tensor: T, src: number, options: GroupOptions = {}): T {
  return broadcastImpl(tensor, src, options, false) as T;
}

export function broadcastAsync<T extends Tensor>(tensor: T, src: number, options: GroupOptions = {}): Promise<T> {
  return broadcastImpl(tensor, src, options, true) as Promise<T>;
}

function allGatherImpl<L extends Tensor[]>(tensorList: L, tensor: Tensor, options: GroupOptions, async: boolean): L | Promise<L> {
  const op = async ? 'allGatherAsync' : 'allGather';
  const g = groupOf(op, options.group);
  const h = checked(op, tensor);
  const outs = listArg(op, 'tensorList', tensorList, g.size, tensor);
  const addon = distributedNative(op);
  const handle = g._handle(op);
  return run(op, g, async, (a) => addon.distAllGather(handle, outs, h, a), () => tensorList);
}

/** Every rank's `tensor`, into `tensorList[rank]` on every rank (Python's all_gather). */
export function allGather<L extends Tensor[]>(tensorList: L, tensor: Tensor, options: GroupOptions = {}): L {
  return allGatherImpl(tensorList, tensor, options, false) as L;
}

export function allGatherAsync<L extends Tensor[]>(tensorList: L, tensor: Tensor, options: GroupOptions = {}): Promise<L> {
  return allGatherImpl(tensorList, tensor, options, true) as Promise<L>;
}

/**
 * Every rank's `tensor` into rank `dst`'s `gatherList` (Python's gather);
 * the other ranks pass no list.
 */
export function gather(tensor: Tensor, gatherList: Tensor[] | undefined, dst: number, options: GroupOptions = {}): Tensor[] | undefined {
  return gatherImpl(tensor, gatherList, dst, options, false) as Tensor[] | undefined;
}

export function gatherAsync(tensor: Tensor, gatherList: Tensor[] | undefined, dst: number, options: GroupOptions = {}): Promise<Tensor[] | undefined> {
  return gatherImpl(tensor, gatherList, dst, options, true) as Promise<Tensor[] | undefined>;
}

/** gather's and scatter's list: one tensor per rank on the root rank (`role`), none on the others. */
function rootList(op: string, name: string, list: Tensor[] | undefined, role: 'dst' | 'src', root: number, g: ProcessGroup, like: Tensor): number[] {
  if (g.rank === root && list === undefined) throw new DistributedError(`${op}: rank ${root} (${role}) must pass a ${name} with one tensor per rank`);
  if (g.rank !== root && list !== undefined) throw new DistributedError(`${op}: only rank ${root} (${role}) passes a ${name}; rank ${g.rank} passes undefined`);
  return list === undefined ? [] : listArg(op, name, list, g.size, like);
}

function gatherImpl(tensor: Tensor, gatherList: Tensor[] | undefined, dst: number, options: GroupOptions, async: boolean) {
  const op = async ? 'gatherAsync' : 'gather';
  const g = groupOf(op, options.group);
  const h = checked(op, tensor);
  const root = rankArg(op, 'dst', dst, g);
  const outs = rootList(op, 'gatherList', gatherList, 'dst', root, g, tensor);
  const addon = distributedNative(op);
  const handle = g._handle(op);
  return run(op, g, async, (a) => addon.distGather(handle, outs, h, root, a), () => gatherList);
}

/**
 * Rank `src`'s `scatterList[r]` into rank r's `tensor` (Python's scatter);
 * the other ranks pass no list.
 */
export function scatter<T extends Tensor>(tensor: T, scatterList: Tensor[] | undefined, src: number, options: GroupOptions = {}): T {
  return scatterImpl(tensor, scatterList, src, options, false) as T;
}

export function scatterAsync<T extends Tensor>(tensor: T, scatterList: Tensor[] | undefined, src: number, options: GroupOptions = {}): Promise<T> {
  return scatterImpl(tensor, scatterList, src, options, true) as Promise<T>;
}

function scatterImpl<T extends Tensor>(tensor: T, scatterList: Tensor[] | undefined, src: number, options: GroupOptions, async: boolean): T | Promise<T> {
  const op = async ? 'scatterAsync' : 'scatter';
  const g = groupOf(op, options.group);
  const h = checked(op, tensor);
  const root = rankArg(op, 'src', src, g);
  const ins = rootList(op, 'scatterList', scatterList, 'src', root, g, tensor);
  const addon = distributedNative(op);
  const handle = g._handle(op);
  return run(op, g, async, (a) => addon.distScatter(handle, h, ins, root, a), () => tensor);
}

/**
 * Combines the ranks' `inputList`s element by element and gives rank r the
 * r-th result in `output` (Python's reduce_scatter). Gloo has no
 * reduce-scatter of its own: this allreduces the stacked inputs and keeps
 * this rank's part, which moves world-size times more data than a native one.
 */
export function reduceScatter<T extends Tensor>(output: T, inputList: Tensor[], options: ReduceOptions = {}): T {
  const op = 'reduceScatter';
  const g = groupOf(op, options.group);
  checked(op, output, 'output');
  listArg(op, 'inputList', inputList, g.size, output);
  const stacked = aten.stack(inputList, 0);
  try {
    allReduce(stacked, { op: options.op, group: g });
    noGrad(() => aten.copy_(output, aten.select_int(stacked, 0, g.rank)));
  } finally {
    stacked.dispose();
  }
  return output;
}

function barrierImpl(options: GroupOptions, async: boolean): void | Promise<void> {
  const op = async ? 'barrierAsync' : 'barrier';
  const g = groupOf(op, options.group);
  const addon = distributedNative(op);
  const handle = g._handle(op);
  return run(op, g, async, (a) => addon.distBarrier(handle, a), () => undefined);
}

/** Waits until every rank of the group has called barrier (Python's barrier). */
export function barrier(options: GroupOptions = {}): void {
  barrierImpl(options, false);
}

export function barrierAsync(options: GroupOptions = {}): Promise<void> {
  return barrierImpl(options, true) as Promise<void>;
}

function p2p<T extends Tensor>(kind: 'send' | 'recv', tensor: T, peer: number, options: P2POptions, async: boolean): T | Promise<T> {
  const op = async ? (kind === 'send' ? 'isend' : 'irecv') : kind;
  const g = groupOf(op, options.group);
  const h = checked(op, tensor);
  const other = rankArg(op, kind === 'send' ? 'dst' : 'src', peer, g);
  if (other === g.rank) throw new DistributedError(`${op}: rank ${g.rank} cannot ${kind === 'send' ? 'send to' : 'receive from'} itself`);
  const tag = options.tag ?? 0;
  if (!Number.isInteger(tag) || tag < 0) throw new DistributedError(`${op}: tag must be a non-negative integer, got ${tag}`);
  const addon = distributedNative(op);
  const handle = g._handle(op);
  return run(op, g, async, (a) => (kind === 'send' ? addon.distSend(handle, h, other, tag, a) : addon.distRecv(handle, h, other, tag, a)), () => tensor);
}

/** Sends `tensor` to rank `dst` and waits until it is sent (Python's send). */
export function send<T extends Tensor>(tensor: T, dst: number, options: P2POptions = {}): T {
  return p2p('send', tensor, dst, options, false) as T;
}

/** Receives into `tensor` from rank `src` (Python's recv); its shape and dtype must be the sender's. */
export function recv<T extends Tensor>(tensor: T, src: number, options: P2POptions = {}): T {
  return p2p('recv', tensor, src, options, false) as T;
}

/** send without blocking the event loop (Python's isend). */
export function isend<T extends Tensor>(tensor: T, dst: number, options: P2POptions = {}): Promise<T> {
  return p2p('send', tensor, dst, options, true) as Promise<T>;
}

/** recv without blocking the event loop (Python's irecv). */
export function irecv<T extends Tensor>(tensor: T, src: number, options: P2POptions = {}): Promise<T> {
  return p2p('recv', tensor, src, options, true) as Promise<T>;
}
