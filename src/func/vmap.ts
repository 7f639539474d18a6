// vmap: f written for one example runs on a batch, through libtorch's
// batching rules (functorch's; ops without one fall back to a loop, and
// libtorch warns naming the op). Inside f each mapped tensor has its batch
// dim hidden; outside, outputs get it back at outDims.
import { Tensor, wrap } from '../core/tensor.ts';
import { native } from '../core/native.ts';
import { scope } from '../core/scope.ts';
import * as aten from '../ops/generated/aten.ts';
import type { Shape } from '../types/shape.ts';
import type { InsertAt, IsUnknownRank } from '../types/dims.ts';
import { inLayer } from './layers.ts';
import { broadcastPrefix, describe, leaves, mapTree, withLeaves } from './tree.ts';

/** A dim to map over, or null: the argument is shared by every example. */
export type InDim = number | null;

export interface VmapOptions<I = 0, O = 0> {
  /** Per argument (or one for all): the dim to map over, null for none; a nested array or object matches the argument's structure. */
  inDims?: I;
  /** Where the batch dim goes in each output (default 0). */
  outDims?: O;
  /** What random ops inside do: 'error' (refuse), 'same' (one draw for the batch) or 'different' (one per example). */
  randomness?: 'error' | 'same' | 'different';
  /** Run the batch in chunks of this many examples (less memory), concatenated. */
  chunkSize?: number;
}

/** A shape with the batch dim inserted at D (non-negative; otherwise not known). */
type Batched<S extends Shape, D> = IsUnknownRank<S> extends true
  ? S
  : D extends number
    ? (`${D}` extends `-${string}` ? number[] : number extends D ? number[] : InsertAt<S, D, number>)
    : S;

/** A tree type with each tensor's shape given a batch dim at D (null: unchanged). */
export type BatchedTree<T, D> = D extends null
  ? T
  : T extends Tensor<infer S, infer Dt, infer V>
    ? Tensor<Batched<S, D>, Dt, V>
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: BatchedTree<T[K], D> }
      : T extends object
        ? { [K in keyof T]: BatchedTree<T[K], D> }
        : T;

/** The arguments outside vmap: per argument, its inDim (one for all, or an array of them). */
export type BatchedArgs<A extends readonly unknown[], I> = I extends readonly unknown[]
  ? { -readonly [K in keyof A]: BatchedTree<A[K], K extends keyof I ? I[K] : 0> }
  : { -readonly [K in keyof A]: BatchedTree<A[K], I> };

/** The batch size: every mapped dim must have it. */
function batchSize(tensors: readonly Tensor[], dims: readonly InDim[]): number {
  const sizes: string[] = [];
  let size: number | null = null;
  let agree = true;
  tensors.forEach((t, i) => {
    const d = dims[i];
    if (d === null || d === undefined) return;
    if (!Number.isInteger(d)) throw new TypeError(`vmap: inDims must be integers or null, got ${String(d)}`);
    if (d < -t.ndim || d >= t.ndim) throw new RangeError(`vmap: inDim ${d} is out of range for an input of shape [${t.shape.join(', ')}] (${t.ndim} dims)`);
    const n = t.shape[d < 0 ? d + t.ndim : d]!;
    sizes.push(`${n} (dim ${d} of [${t.shape.join(', ')}])`);
    if (size === null) size = n;
    else if (size !== n) agree = false;
  });
  if (size === null) throw new TypeError('vmap: no input has a mapped dim (every inDim is null, or no argument holds a tensor)');
  if (!agree) throw new RangeError(`vmap: the mapped dims must all have the same size, got ${sizes.join(', ')}`);
  return size;
}

/**
 * f mapped over a batch dim of its inputs (torch.func.vmap). The result's
 * shapes are known at the type level where the arguments' are: f's
 * parameter shapes with the batch dim (size `number`) inserted at inDims.
 */
export function vmap<A extends unknown[], R, const I extends InDim | readonly unknown[] = 0, const O extends number | readonly unknown[] = 0>(
  f: (...args: A) => R,
  options: VmapOptions<I, O> = {},
): (...args: BatchedArgs<A, I>) => BatchedTree<R, O extends number ? O : number> {
  // null is a choice (map over nothing), not a missing option.
  const inDims = options.inDims === undefined ? 0 : options.inDims;
  const outDims = options.outDims ?? 0;
  const randomness = options.randomness ?? 'error';
  if (!['error', 'same', 'different'].includes(randomness)) throw new TypeError(`vmap: randomness must be 'error', 'same' or 'different', got ${String(randomness)}`);
  if (options.chunkSize !== undefined && !(Number.isInteger(options.chunkSize) && options.chunkSize > 0)) throw new RangeError(`vmap: chunkSize must be a positive integer, got ${options.chunkSize}`);
  return ((...args: unknown[]) => {
    if (Array.isArray(inDims) && inDims.length !== args.length) throw new TypeError(`vmap: inDims has ${inDims.length} entries for ${args.length} arguments`);
    const flat = leaves(args);
    const dims = broadcastPrefix<InDim>(Array.isArray(inDims) ? inDims : args.map(() => inDims), args, 'vmap: inDims');
    const n = batchSize(flat, dims);
    const run = (inputs: readonly Tensor[], size: number) => mapOnce(f, args, inputs, dims, size, outDims, randomness);
    if (options.chunkSize === undefined || options.chunkSize >= n) return run(flat, n);
    return chunked(run, flat, dims, n, options.chunkSize, outDims);
  }) as never;
}

/** One vmap layer over `size` examples. */
function mapOnce(f: (...args: never[]) => unknown, args: readonly unknown[], inputs: readonly Tensor[], dims: readonly InDim[], size: number, outDims: unknown, randomness: string): unknown {
  const nat = native();
  return inLayer('vmap', (level) =>
    scope(() => {
      const batched = inputs.map((t, i) => {
        const d = dims[i];
        return d === null || d === undefined ? t : wrap(nat.addBatchDim(t._h, d < 0 ? d + t.ndim : d, level));
      });
      const output = f(...(withLeaves([...args], batched) as never[]));
      const outs = leaves(output);
      if (outs.length === 0) throw new TypeError(`vmap: the function must return tensors, got ${describe(output)}`);
      const od = broadcastPrefix<number>(outDims, output, 'vmap: outDims');
      return withLeaves(output, outs.map((o, i) => {
        const d = od[i]!;
        if (!Number.isInteger(d)) throw new TypeError(`vmap: outDims must be integers, got ${String(d)}`);
        // o.ndim is the logical rank, without the batch dim.
        return wrap(nat.removeBatchDim(o._h, level, size, d < 0 ? d + o.ndim + 1 : d));
      }));
    }),
  size, randomness);
}

/** The batch in chunks: each mapped input split along its dim, each output joined along its out dim. */
function chunked(run: (inputs: readonly Tensor[], size: number) => unknown, flat: readonly Tensor[], dims: readonly InDim[], n: number, chunk: number, outDims: unknown): unknown {
  return scope(() => {
    const parts: unknown[] = [];
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      parts.push(run(flat.map((t, i) => {
        const d = dims[i];
        return d === null || d === undefined ? t : aten.narrow(t, d, start, size);
      }), size));
    }
    const first = parts[0];
    const od = broadcastPrefix<number>(outDims, first, 'vmap: outDims');
    return withLeaves(first, leaves(first).map((t, k) => aten.cat(parts.map((p) => leaves(p)[k]!), od[k]!)));
  });
}
