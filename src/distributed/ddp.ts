// DistributedDataParallel: one replica of a module per rank, kept equal by
// averaging gradients. It drives libtorch's own c10d::Reducer, as Python's
// DDP does: the Reducer hooks every parameter's gradient accumulator, packs
// gradients into buckets as backward produces them and allreduces each full
// bucket at once, so communication overlaps the rest of backward; when
// backward ends, each parameter's .grad holds the average over the ranks.
import { Tensor } from '../core/tensor.ts';
import { isGradEnabled, noGrad } from '../core/autograd.ts';
import { isPromiseLike } from '../core/scope.ts';
import { Module } from '../nn/module.ts';
import { leaves } from '../func/tree.ts';
import type { NativeReducer } from '../core/native.ts';
import { DistributedError, explain } from './errors.ts';
import { distributedNative, groupOf, type ProcessGroup } from './process-group.ts';

export interface DistributedDataParallelOptions {
  /** The group to average over (default: the default group). */
  processGroup?: ProcessGroup;
  /** Bucket size in MiB for gradient allreduces (default 25, as Python). */
  bucketCapMb?: number;
  /**
   * Look for parameters the forward did not use, so that backward does not wait
   * for their gradients (default false: costs a graph traversal per step).
   */
  findUnusedParameters?: boolean;
  /** Copy rank 0's buffers (batch-norm statistics) to every rank before each forward (default true). */
  broadcastBuffers?: boolean;
  /** Let .grad be views into the buckets, saving a copy and its memory (default false). */
  gradientAsBucketView?: boolean;
}

/** Python's broadcast_bucket_size for the start-up sync: 250 MiB. */
const BROADCAST_BUCKET_BYTES = 250 * 1024 * 1024;

type ForwardOf<M> = M extends { forward: infer F } ? F : never;

/**
 * Wraps `module` for data-parallel training (Python's DistributedDataParallel).
 * Construction checks that every rank's module has the same parameters
 * (count, shapes, dtypes) and copies rank 0's parameters and buffers to all.
 * Call `forward` as the module's own (same types); after `backward()` the
 * gradients are averaged, and an optimizer over `module.parameters()` steps
 * every replica identically. The state dict has Python's `module.` prefix.
 */
export class DistributedDataParallel<M extends Module & { forward(...args: never[]): unknown }> extends Module {
  declare readonly __children: { module: M };
  /** The wrapped module. */
  readonly module: M;
  readonly processGroup: ProcessGroup;
  /** The wrapped module's forward, with the reducer's bookkeeping around it. */
  declare forward: ForwardOf<M>;
  readonly #reducer: NativeReducer;
  readonly #params: Tensor[];
  readonly #findUnused: boolean;
  readonly #broadcastBuffers: boolean;
  #syncGradients = true;
  #syncBuffers = true;

  constructor(module: M, options: DistributedDataParallelOptions = {}) {
    super();
    const op = 'DistributedDataParallel';
    if (!(module instanceof Module)) throw new TypeError(`${op}: expected a Module to wrap`);
    const group = groupOf(op, options.processGroup);
    const addon = distributedNative(op);
    const bucketCapMb = options.bucketCapMb ?? 25;
    if (!(bucketCapMb > 0)) throw new DistributedError(`${op}: bucketCapMb must be positive, got ${bucketCapMb}`);
    this.module = this.child('module', module);
    this.processGroup = group;
    this.#findUnused = options.findUnusedParameters ?? false;
    this.#broadcastBuffers = options.broadcastBuffers ?? true;
    // Python's _build_params_for_reducer: the parameters that train, each once.
    this.#params = [...new Set(module.parameters().filter((p) => p.requiresGrad))];
    if (this.#params.length === 0) throw new DistributedError(`${op}: the module has no parameter that requires grad; there is nothing to average`);
    for (const p of this.#params) {
      if (p.device !== 'cpu') throw new DistributedError(`${op}: a parameter is on ${p.device}; gloo trains CPU modules`);
    }
    const handle = group._handle(op);
    const ctx = { op, rank: group.rank, worldSize: group.size, timeoutMs: group.timeoutMs };
    try {
      addon.distVerifyParams(handle, this.#params.map((p) => p._h));
      // In place into parameters that require grad: outside autograd, as Python's _sync_module_states.
      noGrad(() => addon.distBroadcastCoalesced(handle, [...module.parameters(), ...module.buffers()].map((t) => t._h), BROADCAST_BUCKET_BYTES, 0));
      this.#reducer = addon.distReducer(handle, this.#params.map((p) => p._h), Math.round(bucketCapMb * 1024 * 1024), this.#findUnused, options.gradientAsBucketView ?? false);
    } catch (e) {
      throw explain(e, ctx);
    }
    const forward = (...args: unknown[]) => this.#forward(args);
    Object.defineProperty(this, 'forward', { value: forward, writable: true, configurable: true, enumerable: false });
  }

  #forward(args: unknown[]): unknown {
    const addon = distributedNative('DistributedDataParallel.forward');
    const g = this.processGroup;
    const ctx = { op: 'DistributedDataParallel.forward', rank: g.rank, worldSize: g.size, timeoutMs: g.timeoutMs };
    const syncing = isGradEnabled() && this.#syncGradients;
    try {
      // prepare_for_forward, then (once, after the first iteration) re-bucket by the order gradients arrived.
      if (syncing) addon.distReducerStep(this.#reducer, 'forward');
      const buffers = this.module.buffers();
      if (this.#broadcastBuffers && this.#syncBuffers && buffers.length > 0) {
        noGrad(() => addon.distBroadcastCoalesced(g._handle(ctx.op), buffers.map((b) => b._h), BROADCAST_BUCKET_BYTES, 0));
      }
    } catch (e) {
      throw explain(e, ctx);
    }
    const output = (this.module.forward as (...a: unknown[]) => unknown)(...args);
    if (syncing) {
      this.#syncBuffers = true;
      try {
        addon.distReducerStep(this.#reducer, 'backward', this.#findUnused ? leaves(output).map((t) => t._h) : []);
      } catch (e) {
        throw explain(e, ctx);
      }
    } else {
      this.#syncBuffers = false;
    }
    return output;
  }

  /**
   * Runs `fn` (sync or async) without averaging gradients: backward passes in
   * it accumulate into .grad locally, and the first backward after it
   * averages the accumulated sum (Python's `with ddp.no_sync():`).
   */
  noSync<R>(fn: () => R): R {
    const before = this.#syncGradients;
    this.#syncGradients = false;
    let result: R;
    try {
      result = fn();
    } catch (e) {
      this.#syncGradients = before;
      throw e;
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).finally(() => {
        this.#syncGradients = before;
      }) as R;
    }
    this.#syncGradients = before;
    return result;
  }
}
