// The imperative style: the module owns its parameters, the optimizer
// mutates them in place, gradients accumulate in the parameters until they
// are zeroed, and the per-parameter rule (decay the weights only) picks
// parameters by their names as strings.
import * as torch from 'typed-torch';
import { BATCH_SIZE, LR, MEAN, MOMENTUM, STD, WEIGHT_DECAY, network, type Net } from './model.ts';

const { data, optim } = torch;
const F = torch.nn.functional;

// style: imperative
export async function trainImperative(steps: number, seed: number, train = data.fashionMnist()): Promise<Net> {
  torch.manualSeed(seed);
  const net = network();
  const named = net.namedParameters();
  const opt = new optim.SGD([
    { params: named.filter(([name]) => name.endsWith('.weight')).map(([, p]) => p), weightDecay: WEIGHT_DECAY },
    { params: named.filter(([name]) => name.endsWith('.bias')).map(([, p]) => p) },
  ], { lr: LR, momentum: MOMENTUM });
  const loader = new data.DataLoader(train, { batchSize: BATCH_SIZE, shuffle: true });
  let step = 0;
  for await (const { images, labels } of loader) {
    if (step++ === steps) break;
    torch.scope(() => {
      const x = images.to('float32').div(255).sub(MEAN).div(STD);
      opt.zeroGrad();
      F.crossEntropy(net.forward(x), labels).backward();
      opt.step();
    });
  }
  return net;
}
// end
