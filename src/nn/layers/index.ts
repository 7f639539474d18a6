// The layers, one family per file.
export { Linear, Bilinear } from './linear.ts';
export { Conv1d, Conv2d, ConvTranspose2d, type Conv2dOptions } from './conv.ts';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './pooling.ts';
export { BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm } from './normalization.ts';
export { Elementwise, ReLU, LeakyReLU, GELU, SiLU, Tanh, Sigmoid, Softmax, LogSoftmax, Dropout } from './elementwise.ts';
export { Embedding } from './embedding.ts';
export { Flatten, Unflatten } from './reshaping.ts';
export { Sequential, sequential } from './sequential.ts';
