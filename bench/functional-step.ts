// bench/functional-step: one training step of the Fashion-MNIST MLP of
// docs/functional.md (batch 64, SGD with momentum and weight decay on the
// weights) in the imperative style (module, backward, optim.SGD) and in the
// functional style (func.gradAndValue over functionalCall, SGD on records),
// and the same two in Python (torch.optim; functorch.grad_and_value over
// functional_call) on the same libtorch, in the same run: what the
// functional style costs here and what it costs in PyTorch.
//
//   npm run bench:functional-step [-- --steps 200] [--repeats 5] [--threads 1]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { BATCH_SIZE, LR, MOMENTUM, WEIGHT_DECAY, network, type Images, type Labels } from '../examples/styles/model.ts';
import { initialState, stepOf, type State } from '../examples/styles/functional.ts';
import { options } from './lib/options.ts';

const PYTHON = '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));
const { steps, repeats, threads } = options({ steps: 200, repeats: 5, threads: 1 });
torch.setNumThreads(threads);

const F = torch.nn.functional;
const test = torch.data.fashionMnist({ split: 'test' });
const x = torch.keep(test.tensors.images.narrow(0, 0, BATCH_SIZE).to('float32').div(255)) as unknown as Images;
const y = torch.keep(test.tensors.labels.narrow(0, 0, BATCH_SIZE)) as unknown as Labels;

/** The best of `repeats` runs of `steps` steps, in ms per step. */
function bestMsPerStep(step: () => void): number {
  let best = Infinity;
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    if (r > 0) best = Math.min(best, (performance.now() - t0) / steps); // run 0 warms up
  }
  return best;
}

torch.manualSeed(1);
const net = network();
const named = net.namedParameters();
const opt = new torch.optim.SGD([
  { params: named.filter(([n]) => n.endsWith('.weight')).map(([, p]) => p), weightDecay: WEIGHT_DECAY },
  { params: named.filter(([n]) => n.endsWith('.bias')).map(([, p]) => p) },
], { lr: LR, momentum: MOMENTUM });
const imperativeMs = bestMsPerStep(() => torch.scope(() => {
  opt.zeroGrad();
  F.crossEntropy(net.forward(x), y).backward();
  opt.step();
}));

const update = stepOf(net);
let state: State = initialState(net);
const functionalMs = bestMsPerStep(() => {
  state = torch.scope(() => update(state, x, y));
});

const py = JSON.parse(execFileSync(PYTHON, [`${here}functional_step.py`, String(threads), String(BATCH_SIZE), String(steps), String(repeats)], { encoding: 'utf8' })) as { imperative_ms: number; functional_ms: number };
console.log(`one training step, Fashion-MNIST MLP 784-128-10, batch ${BATCH_SIZE}, ${threads} thread(s), best of ${repeats} runs of ${steps} steps`);
console.log(`                 imperative   functional   functional / imperative`);
console.log(`  typed-torch    ${imperativeMs.toFixed(3)} ms     ${functionalMs.toFixed(3)} ms     ${(functionalMs / imperativeMs).toFixed(2)}x`);
console.log(`  PyTorch        ${py.imperative_ms.toFixed(3)} ms     ${py.functional_ms.toFixed(3)} ms     ${(py.functional_ms / py.imperative_ms).toFixed(2)}x`);
console.log(`  typed-torch / PyTorch: imperative ${(imperativeMs / py.imperative_ms).toFixed(2)}x, functional ${(functionalMs / py.functional_ms).toFixed(2)}x`);
