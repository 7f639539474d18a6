// Wrong programs: each line must fail with the message in programs.golden.txt.
// (Checked by scripts/check-type-errors.mjs; `--update` rewrites the golden file.)
import * as torch from 'typed-torch';

const a = torch.zeros([2, 3]);
const img = torch.zeros([64, 1, 28, 28]);
declare const batch: torch.Tensor<['B', 784], 'float32', 'cpu'>;

export const e1 = a.matmul(torch.zeros([4, 5]));
export const e2 = a.add(torch.zeros([4]));
export const e3 = a.reshape([9]);
export const e4 = torch.conv2d(torch.zeros([1, 1, 3, 3]), torch.zeros([1, 1, 5, 5]));
export const e5 = torch.conv2d(img, torch.zeros([32, 3, 3, 3]));
export const e6 = torch.linear(batch, torch.zeros([10, 783]));
export const e7 = torch.mm(a, a);
export const e8 = a.sum(2);
export const e9 = torch.cat([a, torch.zeros([2, 4])]);
export const e10 = a.permute([0, 0]);
export const e11 = torch.maxPool2d(torch.zeros([1, 1, 2, 2]), 3);
export const e12 = a.add(torch.zeros([2, 3], { device: 'meta' }));
export const e13 = torch.zeros([3, 2]).expand([3, 4]);
export const e14 = a.view([4, -1]);
export const e15 = torch.bmm(torch.zeros([7, 2, 3]), torch.zeros([6, 3, 4]));

// Composition: the message names the layer that does not fit.
export const e16 = torch.nn.sequential(new torch.nn.Flatten(), new torch.nn.Linear(784, 100), new torch.nn.ReLU(), new torch.nn.Linear(10, 5)).forward(torch.zeros([8, 1, 28, 28]));
export const e17 = torch.nn.sequential(new torch.nn.Conv2d(1, 32, 3), new torch.nn.MaxPool2d(2), new torch.nn.Linear(5408, 10)).forward(img);

// Indexing: a literal index out of range, or not an index at all.
export const e18 = a.index(0, 3);
export const e19 = a.index('1-2');

// Checks of what PyTorch refuses: a dim past the rank, a window past the end,
// t() of a 3-D tensor (on the receiver), the mean of integers, ragged data.
const cube = torch.zeros([2, 3, 4]);
export const e20 = cube.softmax(3);
export const e21 = cube.narrow(1, 2, 5);
export const e22 = cube.t();
export const e23 = torch.zeros([2, 3], { dtype: 'int64' }).mean();
export const e24 = torch.tensor([[1, 2], [3]]);

// Layers check what their constructor fixed.
declare const maps: torch.Tensor<['B', 16, 8, 8], 'float32', 'cpu'>;
declare const seq: torch.Tensor<['T', 'B', 16], 'float32', 'cpu'>;
export const e25 = new torch.nn.BatchNorm2d(32).forward(maps);
export const e26 = new torch.nn.LayerNorm(128).forward(seq);
export const e27 = new torch.nn.LSTM(10, 20).forward(seq);
export const e28 = new torch.nn.Embedding(10, 4).forward(maps);

// Graph layers check the node features' width.
declare const nodes: torch.Tensor<['N', 1433], 'float32', 'cpu'>;
declare const edges: torch.geometric.Edges;
export const e29 = new torch.geometric.GCNConv(3703, 16).forward(nodes, edges);

// Tables: one target per schema; models and scalers check the widths they know.
declare const rows: torch.Tensor<['B', 5], 'float32', 'cpu'>;
declare const codes: torch.Tensor<['B', 2], 'int64', 'cpu'>;
export const e30 = torch.tabular.readCsv('t.csv', { columns: { a: torch.tabular.classTarget(), b: torch.tabular.regressionTarget() } });
export const e31 = new torch.tabular.TabularModel({ numeric: 4, cardinalities: [3, 7], out: 2 }).forward(rows, codes);
export const e32 = new torch.tabular.StandardScaler().fit(torch.zeros([10, 4])).transform(rows);

// Function transforms: grad needs a scalar-valued function.
declare const grid: torch.Tensor<[3, 4], 'float32', 'cpu'>;
export const e33 = torch.func.grad((a: torch.Tensor<[3, 4], 'float32', 'cpu'>) => a.sin())(grid);

// The functional style of docs/functional.md: parameters as a typed record catch
// a misspelt or forgotten path, a gradient of the wrong argument, a replacement
// of the wrong shape, and data of the wrong shape on its way into the model.
const mlp = torch.nn.sequential(new torch.nn.Flatten(), new torch.nn.Linear(784, 128), new torch.nn.ReLU(), new torch.nn.Linear(128, 10));
type Params = torch.func.TensorsOf<typeof mlp>;
type WeightPath = Extract<keyof Params, `${string}.weight`>;
declare const params: Params;
declare const images: torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>;
declare const labels: torch.Tensor<['B'], 'int64', 'cpu'>;
declare function sgd(params: Params, grads: Params): Params;
const loss = (p: Params, x: typeof images, y: typeof labels) => torch.nn.functional.crossEntropy(torch.func.functionalCall(mlp, p, x), y);
export const e34: Record<WeightPath, true> = { '1.wieght': true, '3.weight': true };
export const e35: Record<WeightPath, true> = { '1.weight': true };
export const e36 = sgd(params, torch.func.grad(loss, { argnums: 1 })(params, images, labels));
export const e37: Params = { ...params, '1.weight': torch.zeros([784, 128]) };
export const e38 = torch.func.functionalCall(mlp, params, torch.data.compose(torch.data.toFloat(), torch.data.randomCrop(24))(images));
// The same crop in the imperative style (forward) and in a pipeline stage feeding a step.
declare const pixels: torch.Tensor<['B', 1, 28, 28], 'uint8', 'cpu'>;
declare function step(params: Params, x: typeof images, y: typeof labels): Params;
const cropped = torch.data.compose(torch.data.toFloat(), torch.data.randomCrop(24));
export const e39 = mlp.forward(cropped(pixels));
export const e40 = step(params, cropped(pixels), labels);

// Ops with several overloads (a tensor or a scalar other, with or without dims):
// the first line is still the rule's message, in method and function form.
export const e44 = a.div(torch.zeros([4]));
export const e45 = torch.add(a, torch.zeros([4]));
export const e46 = torch.sum(a, 2);
export const e47 = cube.mean(5);
export const e48 = cube.max(3);
export const e49 = a.eq(torch.zeros([5]));
export const e50 = a.mul(torch.zeros([2, 3], { device: 'meta' }));
export const e51 = torch.where(torch.zeros([2, 3], { dtype: 'bool' }), a, torch.zeros([4]));
