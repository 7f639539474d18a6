// Trains the character-level language model on the text in data/input.txt
// (tiny-shakespeare) for a time budget, with a progress bar: truncated
// backpropagation through time (the state carried across batches, detached),
// gradient clipping at norm 1, Adam 2e-3. Reports the validation loss in
// nats and bits per character, prints generated text and saves a checkpoint
// Python's torch.load reads.
//
//   npm start                                  five minutes of training
//   npm start -- --seconds 60 --text my.txt --temperature 0.6
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import * as torch from 'typed-torch';
import { CharLM, type Ids, type State } from './model.js';

const { data, optim } = torch;
const F = torch.nn.functional;

/** Mean cross entropy of the next character, over scores [B, T, V] and targets [B, T]. */
export function nextCharLoss(scores: torch.Tensor<['B', 'T', number], 'float32', 'cpu'>, targets: Ids): torch.Tensor<[], 'float32', 'cpu'> {
  return F.crossEntropy(scores.flatten(0, 1), targets.flatten());
}

/** One step of truncated BPTT: returns the loss and the detached state for the next batch. */
export function step(model: CharLM, opt: torch.optim.Optimizer<object>, x: Ids, y: Ids, state: State | null): [loss: number, state: State] {
  return torch.scope(() => {
    const [scores, next] = model.forward(x, state);
    const loss = nextCharLoss(scores, y);
    opt.zeroGrad();
    loss.backward();
    optim.clipGradNorm(model.parameters(), 1.0);
    opt.step();
    // The state outlives this scope: the next batch starts from it.
    return [loss.item(), [torch.keep(next[0].detach()), torch.keep(next[1].detach())]];
  });
}

const dispose = (state: State | null) => state?.forEach((t) => t.dispose());

/** Nats per character over a whole text, read in the training batches' layout. */
export function evaluate(model: CharLM, ids: torch.Tensor<[number], 'int64', 'cpu'>): number {
  model.eval();
  let total = 0;
  let count = 0;
  let state: State | null = null;
  for (const { x, y } of new data.BpttBatches(ids, 32, 64)) {
    const [loss, next] = torch.noGrad(() => torch.scope(() => {
      const [scores, s] = model.forward(x, state);
      return [nextCharLoss(scores, y).item() * y.numel(), [torch.keep(s[0]), torch.keep(s[1])] as State] as const;
    }));
    dispose(state);
    state = next;
    total += loss;
    count += y.numel();
  }
  dispose(state);
  model.train();
  return total / count;
}

/** `length` characters after `prompt`, each drawn from softmax(scores / temperature); the same seed gives the same text. */
export function sample(model: CharLM, vocab: torch.data.CharVocab, prompt: string, length: number, temperature = 0.8, seed = 1): string {
  const generator = new torch.Generator(seed);
  model.eval();
  let text = prompt;
  torch.noGrad(() => torch.scope(() => {
    let [scores, state] = model.forward(torch.assertShape(vocab.encode(prompt).view([1, -1]), ['B', 'T']));
    for (let i = 0; i < length; i++) {
      const next = torch.multinomial(scores.select(1, -1).div(temperature).softmax(-1), 1, { generator });
      text += vocab.decode(next.view([-1]));
      [scores, state] = model.forward(torch.assertShape(next, ['B', 'T']), state);
    }
  }));
  generator.dispose();
  model.train();
  return text;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      text: { type: 'string', default: 'data/input.txt' },
      seconds: { type: 'string', default: '300' },
      seed: { type: 'string', default: '1' },
      temperature: { type: 'string', default: '0.8' },
      out: { type: 'string', default: 'char-lm.pt' },
    },
  });
  torch.manualSeed(Number(values.seed));
  const { vocab, train, val } = data.charCorpus(readFileSync(values.text!, 'utf8'));
  const model = new CharLM(vocab.size);
  const opt = new optim.Adam(model.parameters(), { lr: 2e-3 });
  const budget = Number(values.seconds);
  console.log(`training an LSTM of ${model.numParameters().toLocaleString('en')} parameters on ${train.shape[0]!.toLocaleString('en')} characters (${vocab.size} distinct) for ${budget} s`);
  const bar = new SingleBar({ format: 'training [{bar}] {value}/{total} s | loss {loss}', noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
  bar.start(budget, 0, { loss: '-' });
  const started = performance.now();
  let state: State | null = null;
  let steps = 0;
  for (let elapsed = 0; elapsed < budget;) {
    for (const { x, y } of new data.BpttBatches(train, 32, 64)) {
      const [loss, next] = step(model, opt, x, y, state);
      dispose(state);
      state = next;
      steps++;
      elapsed = (performance.now() - started) / 1000;
      bar.update(Math.min(Math.floor(elapsed), budget), { loss: loss.toFixed(3) });
      if (elapsed >= budget) break;
    }
    dispose(state);
    state = null; // a new pass over the text starts from a zero state
  }
  bar.stop();
  const nats = evaluate(model, val);
  console.log(`${steps} steps: validation ${nats.toFixed(3)} nats (${(nats / Math.LN2).toFixed(3)} bits) per character`);
  console.log(`\n${sample(model, vocab, 'ROMEO:', 400, Number(values.temperature))}\n`);
  torch.save(model.stateDict(), values.out!);
  console.log(`saved ${values.out} (Python: torch.load('${values.out}'))`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
