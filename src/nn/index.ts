// torch.nn: modules, layers and composition.
export { Module, StateDictError, type TensorPath, type ModulePath, type ModuleAt } from './module.ts';
export type { ShapeFn, ApplyLayer, InShape, LayerIn, LayerOut } from './shape-fn.ts';
export {
  Linear, Conv1d, Conv2d, ConvTranspose2d, Bilinear, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, BatchNorm1d, BatchNorm2d,
  LayerNorm, GroupNorm, Dropout, Embedding, Flatten, Unflatten, ReLU, LeakyReLU, GELU, SiLU, Tanh, Sigmoid, Softmax,
  LogSoftmax, Sequential, sequential, type Conv2dOptions,
} from './layers/index.ts';
export * as functional from './functional/index.ts';
export * as init from './init.ts';
export { RNN, LSTM, GRU, type RNNOptions, type RNNOutput } from './recurrent.ts';
export { MultiheadAttention, TransformerEncoderLayer, type AttentionCallOptions, type TransformerEncoderLayerOptions } from './attention.ts';
