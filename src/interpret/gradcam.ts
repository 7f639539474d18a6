// Grad-CAM (Selvaraju et al., 2017) for a convolutional layer, as captum's
// LayerGradCam: the layer's output A [B, K, ...] is captured by a forward
// hook, each channel weighted by the mean gradient of the target over its
// positions, and ReLU(sum_k w_k A_k) gives one map [B, 1, ...] per example
// at the layer's resolution (captum's `relu_attributions: true`).
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { scope } from '../core/scope.ts';
import { enableGrad } from '../core/autograd.ts';
import { grad } from '../core/autograd.ts';
import type { Module } from '../nn/module.ts';
import { callable, checkInput, selectTarget, type Forward } from './target.ts';
import type { TargetOptions } from './gradients.ts';

export function layerGradCam(model: Forward, layer: Module, inputs: Tensor, options: TargetOptions & { relu?: boolean } = {}): Tensor<[number, 1, ...number[]], 'float32', 'cpu'> {
  checkInput('layerGradCam', inputs);
  const f = callable(model);
  let activation: Tensor | null = null;
  const handle = layer.registerForwardHook((_m, _args, output) => {
    activation = output as Tensor;
  });
  try {
    return scope(() => enableGrad(() => {
      const outputs = selectTarget('layerGradCam', f(aten.detach(inputs as Tensor)), options.target, inputs.shape[0]!);
      const a = activation as Tensor | null;
      if (!a) throw new Error('layerGradCam: the layer was not called by the model\'s forward');
      if (a.ndim < 3) throw new TypeError(`layerGradCam: the layer's output must be [B, K, ...positions], got [${a.shape.join(', ')}]`);
      const [g] = grad(aten.sum(outputs), a);
      const positions = Array.from({ length: a.ndim - 2 }, (_, i) => i + 2);
      const weights = aten.mean_dim(g!, positions, true);
      const cam = aten.sum_dim_IntList(aten.mul_Tensor(weights, aten.detach(a)), [1], true);
      return (options.relu ?? true) ? aten.relu(cam) : cam;
    })) as never;
  } finally {
    handle.remove();
  }
}
