// Process-wide libtorch settings and accounting.
import { native } from './native.ts';

/**
 * Seeds libtorch's default CPU generator (rand, randn, dropout, init, ...):
 * an integer, a bigint for the full 64 bits (negative seeds wrap as in
 * PyTorch). The same as `torch.defaultGenerator.manualSeed(seed)`.
 */
export function manualSeed(seed: number | bigint): void {
  native().generatorManualSeed(0, seed);
}

/**
 * Sets libtorch's intra-op thread count. libtorch picks the number of cores
 * by default (1 on some small VMs); benchmarks set it explicitly so node and
 * Python compare on equal terms.
 */
export function setNumThreads(n: number): void {
  native().setNumThreads(n);
}

export function getNumThreads(): number {
  return native().getNumThreads();
}

/** Live tensors (handles not yet disposed) and the bytes of their distinct storages. */
export function memory(): { tensors: number; bytes: number } {
  return native().memory();
}
