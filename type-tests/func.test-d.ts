// torch.func's transformed functions are typed: a gradient has its input's
// type, vmap inserts the batch dim outside (number) and Jacobians join the
// output's shape to the input's; a non-scalar function given to grad, and a
// misspelt parameter path, are compile errors.
import { expectError, expectType } from 'tsd';
import * as torch from 'typed-torch';

const { func } = torch;
type X = torch.Tensor<[3, 4], 'float32', 'cpu'>;
declare const x: X;
declare const w: torch.Tensor<[4], 'float32', 'cpu'>;
declare const batch: torch.Tensor<[8, 3, 4], 'float32', 'cpu'>;
const loss = (a: X) => a.sin().sum();

// grad: the gradient has the argument's type; several argnums give a tuple; records map to records.
expectType<X>(func.grad(loss)(x));
expectType<[X, torch.Tensor<[4], 'float32', 'cpu'>]>(func.grad((a: X, b: typeof w) => a.matmul(b).sum(), { argnums: [0, 1] })(x, w));
expectType<{ a: X; b: typeof w }>(func.grad((p: { a: X; b: typeof w }) => p.a.matmul(p.b).sum())({ a: x, b: w }));
expectType<[X, torch.Tensor<[3], 'float32', 'cpu'>]>(func.grad((a: X) => [a.sum(), a.sum(1)] as const, { hasAux: true })(x));
const [value, g] = func.valueAndGrad(loss)(x);
expectType<torch.Tensor<[], 'float32', 'cpu'>>(value);
expectType<X>(g);
// grad of a function with a non-scalar output does not compile.
expectError(func.grad((a: X) => a.sin())(x));

// vjp and jvp: outputs typed as f's, gradients as the primals.
const [out, vjpFn] = func.vjp((a: X) => a.exp(), [x]);
expectType<X>(out);
expectType<[X]>(vjpFn(out));
expectType<[X, X]>(func.jvp((a: X) => a.tanh(), [x], [x]));

// vmap: the batch dim is added outside; null leaves an argument unbatched.
const perRow = func.vmap((row: torch.Tensor<[4], 'float32', 'cpu'>, v: typeof w) => row.dot(v), { inDims: [0, null] });
expectType<torch.Tensor<[number], 'float32', 'cpu'>>(perRow(x, w));
expectType<torch.Tensor<[number, 3, 4], 'float32', 'cpu'>>(func.vmap(func.grad(loss))(batch));
expectType<torch.Tensor<[3, number], 'float32', 'cpu'>>(func.vmap((row: torch.Tensor<[3], 'float32', 'cpu'>) => row.mul(2), { inDims: 1, outDims: 1 })(x));

// Jacobians: [...output, ...input].
expectType<torch.Tensor<[3, 4, 3, 4], 'float32', 'cpu'>>(func.jacrev((a: X) => a.sin())(x));
expectType<torch.Tensor<[3, 3, 4], 'float32', 'cpu'>>(func.jacfwd((a: X) => a.sum(1))(x));
expectType<torch.Tensor<[3, 4, 3, 4], 'float32', 'cpu'>>(func.hessian(loss)(x));

// A module's tensors as a typed record: paths checked, shapes from the layers.
const mlp = torch.nn.sequential(new torch.nn.Linear(784, 128), new torch.nn.ReLU(), new torch.nn.Linear(128, 10));
const tensors = func.tensorsOf(mlp);
expectType<torch.Tensor<[128, 784], 'float32', 'cpu'>>(tensors['0.weight']);
expectType<torch.Tensor<[10], 'float32', 'cpu'> | undefined>(tensors['2.bias']);
expectError(tensors['0.wieght']);

// functionalCall checks a layer's input and types its output as forward does.
declare const pictures: torch.Tensor<['B', 1, 28, 28], 'float32', 'cpu'>;
const classifier = torch.nn.sequential(new torch.nn.Flatten(), new torch.nn.Linear(784, 10));
expectType<torch.Tensor<['B', 10], 'float32', 'cpu'>>(func.functionalCall(classifier, func.tensorsOf(classifier), pictures));
expectError(func.functionalCall(classifier, func.tensorsOf(classifier), x));
// mapTree keeps the tree's type (a record of parameters stays one).
expectType<typeof tensors>(func.mapTree(tensors, (t, _i, path) => (path.endsWith('.weight') ? t.mul(2) : t)));

// Jacobians of several outputs keep the output's structure; several argnums nest inside it (functorch's order).
declare const v: torch.Tensor<[2], 'float32', 'cpu'>;
const pair = (a: X, b: typeof v) => [a.sum(1), b.mul(2)] as const;
expectType<[torch.Tensor<[3, 3, 4], 'float32', 'cpu'>, torch.Tensor<[2, 3, 4], 'float32', 'cpu'>]>(func.jacrev(pair)(x, v));
expectType<[[torch.Tensor<[3, 3, 4], 'float32', 'cpu'>, torch.Tensor<[3, 2], 'float32', 'cpu'>], [torch.Tensor<[2, 3, 4], 'float32', 'cpu'>, torch.Tensor<[2, 2], 'float32', 'cpu'>]]>(
  func.jacfwd(pair, [0, 1])(x, v),
);
const both = (a: X, b: typeof v) => a.sum().mul(b.sum());
expectType<[[torch.Tensor<[3, 4, 3, 4], 'float32', 'cpu'>, torch.Tensor<[3, 4, 2], 'float32', 'cpu'>], [torch.Tensor<[2, 3, 4], 'float32', 'cpu'>, torch.Tensor<[2, 2], 'float32', 'cpu'>]]>(
  func.hessian(both, [0, 1])(x, v),
);
