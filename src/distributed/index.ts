// torch.distributed: process groups over c10d's TCPStore / FileStore and
// gloo, collectives, DistributedDataParallel and DistributedSampler, with
// Python's names. Launch ranks with `npx typed-torch run --nproc N script`.
export {
  initProcessGroup, destroyProcessGroup, parseInitMethod, isAvailable, isGlooAvailable, isInitialized, getRank, getWorldSize, getBackend,
  ProcessGroup, DEFAULT_TIMEOUT_MS, type Backend, type InitProcessGroupOptions,
} from './process-group.ts';
export {
  allReduce, allReduceAsync, reduce, reduceAsync, broadcast, broadcastAsync, allGather, allGatherAsync, gather, gatherAsync,
  scatter, scatterAsync, reduceScatter, barrier, barrierAsync, send, recv, isend, irecv, ReduceOp,
  type GroupOptions, type ReduceOptions, type P2POptions,
} from './collectives.ts';
export { DistributedDataParallel, type DistributedDataParallelOptions } from './ddp.ts';
export { DistributedSampler, type DistributedSamplerOptions } from './sampler.ts';
export { DistributedError } from './errors.ts';
