"""torch.nn classes that module_db has no ModuleInfo for, with samples of
our own in module_db's form (constructor arguments, forward arguments), so
test/module-conformance replays them the same way: state dict loaded,
float64 and float32, train and eval, outputs, buffers and gradients.

Inputs are drawn from a seeded generator; targets are built to be valid
for their loss (class indices in range, ±1 labels, probabilities).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.testing._internal.common_modules import ModuleInput, FunctionInput


def _samples(dtype, requires_grad):
    def t(*shape, low=-2.0, high=2.0, grad=True):
        x = torch.empty(shape, dtype=dtype).uniform_(low, high)
        return x.requires_grad_(requires_grad and grad)

    def idx(high, *shape):
        return torch.randint(0, high, shape)

    def sign(*shape):
        return (torch.randint(0, 2, shape) * 2 - 1).to(dtype)

    def prob(*shape):
        return torch.rand(shape, dtype=dtype).clamp(0.05, 0.95).requires_grad_(requires_grad)

    def mi(cargs=(), ckw=None, fargs=(), fkw=None, desc=''):
        return ModuleInput(constructor_input=FunctionInput(*cargs, **(ckw or {})),
                           forward_input=FunctionInput(*fargs, **(fkw or {})), desc=desc)

    x4 = lambda: t(2, 3, 6, 6)  # noqa: E731
    s = {}
    # activations
    for name in ['ReLU6', 'SELU', 'SiLU', 'Mish', 'Hardsigmoid', 'LogSigmoid', 'Softsign', 'Tanhshrink', 'Tanh', 'Softmax2d']:
        s[name] = [mi(fargs=(x4(),))]
    s['CELU'] = [mi((), {'alpha': 0.5}, (x4(),))]
    s['LeakyReLU'] = [mi((0.2,), {}, (t(3, 4),)), mi((), {'negative_slope': -0.1}, (t(5),))]
    s['Hardtanh'] = [mi((-0.5, 0.7), {}, (t(3, 4),))]
    s['RReLU'] = [mi((0.1, 0.3), {}, (t(3, 4),))]
    s['GELU'] = [mi(fargs=(t(3, 4),)), mi((), {'approximate': 'tanh'}, (t(3, 4),))]
    s['Hardshrink'] = [mi((0.3,), {}, (t(3, 4),))]
    s['Softshrink'] = [mi((), {'lambd': 0.7}, (t(3, 4),))]
    s['Softplus'] = [mi((2.0, 1.0), {}, (t(3, 4),))]
    s['Threshold'] = [mi((0.1, 20.0), {}, (t(3, 4),))]
    s['Softmax'] = [mi((1,), {}, (t(3, 4),)), mi((), {'dim': 0}, (t(2, 3, 4),))]
    s['Softmin'] = [mi((-1,), {}, (t(3, 4),))]
    s['LogSoftmax'] = [mi((1,), {}, (t(3, 4),))]
    s['GLU'] = [mi(fargs=(t(3, 4),)), mi((0,), {}, (t(4, 3),))]
    s['PReLU'] = [mi(fargs=(x4(),)), mi((3,), {'init': 0.1}, (x4(),))]
    # dropout (evaluation mode is the identity; training draws from the seeded generator)
    for name in ['Dropout', 'Dropout2d', 'AlphaDropout', 'FeatureAlphaDropout']:
        s[name] = [mi((0.3,), {}, (x4(),))]
    s['Dropout1d'] = [mi((0.3,), {}, (t(2, 3, 5),)), mi((), {'p': 0.5}, (t(3, 5),))]
    s['Dropout3d'] = [mi((0.3,), {}, (t(2, 3, 2, 2, 2),))]
    # normalisation
    s['BatchNorm1d'] = [mi((3,), {}, (t(4, 3),)), mi((3,), {'momentum': None}, (t(4, 3, 5),)), mi((3,), {'affine': False, 'track_running_stats': False}, (t(4, 3),))]
    s['InstanceNorm1d'] = [mi((3,), {}, (t(2, 3, 5),)), mi((3,), {'affine': True, 'track_running_stats': True}, (t(3, 5),))]
    s['InstanceNorm2d'] = [mi((3,), {'affine': True}, (x4(),))]
    s['InstanceNorm3d'] = [mi((3,), {}, (t(2, 3, 2, 3, 3),))]
    s['LayerNorm'] = [mi(([6, 6],), {}, (x4(),)), mi((4,), {'elementwise_affine': False, 'eps': 1e-3}, (t(3, 4),))]
    s['GroupNorm'] = [mi((3, 6), {}, (t(2, 6, 4),)), mi((1, 3), {'affine': False}, (x4(),))]
    s['LocalResponseNorm'] = [mi((2,), {}, (x4(),)), mi((3,), {'alpha': 1e-2, 'beta': 0.5, 'k': 2.0}, (t(2, 4, 5),))]
    # pooling
    s['MaxPool1d'] = [mi((2,), {}, (t(2, 3, 6),)), mi((3, 2, 1), {'return_indices': True}, (t(3, 7),))]
    s['MaxPool2d'] = [mi((2,), {}, (x4(),)), mi((3,), {'stride': 2, 'padding': 1, 'dilation': 1, 'ceil_mode': True}, (x4(),))]
    s['MaxPool3d'] = [mi((2,), {}, (t(2, 3, 4, 4, 4),))]
    s['AvgPool2d'] = [mi((2,), {}, (x4(),)), mi((3, 2, 1), {'count_include_pad': False, 'divisor_override': 2}, (x4(),))]
    s['AvgPool3d'] = [mi((2,), {'ceil_mode': True}, (t(2, 3, 3, 5, 5),))]
    s['AdaptiveAvgPool1d'] = [mi((4,), {}, (t(2, 3, 9),))]
    s['AdaptiveAvgPool3d'] = [mi(((2, None, 3),), {}, (t(2, 3, 4, 5, 6),))]
    s['AdaptiveMaxPool1d'] = [mi((4,), {}, (t(2, 3, 9),))]
    s['AdaptiveMaxPool2d'] = [mi(((3, 2),), {}, (x4(),)), mi((3,), {'return_indices': True}, (x4(),))]
    s['AdaptiveMaxPool3d'] = [mi((2,), {}, (t(2, 3, 4, 4, 4),))]
    s['LPPool1d'] = [mi((2, 3), {}, (t(2, 3, 7, low=0.1),))]
    s['LPPool2d'] = [mi((1.5, 2), {'stride': 1}, (t(2, 3, 5, 5, low=0.1),))]
    s['FractionalMaxPool2d'] = [mi((2,), {'output_size': (3, 3)}, (x4(),)), mi((2,), {'output_ratio': 0.5}, (x4(),))]
    s['FractionalMaxPool3d'] = [mi((2,), {'output_size': 2}, (t(2, 3, 5, 5, 5),))]
    # padding
    s['ConstantPad1d'] = [mi((2, 3.5), {}, (t(2, 3, 4),))]
    s['ConstantPad2d'] = [mi(((1, 0, 2, 1), -1.0), {}, (x4(),))]
    s['ConstantPad3d'] = [mi((1, 0.5), {}, (t(2, 3, 2, 2, 2),))]
    s['ZeroPad2d'] = [mi((2,), {}, (x4(),))]
    s['ReflectionPad1d'] = [mi((2,), {}, (t(2, 3, 4),))]
    s['ReflectionPad2d'] = [mi(((1, 2, 2, 1),), {}, (x4(),))]
    s['ReflectionPad3d'] = [mi((1,), {}, (t(2, 3, 3, 3, 3),))]
    s['ReplicationPad1d'] = [mi(((3, 1),), {}, (t(2, 3, 4),))]
    s['ReplicationPad2d'] = [mi((2,), {}, (x4(),))]
    s['ReplicationPad3d'] = [mi((1,), {}, (t(2, 3, 2, 3, 3),))]
    # resampling
    s['Upsample'] = [mi((), {'scale_factor': 2}, (x4(),)), mi(((8, 9),), {'mode': 'bilinear', 'align_corners': False}, (x4(),)),
                     mi((), {'size': 5, 'mode': 'linear'}, (t(2, 3, 4),)), mi((), {'scale_factor': 1.5, 'mode': 'bicubic', 'align_corners': True}, (x4(),))]
    s['UpsamplingNearest2d'] = [mi((), {'scale_factor': 2}, (x4(),))]
    s['UpsamplingBilinear2d'] = [mi(((7, 8),), {}, (x4(),))]
    s['PixelShuffle'] = [mi((2,), {}, (t(2, 8, 3, 3),))]
    s['PixelUnshuffle'] = [mi((2,), {}, (t(2, 2, 4, 6),))]
    s['ChannelShuffle'] = [mi((2,), {}, (t(2, 4, 3, 3, grad=False),))]
    s['Unfold'] = [mi((2,), {}, (x4(),)), mi(((2, 3),), {'dilation': 1, 'padding': 1, 'stride': 2}, (x4(),))]
    s['Fold'] = [mi(((4, 5), 2), {}, (t(2, 12, 12),))]
    # distances and containers
    s['CosineSimilarity'] = [mi(fargs=(t(3, 5), t(3, 5))), mi((0,), {'eps': 1e-6}, (t(4, 2), t(4, 2)))]
    s['PairwiseDistance'] = [mi(fargs=(t(3, 5), t(3, 5))), mi((1.0,), {'keepdim': True}, (t(3, 5), t(3, 5)))]
    s['Identity'] = [mi((54,), {'unused': 'argument'}, (t(3, 4),))]
    s['Flatten'] = [mi(fargs=(x4(),)), mi((0, 2), {}, (x4(),))]
    s['Unflatten'] = [mi((1, (2, 9)), {}, (t(2, 18),))]
    s['EmbeddingBag'] = [mi((10, 3), {}, (idx(10, 2, 4),)), mi((10, 3), {'mode': 'sum'}, (idx(10, 8), torch.tensor([0, 3, 5])))]
    s['Embedding'] = [mi((10, 3), {'padding_idx': 1}, (idx(10, 2, 4),)), mi((10, 3), {'max_norm': 1.0}, (idx(10, 5),))]
    s['LazyLinear'] = [mi((4,), {}, (t(3, 5),))]
    s['LazyBatchNorm1d'] = [mi(fargs=(t(4, 3),))]
    s['LazyBatchNorm2d'] = [mi((), {'momentum': 0.2}, (x4(),))]
    s['LazyBatchNorm3d'] = [mi(fargs=(t(2, 3, 2, 2, 2),))]
    s['LazyInstanceNorm1d'] = [mi((), {'affine': True}, (t(2, 3, 5),))]
    s['LazyInstanceNorm2d'] = [mi((), {'track_running_stats': True}, (x4(),))]
    s['LazyInstanceNorm3d'] = [mi(fargs=(t(2, 3, 2, 3, 3),))]
    s['AdaptiveLogSoftmaxWithLoss'] = [mi((8, 10, [3, 6]), {}, (t(5, 8), torch.tensor([0, 4, 9, 2, 7]))),
                                       mi((8, 10, [4]), {'div_value': 2.0, 'head_bias': True}, (t(8), torch.tensor(5)))]
    s['NLLLoss2d'] = [mi(fargs=(t(2, 4, 3, 3), idx(4, 2, 3, 3)))]
    # recurrent cells, RNN with given states
    s['GRU'] = [mi((3, 4), {'num_layers': 2, 'dropout': 0.0}, (t(5, 2, 3), t(2, 2, 4)))]
    # losses
    s['MSELoss'] = [mi(fargs=(t(3, 4), t(3, 4, grad=False))), mi((), {'reduction': 'sum'}, (t(3, 4), t(3, 4, grad=False))), mi((), {'size_average': False}, (t(3, 4), t(3, 4, grad=False)))]
    s['L1Loss'] = [mi((), {'reduce': False}, (t(3, 4), t(3, 4, grad=False)))]
    s['SmoothL1Loss'] = [mi((), {'beta': 0.5}, (t(3, 4), t(3, 4, grad=False)))]
    s['HuberLoss'] = [mi((), {'delta': 0.5, 'reduction': 'none'}, (t(3, 4), t(3, 4, grad=False)))]
    s['BCELoss'] = [mi(fargs=(prob(3, 4), torch.rand(3, 4, dtype=dtype))), mi((), {'weight': torch.rand(4, dtype=dtype), 'reduction': 'sum'}, (prob(3, 4), torch.rand(3, 4, dtype=dtype)))]
    s['BCEWithLogitsLoss'] = [mi(fargs=(t(3, 4), torch.rand(3, 4, dtype=dtype))), mi((), {'pos_weight': torch.rand(4, dtype=dtype) + 0.5}, (t(3, 4), torch.rand(3, 4, dtype=dtype)))]
    s['KLDivLoss'] = [mi((), {'reduction': 'batchmean'}, (t(3, 4), torch.rand(3, 4, dtype=dtype))), mi((), {'log_target': True, 'reduction': 'sum'}, (t(3, 4), t(3, 4, grad=False)))]
    s['PoissonNLLLoss'] = [mi(fargs=(t(3, 4), torch.rand(3, 4, dtype=dtype) * 3)), mi((False, True), {}, (prob(3, 4), torch.rand(3, 4, dtype=dtype) * 3))]
    s['HingeEmbeddingLoss'] = [mi((), {'margin': 0.5}, (t(3, 4), sign(3, 4)))]
    s['SoftMarginLoss'] = [mi(fargs=(t(3, 4), sign(3, 4)))]
    s['MultiLabelMarginLoss'] = [mi(fargs=(t(2, 4), torch.tensor([[3, 0, -1, 1], [1, 2, 3, -1]])))]
    s['MultiLabelSoftMarginLoss'] = [mi(fargs=(t(3, 4), torch.randint(0, 2, (3, 4)).to(dtype)))]
    s['CosineEmbeddingLoss'] = [mi((0.2,), {}, (t(3, 5), t(3, 5), sign(3)))]
    s['MarginRankingLoss'] = [mi((), {'margin': 0.3}, (t(5), t(5), sign(5)))]
    s['MultiMarginLoss'] = [mi(fargs=(t(3, 5), idx(5, 3))), mi((), {'p': 2, 'margin': 0.5, 'weight': torch.rand(5, dtype=dtype)}, (t(3, 5), idx(5, 3)))]
    s['TripletMarginLoss'] = [mi(fargs=(t(3, 5), t(3, 5), t(3, 5))), mi((), {'margin': 0.5, 'p': 1.0, 'swap': True}, (t(3, 5), t(3, 5), t(3, 5)))]
    s['TripletMarginWithDistanceLoss'] = [mi(fargs=(t(3, 5), t(3, 5), t(3, 5)))]
    s['CTCLoss'] = [mi(fargs=(t(6, 2, 4).log_softmax(2).detach().requires_grad_(requires_grad), torch.tensor([[1, 2, 2], [3, 1, 1]]), torch.tensor([6, 5]), torch.tensor([3, 2])))]
    s['CrossEntropyLoss'] = [mi((), {'ignore_index': 1}, (t(4, 5, 2), idx(5, 4, 2))), mi((), {'label_smoothing': 0.1}, (t(4, 5), torch.rand(4, 5, dtype=dtype).softmax(1)))]
    return s


def extra_samples(dtype, training):
    torch.manual_seed(7)
    return {name: samples for name, samples in _samples(dtype, True).items()}


CLASSES = {name: getattr(nn, name) for name in _samples(torch.float64, False)}
