// What an attention layer looks at: a one-head nn.MultiheadAttention learns
// to reverse sequences of 8 digits, and its attention weights, drawn with
// torch.viz.attentionMap, show how: output position i reads input position
// 7 - i, an anti-diagonal. The queries are the output positions alone, so
// the only way to the answer is through the attention weights; the keys
// and values carry each input digit with its position.
//
//   npm run example:attention [-- --steps 200] [--out build/attention]
import * as torch from 'typed-torch';

const { nn, optim, viz } = torch;
const F = nn.functional;

export const LENGTH = 8;
export const DIGITS = 10;
const WIDTH = 32;

type Ids = torch.Tensor<['B', 8], 'int64', 'cpu'>;

/** Reverses [B, 8] digit sequences: logits [B, 8, 10], and the attention weights [B, 8, 8] (output position by input position). */
export class Reverser extends nn.Module {
  readonly digit = this.child('digit', new nn.Embedding(DIGITS, WIDTH));
  readonly inputPosition = this.child('inputPosition', new nn.Embedding(LENGTH, WIDTH));
  readonly outputPosition = this.child('outputPosition', new nn.Embedding(LENGTH, WIDTH));
  readonly attention = this.child('attention', new nn.MultiheadAttention(WIDTH, 1, { batchFirst: true }));
  readonly head = this.child('head', new nn.Linear(WIDTH, DIGITS));

  forward(ids: Ids): [logits: torch.Tensor, weights: torch.Tensor] {
    const batch = ids.shape[0]!;
    const positions = torch.arange(LENGTH, { dtype: 'int64' }).unsqueeze(0).expand([batch, LENGTH]);
    const keys = this.digit.forward(ids).add(this.inputPosition.forward(positions)) as torch.Tensor;
    const queries = this.outputPosition.forward(positions) as torch.Tensor;
    const [read, weights] = this.attention.forward(queries as never, keys, keys);
    return [this.head.forward(read as never) as torch.Tensor, weights!];
  }
}

/** A batch of random digit sequences and their reversals. */
export function batchOf(size: number): { ids: Ids; reversed: Ids } {
  const ids = torch.randint(0, DIGITS, [size, LENGTH]) as unknown as Ids;
  return { ids, reversed: ids.flip([1]) as unknown as Ids };
}

/** Trains a Reverser with Adam; returns it with the loss of each step. */
export function train(steps: number, seed = 0): { model: Reverser; losses: number[] } {
  torch.manualSeed(seed);
  const model = new Reverser();
  const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    losses.push(torch.scope(() => {
      const { ids, reversed } = batchOf(64);
      const [logits] = model.forward(ids);
      const loss = F.crossEntropy(logits.reshape([-1, DIGITS]), reversed.reshape([-1]));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item() as number;
    }));
  }
  return { model, losses };
}

/** Share of sequences of a fresh batch reversed right in every position, and the mean attention weight on the anti-diagonal (input 7 - i for output i). */
export function evaluate(model: Reverser, size = 1000): { exact: number; antiDiagonal: number } {
  return torch.noGrad(() => torch.scope(() => {
    const { ids, reversed } = batchOf(size);
    const [logits, weights] = model.forward(ids);
    const exact = (logits.argmax(-1).eq(reversed).all(1).sum().item() as number) / size;
    const antiDiagonal = weights.flip([2]).diagonal(0, 1, 2).mean().item() as number;
    return { exact, antiDiagonal };
  }));
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

async function main() {
  const steps = Number(option('steps', '200'));
  const out = option('out', 'build/attention');
  const { model, losses } = train(steps);
  const { exact, antiDiagonal } = evaluate(model);
  console.log(`${steps} steps of 64 sequences: ${(100 * exact).toFixed(1)}% of 1,000 new sequences reversed exactly; mean attention weight on input 7 - i: ${antiDiagonal.toFixed(3)}`);
  torch.manualSeed(7);
  const example = batchOf(1);
  const digits = (example.ids.toArray() as number[][])[0]!.map(String);
  const [logits, weights] = torch.noGrad(() => model.forward(example.ids));
  const answer = (logits.argmax(-1).toArray() as number[][])[0]!.join(' ');
  const map = viz.attentionMap(weights.select(0, 0), {
    queries: digits.map((_, i) => `output ${i}`), keys: digits.map((d, i) => `${d} (${i})`),
    title: `Reversing ${digits.join(' ')}: the answer ${answer}`,
  });
  const curve = viz.lineChart({ train: losses }, { x: 'step', y: 'cross-entropy per digit', logY: true, title: 'Training loss' });
  const pictures = [await viz.savePlot(map, `${out}/attention.png`), await viz.savePlot(curve, `${out}/loss.png`)];
  const report = await viz.saveReport({
    title: 'One attention head learns to reverse sequences',
    settings: { steps, 'batch size': 64, optimizer: 'Adam, lr 3e-3', 'exactly reversed': `${(100 * exact).toFixed(1)}%`, 'mean weight on input 7 - i': antiDiagonal.toFixed(3) },
    sections: [
      { title: 'Attention weights of one sequence (rows: output positions; columns: input digits and their positions)', chart: map },
      { title: 'Training loss', chart: curve },
      { title: 'The model', text: String(model) },
    ],
  }, `${out}/report.html`);
  console.log(`pictures: ${pictures.join(', ')}; report of the run: ${report}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
