// The layers, one family per file.
export { Linear, LazyLinear, Bilinear } from './linear.ts';
export {
  Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d,
  LazyConv1d, LazyConv2d, LazyConv3d, LazyConvTranspose1d, LazyConvTranspose2d, LazyConvTranspose3d,
  type ConvOptions, type Conv2dOptions, type ConvTransposeOptions, type PaddingMode,
} from './conv.ts';
export {
  MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d,
  AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d, LPPool1d, LPPool2d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d,
  FractionalMaxPool2d, FractionalMaxPool3d,
} from './pooling.ts';
export {
  BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LayerNorm, GroupNorm, LocalResponseNorm,
  LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d, LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d,
  type BatchNormOptions, type LayerNormOptions,
} from './normalization.ts';
export { Elementwise } from './elementwise.ts';
export {
  ReLU, ReLU6, SELU, SiLU, Mish, Hardsigmoid, Hardswish, ELU, CELU, LeakyReLU, Hardtanh, RReLU, GELU, Hardshrink, Softshrink,
  Softplus, Threshold, Sigmoid, Tanh, LogSigmoid, Softsign, Tanhshrink, Softmax, Softmin, LogSoftmax, Softmax2d, GLU, PReLU,
} from './activation.ts';
export { Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout } from './dropout.ts';
export {
  L1Loss, MSELoss, NLLLoss2d, SoftMarginLoss, MultiLabelMarginLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss,
  MultiLabelSoftMarginLoss, MultiMarginLoss, KLDivLoss, PoissonNLLLoss, GaussianNLLLoss, SmoothL1Loss, HuberLoss,
  HingeEmbeddingLoss, CosineEmbeddingLoss, MarginRankingLoss, TripletMarginLoss, TripletMarginWithDistanceLoss, CTCLoss,
} from './losses.ts';
export {
  ConstantPad1d, ConstantPad2d, ConstantPad3d, ZeroPad2d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
  ReplicationPad1d, ReplicationPad2d, ReplicationPad3d,
} from './padding.ts';
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, PixelShuffle, PixelUnshuffle, ChannelShuffle, Fold, Unfold } from './sampling.ts';
export { CosineSimilarity, PairwiseDistance } from './distance.ts';
export { Embedding, EmbeddingBag, type EmbeddingOptions, type EmbeddingBagOptions } from './embedding.ts';
export { AdaptiveLogSoftmaxWithLoss, type ASMOutput } from './adaptive.ts';
export { Identity, ModuleList, ModuleDict, ParameterList, ParameterDict } from './containers.ts';
export { Flatten, Unflatten } from './reshaping.ts';
export { Sequential, sequential } from './sequential.ts';
