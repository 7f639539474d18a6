// The one model the styles of docs/functional.md train: the Fashion-MNIST
// MLP with SGD, momentum and weight decay on the weights only, on
// normalised images. Each style file trains it in its own way from the same
// seed, so that the test can check that all of them end with the same
// parameters.
import * as torch from 'typed-torch';
import { MEAN, STD } from '../fashion-mnist.ts';

const { nn } = torch;

/** [B, 1, 28, 28] images -> [B, 10] logits. */
export const network = () => nn.sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
export type Net = ReturnType<typeof network>;
/** The network's parameters as a value: '1.weight' is Tensor<[128, 784]>, '3.bias' Tensor<[10]>. */
export type Params = torch.func.TensorsOf<Net>;

/** A batch as the model takes it: normalised float images and their labels, B of each. */
export type Images = torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>;
export type Labels = torch.Tensor<['B'], 'int64', 'cpu'>;

export const LR = 0.05;
export const MOMENTUM = 0.9;
export const WEIGHT_DECAY = 5e-4;
export const BATCH_SIZE = 64;
/** Fashion-MNIST's training-set pixel mean and standard deviation (of pixels in [0, 1]), as the other examples use them. */
export { MEAN, STD };

/** The test set's accuracy of the network with parameters `p`. */
export function accuracy(net: Net, p: Params): number {
  const test = torch.data.fashionMnist({ split: 'test' });
  return torch.noGrad(() => torch.scope(() => {
    const x = test.tensors.images.to('float32').div(255).sub(MEAN).div(STD);
    const predicted = torch.func.functionalCall(net, p, x).argmax(-1);
    return (predicted.eq(test.tensors.labels).sum().item() as number) / test.length;
  }));
}
