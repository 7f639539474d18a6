// torch.nn.functional: every function of Python's, with Python's arguments.
// Where Python's function is the aten op itself (conv2d, pad, gelu, ...) it
// is the generated typed function; where Python's signature differs
// (reductions as strings, returnIndices, inplace flags, training flags) or
// Python writes it from other ops, it is written here.
export {
  adaptiveAvgPool1d,
  avgPool1d,
  avgPool2d,
  avgPool3d,
  bilinear,
  celu_,
  channelShuffle,
  conv1d,
  conv2d,
  conv3d,
  convTbc,
  convTranspose1d,
  convTranspose2d,
  convTranspose3d,
  cosineSimilarity,
  elu_,
  gelu,
  hardshrink,
  hardtanh_,
  leakyRelu_,
  linear,
  oneHot,
  pad,
  pairwiseDistance,
  pdist,
  pixelShuffle,
  pixelUnshuffle,
  prelu,
  relu_,
  rrelu_,
  selu_,
  softplus,
  softshrink,
  threshold_,
} from '../../ops/generated/functions.ts';
export * from './activation.ts';
export * from './dropout.ts';
export * from './pooling.ts';
export * from './normalization.ts';
export * from './losses.ts';
export * from './embedding.ts';
export * from './sampling.ts';
export * from './attention.ts';
