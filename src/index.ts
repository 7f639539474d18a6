// The package root: `import * as torch from 'typed-torch'`.
export type { DType, Device } from './types/dtype.ts';
export type { Dim, Shape } from './types/shape.ts';
export { Tensor, type NestedArray, type ElementOf } from './core/tensor.ts';
export { TorchError } from './core/errors.ts';
export { scope, keep } from './core/scope.ts';
export { manualSeed, setNumThreads, getNumThreads, memory } from './core/runtime.ts';
export { Generator, defaultGenerator } from './core/generator.ts';
export { noGrad, enableGrad, isGradEnabled, inferenceMode, isInferenceMode } from './core/autograd.ts';
export * as autograd from './core/autograd-namespace.ts';
/** Tensors between worker_threads: pack, post, unpack (no copy). */
export * as threads from './core/parcel.ts';
export * as ops from './ops/namespace.ts';
export {
  tensor, zeros, ones, empty, rand, randn, full, arange, linspace, eye, randint,
  type FactoryOptions, type TensorOptions, type NestedData, type ArangeOptions,
} from './ops/creation.ts';
export {
  sparseCooTensor, sparseCsrTensor, sparseCscTensor, sparseBsrTensor, sparseBscTensor, sparseCompressedTensor,
  type SparseTensorOptions, type SparseData,
} from './ops/sparse.ts';
/** torch.sparse: products, sums and softmax over sparse tensors, with gradients for the sparse operand. */
export * as sparse from './ops/python/sparse.ts';
// Functions Python defines at the Python level, with Python's arguments.
export * from './ops/python/index.ts';
/** torch.masked: reductions and normalizations over the elements a mask keeps. */
export * as masked from './ops/python/masked.ts';
/** torch.linalg: decompositions, solvers, norms and inverses under Python's names (`torch.linalg.svd` is `torch.linalgSvd`). */
export * as linalg from './ops/generated/linalg.ts';
/** torch.fft: discrete Fourier transforms under Python's names (`torch.fft.rfft` is `torch.fftRfft`). */
export * as fft from './ops/generated/fft.ts';
/** torch.special: special functions under Python's names (`torch.special.erfcx` is `torch.specialErfcx`). */
export * as special from './ops/generated/special.ts';
export type { ToOptions } from './ops/manual.ts';
export { asStridedScatter } from './ops/corrected.ts';
export { DTYPES, isDType } from './core/dtype.ts';
export { assertShape } from './core/assert-shape.ts';
export { save, load, CheckpointError, type StateDict } from './serialization/index.ts';
export * as nn from './nn/index.ts';
export * as optim from './optim/index.ts';
export * as data from './data/index.ts';
/** Image grids as PNG files (torchvision.utils' make_grid and save_image). */
export * as vision from './vision/index.ts';
/** Graphs and graph layers (GCN, GraphSAGE, GAT) after PyTorch Geometric; Cora and CiteSeer. */
export * as geometric from './geometric/index.ts';
/** Tables from CSV with typed column schemas, standardisation, folds, entity embeddings; sklearn's datasets. */
export * as tabular from './tabular/index.ts';
/** Charts to SVG and PNG: training curves, confusion matrices, scatter plots, graph drawings; PCA. */
export * as viz from './viz/index.ts';
/** Attributions after captum: saliency, Input x Gradient, Integrated Gradients, NoiseTunnel, Occlusion, Grad-CAM. */
export * as interpret from './interpret/index.ts';
/** Function transforms: grad, vjp, jvp, vmap, jacobians, functionalCall (torch.func). */
export * as func from './func/index.ts';
export * as jit from './jit/index.ts';
export * as profiler from './profiler/index.ts';
/** Data-parallel training on PyTorch's c10d with gloo: process groups, collectives, DistributedDataParallel. */
export * as distributed from './distributed/index.ts';
/** The type-level shape, dtype and device algebra (`torch.types.Matmul<A, B>`, ...). */
export type * as types from './types/index.ts';
import './ops/manual.ts';
import './ops/generated/methods.ts';
import './ops/python/methods.ts';
import './ops/indexing.ts';
import './ops/corrected.ts';
// The generated free functions: torch.add, torch.matmul, torch.logSoftmax, ...
// (the hand-written factories above take precedence over generated ones).
export * from './ops/generated/functions.ts';
export type { Scalar, Layout, MemoryFormat } from './ops/types.ts';
