// torch.nn: modules, layers and composition.
export { Module, StateDictError, type ShapeFn, type ApplyLayer, type InShape } from './module.ts';
export { Linear, Conv2d, ReLU, Tanh, Sigmoid, GELU, Dropout, Flatten, MaxPool2d, Sequential, sequential, type Conv2dOptions } from './layers.ts';
export * as functional from './functional.ts';
