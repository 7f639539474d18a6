// torch.nn: modules, layers and composition.
export { Module, StateDictError, type ShapeFn, type ApplyLayer, type InShape, type TensorPath, type ModulePath, type ModuleAt } from './module.ts';
export {
  Linear, Conv1d, Conv2d, ConvTranspose2d, Bilinear, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, BatchNorm1d, BatchNorm2d,
  LayerNorm, GroupNorm, Dropout, Embedding, Flatten, Unflatten, ReLU, LeakyReLU, GELU, SiLU, Tanh, Sigmoid, Softmax,
  LogSoftmax, Sequential, sequential, type Conv2dOptions,
} from './layers.ts';
export * as functional from './functional.ts';
export * as init from './init.ts';
export { RNN, LSTM, GRU, type RNNOptions, type RNNOutput } from './recurrent.ts';
export { MultiheadAttention, TransformerEncoderLayer, type AttentionCallOptions, type TransformerEncoderLayerOptions } from './attention.ts';
