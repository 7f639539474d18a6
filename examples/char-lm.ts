// A character-level language model on tiny-shakespeare: an embedding, an
// LSTM (libtorch's fused kernel through nn.LSTM; --cell gru for a GRU) and a
// linear head over the 65 characters. Trained with truncated
// backpropagation through time (the hidden state carried across batches,
// detached), gradient clipping and Adam; validation loss in nats and bits
// per character; temperature sampling.
//
//   npm run example:char-lm -- [--budget SECONDS] [--cell lstm|gru] [--layers N] [--hidden N]
//
// Writes build/char-lm.pt and build/char-lm-loss.png (training and validation loss).
// The recipe of bench/char_lm.py (its Python twin): embedding 64, 1 x 256
// LSTM, sequences of 64, batches of 32, Adam 2e-3, clipping at norm 1, seed 1.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as torch from 'typed-torch';
import { Progress } from './lib/progress.ts';
import { windowMeans } from './lib/curves.ts';

const { nn, optim, data } = torch;
const F = nn.functional;
type Ids = torch.Tensor<['B', 'T'], 'int64', 'cpu'>;
type State = [torch.Tensor, torch.Tensor] | torch.Tensor;

export const TEXT = fileURLToPath(new URL('../data/tinyshakespeare/input.txt', import.meta.url));

export interface CharLMOptions {
  cell?: 'lstm' | 'gru';
  layers?: number;
  hidden?: number;
  embedding?: number;
}

/** Characters [B, T] to next-character scores [B, T, vocab], carrying the recurrent state. */
export class CharLM extends nn.Module {
  readonly embed: torch.nn.Embedding;
  readonly rnn: torch.nn.LSTM | torch.nn.GRU;
  readonly head: torch.nn.Linear;
  readonly cell: 'lstm' | 'gru';

  constructor(readonly vocabSize: number, options: CharLMOptions = {}) {
    super();
    const e = options.embedding ?? 64;
    const h = options.hidden ?? 256;
    const layers = options.layers ?? 1;
    this.cell = options.cell ?? 'lstm';
    // Built in the twin's order, so one seed gives both the same weights.
    this.embed = this.child('embed', new nn.Embedding(vocabSize, e));
    this.rnn = this.child('rnn', this.cell === 'gru' ? new nn.GRU(e, h, { numLayers: layers, batchFirst: true }) : new nn.LSTM(e, h, { numLayers: layers, batchFirst: true }));
    this.head = this.child('head', new nn.Linear(h, vocabSize));
  }

  forward(x: Ids, state: State | null = null): [logits: torch.Tensor<['B', 'T', number], 'float32', 'cpu'>, state: State] {
    const emb = this.embed.forward(x);
    const [out, next] = this.rnn instanceof nn.LSTM
      ? this.rnn.forward(emb, state as [torch.Tensor, torch.Tensor] | null)
      : (this.rnn as torch.nn.GRU).forward(emb, state as torch.Tensor | null);
    return [this.head.forward(out) as never, next as State];
  }
}

const detach = (s: State): State => (Array.isArray(s) ? [s[0].detach(), s[1].detach()] : s.detach());
/** The state outlives the step's scope: it is carried to the next batch (and freed after it). */
const keepState = (s: State): State => (Array.isArray(s) ? [torch.keep(s[0]), torch.keep(s[1])] : torch.keep(s));
const dispose = (s: State | null): void => {
  if (s) for (const t of Array.isArray(s) ? s : [s]) t.dispose();
};

/** Mean cross entropy (nats per character) over the whole of `ids`, in batches like training's. */
export function evaluate(model: CharLM, ids: torch.Tensor<[number], 'int64', 'cpu'>, batchSize = 32, seqLen = 64): number {
  model.eval();
  let total = 0;
  let count = 0;
  let state: State | null = null;
  for (const { x, y } of new data.BpttBatches(ids, batchSize, seqLen)) {
    const [loss, next] = torch.noGrad(() => torch.scope(() => {
      const [logits, s] = model.forward(x, state);
      return [F.crossEntropy(logits.reshape([-1, model.vocabSize]), y.reshape([-1]), { reduction: 'sum' }).item() as number, keepState(s)] as const;
    }));
    dispose(state);
    state = next;
    total += loss;
    count += x.shape[0]! * x.shape[1]!;
  }
  dispose(state);
  model.train();
  return total / count;
}

/** `length` characters drawn one at a time after `prompt`, from softmax(logits / temperature). */
export function sample(model: CharLM, vocab: torch.data.CharVocab, prompt: string, length: number, temperature = 0.8, seed = 1): string {
  const generator = new torch.Generator(seed);
  model.eval();
  let text = prompt;
  torch.noGrad(() => torch.scope(() => {
    let [logits, state] = model.forward(vocab.encode(prompt).view([1, -1]) as never);
    for (let i = 0; i < length; i++) {
      const last = logits.select(1, -1).div(temperature).softmax(-1);
      const next = torch.multinomial(last, 1, { generator });
      text += vocab.decode(next.view([-1]));
      [logits, state] = model.forward(next as never, state);
    }
  }));
  generator.dispose();
  model.train();
  return text;
}

export interface TrainOptions extends CharLMOptions {
  /** Training time in seconds (evaluation excluded). */
  budget?: number;
  /** Seconds of training between validations. */
  evalEvery?: number;
  /** Stop after this many steps (a short run). */
  steps?: number;
  seed?: number;
  log?: (line: string) => void;
}

export function trainCharLM(options: TrainOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  torch.manualSeed(options.seed ?? 1);
  const { vocab, train, val } = data.charCorpus(readFileSync(TEXT, 'utf8'));
  const model = new CharLM(vocab.size, options);
  const opt = new optim.Adam(model.parameters(), { lr: 2e-3 });
  const budget = (options.budget ?? 360) * 1000;
  const every = (options.evalEvery ?? 90) * 1000;
  log(`training a ${options.layers ?? 1}x${options.hidden ?? 256} ${model.cell.toUpperCase()} (${model.numParameters().toLocaleString('en')} parameters) on ${train.shape[0]!.toLocaleString('en')} characters`);
  const points: { seconds: number; steps: number; val: number; bpc: number; msPerStep: number }[] = [];
  const losses: number[] = [];
  let trained = 0;
  let steps = 0;
  let nextEval = every;
  let state: State | null = null;
  const batches = new data.BpttBatches(train, 32, 64);
  const progress = new Progress('training (seconds)', Math.round(budget / 1000));
  let shownSeconds = 0;
  outer: for (;;) {
    state = null;
    for (const { x, y } of batches) {
      const t0 = performance.now();
      const [loss, next] = torch.scope(() => {
        const [logits, s] = model.forward(x, state);
        const l = F.crossEntropy(logits.reshape([-1, vocab.size]), y.reshape([-1]));
        opt.zeroGrad();
        l.backward();
        optim.clipGradNorm(model.parameters(), 1.0);
        opt.step();
        return [l.item() as number, keepState(detach(s))] as const;
      });
      dispose(state);
      state = next;
      trained += performance.now() - t0;
      steps++;
      losses.push(loss);
      const shown = Math.min(Math.floor(trained / 1000), Math.round(budget / 1000));
      if (shown > shownSeconds) {
        progress.tick(`loss ${loss.toFixed(3)}`, shown - shownSeconds);
        shownSeconds = shown;
      }
      if (options.steps !== undefined && steps >= options.steps) break outer;
      if (trained >= nextEval || trained >= budget) {
        const v = evaluate(model, val);
        points.push({ seconds: trained / 1000, steps, val: v, bpc: v / Math.LN2, msPerStep: trained / steps });
        log(`\n${(trained / 1000).toFixed(0)} s, ${steps} steps: validation ${v.toFixed(3)} nats (${(v / Math.LN2).toFixed(3)} bits) per character, ${(trained / steps).toFixed(1)} ms/step`);
        nextEval += every;
        if (trained >= budget) break outer;
      }
    }
  }
  progress.stop();
  dispose(state);
  return { model, vocab, val, points, losses };
}

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const settings = {
    budget: Number(flag('--budget') ?? 360),
    evalEvery: Number(flag('--eval-every') ?? 90),
    cell: flag('--cell') === 'gru' ? ('gru' as const) : ('lstm' as const),
    layers: Number(flag('--layers') ?? 1),
    hidden: Number(flag('--hidden') ?? 256),
  };
  const { model, vocab, points, losses } = trainCharLM(settings);
  const text = sample(model, vocab, 'ROMEO:', 400);
  console.log(`\n--- sample (temperature 0.8, seed 1) ---\n${text}`);
  mkdirSync('build', { recursive: true });
  torch.save(model.stateDict(), 'build/char-lm.pt');
  console.log('\ncheckpoint saved to build/char-lm.pt (loads in Python with torch.load)');
  // The training loss (means of 50 steps) and the validation loss at each evaluation, in nats per character.
  const every = 50;
  const smoothed = windowMeans(losses, every);
  const xs = [...smoothed.map((_, i) => (i + 1) * every), ...points.map((p) => p.steps)];
  const series = { training: [...smoothed, ...points.map(() => NaN)], validation: [...smoothed.map(() => NaN), ...points.map((p) => p.val)] };
  const chart = torch.viz.lineChart(series, { x: 'step', y: 'nats per character', xValues: xs, title: `Character-level ${settings.cell.toUpperCase()} on tiny-shakespeare` });
  const path = await torch.viz.savePlot(chart, 'build/char-lm-loss.png');
  console.log(`loss curves drawn in ${path}`);
  const last = points.at(-1);
  const report = await torch.viz.saveReport({
    title: `A character-level ${settings.cell.toUpperCase()} on tiny-shakespeare: a training run`,
    settings: {
      cell: settings.cell, layers: settings.layers, hidden: settings.hidden, 'time budget (s)': settings.budget, steps: last?.steps ?? losses.length,
      ...(last ? { 'validation (nats per character)': last.val.toFixed(3), 'validation (bits per character)': last.bpc.toFixed(3), 'ms per step': last.msPerStep.toFixed(1) } : {}),
    },
    sections: [
      { title: 'Loss per character', chart },
      { title: "A sample (temperature 0.8, seed 1), from 'ROMEO:'", text },
      { title: 'The model', text: String(model) },
    ],
  }, 'build/char-lm-report.html');
  console.log(`report of the run: ${report}`);
}
