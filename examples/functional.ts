// Training in the functional style: the model is a pure function of its
// parameters (torch.func.functionalCall), the parameters are a value (a
// typed record), and each step is a function from the old value to the new
// one: gradients by func.gradAndValue, then SGD with momentum written as
// arithmetic on records. Checked against the imperative style on the same
// batches (nn + optim.SGD give the same parameters), then an ensemble of
// four such models trained at once with vmap over their stacked parameters.
//
//   tsx examples/functional.ts [--batches N] [--models K] [--threads N]
//
// The ensemble's training losses are drawn to build/functional-losses.png.
import * as torch from 'typed-torch';
import { Progress } from './lib/progress.ts';
import { windowMeans } from './lib/curves.ts';

const { nn, func, optim, data } = torch;
const F = nn.functional;
type T = torch.Tensor;

/** The network: [B, 1, 28, 28] -> [B, 10] logits. */
export const network = () => nn.sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
type Net = ReturnType<typeof network>;
/** Its parameters as a value: '1.weight' is Tensor<[128, 784]>, '3.bias' Tensor<[10]>, and so on. */
export type Params = torch.func.TensorsOf<Net>;
type Record_ = Record<string, T>;

export const LR = 0.05;
export const MOMENTUM = 0.9;

/** The training state: parameters and the momentum buffers, both records of the same shape. */
export interface State {
  params: Record_;
  velocity: Record_;
}

/** Mean cross-entropy of the network with parameters `p` on a batch. */
export const lossOf = (net: Net) => (p: Record_, x: T, y: T) => F.crossEntropy(func.functionalCall(net, p, x) as T, y);

/** SGD with momentum as PyTorch defines it (v <- mu v + g, p <- p - lr v), on records: a new state from the old one. */
export function sgdStep(state: State, grads: Record_): State {
  const velocity = Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, state.velocity[k] ? state.velocity[k].mul(MOMENTUM).add(g) : g]));
  const params = Object.fromEntries(Object.entries(state.params).map(([k, p]) => [k, p.sub(velocity[k]!.mul(LR))]));
  return { params, velocity };
}

/** One training step: the new state and the batch's loss. The old state's tensors are freed. */
export function step(net: Net, state: State, x: T, y: T): [State, number] {
  const [next, loss] = torch.scope(() => {
    const [grads, value] = func.gradAndValue(lossOf(net))(state.params, x, y);
    return [torch.noGrad(() => sgdStep(state, grads)), value.item() as number] as const;
  });
  for (const t of [...Object.values(state.params), ...Object.values(state.velocity)]) t.dispose();
  return [next, loss];
}

/** The first `count` shuffled training batches, fixed so that every run below sees the same ones. */
export async function batches(count: number, seed = 1): Promise<{ x: T; y: T }[]> {
  torch.manualSeed(seed);
  const loader = new data.DataLoader(data.fashionMnist({ split: 'train' }), {
    batchSize: 64, shuffle: true, transform: ({ images, labels }) => ({ x: images.to('float32').div(255) as T, y: labels as T }),
  });
  const out: { x: T; y: T }[] = [];
  for await (const b of loader) {
    if (out.length === count) break;
    // The loader frees each batch when the loop moves on: keep copies.
    out.push({ x: torch.keep(b.x.clone()), y: torch.keep(b.y.clone()) });
  }
  return out;
}

/** The functional run: a fresh network's parameters (seed), trained by `step` over the batches. */
export function trainFunctional(seed: number, train: readonly { x: T; y: T }[], onStep?: (loss: number) => void): { net: Net; params: Record_ } {
  torch.manualSeed(seed);
  const net = network();
  // The starting value: copies of the initial parameters (the module keeps its own).
  let state: State = { params: torch.noGrad(() => Object.fromEntries(Object.entries(func.parametersOf(net)).map(([k, p]) => [k, torch.keep(p.clone())]))), velocity: {} };
  for (const { x, y } of train) {
    let loss: number;
    [state, loss] = step(net, state, x, y);
    onStep?.(loss);
  }
  return { net, params: state.params };
}

/** The same training imperatively: the module's own parameters, optim.SGD, backward. */
export function trainImperative(seed: number, train: readonly { x: T; y: T }[]): Net {
  torch.manualSeed(seed);
  const net = network();
  const opt = new optim.SGD(net.parameters(), { lr: LR, momentum: MOMENTUM });
  for (const { x, y } of train) {
    torch.scope(() => {
      opt.zeroGrad();
      F.crossEntropy(net.forward(x as never) as T, y).backward();
      opt.step();
    });
  }
  return net;
}

/**
 * K networks trained at once: their parameters stacked along a new first
 * dim, one vmap over gradAndValue per step (each model on the same batch),
 * the SGD step applied to the stacked records as is.
 */
export function trainEnsemble(seeds: readonly number[], train: readonly { x: T; y: T }[], onStep?: (losses: number[]) => void): { net: Net; params: Record_ } {
  const nets = seeds.map((s) => {
    torch.manualSeed(s);
    return network();
  });
  const [stacked] = func.stackModuleState(nets);
  let state: State = { params: torch.noGrad(() => Object.fromEntries(Object.entries(stacked).map(([k, p]) => [k, torch.keep(p.detach())]))), velocity: {} };
  const net = nets[0]!;
  const perModel = func.vmap(func.gradAndValue(lossOf(net)), { inDims: [0, null, null] });
  for (const { x, y } of train) {
    const [next, losses] = torch.scope(() => {
      const [grads, values] = perModel(state.params, x, y);
      return [torch.noGrad(() => sgdStep(state, grads)), values.toArray() as number[]] as const;
    });
    for (const t of [...Object.values(state.params), ...Object.values(state.velocity)]) t.dispose();
    state = next;
    onStep?.(losses);
  }
  return { net, params: state.params };
}

/** Test-set accuracy of the network with parameters `p`; with stacked parameters, of each model and of their averaged probabilities. */
export function accuracy(net: Net, p: Record_, stacked = false): { each: number[]; ensemble: number } {
  const test = data.fashionMnist({ split: 'test' });
  const x = test.tensors.images.to('float32').div(255) as T;
  const y = test.tensors.labels as T;
  return torch.noGrad(() => torch.scope(() => {
    const forward = (q: Record_) => F.softmax(func.functionalCall(net, q, x) as T, -1);
    const probs = stacked ? func.vmap(forward)(p as never) as T : forward(p).unsqueeze(0);
    const rate = (pr: T) => (pr.argmax(-1).eq(y).sum().item() as number) / y.shape[0]!;
    return { each: Array.from({ length: probs.shape[0]! }, (_, k) => rate(probs.select(0, k))), ensemble: rate(probs.mean(0)) };
  }));
}

/** The largest absolute difference between two records of tensors. */
export const largestDifference = (a: Record_, b: Record_) =>
  Math.max(...Object.keys(a).map((k) => torch.scope(() => a[k]!.sub(b[k]!).abs().max().item() as number)));

async function main() {
  const argv = process.argv.slice(2);
  const option = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
  const count = option('--batches', 600);
  const k = option('--models', 4);
  torch.setNumThreads(option('--threads', torch.getNumThreads()));
  const train = await batches(count);
  console.log(`Fashion-MNIST, MLP 784-128-10, SGD lr ${LR} momentum ${MOMENTUM}, ${count} batches of 64`);

  const progress = new Progress('functional', count);
  const fn = trainFunctional(1, train, (loss) => progress.tick(`loss ${loss.toFixed(4)}`));
  progress.stop();
  const imperative = trainImperative(1, train);
  console.log(`functional style: test accuracy ${(100 * accuracy(fn.net, fn.params).ensemble).toFixed(2)}%`);
  console.log(`imperative style (nn + optim.SGD, same batches): largest parameter difference ${largestDifference(fn.params, func.parametersOf(imperative)).toExponential(2)}`);

  const seeds = Array.from({ length: k }, (_, i) => i + 1);
  const ensembleProgress = new Progress(`ensemble of ${k}`, count);
  const memberLosses: number[][] = seeds.map(() => []);
  const ensemble = trainEnsemble(seeds, train, (ls) => {
    ls.forEach((l, m) => memberLosses[m]!.push(l));
    ensembleProgress.tick(`losses ${ls.map((l) => l.toFixed(3)).join(' ')}`);
  });
  ensembleProgress.stop();
  const acc = accuracy(ensemble.net, ensemble.params, true);
  console.log(`ensemble of ${k} (one vmap per step): members ${acc.each.map((a) => `${(100 * a).toFixed(2)}%`).join(', ')}; averaged probabilities ${(100 * acc.ensemble).toFixed(2)}%`);
  const member0 = Object.fromEntries(Object.entries(ensemble.params).map(([name, t]) => [name, t.select(0, 0)]));
  console.log(`ensemble member 1 vs the same seed trained alone: largest parameter difference ${largestDifference(member0, fn.params).toExponential(2)}`);
  // The ensemble members' training losses (means of 20 batches); member 1 is the functional run above, to rounding.
  const width = 20;
  const series = Object.fromEntries(memberLosses.map((l, m) => [`member ${m + 1}`, windowMeans(l, width)]));
  const chart = torch.viz.lineChart(series, {
    x: 'batch', y: 'cross-entropy', xValues: windowMeans(memberLosses[0]!, width).map((_, i) => (i + 1) * width),
    title: `An ensemble of ${k} trained in one vmap per step (averaged: ${(100 * acc.ensemble).toFixed(2)}%; member 1 is the functional run)`,
  });
  console.log(`training losses: ${await torch.viz.savePlot(chart, 'build/functional-losses.png')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
