// The model: a multi-layer perceptron over 28x28 images, typed layer by layer.
// A layer of the wrong width is a compile error at that layer, and the
// output type is computed from the input type: [B, 1, 28, 28] -> [B, 10].
import * as torch from 'typed-torch';

const { nn } = torch;

export function createModel() {
  return nn.sequential(
    new nn.Flatten(),
    new nn.Linear(784, 128),
    new nn.ReLU(),
    new nn.Linear(128, 10),
  );
}

export type Model = ReturnType<typeof createModel>;
