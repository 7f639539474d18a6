// Attributions have the input's type; Integrated Gradients' delta is one value an example.
import { expectType } from 'tsd';
import * as torch from 'typed-torch';

declare const images: torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>;
declare const model: torch.nn.Module & { forward(x: torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>): torch.Tensor<['B', 10], 'float32', 'cpu'> };
expectType<torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>>(torch.interpret.saliency(model, images, { target: 3 }));
expectType<torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>>(torch.interpret.integratedGradients(model, images, { target: 3 }).attributions);
expectType<torch.Tensor<[number], 'float64', 'cpu'>>(torch.interpret.integratedGradients(model, images, { target: 3 }).delta);
expectType<torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>>(torch.interpret.occlusion(model, images, { target: 3, slidingWindowShapes: [1, 4, 4] }));
expectType<torch.Tensor<[number, 3, number, number], 'float32', 'cpu'>>(torch.viz.attributionOverlay(images, images));
