// The model: the pytorch/examples MNIST convolutional network, typed layer by
// layer. Every size is checked by the compiler: [B, 1, 28, 28] -> [B, 10]
// (change 9216 to another width and the Linear layer is the error).
import * as torch from 'typed-torch';

const { nn } = torch;

export function createModel() {
  return nn.sequential(
    new nn.Conv2d(1, 32, 3), new nn.ReLU(),
    new nn.Conv2d(32, 64, 3), new nn.ReLU(),
    new nn.MaxPool2d(2), new nn.Dropout(0.25),
    new nn.Flatten(),
    new nn.Linear(9216, 128), new nn.ReLU(), new nn.Dropout(0.5),
    new nn.Linear(128, 10),
  );
}

export type Model = ReturnType<typeof createModel>;
