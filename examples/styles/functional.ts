// The functional style: the model is a pure function of its parameters
// (functionalCall), the gradient a function of the loss (func.gradAndValue),
// and a training step a function from the old state (parameters and
// momenta, typed records) to the new one. Which parameters decay is read off
// the record's type: the lens-like part, a typed path into the parameter
// tree in place of a name matched as a string.
import * as torch from 'typed-torch';
import { BATCH_SIZE, LR, MEAN, MOMENTUM, STD, WEIGHT_DECAY, network, type Images, type Labels, type Net, type Params } from './model.ts';

const { data, func } = torch;
const F = torch.nn.functional;

// style: functional
/** The training state: the parameters and their momenta, records of the same type. */
export interface State { params: Params; velocity: Params | null }

/** The paths of the weights, read off the type: '1.weight' | '3.weight'. */
type WeightPath = Extract<keyof Params, `${string}.weight`>;
/** The parameters that decay: every weight must be listed, and nothing else may be. */
const DECAYS: Record<WeightPath, true> = { '1.weight': true, '3.weight': true };

/** The mean cross-entropy of the network with parameters `p` on a batch. */
export const lossOf = (net: Net) => (p: Params, x: Images, y: Labels) => F.crossEntropy(func.functionalCall(net, p, x), y);

/** SGD with momentum as torch.optim.SGD computes it, from the old state to the new one. */
export function sgd({ params, velocity }: State, grads: Params): State {
  const [p, old] = [func.leaves(params), velocity && func.leaves(velocity)];
  const d = func.mapTree(grads, (g, i, path) => (path in DECAYS ? g.add(p[i]!, { alpha: WEIGHT_DECAY }) : g));
  const v = old === null ? d : func.mapTree(d, (di, i) => old[i]!.mul(MOMENTUM).add(di));
  const vs = func.leaves(v);
  return { params: func.mapTree(params, (pi, i) => pi.sub(vs[i]!, { alpha: LR })), velocity: v };
}

/** The starting state: copies of a fresh network's parameters (the module keeps its own), no momenta yet. */
export const initialState = (net: Net): State => ({ params: torch.noGrad(() => func.mapTree(func.tensorsOf(net), (p) => p.clone())), velocity: null });

/** A training step for `net`: the new state from the old one (whose tensors it frees) and a batch. */
export function stepOf(net: Net): (state: State, x: Images, y: Labels) => State {
  const gradient = func.gradAndValue(lossOf(net));
  return (state, x, y) => {
    const next = torch.scope(() => {
      const [grads] = gradient(state.params, x, y);
      return torch.noGrad(() => sgd(state, grads));
    });
    for (const t of func.leaves(state)) t.dispose();
    return next;
  };
}

export async function trainFunctional(steps: number, seed: number, train = data.fashionMnist()): Promise<{ net: Net; params: Params }> {
  torch.manualSeed(seed);
  const net = network();
  const update = stepOf(net);
  let state = initialState(net);
  const loader = new data.DataLoader(train, { batchSize: BATCH_SIZE, shuffle: true });
  let step = 0;
  for await (const { images, labels } of loader) {
    if (step++ === steps) break;
    state = torch.scope(() => update(state, images.to('float32').div(255).sub(MEAN).div(STD), labels));
  }
  return { net, params: state.params };
}
// end
