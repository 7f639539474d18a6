// A typed CNN forward pass (the pytorch/examples MNIST net: conv 32, conv 64,
// max-pool, dropout, fc 128, fc 10) written with the functional ops. Every
// intermediate shape is known to the compiler, with a symbolic batch dim 'B':
// change a width below and the editor points at the layer that no longer fits.
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;

export interface Weights {
  conv1: F32<[32, 1, 3, 3]>;
  conv1Bias: F32<[32]>;
  conv2: F32<[64, 32, 3, 3]>;
  conv2Bias: F32<[64]>;
  fc1: F32<[128, 9216]>;
  fc1Bias: F32<[128]>;
  fc2: F32<[10, 128]>;
  fc2Bias: F32<[10]>;
}

export function initWeights(): Weights {
  const w = <const S extends readonly number[]>(shape: S) => torch.randn(shape).mul(0.05);
  return {
    conv1: w([32, 1, 3, 3]),
    conv1Bias: torch.zeros([32]),
    conv2: w([64, 32, 3, 3]),
    conv2Bias: torch.zeros([64]),
    fc1: w([128, 9216]),
    fc1Bias: torch.zeros([128]),
    fc2: w([10, 128]),
    fc2Bias: torch.zeros([10]),
  };
}

/** [B, 1, 28, 28] images to [B, 10] log-probabilities. */
export function forward(x: F32<['B', 1, 28, 28]>, p: Weights, train = false): F32<['B', 10]> {
  const c1 = torch.conv2d(x, p.conv1, p.conv1Bias).relu(); // [B, 32, 26, 26]
  const c2 = torch.conv2d(c1, p.conv2, p.conv2Bias).relu(); // [B, 64, 24, 24]
  const pooled = torch.maxPool2d(c2, 2); // [B, 64, 12, 12]
  const flat = torch.dropout(pooled, 0.25, train).flatten(1); // [B, 9216]
  const h = torch.linear(flat, p.fc1, p.fc1Bias).relu(); // [B, 128]
  const logits = torch.linear(torch.dropout(h, 0.5, train), p.fc2, p.fc2Bias); // [B, 10]
  return torch.logSoftmax(logits, 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  torch.manualSeed(1);
  const p = initWeights();
  const images = torch.assertShape(torch.rand([4, 1, 28, 28]), ['B', 1, 28, 28]);
  const out = forward(images, p);
  console.log(`forward: [4, 1, 28, 28] -> [${out.shape.join(', ')}], rows sum to`, out.exp().sum(1).toArray());
}
