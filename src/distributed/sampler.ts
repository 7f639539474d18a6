// DistributedSampler: each rank's share of a dataset per epoch, drawn as
// PyTorch's DistributedSampler draws it (one permutation from a generator
// seeded with seed + epoch, padded or cut to a multiple of the world size,
// then every worldSize-th index from this rank's), so node and Python ranks
// given the same seed read the same examples.
import { randomOrder } from '../data/dataset.ts';
import type { Sampler } from '../data/loader.ts';
import { DistributedError } from './errors.ts';
import { isInitialized, getRank, getWorldSize } from './process-group.ts';

export interface DistributedSamplerOptions {
  /** How many ranks share the data (default: the default group's world size). */
  numReplicas?: number;
  /** This rank (default: the default group's rank). */
  rank?: number;
  /** A new order each epoch (default true); call setEpoch(e) before each epoch, as in PyTorch. */
  shuffle?: boolean;
  /** The seed every rank must share (default 0). */
  seed?: number;
  /** Drop the tail so that every rank gets the same count, instead of padding with repeats (default false). */
  dropLast?: boolean;
}

export class DistributedSampler implements Sampler {
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** Indices each rank gets per epoch. */
  readonly length: number;
  /** numReplicas * length. */
  readonly totalSize: number;
  #epoch = 0;

  constructor(readonly dataset: { readonly length: number }, options: DistributedSamplerOptions = {}) {
    const needGroup = options.numReplicas === undefined || options.rank === undefined;
    if (needGroup && !isInitialized()) {
      throw new DistributedError('DistributedSampler: give numReplicas and rank, or initialize the default process group first');
    }
    this.numReplicas = options.numReplicas ?? getWorldSize();
    this.rank = options.rank ?? getRank();
    if (!Number.isInteger(this.numReplicas) || this.numReplicas < 1) throw new DistributedError(`DistributedSampler: numReplicas must be a positive integer, got ${this.numReplicas}`);
    if (!Number.isInteger(this.rank) || this.rank < 0 || this.rank >= this.numReplicas) {
      throw new DistributedError(`DistributedSampler: invalid rank ${this.rank}, rank should be in the interval [0, ${this.numReplicas - 1}]`);
    }
    this.shuffle = options.shuffle ?? true;
    this.seed = options.seed ?? 0;
    this.dropLast = options.dropLast ?? false;
    const n = dataset.length;
    this.length = this.dropLast && n % this.numReplicas !== 0 ? Math.ceil((n - this.numReplicas) / this.numReplicas) : Math.ceil(n / this.numReplicas);
    this.totalSize = this.length * this.numReplicas;
  }

  /** The epoch the next order is drawn for: every rank must set the same one (PyTorch's set_epoch). */
  setEpoch(epoch: number): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new DistributedError(`DistributedSampler.setEpoch: expected a non-negative integer, got ${epoch}`);
    this.#epoch = epoch;
  }

  get epoch(): number {
    return this.#epoch;
  }

  /** This rank's indices for the current epoch. */
  indices(): number[] {
    const n = this.dataset.length;
    let order = this.shuffle ? randomOrder(n, BigInt(this.seed + this.#epoch)) : Array.from({ length: n }, (_, i) => i);
    if (!this.dropLast) {
      const padding = this.totalSize - order.length;
      if (padding > 0) {
        const repeated: number[] = [];
        while (repeated.length < padding) repeated.push(...order);
        order = order.concat(repeated.slice(0, padding));
      }
    } else {
      order = order.slice(0, this.totalSize);
    }
    const mine: number[] = [];
    for (let i = this.rank; i < this.totalSize; i += this.numReplicas) mine.push(order[i]!);
    return mine;
  }
}
