// The model: a character-level language model. An embedding of each
// character, an LSTM (libtorch's fused kernel) carrying its state across
// batches, and a linear head giving scores for the next character:
// characters [B, T] -> scores [B, T, vocab], each shape in the types.
import * as torch from 'typed-torch';

const { nn } = torch;
export type Ids = torch.Tensor<['B', 'T'], 'int64', 'cpu'>;
/** The LSTM's hidden and cell state, [layers, B, hidden] each. */
export type State = readonly [h: torch.Tensor<[number, 'B', number], 'float32', 'cpu'>, c: torch.Tensor<[number, 'B', number], 'float32', 'cpu'>];

export interface CharLMOptions {
  embedding?: number;
  hidden?: number;
  layers?: number;
}

export class CharLM extends nn.Module {
  readonly embed: torch.nn.Embedding;
  readonly rnn: torch.nn.LSTM<number, number, false, 0, true>;
  readonly head: torch.nn.Linear;

  constructor(readonly vocabSize: number, options: CharLMOptions = {}) {
    super();
    const embedding = options.embedding ?? 64;
    const hidden = options.hidden ?? 256;
    this.embed = this.child('embed', new nn.Embedding(vocabSize, embedding));
    this.rnn = this.child('rnn', new nn.LSTM(embedding, hidden, { numLayers: options.layers ?? 1, batchFirst: true }));
    this.head = this.child('head', new nn.Linear(hidden, vocabSize));
  }

  /** Next-character scores for each position, and the state to carry on with. */
  forward(x: Ids, state: State | null = null): [scores: torch.Tensor<['B', 'T', number], 'float32', 'cpu'>, state: State] {
    const [out, next] = this.rnn.forward(this.embed.forward(x), state);
    return [this.head.forward(out), next];
  }
}
