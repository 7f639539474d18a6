// The torch functions Python defines at the Python level (torch/functional.py,
// torch/_lowrank.py, torch/_tensor.py), with Python's arguments. The
// generator leaves their aten schemas out of the typed API (gen/select.ts,
// PYTHON_LEVEL); these call them through the untyped layer.
export { unique, uniqueConsecutive, type UniqueOptions, type UniqueResult } from './set-ops.ts';
export { blockDiag, broadcastTensors, cartesianProd, meshgrid, einsum, broadcastShapes } from './variadic.ts';
export { norm, tensordot, cdist, lu, svdLowrank, pcaLowrank, type NormOptions, type LuOptions, type CdistComputeMode } from './linalg.ts';
export { stft, type StftOptions } from './spectral.ts';
export { sort, argsort, nonzero, type SortOptions } from './selection.ts';
