// Trains the GCN on a Planetoid citation graph (Cora or CiteSeer, shipped
// with typed-torch, with the standard split) as the paper does: Adam 0.01,
// weight decay 5e-4 on the first layer, 200 full-batch epochs; reports the
// test accuracy at the epoch of best validation accuracy and saves the model.
//
//   npm start
//   npm start -- --dataset citeseer --epochs 100 --seed 1 --out gcn.pt
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import * as torch from 'typed-torch';
import { GCN, accuracy } from './model.js';

/** One full-batch step on the labelled nodes; returns the loss. */
export function step(model: GCN<number, number>, opt: torch.optim.Optimizer<object>, data: torch.geometric.NodeClassification): number {
  return torch.scope(() => {
    model.train();
    const logits = model.forward(data.x, data.edges);
    const loss = torch.nn.functional.crossEntropy(logits.indexSelect(0, data.trainIndex), data.y.indexSelect(0, data.trainIndex));
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return Number(loss.item());
  });
}

export function train(data: torch.geometric.NodeClassification, epochs: number, seed: number, progress = false) {
  torch.manualSeed(seed);
  const model = new GCN(data.x.shape[1]!, data.numClasses);
  const opt = new torch.optim.Adam([
    { params: model.conv1.parameters(), weightDecay: 5e-4 },
    { params: model.conv2.parameters(), weightDecay: 0 },
  ], { lr: 0.01 });
  const bar = progress ? new SingleBar({ format: 'GCN [{bar}] {value}/{total} epochs | loss {loss} | val {val}', noTTYOutput: true, notTTYSchedule: 5000 }, Presets.rect) : null;
  bar?.start(epochs, 0, { loss: '-', val: '-' });
  let best = { val: -1, test: 0, epoch: 0 };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const loss = step(model, opt, data);
    torch.noGrad(() => torch.scope(() => {
      model.eval();
      const logits = model.forward(data.x, data.edges);
      const val = accuracy(logits, data.y, data.valIndex);
      if (val > best.val) best = { val, test: accuracy(logits, data.y, data.testIndex), epoch };
      bar?.update(epoch, { loss: loss.toFixed(3), val: `${(100 * val).toFixed(1)}%` });
    }));
  }
  bar?.stop();
  return { model, ...best };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { dataset: { type: 'string', default: 'cora' }, epochs: { type: 'string', default: '200' }, seed: { type: 'string', default: '0' }, out: { type: 'string', default: 'gcn.pt' } } });
  if (values.dataset !== 'cora' && values.dataset !== 'citeseer') throw new Error(`--dataset must be cora or citeseer, got ${values.dataset}`);
  const data = torch.geometric.planetoid(values.dataset, { normalizeFeatures: true });
  console.log(`${values.dataset}: ${data.x.shape[0]} nodes, ${data.edges.numEdges / 2} edges, ${data.x.shape[1]} features, ${data.numClasses} classes`);
  const { model, val, test, epoch } = train(data, Number(values.epochs), Number(values.seed), true);
  console.log(`test accuracy ${(100 * test).toFixed(1)}% (best validation ${(100 * val).toFixed(1)}% at epoch ${epoch})`);
  torch.save(model.stateDict(), values.out);
  console.log(`saved ${values.out}`);
}
