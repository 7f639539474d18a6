// torch.profiler: per-op times of a piece of code from libtorch's RecordFunction observers.
export { profile, Profile, OUTSIDE_OPS, type ProfilerEvent, type KeyAverage, type ProfileOptions, type TableOptions } from './profile.ts';
