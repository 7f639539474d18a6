// torch.nn: modules, layers and composition.
export {
  Module, StateDictError, pyRepr, pyFloat, PyFloat, reprFields,
  type TensorPath, type ModulePath, type ModuleAt, type ForwardHook, type ForwardPreHook, type FullBackwardHook, type RemovableHandle,
} from './module.ts';
export type { ShapeFn, ApplyLayer, InShape, LayerIn, LayerOut } from './shape-fn.ts';
export * from './layers/index.ts';
export * as functional from './functional/index.ts';
export * as init from './init.ts';
export { RNNBase, RNNCellBase, RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell, type RNNOptions, type RNNOutput } from './recurrent.ts';
export {
  MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer, TransformerEncoder, TransformerDecoder, Transformer,
  type AttentionCallOptions, type MultiheadAttentionOptions, type TransformerLayerOptions, type TransformerEncoderLayerOptions,
  type DecoderCallOptions, type TransformerOptions, type TransformerCallOptions, type Activation,
} from './attention.ts';
