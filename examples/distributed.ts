// Data-parallel training of the Fashion-MNIST classifiers on PyTorch's own
// distributed engine (c10d over gloo): each rank trains a replica on its
// share of every batch, DistributedDataParallel averages the gradients, and
// all replicas step alike. Start it with the launcher:
//
//   npx typed-torch run --nproc 2 examples/distributed.ts [--model mlp|cnn] [--steps N] [--batch B] [--save PATH] [--no-dropout]
//   tsx examples/distributed.ts --plain ...      one process, no process group: the same training, for comparison
//
// --batch is the global batch (default 64): each of N ranks takes B/N
// examples of it. The DistributedSampler gives rank r the examples r, r+N,
// r+2N, ... of one shuffled order (seeded alike on every rank), so a step's
// ranks together see exactly the batch a one-process run sees, and with SGD
// the replicas end where that run ends (to rounding). --save writes each
// rank's parameters to PATH.rank<R>.pt (with --plain, PATH.plain.pt).
// --no-dropout turns the CNN's dropout off: each rank draws its own masks,
// so only without dropout can a run equal a one-process run.
import { parseArgs } from 'node:util';
import * as torch from 'typed-torch';
import { cnn, mlp, prepare } from './fashion-mnist.ts';
import { Progress } from './lib/progress.ts';

const { data, nn, optim, distributed: dist } = torch;
const F = nn.functional;

export interface DistributedRunOptions {
  model: 'mlp' | 'cnn';
  steps: number;
  /** The global batch: the sum of the ranks' batches. */
  batch: number;
  /** One process, no process group, no DistributedDataParallel. */
  plain: boolean;
  dropout: boolean;
  save?: string;
  seed: number;
}

export async function trainDistributed(o: DistributedRunOptions): Promise<{ rank: number; worldSize: number; losses: number[]; seconds: number }> {
  if (!o.plain) await dist.initProcessGroup({ timeout: 60_000 });
  const rank = o.plain ? 0 : dist.getRank();
  const worldSize = o.plain ? 1 : dist.getWorldSize();
  if (o.batch % worldSize !== 0) throw new RangeError(`--batch ${o.batch} does not split evenly over ${worldSize} ranks`);
  torch.manualSeed(o.seed);
  const model = o.model === 'cnn' ? cnn() : mlp();
  if (!o.dropout) for (const m of model.modules()) if (m instanceof nn.Dropout) m.eval();
  // The replica every rank trains; without a group, the model itself.
  const net = o.plain ? model : new dist.DistributedDataParallel(model);
  const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const train = data.fashionMnist({ split: 'train' });
  const sampler = new dist.DistributedSampler(train, { numReplicas: worldSize, rank, seed: o.seed });
  const loader = new data.DataLoader(train, {
    batchSize: o.batch / worldSize,
    sampler,
    transform: ({ images, labels }: torch.data.MnistItem) => ({ x: prepare(images), y: labels }),
  });
  const steps = Math.min(o.steps, loader.length);
  const progress = rank === 0 ? new Progress(`${worldSize} rank${worldSize > 1 ? 's' : ''}, ${o.model}`, steps) : undefined;
  const losses: number[] = [];
  const started = performance.now();
  let step = 0;
  for await (const { x, y } of loader) {
    if (step++ === steps) break;
    const loss = torch.scope(() => {
      opt.zeroGrad();
      const l = F.nllLoss(net.forward(x), y);
      l.backward();
      opt.step();
      return l.item() as number;
    });
    losses.push(loss);
    progress?.tick(`loss ${loss.toFixed(4)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  if (o.save) await torch.save(model.stateDict(), `${o.save}.${o.plain ? 'plain' : `rank${rank}`}.pt`);
  if (!o.plain) dist.destroyProcessGroup();
  return { rank, worldSize, losses, seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'mlp' },
      steps: { type: 'string', default: '200' },
      batch: { type: 'string', default: '64' },
      save: { type: 'string' },
      plain: { type: 'boolean', default: false },
      'no-dropout': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
    },
  });
  if (values.model !== 'mlp' && values.model !== 'cnn') throw new RangeError(`--model must be mlp or cnn, got ${values.model}`);
  const r = await trainDistributed({
    model: values.model,
    steps: Number(values.steps),
    batch: Number(values.batch),
    plain: values.plain,
    dropout: !values['no-dropout'],
    save: values.save,
    seed: Number(values.seed),
  });
  const last = r.losses.slice(-10);
  console.log(
    `rank ${r.rank} of ${r.worldSize}: ${r.losses.length} steps in ${r.seconds.toFixed(1)} s ` +
      `(${((r.losses.length * Number(values.batch)) / r.seconds).toFixed(0)} examples/s over all ranks); ` +
      `mean loss of the last ${last.length} steps ${(last.reduce((a, b) => a + b, 0) / last.length).toFixed(4)}`,
  );
}
