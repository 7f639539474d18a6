// The layers' forward types check what the constructor fixed: channels for
// batch and group norm, the normalized shape for layer norm, the input size
// for recurrent layers and cells, integer indices for Embedding, the
// convolution arithmetic for 1-D, 3-D and 'same'/'valid' padding, and the
// pooling arithmetic for every rank. Unknown dims never give an error.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

const { nn } = torch;
type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;
declare const maps: F32<['B', 16, 8, 8]>;
declare const seq: F32<['T', 'B', 16]>;
declare const tokens: torch.Tensor<['B', 'T'], 'int64', 'cpu'>;
declare const dynamic: F32<number[]>;

// Norms check the size they were built for.
expectType<F32<['B', 16, 8, 8]>>(new nn.BatchNorm2d(16).forward(maps));
expectError(new nn.BatchNorm2d(32).forward(maps));
expectError(new nn.BatchNorm1d(16).forward(maps)); // 4-D into BatchNorm1d
expectType<F32<number[]>>(new nn.BatchNorm2d(32).forward(dynamic));
expectType<F32<['T', 'B', 16]>>(new nn.LayerNorm(16).forward(seq));
expectError(new nn.LayerNorm(128).forward(seq));
expectType<F32<['B', 16, 8, 8]>>(new nn.LayerNorm([8, 8]).forward(maps));
expectError(new nn.LayerNorm([16, 8]).forward(maps));
expectType<F32<['B', 16, 8, 8]>>(new nn.GroupNorm(4, 16).forward(maps));
expectError(new nn.GroupNorm(4, 32).forward(maps));
expectType<F32<['B', 16, 8, 8]>>(new nn.InstanceNorm2d(16).forward(maps));

// Recurrent layers and cells check their input size.
expectType<F32<['T', 'B', 20]>>(new nn.LSTM(16, 20).forward(seq)[0]);
expectType<F32<['T', 'B', 40]>>(new nn.GRU(16, 20, { bidirectional: true }).forward(seq)[0]);
expectType<F32<['T', 'B', 5]>>(new nn.LSTM(16, 20, { projSize: 5 }).forward(seq)[0]);
expectError(new nn.LSTM(10, 20).forward(seq));
expectError(new nn.GRU(10, 20).forward(seq));
expectError(new nn.RNN(10, 20).forward(seq));
expectError(new nn.LSTMCell(10, 20).forward(torch.zeros([3, 16])));
new nn.GRUCell(16, 20).forward(torch.zeros([3, 16]));

// Embedding: integer indices in, the table's dtype out.
expectType<F32<['B', 'T', 32]>>(new nn.Embedding(100, 32).forward(tokens));
expectError(new nn.Embedding(100, 32).forward(maps));

// Convolutions of every rank, and 'same' / 'valid' padding.
declare const signal: F32<['B', 4, 50]>;
declare const volume: F32<['B', 2, 8, 16, 16]>;
expectType<F32<['B', 8, 46]>>(new nn.Conv1d(4, 8, 5).forward(signal));
expectType<F32<['B', 8, 50]>>(new nn.Conv1d(4, 8, 5, { padding: 'same' }).forward(signal));
expectType<F32<['B', 8, 46]>>(new nn.Conv1d(4, 8, 5, { padding: 'valid' }).forward(signal));
expectError(new nn.Conv1d(3, 8, 5, { padding: 'same' }).forward(signal));
expectType<F32<['B', 6, 6, 14, 14]>>(new nn.Conv3d(2, 6, 3).forward(volume));
expectType<F32<['B', 6, 4, 8, 8]>>(new nn.Conv3d(2, 6, 3, { stride: 2, padding: 1 }).forward(volume));
expectError(new nn.Conv3d(3, 6, 3).forward(volume));
expectType<F32<['B', 16, 8, 8]>>(new nn.Conv2d(16, 16, 3, { padding: 'same' }).forward(maps));

// Pooling of every rank.
expectType<F32<['B', 4, 25]>>(new nn.MaxPool1d(2).forward(signal));
expectType<F32<['B', 2, 4, 8, 8]>>(new nn.MaxPool3d(2).forward(volume));
expectType<F32<['B', 16, 4, 4]>>(new nn.AvgPool2d(2).forward(maps));
expectType<F32<['B', 4, 25]>>(new nn.AvgPool1d(2).forward(signal));
expectType<[F32<['B', 16, 4, 4]>, torch.Tensor<number[], 'int64', 'cpu'>]>(new nn.MaxPool2d(2, { returnIndices: true }).forward(maps));
expectType<F32<['B', 16, 4, 4]>>(new nn.MaxPool2d(3, { stride: 2, padding: 1 }).forward(maps));

// Activations and dropout keep the shape; losses are 0-d unless unreduced.
expectType<F32<['B', 16, 8, 8]>>(new nn.Hardswish().forward(maps));
expectType<F32<['B', 16, 8, 8]>>(new nn.ELU(0.5).forward(maps));
expectType<F32<['B', 16, 8, 8]>>(new nn.Dropout2d(0.1).forward(maps));
declare const logits: F32<['B', 10]>;
declare const labels: torch.Tensor<['B'], 'int64', 'cpu'>;
expectType<F32<[]>>(new nn.CrossEntropyLoss().forward(logits, labels));
expectType<F32<['B']>>(new nn.CrossEntropyLoss({ reduction: 'none' }).forward(logits, labels));
expectType<F32<[]>>(new nn.NLLLoss({ weight: torch.ones([10]) }).forward(logits, labels));
expectType<F32<[]>>(new nn.L1Loss().forward(logits, logits));

// Constructor arguments are Python's: a misspelt option is an error.
expectError(new nn.Conv2d(1, 2, 3, { strid: 2 }));
expectError(new nn.Dropout({ prob: 0.5 }));
expectError(new nn.MaxPool2d(2, { ceil: true }));

// Attention and the Transformer keep the query's (target's) shape.
declare const tokens3: F32<['T', 'B', 16]>;
expectType<F32<['T', 'B', 16]>>(new nn.MultiheadAttention(16, 4).forward(tokens3, tokens3, tokens3)[0]);
expectType<F32<['T', 'B', 16]>>(new nn.TransformerEncoderLayer(16, 4).forward(tokens3));
expectType<F32<['T', 'B', 16]>>(new nn.TransformerDecoderLayer(16, 4).forward(tokens3, tokens3));
expectType<F32<['T', 'B', 16]>>(new nn.Transformer({ dModel: 16, nhead: 4, numEncoderLayers: 1, numDecoderLayers: 1 }).forward(tokens3, tokens3));

// Final states: [layers · directions, N, hidden] (N from dim 1, or dim 0 batch first).
declare const seqBF: F32<['B', 'T', 16]>;
expectType<F32<[number, 'B', 20]>>(new nn.GRU(16, 20, { numLayers: 2 }).forward(seq)[1]);
expectType<F32<[number, 'B', 20]>>(new nn.GRU(16, 20, { batchFirst: true }).forward(seqBF)[1]);
expectType<F32<['B', 'T', 20]>>(new nn.GRU(16, 20, { batchFirst: true }).forward(seqBF)[0]);
const [, [hN, cN]] = new nn.LSTM(16, 20, { projSize: 5 }).forward(seq);
expectType<F32<[number, 'B', 5]>>(hN);
expectType<F32<[number, 'B', 20]>>(cN);
expectType<F32<[number, 20]>>(new nn.RNN(16, 20).forward(torch.zeros([7, 16]))[1]);

// Attention layers check the feature size they were built for.
expectError(new nn.MultiheadAttention(32, 4).forward(tokens3, tokens3, tokens3));
expectError(new nn.TransformerEncoderLayer(32, 4).forward(tokens3));
expectError(new nn.TransformerDecoderLayer(32, 4).forward(tokens3, tokens3));
